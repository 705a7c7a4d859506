"""The desk's words for where a review or an appeal stands (codes stay in the data and JSON)."""

from __future__ import annotations

from inspect_tui.core.translation import N_, _

REVIEW_STATE_NAMES: dict[str, str] = {
    "pending": N_("waiting for review"),
    "approved": N_("approved"),
    "overturned": N_("overturned"),
    "reopened": N_("reopened"),
    "none": N_("no review needed"),
}
"""A supervisor review's state in words."""

APPEAL_STATUS_NAMES: dict[str, str] = {
    "submitted": N_("submitted"),
    "won": N_("won"),
    "lost": N_("lost"),
    "partial": N_("partly won"),
}
"""An appeal's status in words."""


def review_state_name(state: str) -> str:
    """A review state in words: ``approved`` -> ``approved`` / ``已批准``."""
    return in_words(REVIEW_STATE_NAMES, state)


def appeal_status_name(status: str) -> str:
    """An appeal's status in words: ``won`` -> ``won`` / ``申诉成功``."""
    return in_words(APPEAL_STATUS_NAMES, status)


def in_words(table: dict[str, str], code: str) -> str:
    """``code``'s words from ``table`` in the language in use; a code not in it as it is."""
    words = table.get(code)
    return _(words) if words is not None else code
