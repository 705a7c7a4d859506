"""``inspect-tui evidence``: the dispute-ready evidence pack of one inspection."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from inspect_tui.cli.common import load_policy_or_fail, store
from inspect_tui.cli.root import EXIT_NOT_FOUND, EXIT_USAGE, app, fail, settings
from inspect_tui.services.shared.errors import DeskError


@app.command("evidence")
def evidence(
    ctx: typer.Context,
    code: Annotated[str, typer.Argument(help="The inspection code, e.g. INS-20261118-0001.")],
    output: Annotated[
        Path,
        typer.Option(
            "-o",
            "--output",
            dir_okay=False,
            help="pack.pdf (the report) or pack.zip (report, original files, manifest.json).",
            show_default=False,
        ),
    ],
    force: Annotated[bool, typer.Option("--force", help="Replace the file if it exists.")] = False,
    tz: Annotated[
        str | None,
        typer.Option("--tz", help="Time zone the report shows times in (default: this machine's)."),
    ] = None,
) -> None:
    """Write the evidence pack of an inspection: PDF report, or ZIP with originals and hashes."""
    # The PDF and image libraries load only for this command, not on every start-up.
    from inspect_tui.services.importing.values import BadValue, parse_zone
    from inspect_tui.services.records.evidence_pack import PACK_SUFFIXES, write_evidence_pack
    from inspect_tui.services.records.inspection_record import InspectionNotFound

    if output.suffix.lower() not in PACK_SUFFIXES:
        fail(
            f"cannot write an evidence pack as {output.name!r}: give a file ending in .pdf or .zip",
            EXIT_USAGE,
        )
    try:
        zone = parse_zone(tz) if tz else None
    except BadValue as error:
        fail(f"--tz {tz!r} {error}", EXIT_USAGE)
    resolved = settings(ctx)
    policy = load_policy_or_fail(resolved)
    engine = store(resolved)
    try:
        written = write_evidence_pack(
            engine,
            code,
            output,
            evidence_dir=resolved.evidence_dir,
            policy=policy,
            tz=zone,
            overwrite=force,
        )
    except InspectionNotFound as error:
        fail(str(error), EXIT_NOT_FOUND)
    except DeskError as error:
        fail(str(error))
    finally:
        engine.dispose()
    typer.echo(f"Evidence pack of {code.strip().upper()} written to {written}.")
