"""``inspect-tui audit``: check that nobody edited the record afterwards."""

from __future__ import annotations

import typer

from inspect_tui.cli.common import store
from inspect_tui.cli.root import app, settings
from inspect_tui.core.words import counted

audit_app = typer.Typer(help="The hash-chained audit trail.", no_args_is_help=True)
app.add_typer(audit_app, name="audit")


@audit_app.command("verify")
def verify(ctx: typer.Context) -> None:
    """Walk the audit chain; exit 0 when intact, 1 naming the first broken event."""
    from inspect_tui.store.audit import verify as verify_chain

    engine = store(settings(ctx))
    try:
        report = verify_chain(engine)
    finally:
        engine.dispose()
    if report.intact:
        typer.echo(f"Audit chain intact: {counted(report.checked, 'event')} verified.")
        return
    typer.echo(
        f"Audit chain BROKEN at event {report.broken_seq}: {report.problem}. "
        f"({counted(report.checked, 'event')} read.)",
        err=True,
    )
    raise typer.Exit(1)
