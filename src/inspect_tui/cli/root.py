"""The root Typer app, its global options, and how errors reach the person at the terminal."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from inspect_tui import config, language
from inspect_tui.cli.exits import EXIT_FAILED, EXIT_NOT_FOUND, EXIT_USAGE, fail, settings
from inspect_tui.cli.localising import LocalisedGroup
from inspect_tui.core import translation
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
    try:
        chosen = translation.pick_language(lang, os.environ)
    except language.UnknownLanguage as problem:
        fail(str(problem), EXIT_USAGE)
    if chosen != translation.language():  # the root's class has chosen it already, as a rule
        language.use_language(lang)
    ctx.obj = config.resolve(db=db, station=station, policy_file=policy)
    if ctx.obj.on_demo and ctx.invoked_subcommand not in QUIET_ON_DEMO:
        own = config.default_db_url(ctx.obj.data_dir).removeprefix("sqlite:///")
        demo = ctx.obj.db_url.removeprefix("sqlite:///")
        typer.echo(
            "inspect-tui: "
            + _(
                "using the demo store ({demo}): there is no store of your own at {own} yet — "
                "`inspect-tui db upgrade` creates it"
            ).format(demo=demo, own=own),
            err=True,
        )
    if ctx.invoked_subcommand is None:
        # The app's modules load only when the app starts, not for every command.
        from inspect_tui.cli.tui_cmd import run_tui

        run_tui(ctx.obj, operator=operator)


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


def main() -> None:
    """Entry point of the console script."""
    try:
        app(args=hoist_global_options(sys.argv[1:]), prog_name="inspect-tui")
    except KeyboardInterrupt:
        sys.exit(130)
