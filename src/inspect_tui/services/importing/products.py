"""Reading catalog rows (one per SKU) into product records."""

from __future__ import annotations

from typing import Any

from inspect_tui.core.translation import N_, _
from inspect_tui.services.importing.convert import convert_cells, converter, required_text
from inspect_tui.services.importing.header import check_header
from inspect_tui.services.importing.layout import PRODUCT_FIELDS, BoundLayout
from inspect_tui.services.importing.reading import Table
from inspect_tui.services.importing.records import Batch, ProductRecord
from inspect_tui.services.importing.validation import Problems
from inspect_tui.services.importing.values import key

VALUE_FIELDS = tuple(name for name in PRODUCT_FIELDS if name != "sku")


def read_products(table: Table, bound: BoundLayout, problems: Problems, batch: Batch) -> None:
    """Add the products of ``table`` to ``batch``; a SKU may appear only once."""
    if not check_header(table, bound, "products", problems):
        return
    fields = tuple(name for name in VALUE_FIELDS if bound.has(name))
    batch.present["product"] = frozenset(fields)
    batch.labels["sku"] = bound.label("sku")
    convert = {name: converter(name, bound.layout) for name in fields}
    sku_cell = bound.extractor(("sku",))
    value_cells = bound.extractor(fields)
    seen: dict[str, int] = {}
    for line, cells in bound.fitted(table.rows, problems):
        batch.rows += 1
        add_product(
            line,
            sku_cell(cells)[0],
            dict(zip(fields, value_cells(cells), strict=True)),
            bound,
            problems,
            batch,
            seen,
            convert,
        )
    hand_over_products(batch, seen)


def add_product(
    line: int,
    sku: str,
    texts: dict[str, str],
    bound: BoundLayout,
    problems: Problems,
    batch: Batch,
    seen: dict[str, int],
    convert: dict[str, Any],
) -> None:
    """Check one product's cells and add it to ``batch`` (shared with the Shopify reader)."""
    sku_key = key(sku)
    blank = N_("blank; expected the product's SKU")
    usable = required_text(line, "sku", sku, blank, bound, problems)
    if usable and sku_key in seen:
        problems.add(
            line,
            bound.label("sku"),
            _("'{sku}' is also on line {line}; expected each SKU once").format(
                sku=sku, line=seen[sku_key]
            ),
        )
        usable = False
    if usable:
        seen[sku_key] = line
    values = convert_cells(texts.items(), convert, line, bound, problems)
    if usable:
        batch.products.append(ProductRecord(line, sku, sku_key, values))
        sink = batch.product_sink
        if sink is not None and len(batch.products) >= sink.chunk:
            hand_over_products(batch, seen)


def hand_over_products(batch: Batch, seen: dict[str, int]) -> None:
    """Give the products read so far to the batch's sink, if it has one, and forget them.

    The sink finds SKUs repeated across chunks; ``seen`` only keeps those of the chunk.
    """
    if batch.product_sink is not None and batch.products:
        batch.product_sink.take(batch.products)
        batch.products = []
        seen.clear()
