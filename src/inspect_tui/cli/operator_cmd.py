"""``inspect-tui operator``: the people at the desk, administered by a supervisor.

Every change names the supervisor making it (``--as NAME``); their PIN is asked for at the
terminal, or read as the first line of standard input. A new operator's PIN (``--pin-stdin``)
is the next line. Only the desk's first supervisor is added without ``--as``.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from inspect_tui.cli.common import load_policy_or_fail, store
from inspect_tui.cli.root import EXIT_FAILED, EXIT_USAGE, app, fail, settings
from inspect_tui.core.translation import N_, _
from inspect_tui.services.shared.errors import DeskError

if TYPE_CHECKING:
    from collections.abc import Callable

    from sqlalchemy import Engine

    from inspect_tui.core.policy import Policy
    from inspect_tui.services.review.operators import OperatorView, Supervisor

    Change = Callable[[Engine, Supervisor, Policy], OperatorView]

ROLES = ("clerk", "supervisor")  # as inspect_tui.services.operators.ROLES

operator_app = typer.Typer(help=N_("Clerks and supervisors."), no_args_is_help=True)
app.add_typer(operator_app, name="operator")

AsOption = Annotated[
    str | None,
    typer.Option(
        "--as",
        help=N_("The supervisor making the change; their PIN is asked for (or read from stdin)."),
    ),
]


def _read_pin(prompt: str) -> str:
    """A PIN typed at the terminal (hidden), or the next line of standard input."""
    if sys.stdin.isatty():
        return str(typer.prompt(prompt, hide_input=True)).strip()
    return sys.stdin.readline().strip()


def supervisor_of(name: str | None) -> Supervisor:
    """The supervisor named by ``--as``, with the PIN asked for (or read from stdin)."""
    # Deferred: the store's libraries (SQLAlchemy) load with this command, not with --help.
    from inspect_tui.services.review.operators import Supervisor

    if not name or not name.strip():
        fail(
            _(
                "this needs a supervisor: add --as NAME (their PIN is asked for, or read from "
                "the first line of standard input)"
            ),
            EXIT_USAGE,
        )
    pin = _read_pin(_("PIN of {name}").format(name=name.strip()))
    if not pin:
        fail(_("no PIN was given for {name}").format(name=name.strip()), EXIT_USAGE)
    return Supervisor(name.strip(), pin)


@operator_app.command(
    "add",
    help=N_("Add an operator, or change an existing operator's role or PIN (as a supervisor)."),
)
def add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help=N_("The operator's name (as on the badge)."))],
    role: Annotated[str, typer.Option("--role", help=N_("One of: clerk, supervisor."))] = "clerk",
    pin_stdin: Annotated[
        bool,
        typer.Option(
            "--pin-stdin", help=N_("Read the new PIN from standard input (after --as's).")
        ),
    ] = False,
    as_: AsOption = None,
    bootstrap: Annotated[
        bool,
        typer.Option(
            "--bootstrap",
            help=N_("Make NAME the first supervisor of a desk that has none (no --as needed)."),
        ),
    ] = False,
) -> None:
    # Deferred: the store's libraries (SQLAlchemy) load with this command, not with --help.
    from inspect_tui.services.review.operators import add_operator, bootstrap_supervisor

    options = settings(ctx)
    first = as_ is None
    by = None if first else supervisor_of(as_)
    pin: str | None = None
    if pin_stdin:
        pin = _read_pin(_("New PIN of {name}").format(name=name.strip()))
        if not pin:
            fail(_("--pin-stdin given but no PIN was read from standard input"), EXIT_USAGE)
    if first and role != "supervisor":
        fail(
            _(
                "adding or changing an operator needs a supervisor: add --as NAME "
                "(only the desk's first supervisor is added without one)"
            ),
            EXIT_USAGE,
        )
    if first and pin is None:
        fail(_("a supervisor needs a PIN: give one with --pin-stdin"), EXIT_USAGE)
    policy = load_policy_or_fail(options)
    engine = store(options)
    try:
        if by is None:
            assert pin is not None
            view = bootstrap_supervisor(engine, name, pin, force=bootstrap)
        else:
            view = add_operator(engine, name, role, pin, by=by, policy=policy)
    except DeskError as error:
        fail(str(error), EXIT_USAGE if _usage(error) else EXIT_FAILED)
    finally:
        engine.dispose()
    if view.has_pin:
        saved = _("Operator {name} ({role}) saved with a PIN.")
    else:
        saved = _("Operator {name} ({role}) saved without a PIN.")
    typer.echo(saved.format(name=view.name, role=view.role))


@operator_app.command(
    "deactivate",
    help=N_("Stop an operator from signing in (their past work stays recorded as theirs)."),
)
def deactivate(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help=N_("The operator who stops working at the desk."))],
    as_: AsOption = None,
) -> None:
    # Deferred: the store's libraries (SQLAlchemy) load with this command, not with --help.
    from inspect_tui.services.review.operators import deactivate_operator

    view = _administer(ctx, as_, lambda engine, by, policy: deactivate_operator(
        engine, name, by=by, policy=policy))  # fmt: skip
    typer.echo(_("Operator {name} deactivated.").format(name=view.name))


@operator_app.command(
    "unlock", help=N_("Clear an operator's lockout after wrong PINs (another supervisor only).")
)
def unlock(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help=N_("The operator locked after wrong PINs."))],
    as_: AsOption = None,
) -> None:
    # Deferred: the store's libraries (SQLAlchemy) load with this command, not with --help.
    from inspect_tui.services.review.operators import unlock_operator

    view = _administer(ctx, as_, lambda engine, by, policy: unlock_operator(
        engine, name, by=by, policy=policy))  # fmt: skip
    typer.echo(_("Operator {name} unlocked.").format(name=view.name))


@operator_app.command(
    "language",
    help=N_("Set the interface language the bench switches to when the operator signs in."),
)
def language_(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help=N_("The operator."))],
    language: Annotated[
        str,
        typer.Argument(help=N_("zh_CN, en, or desk (the desk's language: --lang, the locale).")),
    ],
    as_: AsOption = None,
) -> None:
    # Deferred: the store's libraries (SQLAlchemy) load with this command, not with --help.
    from inspect_tui.services.review.operators import set_operator_language

    wanted = None if language.strip().casefold() == "desk" else language
    view = _administer(ctx, as_, lambda engine, by, policy: set_operator_language(
        engine, name, wanted, by=by, policy=policy))  # fmt: skip
    shown = view.language or _("the desk's language")
    typer.echo(_("Operator {name} works in {language}.").format(name=view.name, language=shown))


def _administer(ctx: typer.Context, as_: str | None, change: Change) -> OperatorView:
    options = settings(ctx)
    by = supervisor_of(as_)
    policy = load_policy_or_fail(options)
    engine = store(options)
    try:
        return change(engine, by, policy)
    except DeskError as error:
        fail(str(error), EXIT_USAGE if _usage(error) else EXIT_FAILED)
    finally:
        engine.dispose()


def _usage(error: Exception) -> bool:
    # Deferred: the store's libraries (SQLAlchemy) load with this command, not with --help.
    from inspect_tui.services.review.operators import OperatorError

    return isinstance(error, OperatorError)


@operator_app.command("list", help=N_("List operators."))
def list_(ctx: typer.Context) -> None:
    # Deferred: the store's libraries (SQLAlchemy) load with this command, not with --help.
    from inspect_tui.services.review.operators import list_operators

    engine = store(settings(ctx))
    try:
        rows = list_operators(engine)
    finally:
        engine.dispose()
    if not rows:
        typer.echo(
            _(
                "No operators yet: add the first supervisor with "
                "`inspect-tui operator add NAME --role supervisor --pin-stdin`."
            )
        )
    for row in rows:
        state = "" if row.active else " " + _("(inactive)")
        locked = " " + _("(locked)") if row.locked else ""
        language = f"\t{row.language}" if row.language else ""
        line = f"{row.name}\t{row.role}\t{'PIN' if row.has_pin else '-'}{state}{locked}{language}"
        typer.echo(line)
