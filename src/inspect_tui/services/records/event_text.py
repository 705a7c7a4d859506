"""An audit event's payload as one line a person reads, for the review detail and the PDF."""

from __future__ import annotations

import json
from typing import Any

__all__ = ["details"]


def details(payload: dict[str, Any]) -> str:
    """The payload as ``key=value`` pairs, empty values left out."""
    parts = [
        f"{key}={value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)}"
        for key, value in payload.items()
        if value not in (None, "", [], {})
    ]
    text = ", ".join(parts)
    return text if len(text) <= 240 else text[:239] + "…"
