"""The root Typer app, its global options, and how errors reach the person at the terminal."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from inspect_tui import config, language
from inspect_tui.cli.exits import EXIT_FAILED, EXIT_NOT_FOUND, EXIT_USAGE, fail, settings
from inspect_tui.cli.localising import LocalisedGroup
from inspect_tui.core.translation import N_, _

__all__ = [
    "EXIT_FAILED",
    "EXIT_NOT_FOUND",
    "EXIT_USAGE",
    "app",
    "fail",
    "hoist_global_options",
    "main",
    "settings",
]

app = typer.Typer(
    cls=LocalisedGroup,
    name="inspect-tui",
    help=N_("A terminal workstation for the returns desk. Without a command, starts the app."),
    no_args_is_help=False,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


@app.callback(invoke_without_command=True)
def root(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            help=N_(
                "Database URL (default: SQLite inspect.db in the data dir, or the demo's "
                "store until that exists; env INSPECT_TUI_DB)."
            ),
        ),
    ] = None,
    station: Annotated[
        str | None,
        typer.Option("--station", help=N_("This bench's name (env INSPECT_TUI_STATION).")),
    ] = None,
    operator: Annotated[
        str | None,
        typer.Option("--operator", help=N_("Operator at the bench (else asked at start).")),
    ] = None,
    policy: Annotated[
        Path | None,
        typer.Option(
            "--policy", help=N_("Return policy TOML (env INSPECT_TUI_POLICY)."), dir_okay=False
        ),
    ] = None,
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            help=N_(
                "Interface language: en or zh_CN (env INSPECT_TUI_LANG, else the locale: "
                "LANG=zh_CN.UTF-8 speaks Chinese)."
            ),
        ),
    ] = None,
) -> None:
    """Global options shared by every command."""
    ctx.obj = _resolve(db, station, policy, lang, ctx.invoked_subcommand)
    if ctx.invoked_subcommand is None:
        _start_app(ctx.obj, operator)


def _resolve(
    db: str | None, station: str | None, policy: Path | None, lang: str | None, command: str | None
) -> config.Settings:
    """The settings of this run, in the language asked for; says when the demo store is used."""
    try:
        # Speaks it (the root's class has, as a rule, already chosen it: nothing is reloaded)
        # and remembers --lang, which beats a station's own language.
        language.use_language(lang)
    except language.UnknownLanguage as problem:
        fail(str(problem), EXIT_USAGE)
    resolved = config.resolve(db=db, station=station, policy_file=policy)
    if resolved.on_demo and command not in QUIET_ON_DEMO:
        own = config.default_db_url(resolved.data_dir).removeprefix("sqlite:///")
        demo = resolved.db_url.removeprefix("sqlite:///")
        typer.echo(
            "inspect-tui: "
            + _(
                "using the demo store ({demo}): there is no store of your own at {own} yet — "
                "`inspect-tui db upgrade` creates it"
            ).format(demo=demo, own=own),
            err=True,
        )
    return resolved


def _start_app(resolved: config.Settings, operator: str | None) -> None:
    # The app's modules load only when the app starts, not for every command.
    from inspect_tui.cli.tui_cmd import run_tui

    run_tui(resolved, operator=operator)


GLOBAL_OPTIONS = ("--db", "--station", "--operator", "--policy")
"""Options moved to the front from anywhere (``--lang`` is not: ``station set`` has its own)."""
QUIET_ON_DEMO = frozenset({"demo", "db", "decode", "policy"})
"""Commands that do not work on the demo store's data (db upgrade creates one's own)."""


def hoist_global_options(argv: list[str]) -> list[str]:
    """Move global options given after the command name to the front.

    Lets ``inspect-tui import shipments f.csv --db URL`` mean the same as
    ``inspect-tui --db URL import shipments f.csv``.
    """
    front: list[str] = []
    rest: list[str] = []
    index = 0
    while index < len(argv):
        arg = argv[index]
        if arg == "--":
            rest.extend(argv[index:])
            break
        name = arg.split("=", 1)[0]
        if name in GLOBAL_OPTIONS:
            if "=" in arg:
                front.append(arg)
            elif index + 1 < len(argv):
                front.extend(argv[index : index + 2])
                index += 1
            else:
                rest.append(arg)
        else:
            rest.append(arg)
        index += 1
    return front + rest


APP_OPTIONS = ("--db", "--station", "--operator", "--lang")
"""The options a clerk's start of the app (``inspect-tui --operator alice``) is made of."""


def app_start_options(argv: list[str]) -> dict[str, str] | None:
    """The options of a plain start of the app, or None when ``argv`` asks for anything else.

    Starting the app needs none of the commands: building Typer's command tree (and the
    pydantic adapters of every parameter) would delay the scan screen by a fifth of a second.
    Anything not plainly ``APP_OPTIONS`` with their values (a command, ``--help``, an option
    twice, a value that looks like an option) is left to Typer, and its messages.
    """
    found: dict[str, str] = {}
    index = 0
    while index < len(argv):
        name, equals, value = argv[index].partition("=")
        if name not in APP_OPTIONS or name in found:
            return None
        if not equals:
            if index + 1 >= len(argv) or argv[index + 1].startswith("-"):
                return None
            index += 1
            value = argv[index]
        found[name] = value
        index += 1
    return found


def main() -> None:
    """Entry point of the console script."""
    args = hoist_global_options(sys.argv[1:])
    start = app_start_options(args)
    try:
        if start is None:
            app(args=args, prog_name="inspect-tui")
            return
        try:
            resolved = _resolve(
                start.get("--db"), start.get("--station"), None, start.get("--lang"), None
            )
            _start_app(resolved, start.get("--operator"))
        except typer.Exit as end:
            sys.exit(end.exit_code)
    except KeyboardInterrupt:
        sys.exit(130)
