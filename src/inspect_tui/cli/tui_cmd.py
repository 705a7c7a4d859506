"""Starting the terminal app (``inspect-tui`` with no command)."""

from __future__ import annotations

from inspect_tui.cli.root import fail
from inspect_tui.config import Settings


def run_tui(settings: Settings, *, operator: str | None) -> None:
    """Start the app on the configured store."""
    fail("the terminal app is not built yet in this version")
