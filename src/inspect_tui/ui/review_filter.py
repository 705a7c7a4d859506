"""Which of the waiting parcels the review queue shows, and in what order.

Pure logic over :class:`PendingReview` rows, kept apart from the screen: the queue loads a
period's waiting parcels once and filters and sorts them as the supervisor changes the
filters, with no trip to the database per key press.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from inspect_tui.core.translation import N_
from inspect_tui.services.review.summaries import PendingReview

FIELDS = ("reason", "platform", "station", "inspector")
"""What the queue can be filtered by, besides the period."""


@dataclass(frozen=True, slots=True)
class QueueFilter:
    """The filters; None keeps every value."""

    reason: str | None = None
    platform: str | None = None
    station: str | None = None
    inspector: str | None = None

    def keeps(self, row: PendingReview) -> bool:
        """True when ``row`` passes every filter that is set."""
        return (
            (self.reason is None or self.reason in row.reasons)
            and (self.platform is None or row.platform == self.platform)
            and (self.station is None or row.station == self.station)
            and (self.inspector is None or row.inspector == self.inspector)
        )


def choices(rows: Iterable[PendingReview]) -> dict[str, list[str]]:
    """Every value each filter can take in ``rows``, sorted."""
    found: dict[str, set[str]] = {name: set() for name in FIELDS}
    for row in rows:
        found["reason"].update(row.reasons)
        found["platform"].add(row.platform)
        found["station"].add(row.station)
        found["inspector"].add(row.inspector)
    return {name: sorted(values) for name, values in found.items()}


@dataclass(frozen=True, slots=True)
class Column:
    """A column of the queue and how rows sort by it."""

    key: str
    label: str
    """The column's heading in English (shown through ``_``)."""
    sort_key: Callable[[PendingReview], Any]


def _time(row: PendingReview) -> datetime:
    return row.completed_at or row.decided_at or datetime.min


COLUMNS: tuple[Column, ...] = (
    Column("completed", N_("Completed"), _time),
    Column("code", N_("Inspection"), lambda row: row.code),
    Column("outcome", N_("Outcome"), lambda row: row.outcome),
    Column("reasons", N_("Reasons"), lambda row: ", ".join(row.reasons)),
    Column("override", N_("Override"), lambda row: not row.override),
    Column("inspector", N_("Inspector"), lambda row: row.inspector),
    Column("station", N_("Station"), lambda row: row.station),
    Column("platform", N_("Platform"), lambda row: row.platform),
    Column("buyer", N_("Buyer"), lambda row: row.buyer_name or row.buyer_ref),
    Column("refund", N_("At stake"), lambda row: at_stake(row) or 0),
)


COMPACT_KEYS = ("completed", "code", "outcome", "reasons", "refund")
COMPACT_COLUMNS: tuple[Column, ...] = tuple(c for c in COLUMNS if c.key in COMPACT_KEYS)
"""The columns a narrow queue shows (80 columns): when, which parcel, what, why, how much.
The others are in the parcel's detail, and the filters still work on them."""


def columns_for(compact: bool) -> tuple[Column, ...]:
    """The queue's columns: all of them, or the compact set on a narrow screen."""
    return COMPACT_COLUMNS if compact else COLUMNS


def at_stake(row: PendingReview) -> int | None:
    """The refund in question: what the buyer claimed, else what the rules would pay."""
    return row.refund_claimed_minor if row.refund_claimed_minor is not None else row.refund_minor


def shown(
    rows: Sequence[PendingReview], wanted: QueueFilter, column: str, reverse: bool
) -> list[PendingReview]:
    """The rows that pass ``wanted``, sorted by ``column`` (ties keep the oldest first)."""
    sort_key = next(c.sort_key for c in COLUMNS if c.key == column)
    kept = sorted((row for row in rows if wanted.keeps(row)), key=_time)
    return sorted(kept, key=sort_key, reverse=reverse)
