"""``inspect-tui export``: the inspection log as CSV, JSON Lines or XLSX for the back office."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from inspect_tui.cli.common import store
from inspect_tui.cli.localising import speak
from inspect_tui.cli.options import ForceOption, output_file
from inspect_tui.cli.root import EXIT_USAGE, app, fail, settings
from inspect_tui.core.translation import N_, ngettext
from inspect_tui.core.zones import UnknownZone, parse_zone

export_app = typer.Typer(help=N_("Export the inspection log."), no_args_is_help=True)
app.add_typer(export_app, name="export")


class ExportFormat(StrEnum):
    """The file formats of the export."""

    csv = "csv"
    jsonl = "jsonl"
    xlsx = "xlsx"


@export_app.command(
    "inspections",
    help=N_("Export completed inspections, one row each (or one per unit), oldest first."),
)
def inspections(
    ctx: typer.Context,
    output: Annotated[Path, output_file(N_("The file to write (.csv, .jsonl or .xlsx)."))],
    file_format: Annotated[
        ExportFormat | None,
        typer.Option(
            "--format", "-f", help=N_("csv, jsonl or xlsx (default: by the file's suffix).")
        ),
    ] = None,
    start: Annotated[
        str | None,
        typer.Option("--from", metavar="YYYY-MM-DD", help=N_("First day of completion included.")),
    ] = None,
    end: Annotated[
        str | None,
        typer.Option("--to", metavar="YYYY-MM-DD", help=N_("Last day of completion included.")),
    ] = None,
    outcome: Annotated[
        list[str] | None,
        typer.Option(
            "--outcome",
            metavar="OUTCOME",
            help=N_(
                "Only these outcomes (accept, partial, reject, escalate, refused): "
                "--outcome reject refused, or repeated."
            ),
        ),
    ] = None,
    units: Annotated[
        bool, typer.Option("--units", help=N_("One row per unit instead of one per inspection."))
    ] = False,
    bom: Annotated[
        bool,
        typer.Option(
            "--bom/--no-bom",
            help=N_("Start a CSV with a UTF-8 byte-order mark, so Excel reads Chinese text."),
        ),
    ] = True,
    force: ForceOption = False,
    tz: Annotated[
        str | None,
        typer.Option(
            "--tz",
            help=N_(
                "Time zone of the days and times, e.g. Asia/Shanghai or +08:00 "
                "(default: this machine's)."
            ),
        ),
    ] = None,
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            help=N_(
                "Column headers in words in this language (en, zh_CN) for people opening the "
                "file (default: the stable column names scripts read; values stay codes)."
            ),
        ),
    ] = None,
    more_outcomes: Annotated[
        list[str] | None,
        typer.Argument(hidden=True, help=N_("More outcomes after --outcome OUTCOME.")),
    ] = None,
) -> None:
    # Deferred: the store's libraries (SQLAlchemy) load with this command, not with --help.
    from inspect_tui.services.exporting.headings import column_headings
    from inspect_tui.services.exporting.inspection_log import (
        ExportError,
        export_inspections,
        format_for,
        parse_day,
    )

    if more_outcomes and not outcome:
        fail(
            f"unexpected {' '.join(more_outcomes)!r}: outcomes go after --outcome, "
            "e.g. --outcome reject refused",
            EXIT_USAGE,
        )
    fmt = file_format.value if file_format else format_for(output)
    if fmt is None:
        fail(
            f"cannot tell the format of {output.name!r}: add --format csv|jsonl|xlsx or use a "
            "file ending in .csv, .jsonl or .xlsx",
            EXIT_USAGE,
        )
    try:
        first = parse_day(start, "--from") if start else None
        last = parse_day(end, "--to") if end else None
        zone = parse_zone(tz) if tz else None
    except ExportError as error:
        fail(str(error), EXIT_USAGE)
    except UnknownZone as error:
        fail(f"--tz {tz!r} {error}", EXIT_USAGE)
    if lang is not None:
        speak(lang)
    headers = column_headings(units) if lang is not None else None
    engine = store(settings(ctx))
    try:
        result = export_inspections(
            engine,
            output,
            fmt=fmt,
            start=first,
            end=last,
            outcomes=(*(outcome or ()), *(more_outcomes or ())),
            units=units,
            bom=bom,
            tz=zone,
            overwrite=force,
            progress=_progress if sys.stderr.isatty() else None,
            headers=headers,
        )
    except ExportError as error:
        fail(str(error))
    finally:
        engine.dispose()
    if sys.stderr.isatty():
        typer.echo("", err=True)
    count = f"{result.inspections:,}"
    if result.rows != result.inspections:
        message = ngettext(
            "Exported {count} inspection ({rows} rows) to {path}.",
            "Exported {count} inspections ({rows} rows) to {path}.",
            result.inspections,
        ).format(count=count, rows=f"{result.rows:,}", path=result.path)
    else:
        message = ngettext(
            "Exported {count} inspection to {path}.",
            "Exported {count} inspections to {path}.",
            result.inspections,
        ).format(count=count, path=result.path)
    typer.echo(message)


def _progress(done: int, total: int) -> None:
    share = f" {done * 100 // total}%" if total else ""
    typer.echo(f"\r{done}/{total}{share}", nl=False, err=True)
