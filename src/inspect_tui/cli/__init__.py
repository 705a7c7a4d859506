"""The ``inspect-tui`` command: one module per command group, all sharing the global options."""

from __future__ import annotations

from inspect_tui.cli.root import app, main

# Command modules register themselves on ``app`` when imported.
from inspect_tui.cli import (  # noqa: E402, F401  isort: skip
    appeal_cmd,
    audit_cmd,
    db_cmd,
    decode_cmd,
    demo_cmd,
    evidence_cmd,
    export_cmd,
    import_cmd,
    label_cmd,
    lookup_cmd,
    operator_cmd,
    policy_cmd,
    report_cmd,
    scale_cmd,
    serve_cmd,
    sheet_cmd,
    station_cmd,
)

__all__ = ["app", "main"]
