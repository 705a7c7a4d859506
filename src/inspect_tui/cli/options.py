"""Arguments and options several commands take alike, each declared once.

A command that names its own help keeps its own words (``output_file``); the declarations
stay Typer's, so ``--help`` reads as it did and the texts go through the catalog as before.
"""

from __future__ import annotations

from typing import Annotated, Any

import typer

from inspect_tui.core.translation import N_

__all__ = ["ForceOption", "InspectionCode", "output_file"]

InspectionCode = Annotated[
    str, typer.Argument(help=N_("The inspection code, e.g. INS-20261118-0001."))
]
"""The code of the inspection a command works on."""

ForceOption = Annotated[bool, typer.Option("--force", help=N_("Replace the file if it exists."))]
"""``--force``: an existing output file is replaced instead of refused."""


def output_file(help_text: str) -> Any:
    """``-o/--output FILE``: the file a command writes (not a folder), given by the caller.

    ``help_text`` is the command's own words for it, marked with ``N_()`` where it is written.
    Typer's ``Option`` is untyped, hence ``Any``.
    """
    return typer.Option("-o", "--output", dir_okay=False, help=help_text, show_default=False)
