"""Views and summaries in JSON-ready form, for ``--json`` output and evidence files.

Kept apart from the views themselves so that a command printing figures as JSON does not load
the views' types (and the rules and findings behind them).
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from pathlib import Path
from typing import Any


def to_json(value: Any) -> Any:
    """A JSON-ready form of any view: datetimes as ISO 8601, paths as strings, tuples as lists."""
    if hasattr(value, "__dataclass_fields__"):
        return {key: to_json(item) for key, item in asdict(value).items()}
    if isinstance(value, dict):
        return {str(key): to_json(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [to_json(item) for item in value]
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, Path):
        return str(value)
    return value
