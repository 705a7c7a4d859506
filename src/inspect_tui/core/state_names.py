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
    name = REVIEW_STATE_NAMES.get(state)
    return _(name) if name is not None else state


def appeal_status_name(status: str) -> str:
    """An appeal's status in words: ``won`` -> ``won`` / ``申诉成功``."""
    name = APPEAL_STATUS_NAMES.get(status)
    return _(name) if name is not None else status
