"""What the supervisor's service hands to the review screens and reports: plain frozen values.

Like ``views.py``, nothing here is attached to a database session: a review screen can get
these from a thread worker, keep them, compare them, or turn them into JSON with
``views.to_json``. Money is in minor units (fen, cents) of the shipment's currency; times are
timezone-aware UTC (the screens show local time).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from inspect_tui.services.records.inspection_record import (
    EvidenceCheck,
    InspectionRecord,
    TimelineEvent,
)
from inspect_tui.services.shared.views import InspectionView


@dataclass(frozen=True, slots=True)
class ReviewMark:
    """A supervisor's decision on an inspection: who, when, what and why.

    Attributes:
        by: The supervisor's name.
        at: When the decision was recorded (UTC).
        decision: ``approved``, ``overturned`` or ``reopened``.
        comment: The supervisor's words (required for overturn and reopen).
    """

    by: str
    at: datetime | None
    decision: str
    comment: str


@dataclass(frozen=True, slots=True)
class PendingReview:
    """One completed inspection waiting in the review queue.

    Attributes:
        inspection_id: The inspection's row id.
        code: The inspection code (INS-YYYYMMDD-NNNN).
        outcome: The clerk's outcome (reject, partial, escalate, refused, accept).
        reasons: The clerk's reason codes.
        inspector: The clerk who decided it.
        station: The bench it was inspected at.
        completed_at: When the clerk completed it (UTC).
        decided_at: When the clerk decided it (UTC).
        platform: The shop platform of the order ("" for an unmatched parcel).
        order_ref: The order reference, None for an unmatched parcel.
        rma_ref: The return request, None when the parcel came without one.
        buyer_ref: The buyer's id on the platform.
        buyer_name: The buyer's name.
        currency: Currency of the money amounts.
        refund_claimed_minor: The refund at stake: what the buyer's return request claims.
        refund_minor: The refund the clerk's decision grants (0 on reject, None escalated).
        suggested_outcome: What the rules suggested.
        suggested_reasons: The reasons the rules suggested.
        override: True when the clerk's outcome differs from the suggested outcome.
        justification: The clerk's words (required for an override).
        previous_review: The last review, when a supervisor reopened it before.
    """

    inspection_id: int
    code: str
    outcome: str
    reasons: tuple[str, ...]
    inspector: str
    station: str
    completed_at: datetime | None
    decided_at: datetime | None
    platform: str
    order_ref: str | None
    rma_ref: str | None
    buyer_ref: str
    buyer_name: str
    currency: str
    refund_claimed_minor: int | None
    refund_minor: int | None
    suggested_outcome: str | None
    suggested_reasons: tuple[str, ...]
    override: bool
    justification: str
    previous_review: ReviewMark | None = None


@dataclass(frozen=True, slots=True)
class Relabel:
    """A unit whose disposition an overturn changed: its label must be printed again.

    Attributes:
        unit_id: The unit's row id.
        sku: The unit's SKU, if known.
        before: The disposition on the printed label.
        after: Where the unit goes now.
    """

    unit_id: int
    sku: str | None
    before: str | None
    after: str


@dataclass(frozen=True, slots=True)
class ReviewResult:
    """What an approve, overturn or reopen left behind.

    Attributes:
        code: The inspection code.
        mark: The review just recorded.
        status: ``completed``, or ``open`` after a reopen (back in the clerk's queue).
        outcome: The outcome standing now (None after a reopen: the clerk decides again).
        reasons: The reasons standing now.
        refund_minor: The refund standing now.
        previous_outcome: The outcome before this review.
        previous_reasons: The reasons before this review.
        relabel: Units whose disposition changed with an overturn.
    """

    code: str
    mark: ReviewMark
    status: str
    outcome: str | None
    reasons: tuple[str, ...]
    refund_minor: int | None
    previous_outcome: str | None
    previous_reasons: tuple[str, ...]
    relabel: tuple[Relabel, ...] = ()


@dataclass(frozen=True, slots=True)
class SideBySide:
    """One row of "what was shipped" beside "what came back".

    Attributes:
        label: What the row compares (weight, a shipment line, an unexpected unit).
        shipped: What the shipment record says.
        received: What the bench recorded.
        agrees: True when they agree, False when they do not, None when nothing to compare.
    """

    label: str
    shipped: str
    received: str
    agrees: bool | None


@dataclass(frozen=True, slots=True)
class InspectionDetail:
    """Everything recorded about one inspection, for the supervisor's detail screen.

    Attributes:
        record: The inspection's full record (``inspection_record``): the view the clerk
            last saw (shipment, return, units, findings with explanations, suggestion,
            decision), the audit timeline with its hashes, and the stored review.
        side_by_side: Shipment vs received, row by row.
        evidence: Every evidence file (pre-shipment first) hashed again and compared with
            the SHA-256 recorded for it.
        review: The last supervisor decision, None while pending or never reviewed.
        reviewable: True when this supervisor may review it now (completed, not their own).
    """

    record: InspectionRecord
    side_by_side: tuple[SideBySide, ...]
    evidence: tuple[EvidenceCheck, ...]
    review: ReviewMark | None
    reviewable: bool

    @property
    def view(self) -> InspectionView:
        """The inspection as the clerk's screen shows it."""
        return self.record.view

    @property
    def timeline(self) -> tuple[TimelineEvent, ...]:
        """Every recorded step, oldest first, with its time (to match the bench video)."""
        return self.record.timeline

    @property
    def review_state(self) -> str | None:
        """``pending``, ``approved``, ``overturned``, ``reopened``, or None (not needed)."""
        return self.record.review.state


@dataclass(frozen=True, slots=True)
class RejectRow:
    """One line of ``report rejects``: a rejected (or refused) parcel and its review.

    Attributes:
        code: The inspection code.
        order_ref: The order reference (None for an unmatched parcel).
        buyer_ref: The buyer's id on the platform.
        platform: The shop platform.
        outcome: ``reject`` or ``refused``.
        reasons: The reason codes.
        inspector: The clerk.
        station: The bench.
        completed_at: When it was completed (UTC).
        review: The supervisor's decision, None while not reviewed.
    """

    code: str
    order_ref: str | None
    buyer_ref: str
    platform: str
    outcome: str
    reasons: tuple[str, ...]
    inspector: str
    station: str
    completed_at: datetime | None
    review: ReviewMark | None


@dataclass(frozen=True, slots=True)
class Count:
    """A named count: an outcome, a reason code, a review state or a SKU."""

    name: str
    count: int


@dataclass(frozen=True, slots=True)
class MoneyFigures:
    """Refund money in one currency over the period.

    Attributes:
        currency: ISO currency code of the shipments.
        claimed_minor: Refunds the buyers' return requests claimed.
        paid_minor: Refunds granted (accepted and partial parcels).
        kept_minor: Claimed minus granted on rejected, refused and partial parcels: what the
            desk kept from being paid out.
        open_minor: Claimed on escalated parcels, still undecided.
    """

    currency: str
    claimed_minor: int
    paid_minor: int
    kept_minor: int
    open_minor: int


@dataclass(frozen=True, slots=True)
class InspectorFigures:
    """One clerk's work over the period.

    Attributes:
        inspector: The clerk's name.
        completed: Parcels completed.
        rejects: Of which rejected or refused.
        overrides: Decisions whose outcome differed from the suggestion.
        override_rate: ``overrides / completed`` (0.0 when nothing was completed).
        overturned: Decisions a supervisor overturned.
        avg_minutes: Average minutes from opening a parcel to completing it.
    """

    inspector: str
    completed: int
    rejects: int
    overrides: int
    override_rate: float
    overturned: int
    avg_minutes: float | None


@dataclass(frozen=True, slots=True)
class RepeatOffender:
    """A buyer whose returns or rejects reach the policy's repeat-returner thresholds.

    Attributes:
        platform: The shop platform.
        buyer_ref: The buyer's id on the platform.
        buyer_name: The buyer's name.
        returns: Return requests in the window.
        rejects: Rejected or refused parcels in the window.
        value_minor: Refunds claimed by those return requests.
        currency: Currency of ``value_minor``.
    """

    platform: str
    buyer_ref: str
    buyer_name: str
    returns: int
    rejects: int
    value_minor: int
    currency: str


@dataclass(frozen=True, slots=True)
class Figures:
    """The desk's figures over a range of local calendar days (both ends included).

    Attributes:
        start: First local day.
        end: Last local day.
        completed: Parcels completed in the period.
        by_outcome: Completed parcels per outcome, most first.
        by_reason: Reason codes given, most first (a parcel with two reasons counts twice).
        reject_rate: Rejected and refused parcels over completed ones (0.0 when none).
        money: Refund figures per currency.
        inspectors: Per-clerk throughput and override rate, busiest first.
        repeat_offenders: Buyers active in the period who reach the repeat-returner
            thresholds within the policy's window (ending on ``end``); None when they were
            not asked for (``offenders=False``: see ``ReviewDesk.repeat_offenders``).
        repeat_window_days: That window, in days: the policy's, or the period if longer.
        top_reject_skus: SKUs with the most rejected or refused returns.
        review: Completed parcels per review state (pending, approved, overturned).
    """

    start: date
    end: date
    completed: int
    by_outcome: tuple[Count, ...]
    by_reason: tuple[Count, ...]
    reject_rate: float
    money: tuple[MoneyFigures, ...]
    inspectors: tuple[InspectorFigures, ...]
    repeat_offenders: tuple[RepeatOffender, ...] | None
    repeat_window_days: int
    top_reject_skus: tuple[Count, ...]
    review: tuple[Count, ...]
