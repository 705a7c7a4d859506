"""The facts a parcel was judged against, frozen on the inspection when it is decided.

A re-import may correct a shipment or a return (a serial, a weight, the buyer). While the
parcel is on the bench the clerk works with the facts as they stand; when the clerk decides,
the shipment and return the decision rests on are written to ``inspection.facts``, and from
then on the inspection, its findings, the supervisor's detail and the evidence pack are read
against that snapshot, never against the rows a later import changed. Deciding again (after
a supervisor reopens the parcel) takes a fresh snapshot.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from inspect_tui.services.shared.views import EvidenceView, LineView, ReturnView, ShipmentView

VERSION = 1


def freeze(
    shipment: ShipmentView | None, claim: ReturnView | None, evidence_dir: Path
) -> dict[str, Any]:
    """The JSON kept on the inspection: the shipment (lines, photos) and the return."""
    return {
        "version": VERSION,
        "shipment": _shipment(shipment, evidence_dir) if shipment else None,
        "return": _return(claim) if claim else None,
    }


def thaw(
    facts: dict[str, Any], evidence_dir: Path
) -> tuple[ShipmentView | None, ReturnView | None]:
    """The shipment and return views of a snapshot written by :func:`freeze`."""
    shipment = facts.get("shipment")
    claim = facts.get("return")
    return (
        _shipment_view(shipment, evidence_dir) if shipment else None,
        _return_view(claim) if claim else None,
    )


def _when(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _parse(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _shipment(view: ShipmentView, evidence_dir: Path) -> dict[str, Any]:
    return {
        "shipment_id": view.shipment_id,
        "platform": view.platform,
        "order_ref": view.order_ref,
        "package_ref": view.package_ref,
        "buyer_ref": view.buyer_ref,
        "buyer_name": view.buyer_name,
        "shipped_at": _when(view.shipped_at),
        "carrier": view.carrier,
        "tracking_out": view.tracking_out,
        "shipped_weight_g": view.shipped_weight_g,
        "risk_level": view.risk_level,
        "currency": view.currency,
        "seal_ids": list(view.seal_ids),
        "lines": [
            {
                "line_no": line.line_no,
                "sku": line.sku,
                "title": line.title,
                "qty": line.qty,
                "gtin": line.gtin,
                "serials": list(line.serials),
                "components": list(line.components),
                "unit_price_minor": line.unit_price_minor,
                "unit_weight_g": line.unit_weight_g,
            }
            for line in view.lines
        ],
        "photos": [_photo(photo, evidence_dir) for photo in view.photos],
    }


def _photo(photo: EvidenceView, evidence_dir: Path) -> dict[str, Any]:
    try:
        stored = photo.path.relative_to(evidence_dir).as_posix()
    except ValueError:
        stored = str(photo.path)
    return {
        "evidence_id": photo.evidence_id,
        "kind": photo.kind,
        "stored_path": stored,
        "sha256": photo.sha256,
        "bytes": photo.bytes,
        "original_name": photo.original_name,
        "captured_at": _when(photo.captured_at),
    }


def _return(view: ReturnView) -> dict[str, Any]:
    return {
        "return_id": view.return_id,
        "rma_ref": view.rma_ref,
        "tracking_return": view.tracking_return,
        "carrier_return": view.carrier_return,
        "requested_at": _when(view.requested_at),
        "reason_code": view.reason_code,
        "reason_text": view.reason_text,
        "refund_minor": view.refund_minor,
        "freight_insurance": view.freight_insurance,
        "lines": [[sku, qty] for sku, qty in view.lines],
    }


def _shipment_view(data: dict[str, Any], evidence_dir: Path) -> ShipmentView:
    return ShipmentView(
        shipment_id=int(data["shipment_id"]),
        platform=data["platform"],
        order_ref=data["order_ref"],
        package_ref=data["package_ref"],
        buyer_ref=data["buyer_ref"],
        buyer_name=data["buyer_name"],
        shipped_at=_parse(data["shipped_at"]),
        carrier=data["carrier"],
        tracking_out=data["tracking_out"],
        shipped_weight_g=data["shipped_weight_g"],
        risk_level=data["risk_level"],
        currency=data["currency"],
        seal_ids=tuple(data["seal_ids"]),
        lines=tuple(
            LineView(
                line_no=line["line_no"],
                sku=line["sku"],
                title=line["title"],
                qty=line["qty"],
                gtin=line["gtin"],
                serials=tuple(line["serials"]),
                components=tuple(line["components"]),
                unit_price_minor=line["unit_price_minor"],
                unit_weight_g=line["unit_weight_g"],
            )
            for line in data["lines"]
        ),
        photos=tuple(
            EvidenceView(
                evidence_id=photo["evidence_id"],
                kind=photo["kind"],
                path=evidence_dir / photo["stored_path"],
                sha256=photo["sha256"],
                bytes=photo["bytes"],
                original_name=photo["original_name"],
                captured_at=_parse(photo["captured_at"]),
            )
            for photo in data["photos"]
        ),
    )


def _return_view(data: dict[str, Any]) -> ReturnView:
    return ReturnView(
        return_id=int(data["return_id"]),
        rma_ref=data["rma_ref"],
        tracking_return=data["tracking_return"],
        carrier_return=data["carrier_return"],
        requested_at=_parse(data["requested_at"]),
        reason_code=data["reason_code"],
        reason_text=data["reason_text"],
        refund_minor=data["refund_minor"],
        freight_insurance=bool(data["freight_insurance"]),
        lines=tuple((str(sku), int(qty)) for sku, qty in data["lines"]),
    )
