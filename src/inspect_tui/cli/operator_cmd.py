"""``inspect-tui operator``: the people at the desk."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from inspect_tui.cli.common import store
from inspect_tui.cli.root import EXIT_USAGE, app, fail, settings

ROLES = ("clerk", "supervisor")  # as inspect_tui.services.operators.ROLES

operator_app = typer.Typer(help="Clerks and supervisors.", no_args_is_help=True)
app.add_typer(operator_app, name="operator")


@operator_app.command("add")
def add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The operator's name (as on the badge).")],
    role: Annotated[str, typer.Option("--role", help=f"One of: {', '.join(ROLES)}.")] = "clerk",
    pin_stdin: Annotated[
        bool, typer.Option("--pin-stdin", help="Read the PIN from standard input (first line).")
    ] = False,
) -> None:
    """Add an operator, or change an existing operator's role or PIN."""
    from inspect_tui.services.operators import OperatorError, add_operator

    pin: str | None = None
    if pin_stdin:
        line = sys.stdin.readline()
        pin = line.strip()
        if not pin:
            fail("--pin-stdin given but no PIN was read from standard input", EXIT_USAGE)
    engine = store(settings(ctx))
    try:
        view = add_operator(engine, name, role, pin)
    except OperatorError as error:
        fail(str(error), EXIT_USAGE)
    finally:
        engine.dispose()
    pin_note = "with a PIN" if view.has_pin else "without a PIN"
    typer.echo(f"Operator {view.name} ({view.role}) saved {pin_note}.")


@operator_app.command("list")
def list_(ctx: typer.Context) -> None:
    """List operators."""
    from inspect_tui.services.operators import list_operators

    engine = store(settings(ctx))
    try:
        rows = list_operators(engine)
    finally:
        engine.dispose()
    if not rows:
        typer.echo("No operators yet: add one with `inspect-tui operator add NAME`.")
    for row in rows:
        state = "" if row.active else " (inactive)"
        typer.echo(f"{row.name}\t{row.role}\t{'PIN' if row.has_pin else '-'}{state}")
