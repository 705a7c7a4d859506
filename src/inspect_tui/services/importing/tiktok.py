"""TikTok Shop's order export: shipments, and the returns recorded on the same rows.

One row per SKU of an order. IDs are often written with a leading tab or quote so spreadsheets
keep them as text (``\\t576461413038785752``): that is trimmed. Some exports carry a second row
describing each column; it is skipped, as are unpaid and cancelled orders. ``Weight(kg)`` is
the package weight, stored in grams. A row with ``Sku Quantity of return`` above zero also
makes a return request ``TT-RET-<Order ID>``, its reason from ``Cancelation/Return Type`` and
its refund from ``Order Refund Amount``. The export names no currency: amounts are taken as
USD (TikTok Shop's US marketplace).
"""

from __future__ import annotations

from datetime import tzinfo

from inspect_tui.services.importing.convert import MAX_LENGTH, converter, parse_reason_code
from inspect_tui.services.importing.layout import Layout
from inspect_tui.services.importing.reading import Table
from inspect_tui.services.importing.records import Batch, ReturnRecord, ShipmentRecord
from inspect_tui.services.importing.returns import add_return_line
from inspect_tui.services.importing.shipments import RowHooks, read_shipments
from inspect_tui.services.importing.validation import Problems
from inspect_tui.services.importing.values import BadValue, key, parse_count

DATE_FORMATS = ("%m/%d/%Y %I:%M:%S %p", "%m/%d/%Y %H:%M:%S", "%Y/%m/%d %H:%M:%S")
"""TikTok Shop writes times like '11/20/2024 02:03:27 PM' (sometimes ISO)."""
SKIPPED_STATUSES = frozenset({"unpaid", "cancelled", "canceled"})
RMA_PREFIX = "TT-RET-"


def orders_layout(zone: tzinfo) -> Layout:
    """Where TikTok Shop's order export keeps each generic shipment field."""
    return Layout(
        columns={
            "order_ref": ("Order ID",),
            "buyer_ref": ("Buyer Username",),
            "buyer_name": ("Recipient",),
            "shipped_at": ("Shipped Time",),
            "carrier": ("Shipping Provider Name",),
            "tracking_out": ("Tracking ID",),
            "shipped_weight_g": ("Weight(kg)",),
            "package_ref": ("Package ID",),
            "sku": ("Seller SKU", "SKU ID"),
            "title": ("Product Name", "Variation"),
            "qty": ("Quantity",),
            "unit_price": ("SKU Unit Original Price",),
            "return_qty": ("Sku Quantity of return",),
            "return_type": ("Cancelation/Return Type",),
            "refund_amount": ("Order Refund Amount",),
            "status": ("Order Status",),
        },
        joins={"title": " — "},
        defaults={"platform": "tiktok", "currency": "USD"},
        formats={"shipped_at": DATE_FORMATS},
        units={"shipped_weight_g": "kg"},
        zone=zone,
        strip_chars="'\"",
        source="TikTok Shop's order export",
    )


def read_orders(table: Table, problems: Problems, batch: Batch, zone: tzinfo) -> None:
    """Shipments (and their return requests) from a TikTok Shop order export."""
    bound = orders_layout(zone).bind(table.header)
    status_and_id = bound.extractor(("status", "order_ref"))
    return_cells = bound.extractor(("return_qty", "return_type", "refund_amount", "sku"))
    parse_money = converter("refund_amount", bound.layout)
    parse_qty = converter("qty", bound.layout)
    first_row = [True]

    def skip_row(cells: list[str]) -> bool:
        status, order_id = status_and_id(cells)
        describing = first_row[0] and any(ch.isspace() for ch in order_id)
        first_row[0] = False
        return describing or status.casefold() in SKIPPED_STATUSES

    def after_row(line: int, cells: list[str], shipment: ShipmentRecord) -> None:
        qty_text, return_type, refund_text, sku = return_cells(cells)
        try:
            returned = parse_count(qty_text)
        except BadValue as error:
            problems.add(line, bound.label("return_qty"), f"'{qty_text}' {error}")
            return
        if not returned:
            return
        record = _return_of(batch, line, shipment)
        if return_type and "reason_text" not in record.values:
            record.values["reason_text"] = return_type
            try:
                record.values["reason_code"] = parse_reason_code(return_type[:40])
            except BadValue:
                record.values["reason_code"] = None
        if refund_text and "refund_amount" not in record.values:
            try:
                record.values["refund_amount"] = parse_money(refund_text)
            except BadValue as error:
                problems.add(line, bound.label("refund_amount"), f"'{refund_text}' {error}")
        add_return_line(line, record, sku, str(returned), bound, problems, parse_qty)

    # Set first: a streamed import writes each chunk's return requests as it reads the file.
    batch.present["return_request"] = frozenset(
        {"order_ref", "platform", "reason_code", "reason_text", "refund_amount"}
    )
    read_shipments(table, bound, problems, batch, RowHooks(skip_row=skip_row, after_row=after_row))


def _return_of(batch: Batch, line: int, shipment: ShipmentRecord) -> ReturnRecord:
    rma_ref = f"{RMA_PREFIX}{shipment.order_ref}"[: MAX_LENGTH["rma_ref"]]
    rma_key = key(rma_ref)
    record = batch.returns.get(rma_key)
    if record is None:
        record = ReturnRecord(
            line,
            rma_ref,
            rma_key,
            shipment.order_ref,
            shipment.order_key,
            shipment.platform,
            {},
            (),
        )
        batch.returns[rma_key] = record
    return record
