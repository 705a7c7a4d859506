"""Lookups the services share, as functions of a session.

Every parcel identifier is matched on its normalised ``*_key`` column, which is indexed, so a
scan costs a handful of index probes whatever the size of the store.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, or_, select
from sqlmodel import Session, col

from inspect_tui.core.vocabulary import InspectionStatus
from inspect_tui.store.models import (
    Evidence,
    Inspection,
    Product,
    ReturnLine,
    ReturnRequest,
    Shipment,
    ShipmentLine,
)


def normalise_key(text: str) -> str:
    """The form every identifier is stored and looked up in: no whitespace, case-folded."""
    return "".join(text.split()).casefold()


def returns_by_key(session: Session, key: str) -> Sequence[ReturnRequest]:
    """Return requests whose RMA ref or return tracking number is ``key``."""
    query = select(ReturnRequest).where(
        or_(col(ReturnRequest.rma_key) == key, col(ReturnRequest.tracking_return_key) == key)
    )
    return session.scalars(query).all()


def shipments_by_key(session: Session, key: str) -> Sequence[Shipment]:
    """Shipments whose order ref, outbound tracking or package ref is ``key``."""
    query = select(Shipment).where(
        or_(
            col(Shipment.order_key) == key,
            col(Shipment.tracking_out_key) == key,
            col(Shipment.package_key) == key,
        )
    )
    return session.scalars(query).all()


def latest_return_for(session: Session, shipment_id: int) -> ReturnRequest | None:
    """The most recent return request of a shipment, if the buyer asked for one."""
    query = (
        select(ReturnRequest)
        .where(col(ReturnRequest.shipment_id) == shipment_id)
        .order_by(col(ReturnRequest.requested_at).desc(), col(ReturnRequest.id).desc())
        .limit(1)
    )
    return session.scalars(query).first()


def shipment_lines(session: Session, shipment_id: int) -> Sequence[ShipmentLine]:
    """A shipment's lines in order."""
    query = (
        select(ShipmentLine)
        .where(col(ShipmentLine.shipment_id) == shipment_id)
        .order_by(col(ShipmentLine.line_no))
    )
    return session.scalars(query).all()


def return_lines(session: Session, return_id: int) -> Sequence[ReturnLine]:
    """The SKUs and quantities a return request asks for."""
    query = (
        select(ReturnLine)
        .where(col(ReturnLine.return_id) == return_id)
        .order_by(col(ReturnLine.id))
    )
    return session.scalars(query).all()


def products_by_sku(session: Session, skus: Sequence[str]) -> dict[str, Product]:
    """Catalog products for ``skus``, keyed by the SKU's normalised form."""
    if not skus:
        return {}
    keys = sorted({normalise_key(sku) for sku in skus})
    rows = session.scalars(select(Product).where(col(Product.sku_key).in_(keys))).all()
    return {row.sku_key: row for row in rows}


def shipment_photos(session: Session, shipment_id: int) -> Sequence[Evidence]:
    """Pre-shipment photos and other evidence recorded with the shipment."""
    query = (
        select(Evidence)
        .where(col(Evidence.shipment_id) == shipment_id, col(Evidence.inspection_id).is_(None))
        .order_by(col(Evidence.id))
    )
    return session.scalars(query).all()


def buyer_history(
    session: Session,
    *,
    platform: str,
    buyer_ref: str,
    since: datetime | None = None,
    exclude_return_id: int | None = None,
    exclude_inspection_id: int | None = None,
) -> tuple[int, int]:
    """How many other return requests and rejected inspections this buyer has on a platform.

    Returns:
        ``(returns, rejects)``, counting only events at or after ``since`` when given.
    """
    if not buyer_ref:
        return (0, 0)
    returns_q = (
        select(func.count())
        .select_from(ReturnRequest)
        .join(Shipment, col(Shipment.id) == col(ReturnRequest.shipment_id))
        .where(col(Shipment.platform) == platform, col(Shipment.buyer_ref) == buyer_ref)
    )
    rejects_q = (
        select(func.count())
        .select_from(Inspection)
        .join(Shipment, col(Shipment.id) == col(Inspection.shipment_id))
        .where(
            col(Shipment.platform) == platform,
            col(Shipment.buyer_ref) == buyer_ref,
            col(Inspection.outcome).in_(("reject", "refused")),
            col(Inspection.status) == InspectionStatus.COMPLETED,
        )
    )
    if since is not None:
        returns_q = returns_q.where(col(ReturnRequest.requested_at) >= since)
        rejects_q = rejects_q.where(col(Inspection.completed_at) >= since)
    if exclude_return_id is not None:
        returns_q = returns_q.where(col(ReturnRequest.id) != exclude_return_id)
    if exclude_inspection_id is not None:
        rejects_q = rejects_q.where(col(Inspection.id) != exclude_inspection_id)
    return (int(session.scalar(returns_q) or 0), int(session.scalar(rejects_q) or 0))
