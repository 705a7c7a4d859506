"""How a command ends: its exit codes, and a message for the person at the terminal."""

from __future__ import annotations

from typing import NoReturn

import typer

from inspect_tui import config

__all__ = ["EXIT_FAILED", "EXIT_NOT_FOUND", "EXIT_USAGE", "fail", "settings"]

EXIT_USAGE = 2
EXIT_NOT_FOUND = 3
EXIT_FAILED = 1


def fail(message: str, code: int = EXIT_FAILED) -> NoReturn:
    """Print ``message`` to standard error and exit with ``code``."""
    typer.echo(f"inspect-tui: {message}", err=True)
    raise typer.Exit(code)


def settings(ctx: typer.Context) -> config.Settings:
    """The settings resolved by the root callback for this run."""
    obj = ctx.find_root().obj
    assert isinstance(obj, config.Settings)
    return obj
