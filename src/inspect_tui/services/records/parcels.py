"""Finding a parcel by any identifier it carries, and describing what was shipped.

Shared by ``inspect-tui lookup`` and the Workstation: the same normalised keys, the same
views, the same expected weight.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Row
from sqlmodel import Session

from inspect_tui.core.claims import claim_code
from inspect_tui.core.codes import decode, normalise_identifier
from inspect_tui.core.matching import requested_lines
from inspect_tui.core.parcel import ClaimedReturn, ShippedParcel
from inspect_tui.core.policy import Policy
from inspect_tui.core.translation import _
from inspect_tui.core.weighing import ExpectedWeight, expected_weight
from inspect_tui.services.shared.errors import DeskError, NotAParcelCode, ParcelNotFound
from inspect_tui.services.shared.views import (
    BuyerHistoryView,
    EvidenceView,
    LineView,
    ParcelView,
    ReturnView,
    ShipmentView,
)
from inspect_tui.store import queries

if TYPE_CHECKING:  # the ORM classes: lookup reads rows of the tables and never builds them
    from inspect_tui.store.models import Evidence, ReturnRequest, Shipment

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


class AmbiguousParcel(DeskError):
    """The identifier belongs to more than one shipment."""


@dataclass(frozen=True, slots=True)
class FoundParcel:
    """The rows a scanned identifier led to."""

    shipment: Row[Any]
    return_request: Row[Any] | None
    matched_by: str


def find_parcel(session: Session, code: str, policy: Policy) -> FoundParcel:
    """Find the shipment (and return request) a parcel identifier belongs to.

    Return tracking and RMA refs are tried first, then order ref, outbound tracking and
    package ref. The key is the scanned text trimmed, case-folded and without spaces; for a
    code the decoder understands (an SSCC, a tracking number with an AIM prefix) its
    normalised value is tried too.

    Raises:
        NotAParcelCode: the scan is a product or command code, not a parcel identifier.
        ParcelNotFound: nothing carries this identifier.
        AmbiguousParcel: the identifier is an order ref on several platforms.
    """
    decoded = decode(code, reference_patterns=policy.reference_patterns)
    keys = [normalise_identifier(code)]
    for candidate in (decoded.value, decoded.sscc):
        key = normalise_identifier(candidate or "")
        if key and key not in keys:
            keys.append(key)
    for key in keys:
        if not key:
            continue
        returns = queries.returns_by_key(session, key)
        if returns:
            chosen = max(returns, key=lambda r: (r.requested_at or _EPOCH, r.id or 0))
            shipment = queries.shipment_by_id(session, chosen.shipment_id)
            assert shipment is not None
            by = "rma_ref" if chosen.rma_key == key else "tracking_return"
            return FoundParcel(shipment, chosen, by)
        shipments = queries.shipments_by_key(session, key)
        if len(shipments) > 1:
            platforms = ", ".join(sorted(s.platform for s in shipments))
            raise AmbiguousParcel(
                _(
                    "{code!r} is an order on several platforms ({platforms}): scan the return "
                    "tracking number or the RMA instead."
                ).format(code=code, platforms=platforms)
            )
        if shipments:
            shipment = shipments[0]
            assert shipment.id is not None
            by = next(
                name
                for name, value in (
                    ("order_ref", shipment.order_key),
                    ("tracking_out", shipment.tracking_out_key),
                    ("package_ref", shipment.package_key),
                )
                if value == key
            )
            return FoundParcel(shipment, queries.latest_return_for(session, shipment.id), by)
    if decoded.kind in ("gtin", "gs1", "command", "badge"):
        what = {
            "gtin": "a product barcode",
            "gs1": "a product barcode",
            "command": "a command barcode",
            "badge": "an operator badge",
        }[decoded.kind]
        raise NotAParcelCode(
            _(
                "{code!r} is {what}, not a parcel. Scan the return label or the order number."
            ).format(code=code, what=what)
        )
    raise ParcelNotFound(code)


def evidence_view(row: Evidence | Row[Any], evidence_dir: Path) -> EvidenceView:
    """A stored evidence row with the absolute path of its file."""
    assert row.id is not None
    return EvidenceView(
        evidence_id=row.id,
        kind=row.kind,
        path=evidence_dir / row.stored_path,
        sha256=row.sha256,
        bytes=row.bytes,
        original_name=row.original_name,
        captured_at=row.captured_at,
        unit_id=row.unit_id,
    )


def shipment_view(
    session: Session, shipment: Shipment | Row[Any], evidence_dir: Path
) -> ShipmentView:
    """The shipment with its lines (and catalog weights) and pre-shipment photos."""
    assert shipment.id is not None
    lines = queries.shipment_lines(session, shipment.id)
    products = queries.products_by_sku(session, [line.sku for line in lines])
    line_views = []
    for line in lines:
        product = products.get(queries.normalise_key(line.sku))
        line_views.append(
            LineView(
                line_no=line.line_no,
                sku=line.sku,
                title=line.title or (product.title if product else ""),
                qty=line.qty,
                gtin=line.gtin or (product.gtin if product else None),
                serials=tuple(line.serials),
                components=tuple(line.components or (product.components if product else [])),
                unit_price_minor=line.unit_price_minor,
                unit_weight_g=product.unit_weight_g if product else None,
                serialized=bool(line.serials) or bool(product and product.serialized),
                ordered_sku=line.ordered_sku,
            )
        )
    photos = tuple(
        evidence_view(row, evidence_dir) for row in queries.shipment_photos(session, shipment.id)
    )
    return ShipmentView(
        shipment_id=shipment.id,
        platform=shipment.platform,
        order_ref=shipment.order_ref,
        package_ref=shipment.package_ref,
        buyer_ref=shipment.buyer_ref,
        buyer_name=shipment.buyer_name,
        shipped_at=shipment.shipped_at,
        carrier=shipment.carrier,
        tracking_out=shipment.tracking_out,
        shipped_weight_g=shipment.shipped_weight_g,
        risk_level=shipment.risk_level,
        currency=shipment.currency,
        seal_ids=tuple(shipment.seal_ids),
        lines=tuple(line_views),
        photos=photos,
    )


def return_view(session: Session, request: ReturnRequest | Row[Any]) -> ReturnView:
    """The buyer's return request with its requested lines."""
    assert request.id is not None
    lines = tuple((line.sku, line.qty) for line in queries.return_lines(session, request.id))
    return ReturnView(
        return_id=request.id,
        rma_ref=request.rma_ref,
        tracking_return=request.tracking_return,
        carrier_return=request.carrier_return,
        requested_at=request.requested_at,
        reason_code=request.reason_code,
        reason_text=request.reason_text,
        refund_minor=request.refund_minor,
        freight_insurance=request.freight_insurance,
        lines=lines,
    )


def shipped_parcel(view: ShipmentView) -> ShippedParcel:
    """The core's picture of a shipment."""
    return ShippedParcel(
        platform=view.platform,
        order_ref=view.order_ref,
        shipped_at=view.shipped_at or _EPOCH,
        shipped_weight_g=view.shipped_weight_g,
        risk_level=view.risk_level,
        lines=view.lines,
        currency=view.currency,
        seal_ids=view.seal_ids,
    )


def claimed_return(view: ReturnView | None) -> ClaimedReturn | None:
    """The core's picture of a return request."""
    if view is None:
        return None
    return ClaimedReturn(
        rma_ref=view.rma_ref,
        requested_at=view.requested_at or _EPOCH,
        reason_code=claim_code(view.reason_code) or claim_code(view.reason_text),
        reason_text=view.reason_text,
        refund_minor=view.refund_minor,
        freight_insurance=view.freight_insurance,
        lines=view.lines,
    )


def parcel_expected_weight(
    shipment: ShipmentView, claim: ReturnView | None, policy: Policy
) -> ExpectedWeight:
    """What the returned parcel should weigh: the whole shipment, or only the lines returned."""
    parcel = shipped_parcel(shipment)
    covered = None
    if claim is not None and claim.lines:
        covered, _unknown = requested_lines(parcel.lines, claim.lines)
    return expected_weight(parcel, policy, lines=covered)


def buyer_history(
    session: Session,
    shipment: Shipment | ShipmentView | Row[Any],
    policy: Policy,
    *,
    exclude_return_id: int | None = None,
    exclude_inspection_id: int | None = None,
    now: datetime | None = None,
) -> BuyerHistoryView:
    """The buyer's other returns and rejects on this platform within the policy's window."""
    days = policy.repeat_returner.days
    since = (now or datetime.now(UTC)) - timedelta(days=days)
    returns, rejects = queries.buyer_history(
        session,
        platform=shipment.platform,
        buyer_ref=shipment.buyer_ref,
        since=since,
        exclude_return_id=exclude_return_id,
        exclude_inspection_id=exclude_inspection_id,
    )
    return BuyerHistoryView(returns=returns, rejects=rejects, window_days=days)


def parcel_view(
    session: Session, found: FoundParcel, policy: Policy, evidence_dir: Path
) -> ParcelView:
    """Everything ``lookup`` shows about a parcel."""
    shipment = shipment_view(session, found.shipment, evidence_dir)
    claim = return_view(session, found.return_request) if found.return_request else None
    weight = parcel_expected_weight(shipment, claim, policy)
    history = buyer_history(
        session,
        found.shipment,
        policy,
        exclude_return_id=claim.return_id if claim else None,
    )
    return ParcelView(
        shipment=shipment,
        return_request=claim,
        buyer_history=history,
        expected_weight_g=weight.grams,
        expected_weight_source=weight.source,
        matched_by=found.matched_by,
    )
