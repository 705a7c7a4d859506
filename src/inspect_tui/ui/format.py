"""How values read on screen: money, weights, times, names of outcomes and steps.

Pure functions, no Textual: the same words everywhere a screen shows a value.
"""

from __future__ import annotations

from datetime import date, datetime, tzinfo

from rich.cells import cell_len

from inspect_tui.core import display_names
from inspect_tui.core.money import amount_with_symbol
from inspect_tui.core.translation import N_, _, language, long_date, ngettext
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

OUTCOME_LABELS: dict[str, str] = display_names.OUTCOME_NAMES
"""The clerk's words for each outcome (English; shown through ``outcome_label``)."""


money = amount_with_symbol
"""An amount as a person reads it: ``¥399.00``, ``$1,299.00``, ``SGD 12.50``; ``—`` unknown."""


def local_time(moment: datetime | None, tz: tzinfo | None = None) -> str:
    """Hours and minutes in the bench's time zone (``tz``, else the machine's)."""
    if moment is None:
        return "—"
    return moment.astimezone(tz).strftime("%H:%M")


def local_date_time(moment: datetime | None, tz: tzinfo | None = None) -> str:
    """Date and time in the bench's time zone: ``2026-11-20 09:05`` (``2026年11月20日 09:05``)."""
    if moment is None:
        return "—"
    local = moment.astimezone(tz)
    if language() == "zh_CN":
        return f"{long_date(local.date())} {local:%H:%M}"
    return local.strftime("%Y-%m-%d %H:%M")


def day_label(day: date) -> str:
    """A day as a person reads it on screen: ``2026-11-20``, in Chinese ``2026年11月20日``."""
    return long_date(day) if language() == "zh_CN" else day.isoformat()


def outcome_label(outcome: str | None) -> str:
    """The clerk's word for an outcome (``Partial refund``)."""
    if not outcome:
        return "—"
    return display_names.outcome_name(outcome)


def window_text(days_left: int | None) -> str:
    """The return window as the clerk needs it: ``3 days left``, ``expired 4 days ago``."""
    if days_left is None:
        return _("unknown")
    if days_left < 0:
        late = -days_left
        return ngettext(
            "expired {days} day before the request", "expired {days} days before the request", late
        ).format(days=late)
    if days_left == 0:
        return _("last day")
    return ngettext("{days} day left", "{days} days left", days_left).format(days=days_left)


def kind_label(kind: str) -> str:
    """An evidence kind or disposition in words: ``open_box_photo`` -> ``open box photo``."""
    if kind in display_names.DISPOSITION_NAMES:
        return display_names.disposition_name(kind)
    return display_names.evidence_name(kind)


STATUS_LABELS: dict[str, str] = {"open": N_("open"), "completed": N_("completed")}
"""An inspection's status in words."""


def status_label(status: str) -> str:
    """An inspection's status in words (``open``, ``completed``)."""
    label = STATUS_LABELS.get(status)
    return _(label) if label is not None else status


def reason_label(code: str) -> str:
    """A reason code as a person reads it: the code in English, ``空包 EMPTY_PARCEL`` in Chinese.

    English screens keep showing the code itself (clerks know them and the policy describes
    them); other languages put the desk's own word for it first.
    """
    if language() == "en" or not display_names.known_reason(code):
        return code
    return f"{display_names.reason_name(code)} {code}"


def claim_label(code: str) -> str:
    """The buyer's claimed reason: the code in English, the desk's word alone in Chinese."""
    if language() == "en" or not display_names.known_reason(code):
        return code
    return display_names.reason_name(code)


def platform_label(platform: str) -> str:
    """A platform as stored in English (``taobao``), by its sellers' name in Chinese (淘宝)."""
    return platform if language() == "en" else display_names.platform_name(platform)


def pad(text: str, width: int) -> str:
    """``text`` padded with spaces to ``width`` terminal cells (Chinese characters take two)."""
    return text + " " * max(0, width - cell_len(text))


def fit(text: str, width: int) -> str:
    """``text`` in exactly ``width`` cells: cut with ``…`` when longer, padded when shorter."""
    if cell_len(text) <= width:
        return pad(text, width)
    kept = ""
    for char in text:
        if cell_len(kept + char) > width - 1:
            break
        kept += char
    return pad(kept + "…", width)
