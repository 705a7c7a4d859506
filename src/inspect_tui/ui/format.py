"""How values read on screen: money, weights, times, names of outcomes and steps.

Pure functions, no Textual: the same words everywhere a screen shows a value.
"""

from __future__ import annotations

from datetime import datetime, tzinfo

from inspect_tui.core.money import amount_with_symbol
from inspect_tui.core.vocabulary import STEPS
from inspect_tui.services.bench.words import (
    MATCH_LABELS,
    MATCH_SEVERITY,
    STEP_LABELS,
    match_label,
    match_severity,
    percent,
    weight,
)

__all__ = [
    "MATCH_LABELS",
    "MATCH_SEVERITY",
    "STEP_LABELS",
    "STEPS",
    "match_label",
    "match_severity",
    "percent",
    "weight",
]

OUTCOME_LABELS: dict[str, str] = {
    "accept": "Accept",
    "partial": "Partial refund",
    "reject": "Reject",
    "escalate": "Escalate to supervisor",
    "refused": "Refused at receipt",
}
"""The clerk's words for each outcome."""


money = amount_with_symbol
"""An amount as a person reads it: ``¥399.00``, ``$1,299.00``, ``SGD 12.50``; ``—`` unknown."""


def local_time(moment: datetime | None, tz: tzinfo | None = None) -> str:
    """Hours and minutes in the bench's time zone (``tz``, else the machine's)."""
    if moment is None:
        return "—"
    return moment.astimezone(tz).strftime("%H:%M")


def local_date_time(moment: datetime | None, tz: tzinfo | None = None) -> str:
    """Date and time in the bench's time zone: ``2026-11-20 09:05``."""
    if moment is None:
        return "—"
    return moment.astimezone(tz).strftime("%Y-%m-%d %H:%M")


def outcome_label(outcome: str | None) -> str:
    """The clerk's word for an outcome (``Partial refund``)."""
    if not outcome:
        return "—"
    return OUTCOME_LABELS.get(outcome, outcome.replace("_", " ").capitalize())


def window_text(days_left: int | None) -> str:
    """The return window as the clerk needs it: ``3 days left``, ``expired 4 days ago``."""
    if days_left is None:
        return "unknown"
    if days_left < 0:
        late = -days_left
        return f"expired {late} day{'s' if late != 1 else ''} before the request"
    if days_left == 0:
        return "last day"
    return f"{days_left} day{'s' if days_left != 1 else ''} left"


def kind_label(kind: str) -> str:
    """An evidence kind or reason code in words: ``open_box_photo`` -> ``open box photo``."""
    return kind.replace("_", " ").lower()
