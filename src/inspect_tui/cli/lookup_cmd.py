"""``inspect-tui lookup``: which shipment and return a parcel identifier belongs to."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Annotated, Any

import typer

from inspect_tui.cli.common import load_policy_or_fail, store
from inspect_tui.cli.root import EXIT_NOT_FOUND, app, fail, settings
from inspect_tui.core.translation import N_
from inspect_tui.core.words import counted

if TYPE_CHECKING:  # the views load with the command, not on every start-up
    from inspect_tui.services.shared.views import ParcelView


@app.command("lookup", help=N_("Find the parcel by any identifier it could carry."))
def lookup(
    ctx: typer.Context,
    code: Annotated[
        str,
        typer.Argument(
            help=N_("Return tracking, RMA, order ref, outbound tracking or package ref.")
        ),
    ],
    as_json: Annotated[bool, typer.Option("--json", help=N_("Print one JSON object."))] = False,
) -> None:
    from inspect_tui.services.records.lookup import lookup_parcel
    from inspect_tui.services.shared.errors import DeskError, ParcelNotFound

    current = settings(ctx)
    policy = load_policy_or_fail(current)
    engine = store(current)
    try:
        view = lookup_parcel(engine, code, policy, current.evidence_dir)
    except ParcelNotFound:
        fail(f"no shipment or return found for {code!r}", EXIT_NOT_FOUND)
    except DeskError as error:
        fail(str(error), EXIT_NOT_FOUND)
    finally:
        engine.dispose()
    if as_json:
        typer.echo(json.dumps(lookup_json(view), ensure_ascii=False, indent=2))
    else:
        typer.echo(lookup_text(view))


def lookup_json(view: ParcelView) -> dict[str, Any]:
    """The JSON object ``lookup --json`` prints."""
    from inspect_tui.services.shared.views import to_json

    shipment = view.shipment
    claim = view.return_request
    return {
        "matched_by": view.matched_by,
        "shipment": {
            "order_ref": shipment.order_ref,
            "platform": shipment.platform,
            "buyer_ref": shipment.buyer_ref,
            "buyer_name": shipment.buyer_name,
            "shipped_at": to_json(shipment.shipped_at),
            "carrier": shipment.carrier,
            "tracking_out": shipment.tracking_out,
            "package_ref": shipment.package_ref,
            "shipped_weight_g": shipment.shipped_weight_g,
            "expected_weight_g": view.expected_weight_g,
            "expected_weight_source": view.expected_weight_source,
            "risk_level": shipment.risk_level,
            "seal_ids": list(shipment.seal_ids),
            "photos": [
                {"kind": p.kind, "sha256": p.sha256, "name": p.original_name}
                for p in shipment.photos
            ],
            "lines": [
                {
                    "line_no": line.line_no,
                    "sku": line.sku,
                    "title": line.title,
                    "qty": line.qty,
                    "serials": list(line.serials),
                    "gtin": line.gtin,
                    "components": list(line.components),
                    "unit_price_minor": line.unit_price_minor,
                }
                for line in shipment.lines
            ],
        },
        "return": None
        if claim is None
        else {
            "rma_ref": claim.rma_ref,
            "tracking_return": claim.tracking_return,
            "carrier_return": claim.carrier_return,
            "requested_at": to_json(claim.requested_at),
            "reason_code": claim.reason_code,
            "reason_text": claim.reason_text,
            "refund_minor": claim.refund_minor,
            "freight_insurance": claim.freight_insurance,
            "lines": [{"sku": sku, "qty": qty} for sku, qty in claim.lines],
        },
        "buyer_history": {
            "returns": view.buyer_history.returns,
            "rejects": view.buyer_history.rejects,
            "window_days": view.buyer_history.window_days,
        },
    }


def lookup_text(view: ParcelView) -> str:
    """A short human summary of a lookup."""
    s = view.shipment
    out = [
        f"Order {s.order_ref} on {s.platform} (found by {view.matched_by})",
        f"Buyer: {s.buyer_name} <{s.buyer_ref}>  risk: {s.risk_level}",
        f"Shipped: {s.shipped_at:%Y-%m-%d %H:%M} UTC by {s.carrier} {s.tracking_out or ''}"
        if s.shipped_at
        else f"Carrier: {s.carrier} {s.tracking_out or ''}",
        f"Expected weight: {view.expected_weight_g or '?'} g ({view.expected_weight_source})",
    ]
    for line in s.lines:
        serials = f"  serials {', '.join(line.serials)}" if line.serials else ""
        out.append(f"  {line.line_no}. {line.sku} × {line.qty}  {line.title}{serials}")
    if view.return_request:
        r = view.return_request
        out.append(f"Return {r.rma_ref}: {r.reason_code or '-'} {r.reason_text}".rstrip())
    else:
        out.append("No return request on file.")
    h = view.buyer_history
    out.append(
        f"Buyer history: {counted(h.returns, 'other return')}, {counted(h.rejects, 'reject')}"
    )
    return "\n".join(out)
