"""``inspect-tui sheet``: print the command sheet, and operator badges, for the bench."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer

from inspect_tui.cli.root import EXIT_USAGE, app, fail
from inspect_tui.core.words import counted


@app.command("sheet")
def sheet(
    output: Annotated[
        Path,
        typer.Option(
            "-o",
            "--output",
            help="Where to write the sheet: FILE.pdf (A4, for printing) or FILE.png (300 dpi).",
            dir_okay=False,
        ),
    ],
    badges: Annotated[
        list[str] | None,
        typer.Option(
            "--badges",
            metavar="NAME",
            help="Also print badges for these operators (--badges alice sam, or repeated) to "
            "FILE-badges.pdf|png.",
        ),
    ] = None,
    more_names: Annotated[
        list[str] | None,
        typer.Argument(hidden=True, help="More operator names after --badges NAME."),
    ] = None,
) -> None:
    """Write the command sheets: a barcode and a QR code for every scanner command.

    The everyday commands go to FILE; those of the less common steps (refuse at receipt, seals,
    the pre-shipment-photo answers, function tests, the outer box) to FILE-bench.pdf|png.
    """
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
            f"cannot write a sheet as {output.name!r}: "
            f"give a file ending in {' or '.join(SHEET_SUFFIXES)}",
            EXIT_USAGE,
        )
    if more_names and not badges:
        fail(
            f"unexpected {' '.join(more_names)!r}: operator names go after --badges, "
            "e.g. --badges alice sam",
            EXIT_USAGE,
        )
    names = [*(badges or []), *(more_names or [])]
    badge_path = output.with_name(f"{output.stem}-badges{output.suffix}")
    if names:
        # Badges first: a name that cannot be printed stops the run before anything is written.
        _write(badge_path, lambda: write_badge_sheet(badge_path, names))
    _write(output, lambda: write_command_sheet(output))
    bench_path = output.with_name(f"{output.stem}-bench{output.suffix}")
    _write(bench_path, lambda: write_bench_command_sheet(bench_path))
    typer.echo(f"Command sheet written to {output}: print it and keep it at the bench.")
    typer.echo(f"Bench commands (refuse, seals, answers, tests) written to {bench_path}.")
    if names:
        typer.echo(
            f"Badges for {counted(len(badge_cells(names)), 'operator')} written to {badge_path}."
        )


def _write(path: Path, write: Callable[[], Path]) -> None:
    try:
        write()
    except ValueError as error:
        fail(str(error), EXIT_USAGE)
    except OSError as error:
        reason = error.strerror or str(error)
        fail(f"cannot write {path}: {reason}. Choose a folder you can write to.")
