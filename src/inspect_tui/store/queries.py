"""Lookups the services share, as functions of a session.

Every parcel identifier is matched on its normalised ``*_key`` column, which is indexed, so a
scan costs a handful of index probes whatever the size of the store.

The queries read the Core tables and give rows (columns as attributes, read-only), not the
ORM classes: ``lookup`` runs without building those. Changes pending in the session are
flushed first, as an ORM query would.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Row, Select, func, or_, select
from sqlalchemy.orm import Session

from inspect_tui.core.vocabulary import InspectionStatus
from inspect_tui.store.tables import (
    EVIDENCE,
    INSPECTION,
    PRODUCT,
    RETURN_LINE,
    RETURN_REQUEST,
    SHIPMENT,
    SHIPMENT_LINE,
)

Rows = Sequence[Row[Any]]


def normalise_key(text: str) -> str:
    """The form every identifier is stored and looked up in: no whitespace, case-folded."""
    return "".join(text.split()).casefold()


def _rows(session: Session, query: Select[Any]) -> Rows:
    """The rows of ``query``, after the session's pending changes are written."""
    if session.autoflush:
        session.flush()
    return session.execute(query).all()


def shipment_by_id(session: Session, shipment_id: int) -> Row[Any] | None:
    """The shipment with this id."""
    found = _rows(session, select(SHIPMENT).where(SHIPMENT.c.id == shipment_id))
    return found[0] if found else None


def returns_by_key(session: Session, key: str) -> Rows:
    """Return requests whose RMA ref or return tracking number is ``key``."""
    query = select(RETURN_REQUEST).where(
        or_(RETURN_REQUEST.c.rma_key == key, RETURN_REQUEST.c.tracking_return_key == key)
    )
    return _rows(session, query)


def shipments_by_key(session: Session, key: str) -> Rows:
    """Shipments whose order ref, outbound tracking or package ref is ``key``."""
    query = select(SHIPMENT).where(
        or_(
            SHIPMENT.c.order_key == key,
            SHIPMENT.c.tracking_out_key == key,
            SHIPMENT.c.package_key == key,
        )
    )
    return _rows(session, query)


def latest_return_for(session: Session, shipment_id: int) -> Row[Any] | None:
    """The most recent return request of a shipment, if the buyer asked for one."""
    query = (
        select(RETURN_REQUEST)
        .where(RETURN_REQUEST.c.shipment_id == shipment_id)
        .order_by(RETURN_REQUEST.c.requested_at.desc(), RETURN_REQUEST.c.id.desc())
        .limit(1)
    )
    found = _rows(session, query)
    return found[0] if found else None


def shipment_lines(session: Session, shipment_id: int) -> Rows:
    """A shipment's lines in order."""
    query = (
        select(SHIPMENT_LINE)
        .where(SHIPMENT_LINE.c.shipment_id == shipment_id)
        .order_by(SHIPMENT_LINE.c.line_no)
    )
    return _rows(session, query)


def return_lines(session: Session, return_id: int) -> Rows:
    """The SKUs and quantities a return request asks for."""
    query = (
        select(RETURN_LINE).where(RETURN_LINE.c.return_id == return_id).order_by(RETURN_LINE.c.id)
    )
    return _rows(session, query)


def products_by_sku(session: Session, skus: Sequence[str]) -> dict[str, Row[Any]]:
    """Catalog products for ``skus``, keyed by the SKU's normalised form."""
    if not skus:
        return {}
    keys = sorted({normalise_key(sku) for sku in skus})
    rows = _rows(session, select(PRODUCT).where(PRODUCT.c.sku_key.in_(keys)))
    return {row.sku_key: row for row in rows}


def shipment_photos(session: Session, shipment_id: int) -> Rows:
    """Pre-shipment photos and other evidence recorded with the shipment."""
    query = (
        select(EVIDENCE)
        .where(EVIDENCE.c.shipment_id == shipment_id, EVIDENCE.c.inspection_id.is_(None))
        .order_by(EVIDENCE.c.id)
    )
    return _rows(session, query)


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
        .select_from(RETURN_REQUEST)
        .join(SHIPMENT, SHIPMENT.c.id == RETURN_REQUEST.c.shipment_id)
        .where(SHIPMENT.c.platform == platform, SHIPMENT.c.buyer_ref == buyer_ref)
    )
    rejects_q = (
        select(func.count())
        .select_from(INSPECTION)
        .join(SHIPMENT, SHIPMENT.c.id == INSPECTION.c.shipment_id)
        .where(
            SHIPMENT.c.platform == platform,
            SHIPMENT.c.buyer_ref == buyer_ref,
            INSPECTION.c.outcome.in_(("reject", "refused")),
            INSPECTION.c.status == InspectionStatus.COMPLETED,
        )
    )
    if since is not None:
        returns_q = returns_q.where(RETURN_REQUEST.c.requested_at >= since)
        rejects_q = rejects_q.where(INSPECTION.c.completed_at >= since)
    if exclude_return_id is not None:
        returns_q = returns_q.where(RETURN_REQUEST.c.id != exclude_return_id)
    if exclude_inspection_id is not None:
        rejects_q = rejects_q.where(INSPECTION.c.id != exclude_inspection_id)
    return (int(_rows(session, returns_q)[0][0] or 0), int(_rows(session, rejects_q)[0][0] or 0))
