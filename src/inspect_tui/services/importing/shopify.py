"""Shopify's own exports: "Export orders" and "Export products" CSV files.

The order export has one row per line item, with the order-level columns (Name, Email,
Financial Status, …, Risk Level) filled only on an order's first row. It carries no weights
and no tracking numbers: the expected weight comes from the catalog's unit weights, so
``shipped_weight_g`` stays unknown. Cancelled orders are skipped, and so are line items that do
not ship (``Lineitem requires shipping`` = false: gift cards, tips).

The product export has one row per variant (and extra rows for images); the product's Title is
on its first row only. Variants are the catalog items: SKU, grams and barcode.
"""

from __future__ import annotations

from datetime import tzinfo

from inspect_tui.core.translation import _
from inspect_tui.services.importing.layout import Layout
from inspect_tui.services.importing.products import Catalog
from inspect_tui.services.importing.reading import Table
from inspect_tui.services.importing.records import Batch
from inspect_tui.services.importing.shipments import RowHooks, read_shipments
from inspect_tui.services.importing.validation import Problems

DATE_FORMATS = ("%Y-%m-%d %H:%M:%S %z", "%Y-%m-%d %H:%M:%S")
"""Shopify writes times like '2024-11-20 14:03:27 +0800'."""


def orders_layout(zone: tzinfo) -> Layout:
    """Where Shopify's order export keeps each generic shipment field."""
    return Layout(
        columns={
            "order_ref": ("Name",),
            "buyer_ref": ("Email",),
            "buyer_name": ("Billing Name", "Shipping Name"),
            "shipped_at": ("Fulfilled at",),
            "risk_level": ("Risk Level",),
            "currency": ("Currency",),
            "sku": ("Lineitem sku",),
            "title": ("Lineitem name",),
            "qty": ("Lineitem quantity",),
            "unit_price": ("Lineitem price",),
        },
        defaults={"platform": "shopify"},
        formats={"shipped_at": DATE_FORMATS},
        zone=zone,
        source="Shopify's order export",
    )


def read_orders(table: Table, problems: Problems, batch: Batch, zone: tzinfo) -> None:
    """Shipments from a Shopify order export."""
    bound = orders_layout(zone).bind(table.header)
    name = _position(table, "Name")
    cancelled_at = _position(table, "Cancelled at")
    requires_shipping = _position(table, "Lineitem requires shipping")
    cancelled: set[str] = set()

    def skip_order(cells: list[str]) -> bool:
        if name is None or cancelled_at is None:
            return False
        if cells[cancelled_at]:
            cancelled.add(cells[name])
        return cells[name] in cancelled

    def skip_line(cells: list[str]) -> bool:
        return requires_shipping is not None and cells[requires_shipping].casefold() == "false"

    hooks = RowHooks(skip_row=skip_order, skip_line=skip_line)
    read_shipments(table, bound, problems, batch, hooks)


def products_layout(zone: tzinfo) -> Layout:
    """Where Shopify's product export keeps each catalog field."""
    return Layout(
        columns={
            "sku": ("Variant SKU",),
            "title": ("Title",),
            "unit_weight_g": ("Variant Grams",),
            "gtin": ("Variant Barcode",),
            "handle": ("Handle",),
            "options": ("Option1 Value", "Option2 Value", "Option3 Value"),
        },
        joins={"options": " / "},
        zone=zone,
        source="Shopify's product export",
    )


def read_products(table: Table, problems: Problems, batch: Batch, zone: tzinfo) -> None:
    """Catalog items from a Shopify product export: one per variant with a SKU."""
    bound = products_layout(zone).bind(table.header)
    for column in ("handle", "sku"):
        if column not in bound.index:
            problems.add(
                table.header_line,
                bound.label(column),
                _(
                    "column not found; expected Shopify's product export header "
                    "(Handle, Title, …, Variant SKU, Variant Grams, …, Variant Barcode)"
                ),
            )
    if problems:
        return
    catalog = Catalog(("gtin", "title", "unit_weight_g"), bound, problems, batch)
    cells_of = bound.extractor(("handle", "title", "sku", "unit_weight_g", "gtin", "options"))
    titles: dict[str, str] = {}
    for line, cells in bound.fitted(table.rows, problems):
        handle, title, sku, grams, barcode, options = cells_of(cells)
        if title:
            titles.setdefault(handle, title)
        if not sku:
            batch.skipped += 1  # an image row, or a variant without a SKU
            continue
        batch.rows += 1
        title_text = _variant_title(titles.get(handle, handle), options)
        catalog.add(line, sku, (barcode, title_text, grams))
    catalog.hand_over()


def _variant_title(title: str, options: str) -> str:
    if not options or options == "Default Title":
        return title
    return f"{title} — {options}"


def _position(table: Table, column: str) -> int | None:
    folded = [cell.casefold() for cell in table.header]
    return folded.index(column.casefold()) if column.casefold() in folded else None
