"""The ``inspect-tui`` command: one module per command group, all sharing the global options."""

from __future__ import annotations

from inspect_tui.cli.root import app, main

# Command modules register themselves on ``app`` when imported.
from inspect_tui.cli import (  # noqa: E402, F401  isort: skip
    audit_cmd,
    db_cmd,
    operator_cmd,
)

__all__ = ["app", "main"]
