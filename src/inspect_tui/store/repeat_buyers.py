"""The buyers of a period who reach the repeat-returner thresholds, as one query.

A buyer is named by platform and ``buyer_ref``. The inspection carries its buyer (migration
0003), so the buyers at the desk in a period (``ix_inspection_completed_buyer``) and their
rejects in the window (``ix_inspection_outcome_buyer``) are read from indexes of the
inspection alone and grouped by buyer in SQL. The return request carries it too (migration
0004): a buyer's return requests in the window are one range of
``ix_return_request_buyer_requested``, probed once per parcel of the period unless the buyer
is already a repeat rejecter. Only the offenders' rows come back.

Measured at a million inspections: see the "Review queue and figures" section of
bench/README.md (bench/bench_review.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, func, or_, select, true, tuple_
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from inspect_tui.core.vocabulary import InspectionStatus
from inspect_tui.store.reports import REJECTED, completed_in
from inspect_tui.store.tables import INSPECTION, RETURN_REQUEST, SHIPMENT


@dataclass(frozen=True, slots=True)
class BuyerGroup:
    """A buyer's returns and rejects within a window."""

    platform: str
    buyer_ref: str
    buyer_name: str
    currency: str
    returns: int
    rejects: int
    value_minor: int


def repeat_buyers(
    session: Session,
    *,
    since: datetime,
    until: datetime,
    window_start: datetime,
    min_returns: int,
    min_rejects: int,
) -> list[BuyerGroup]:
    """Buyers active in ``[since, until)`` with enough returns or rejects in the window.

    The window is ``[window_start, until)``. Returns are the return requests on the buyer's
    shipments, by request time (a parcel not yet at the desk counts); rejects are completed
    rejected or refused inspections, by completion time: the same counts as the parcel card.

    Args:
        session: An open session on the store.
        since: Start of the period (UTC).
        until: End of the period and of the window (UTC, excluded).
        window_start: Start of the window (UTC).
        min_returns: Returns that make a repeat returner.
        min_rejects: Rejects that make a repeat returner.

    Returns:
        The buyers at the desk in the period who reach either threshold, in no set order.
    """
    platform, buyer_ref = INSPECTION.c.platform, INSPECTION.c.buyer_ref
    at_desk = INSPECTION.alias("at_desk")
    rejecters = (
        select(platform.label("platform"), buyer_ref.label("buyer"), func.count().label("n"))
        .where(INSPECTION.c.outcome.in_(REJECTED), *completed_in(window_start, until))
        .where(
            tuple_(platform, buyer_ref).in_(
                select(at_desk.c.platform, at_desk.c.buyer_ref).where(
                    at_desk.c.status == InspectionStatus.COMPLETED,
                    at_desk.c.completed_at >= since,
                    at_desk.c.completed_at < until,
                )
            )
        )
        .group_by(platform, buyer_ref)
        .cte("rejecters")
    )
    if min_returns > 0 and min_rejects > 0:
        repeat_rejecter = tuple_(platform, buyer_ref).in_(
            select(rejecters.c.platform, rejecters.c.buyer).where(rejecters.c.n >= min_rejects)
        )
        returns = (
            select(func.count())
            .select_from(RETURN_REQUEST)
            .where(*_returned_in(platform, buyer_ref, window_start, until))
            .scalar_subquery()
        )
        reaches: ColumnElement[bool] = or_(repeat_rejecter, returns >= min_returns)
    else:
        reaches = true()
    offenders = (
        select(platform.label("platform"), buyer_ref.label("buyer"))
        .where(*completed_in(since, until), buyer_ref != "", reaches)
        .distinct()
        .cte("offenders")
    )
    query = (
        select(
            offenders.c.platform,
            offenders.c.buyer,
            func.count(RETURN_REQUEST.c.id),
            func.coalesce(func.max(rejecters.c.n), 0),
            func.coalesce(func.sum(RETURN_REQUEST.c.refund_minor), 0),
        )
        .select_from(offenders)
        .outerjoin(rejecters, _same_buyer(rejecters.c, offenders.c))
        .outerjoin(
            RETURN_REQUEST,
            and_(*_returned_in(offenders.c.platform, offenders.c.buyer, window_start, until)),
        )
        .group_by(offenders.c.platform, offenders.c.buyer)
    )
    counted = session.execute(query).all()
    if not counted:
        return []
    names = _buyer_names(session, {(platform, buyer) for platform, buyer, *_sums in counted})
    return [
        BuyerGroup(
            platform=platform,
            buyer_ref=buyer,
            buyer_name=names.get((platform, buyer), ("", ""))[0],
            currency=names.get((platform, buyer), ("", ""))[1],
            returns=int(n_returns or 0),
            rejects=int(n_rejects or 0),
            value_minor=int(value or 0),
        )
        for platform, buyer, n_returns, n_rejects, value in counted
    ]


def _returned_in(
    platform: Any, buyer: Any, window_start: datetime, until: datetime
) -> tuple[ColumnElement[bool], ...]:
    """Conditions: a return request of the buyer, requested within the window.

    Args:
        platform: The buyer's platform (a column or expression).
        buyer: The buyer's ``buyer_ref`` (a column or expression).
        window_start: Start of the window (UTC).
        until: End of the window (UTC, excluded).

    Returns:
        The conditions on ``return_request``, to be joined with ``and_``.
    """
    return (
        RETURN_REQUEST.c.platform == platform,
        RETURN_REQUEST.c.buyer_ref == buyer,
        RETURN_REQUEST.c.requested_at >= window_start,
        RETURN_REQUEST.c.requested_at < until,
    )


def _same_buyer(left: Any, right: Any) -> ColumnElement[bool]:
    return and_(left.platform == right.platform, left.buyer == right.buyer)


def _buyer_names(
    session: Session, wanted: set[tuple[str, str]]
) -> dict[tuple[str, str], tuple[str, str]]:
    """The name and currency on each wanted buyer's shipments (the greatest, if they differ)."""
    details = session.execute(
        select(
            SHIPMENT.c.platform,
            SHIPMENT.c.buyer_ref,
            func.max(SHIPMENT.c.buyer_name),
            func.max(SHIPMENT.c.currency),
        )
        .where(
            SHIPMENT.c.platform.in_({platform for platform, _buyer in wanted}),
            SHIPMENT.c.buyer_ref.in_({buyer for _platform, buyer in wanted}),
        )
        .group_by(SHIPMENT.c.platform, SHIPMENT.c.buyer_ref)
    ).all()
    return {
        (platform, buyer): (name, currency)
        for platform, buyer, name, currency in details
        if (platform, buyer) in wanted
    }
