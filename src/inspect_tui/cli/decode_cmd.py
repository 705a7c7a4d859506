"""``inspect-tui decode``: what a scanned string is."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from inspect_tui.cli.common import load_policy_or_fail
from inspect_tui.cli.root import EXIT_FAILED, app, settings
from inspect_tui.core.translation import N_, _


@app.command(
    "decode",
    help=N_(
        "Tell what a scanned code is: GS1, GTIN, SSCC, tracking, reference, command, badge.\n\n"
        "Exits 1 when the code cannot be read (unknown, or a wrong check digit)."
    ),
)
def decode(
    ctx: typer.Context,
    code: Annotated[str, typer.Argument(help=N_("The scanned string (quote it)."))],
    as_json: Annotated[bool, typer.Option("--json", help=N_("Print one JSON object."))] = False,
) -> None:
    # Deferred: the scan decoder's modules load with this command, not with --help.
    from inspect_tui.core.codes import decode as decode_scan

    policy = load_policy_or_fail(settings(ctx))
    result = decode_scan(code, reference_patterns=policy.reference_patterns)
    if as_json:
        typer.echo(json.dumps(result.to_json(), ensure_ascii=False))
        if not result.valid:
            raise typer.Exit(EXIT_FAILED)
        return
    state = _("valid") if result.valid else _("INVALID")
    typer.echo(f"{result.kind} ({state}): {result.value}")
    scanned = "".join(result.raw.split()).upper()
    scanned = scanned[3:] if scanned.startswith("]") else scanned  # no AIM prefix
    if result.kind == "tracking" and result.value != scanned:
        typer.echo("  " + _("in the label barcode: {code}").format(code=scanned))
    for name in (
        "symbology",
        "gtin",
        "serial",
        "lot",
        "expiry",
        "sscc",
        "carrier",
        "command",
        "badge",
    ):
        value = getattr(result, name)
        if value:
            typer.echo(f"  {name}: {value}")
    if result.error:
        typer.echo(f"  {result.error}")
    if not result.valid:
        raise typer.Exit(EXIT_FAILED)
