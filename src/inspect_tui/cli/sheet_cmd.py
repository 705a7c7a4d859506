"""``inspect-tui sheet``: print the command sheet, and operator badges, for the bench."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer

from inspect_tui.cli.localising import PrintoutLanguage, speak
from inspect_tui.cli.root import EXIT_USAGE, app, fail
from inspect_tui.core.translation import N_, _, ngettext


@app.command(
    "sheet",
    help=N_(
        "Write the command sheets: a barcode and a QR code for every scanner command.\n\n"
        "The everyday commands go to FILE; those of the less common steps (refuse at receipt, "
        "seals, the pre-shipment-photo answers, function tests, the outer box) to "
        "FILE-bench.pdf|png."
    ),
)
def sheet(
    output: Annotated[
        Path,
        typer.Option(
            "-o",
            "--output",
            help=N_("Where to write the sheet: FILE.pdf (A4, for printing) or FILE.png (300 dpi)."),
            dir_okay=False,
        ),
    ],
    badges: Annotated[
        list[str] | None,
        typer.Option(
            "--badges",
            metavar="NAME",
            help=N_(
                "Also print badges for these operators (--badges alice sam, or repeated) to "
                "FILE-badges.pdf|png."
            ),
        ),
    ] = None,
    more_names: Annotated[
        list[str] | None,
        typer.Argument(hidden=True, help=N_("More operator names after --badges NAME.")),
    ] = None,
    lang: PrintoutLanguage = None,
) -> None:
    # Deferred: the PDF, image and barcode libraries load with this command, not with --help.
    from inspect_tui.services.printouts.command_sheet import (
        SHEET_SUFFIXES,
        badge_cells,
        write_badge_sheet,
        write_bench_command_sheet,
        write_command_sheet,
    )

    if output.suffix.lower() not in SHEET_SUFFIXES:
        fail(
            _("cannot write a sheet as {name!r}: give a file ending in {suffixes}").format(
                name=output.name, suffixes=_(" or ").join(SHEET_SUFFIXES)
            ),
            EXIT_USAGE,
        )
    if more_names and not badges:
        fail(
            f"unexpected {' '.join(more_names)!r}: operator names go after --badges, "
            "e.g. --badges alice sam",
            EXIT_USAGE,
        )
    if lang is not None:
        speak(lang)
    names = [*(badges or []), *(more_names or [])]
    badge_path = output.with_name(f"{output.stem}-badges{output.suffix}")
    if names:
        # Badges first: a name that cannot be printed stops the run before anything is written.
        _write(badge_path, lambda: write_badge_sheet(badge_path, names))
    _write(output, lambda: write_command_sheet(output))
    bench_path = output.with_name(f"{output.stem}-bench{output.suffix}")
    _write(bench_path, lambda: write_bench_command_sheet(bench_path))
    typer.echo(
        _("Command sheet written to {path}: print it and keep it at the bench.").format(path=output)
    )
    typer.echo(
        _("Bench commands (refuse, seals, answers, tests) written to {path}.").format(
            path=bench_path
        )
    )
    if names:
        count = len(badge_cells(names))
        typer.echo(
            ngettext(
                "Badges for {count} operator written to {path}.",
                "Badges for {count} operators written to {path}.",
                count,
            ).format(count=count, path=badge_path)
        )


def _write(path: Path, write: Callable[[], Path]) -> None:
    try:
        write()
    except ValueError as error:
        fail(str(error), EXIT_USAGE)
    except OSError as error:
        reason = error.strerror or str(error)
        fail(
            _("cannot write {path}: {reason}. Choose a folder you can write to.").format(
                path=path, reason=reason
            )
        )
