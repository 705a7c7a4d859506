"""``inspect-tui lookup``: which shipment and return a parcel identifier belongs to."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any

import typer

from inspect_tui.cli.common import load_policy_or_fail, store
from inspect_tui.cli.root import EXIT_NOT_FOUND, app, fail, settings
from inspect_tui.core.display_names import (
    known_reason,
    platform_name,
    reason_name,
    risk_level_name,
)
from inspect_tui.core.translation import N_, SOURCE_LANGUAGE, _, language, ngettext

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
    # Deferred: the store's libraries (SQLAlchemy) load with this command, not with --help.
    from inspect_tui.services.records.lookup import lookup_parcel
    from inspect_tui.services.shared.errors import DeskError, ParcelNotFound

    current = settings(ctx)
    policy = load_policy_or_fail(current)
    engine = store(current)
    try:
        view = lookup_parcel(engine, code, policy, current.evidence_dir)
    except ParcelNotFound:
        fail(_("no shipment or return found for {code!r}").format(code=code), EXIT_NOT_FOUND)
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
    # Deferred: the views and the rules behind them load only for --json.
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
    """A short human summary of a lookup, in the language in use.

    In English the platform and how the parcel was found stay the codes scripts have always
    read (``kuaishou``, ``tracking_return``); in another language they are in words (快手).
    """
    s = view.shipment
    shipped = (
        _("Shipped: {time} UTC by {carrier} {tracking}").format(
            time=f"{s.shipped_at:%Y-%m-%d %H:%M}", carrier=s.carrier, tracking=s.tracking_out or ""
        )
        if s.shipped_at
        else _("Carrier: {carrier} {tracking}").format(
            carrier=s.carrier, tracking=s.tracking_out or ""
        )
    )
    out = [
        _("Order {order} on {platform} (found by {match})").format(
            order=s.order_ref, platform=_worded(s.platform, platform_name), match=_matched(view)
        ),
        _("Buyer: {name} <{account}>  risk: {risk}").format(
            name=s.buyer_name, account=s.buyer_ref, risk=_worded(s.risk_level, risk_level_name)
        ),
        shipped.rstrip(),
        _("Expected weight: {grams} g ({source})").format(
            grams=view.expected_weight_g or "?", source=view.expected_weight_source
        ),
    ]
    for line in s.lines:
        serials = (
            "  " + _("serials {serials}").format(serials=", ".join(line.serials))
            if line.serials
            else ""
        )
        out.append(f"  {line.line_no}. {line.sku} × {line.qty}  {line.title}{serials}")
    if view.return_request:
        r = view.return_request
        reason = r.reason_code or "-"
        if r.reason_code and known_reason(r.reason_code):
            reason = _worded(r.reason_code, reason_name)
        out.append(
            _("Return {rma}: {reason} {text}")
            .format(rma=r.rma_ref, reason=reason, text=r.reason_text)
            .rstrip()
        )
    else:
        out.append(_("No return request on file."))
    h = view.buyer_history
    out.append(
        _("Buyer history: {returns}, {rejects}").format(
            returns=ngettext("{count} other return", "{count} other returns", h.returns).format(
                count=f"{h.returns:,}"
            ),
            rejects=ngettext("{count} reject", "{count} rejects", h.rejects).format(
                count=f"{h.rejects:,}"
            ),
        )
    )
    return "\n".join(out)


MATCHED_BY: dict[str, str] = {
    "tracking_return": N_("return tracking number"),
    "rma_ref": N_("return request"),
    "order_ref": N_("order number"),
    "tracking_out": N_("outbound tracking number"),
    "package_ref": N_("package number"),
}
"""How a parcel was found, in words."""


def _matched(view: ParcelView) -> str:
    words = MATCHED_BY.get(view.matched_by)
    if words is None or language() == SOURCE_LANGUAGE:
        return view.matched_by
    return _(words)


def _worded(code: str, words: Callable[[str], str]) -> str:
    """``code`` in English (what scripts read), in words in another language."""
    return code if language() == SOURCE_LANGUAGE else words(code)
