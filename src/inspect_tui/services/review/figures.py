"""The desk's figures over local calendar days, and the list of a day's rejects.

Used by the supervisor's ReviewDesk and by ``inspect-tui report``: no PIN is needed to read
figures (the back office runs reports), only to change a decision. A day is the local calendar
day at the desk: its bounds are turned into a UTC range and the store aggregates over it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING

from sqlalchemy import Engine
from sqlmodel import Session

from inspect_tui.core.policy import Policy, default_policy
from inspect_tui.core.vocabulary import Outcome, ReviewState
from inspect_tui.services.review.summaries import (
    Count,
    Figures,
    InspectorFigures,
    MoneyFigures,
    PendingReview,
    RejectRow,
    RepeatOffender,
    ReviewMark,
)
from inspect_tui.store import reports
from inspect_tui.store.repeat_buyers import repeat_buyers
from inspect_tui.store.session import reading
from inspect_tui.store.types import utcnow

if TYPE_CHECKING:  # the figures read the tables; the inspection lists load the ORM classes
    from inspect_tui.store.models import Inspection

KEPT_OUTCOMES = ("reject", "refused", "partial")
"""Outcomes where claimed minus granted is money the desk kept from being paid out."""
PAID_OUTCOMES = ("accept", "partial")
TOP_SKUS = 10


@dataclass(frozen=True, slots=True)
class DayRange:
    """Local calendar days ``start`` to ``end`` (both included) and their UTC bounds."""

    start: date
    end: date
    since: datetime
    until: datetime


def local_midnight(day: date, tz: tzinfo | None = None) -> datetime:
    """The start of ``day`` in ``tz`` (the machine's local zone when None), in UTC."""
    if tz is None:
        return datetime(day.year, day.month, day.day).astimezone().astimezone(UTC)
    return datetime(day.year, day.month, day.day, tzinfo=tz).astimezone(UTC)


def local_today(clock: Callable[[], datetime] = utcnow, tz: tzinfo | None = None) -> date:
    """Today's local calendar date at the desk."""
    return clock().astimezone(tz).date()


def local_days(start: date, end: date | None = None, tz: tzinfo | None = None) -> DayRange:
    """The UTC range covering local days ``start`` to ``end`` (``start`` alone when None).

    Raises:
        ValueError: ``end`` is before ``start``.
    """
    end = end or start
    if end < start:
        raise ValueError(f"the range ends ({end}) before it starts ({start})")
    return DayRange(start, end, local_midnight(start, tz), local_midnight(end + timedelta(1), tz))


def review_mark(inspection: Inspection) -> ReviewMark | None:
    """The last supervisor decision recorded on an inspection, if any."""
    if not inspection.reviewed_by or inspection.review_state in (None, "pending"):
        return None
    return ReviewMark(
        by=inspection.reviewed_by,
        at=inspection.reviewed_at,
        decision=inspection.review_state or "",
        comment=inspection.review_comment,
    )


def reject_rows(engine: Engine, days: DayRange) -> tuple[RejectRow, ...]:
    """Rejected and refused parcels completed on the given local days, oldest first."""
    with reading(engine) as session:
        found = reports.rejects(session, since=days.since, until=days.until)
        return tuple(
            RejectRow(
                code=inspection.code,
                order_ref=facts.order_ref,
                buyer_ref=facts.buyer_ref,
                platform=facts.platform,
                outcome=inspection.outcome or "",
                reasons=tuple(inspection.reasons),
                inspector=inspection.inspector,
                station=inspection.station,
                completed_at=inspection.completed_at,
                review=review_mark(inspection),
            )
            for inspection, facts in found
        )


def figures(
    engine: Engine,
    days: DayRange,
    policy: Policy | None = None,
    *,
    top: int = TOP_SKUS,
    offenders: bool = True,
) -> Figures:
    """The figures for the given local days: outcomes, reasons, money, clerks, buyers, SKUs.

    Every number is aggregated by the database over the days' UTC range; only the grouped
    results (a few hundred rows at most) are combined here. Repeat offenders cost a few
    probes per parcel of the period (0.6-1.4 s for a month of a busy desk at a million
    inspections), so ``offenders=False`` leaves them out (``Figures.repeat_offenders`` is
    None) for a screen to load them with :func:`repeat_offenders` in a second worker.
    """
    policy = policy or default_policy()
    span = {"since": days.since, "until": days.until}
    with reading(engine) as session:
        reports.favour_index_lookups(session)
        groups = reports.decision_groups(session, **span)
        overturned = reports.overturned_clerk_overrides(session, **span)
        skus = reports.reject_skus(session, **span, limit=top)
        buyers = _offenders(session, days, policy) if offenders else None
    outcomes: Counter[str] = Counter()
    reasons: Counter[str] = Counter()
    states: Counter[str] = Counter()
    money: dict[str, Counter[str]] = {}
    clerks: dict[str, Counter[str]] = {}
    for group in groups:
        outcomes[group.outcome] += group.count
        states[group.review_state] += group.count
        for reason in group.reasons:
            reasons[reason] += group.count
        clerk = clerks.setdefault(group.inspector, Counter())
        clerk["completed"] += group.count
        clerk["rejects"] += group.count if group.outcome in reports.REJECTED else 0
        clerk["overturned"] += group.count if group.review_state == ReviewState.OVERTURNED else 0
        if group.override and group.review_state != ReviewState.OVERTURNED:
            clerk["overrides"] += group.count
        clerk["seconds"] += round(group.seconds)
        clerk["timed"] += group.timed
        if group.currency:
            _add_money(money.setdefault(group.currency, Counter()), group)
    completed = sum(outcomes.values())
    rejected = sum(outcomes[name] for name in reports.REJECTED)
    return Figures(
        start=days.start,
        end=days.end,
        completed=completed,
        by_outcome=_counts(outcomes),
        by_reason=_counts(reasons),
        reject_rate=rejected / completed if completed else 0.0,
        money=tuple(
            MoneyFigures(cur, sums["claimed"], sums["paid"], sums["kept"], sums["open"])
            for cur, sums in sorted(money.items())
        ),
        inspectors=_inspectors(clerks, overturned),
        repeat_offenders=buyers,
        repeat_window_days=(days.until - _window_start(days, policy)).days,
        top_reject_skus=tuple(Count(sku, n) for sku, n in skus),
        review=_counts(states),
    )


def repeat_offenders(
    engine: Engine, days: DayRange, policy: Policy | None = None
) -> tuple[RepeatOffender, ...]:
    """Buyers at the desk on the given days who reach the repeat-returner thresholds.

    Returns and rejects are counted over the policy's window ending on the last day (or the
    whole period when it is longer), most rejects first.
    """
    with reading(engine) as session:
        reports.favour_index_lookups(session)
        return _offenders(session, days, policy or default_policy())


def _window_start(days: DayRange, policy: Policy) -> datetime:
    return min(days.since, days.until - timedelta(days=policy.repeat_returner.days))


def _offenders(session: Session, days: DayRange, policy: Policy) -> tuple[RepeatOffender, ...]:
    rule = policy.repeat_returner
    buyers = repeat_buyers(
        session,
        since=days.since,
        until=days.until,
        window_start=_window_start(days, policy),
        min_returns=rule.returns,
        min_rejects=rule.rejects,
    )
    found = (
        RepeatOffender(
            b.platform, b.buyer_ref, b.buyer_name, b.returns, b.rejects, b.value_minor, b.currency
        )
        for b in buyers
    )
    return tuple(
        sorted(
            found, key=lambda o: (-o.rejects, -o.returns, -o.value_minor, o.platform, o.buyer_ref)
        )
    )


def _add_money(sums: Counter[str], group: reports.DecisionGroup) -> None:
    sums["claimed"] += group.claimed_minor
    if group.outcome in PAID_OUTCOMES:
        sums["paid"] += group.refund_minor
    if group.outcome in KEPT_OUTCOMES:
        sums["kept"] += group.kept_minor
    if group.outcome == Outcome.ESCALATE:
        sums["open"] += group.claimed_minor


def _inspectors(
    clerks: dict[str, Counter[str]], overturned: dict[str, int]
) -> tuple[InspectorFigures, ...]:
    """Per-clerk figures, busiest first; overturned parcels' overrides come from the audit."""
    result = []
    for name, sums in clerks.items():
        overrides = sums["overrides"] + overturned.get(name, 0)
        done = sums["completed"]
        result.append(
            InspectorFigures(
                inspector=name,
                completed=done,
                rejects=sums["rejects"],
                overrides=overrides,
                override_rate=overrides / done if done else 0.0,
                overturned=sums["overturned"],
                avg_minutes=(
                    round(sums["seconds"] / sums["timed"] / 60, 1) if sums["timed"] else None
                ),
            )
        )
    return tuple(sorted(result, key=lambda f: (-f.completed, f.inspector)))


def _counts(counter: Counter[str]) -> tuple[Count, ...]:
    """Counts, most first, ties by name."""
    return tuple(
        Count(name, n) for name, n in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))
    )


def pending_row(inspection: Inspection, facts: reports.ParcelFacts) -> PendingReview:
    """A row of the review queue from an inspection and its parcel."""
    assert inspection.id is not None
    suggested = inspection.suggested
    suggested_outcome = suggested.get("outcome")
    previous = None
    if inspection.reviewed_by:
        previous = ReviewMark(
            inspection.reviewed_by, inspection.reviewed_at, "reopened", inspection.review_comment
        )
    return PendingReview(
        inspection_id=inspection.id,
        code=inspection.code,
        outcome=inspection.outcome or "",
        reasons=tuple(inspection.reasons),
        inspector=inspection.inspector,
        station=inspection.station,
        completed_at=inspection.completed_at,
        decided_at=inspection.decided_at,
        platform=facts.platform,
        order_ref=facts.order_ref,
        rma_ref=facts.rma_ref,
        buyer_ref=facts.buyer_ref,
        buyer_name=facts.buyer_name,
        currency=facts.currency,
        refund_claimed_minor=facts.refund_claimed_minor,
        refund_minor=inspection.refund_minor,
        suggested_outcome=suggested_outcome,
        suggested_reasons=tuple(suggested.get("reasons") or ()),
        override=suggested_outcome is not None and suggested_outcome != inspection.outcome,
        justification=inspection.justification,
        previous_review=previous,
    )
