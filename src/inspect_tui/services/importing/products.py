"""Reading catalog rows (one per SKU) into product records."""

from __future__ import annotations

import sys

from inspect_tui.core.translation import N_, _
from inspect_tui.services.importing.convert import (
    MAX_LENGTH,
    RowConverter,
    converter,
    required_text,
)
from inspect_tui.services.importing.header import check_header
from inspect_tui.services.importing.layout import PRODUCT_FIELDS, BoundLayout
from inspect_tui.services.importing.reading import Table
from inspect_tui.services.importing.records import Batch, ProductRecord
from inspect_tui.services.importing.validation import Problems
from inspect_tui.services.importing.values import BadValue, key

VALUE_FIELDS = tuple(name for name in PRODUCT_FIELDS if name != "sku")
LONGEST_SKU = MAX_LENGTH["sku"]


def read_products(table: Table, bound: BoundLayout, problems: Problems, batch: Batch) -> None:
    """Add the products of ``table`` to ``batch``; a SKU may appear only once."""
    if not check_header(table, bound, "products", problems):
        return
    fields = tuple(name for name in VALUE_FIELDS if bound.has(name))
    catalog = Catalog(fields, bound, problems, batch)
    cells_of = bound.extractor(("sku", *fields))
    add = catalog.add
    for line, cells in bound.fitted(table.rows, problems):
        batch.rows += 1
        texts = cells_of(cells)
        add(line, texts[0], texts[1:])
    catalog.hand_over()


class Catalog:
    """Checks a file's products one by one and gathers them in ``batch`` (generic and Shopify).

    Attributes:
        fields: The product fields the file has, in the order ``add`` takes their texts.
        seen: SKU key -> its line, for the products of the chunk not yet handed over (the sink
            finds SKUs repeated across chunks).
    """

    def __init__(
        self, fields: tuple[str, ...], bound: BoundLayout, problems: Problems, batch: Batch
    ) -> None:
        batch.present["product"] = frozenset(fields)
        batch.labels["sku"] = bound.label("sku")
        self.fields = fields
        self.bound = bound
        self.problems = problems
        self.batch = batch
        self.seen: dict[str, int] = {}
        convert = {name: converter(name, bound.layout, cache=name != "gtin") for name in fields}
        self.row = RowConverter(fields, convert)
        self.fast = self.row.fast
        sink = batch.product_sink
        self.chunk = sink.chunk if sink is not None else sys.maxsize
        """Products gathered before they are handed over (without a sink: never)."""

    def add(self, line: int, sku: str, texts: tuple[str, ...]) -> None:
        """Check one product's SKU and cells (``texts``, in ``fields`` order) and gather it."""
        sku_key = key(sku)
        seen = self.seen
        if sku and len(sku) <= LONGEST_SKU and sku_key not in seen:
            seen[sku_key] = line
            try:
                values = self.fast(texts)
            except BadValue:
                values = self.row.reported(texts, line, self.bound, self.problems)
            products = self.batch.products
            products.append(ProductRecord(line, sku, sku_key, values))
            if len(products) >= self.chunk:
                self.hand_over()
            return
        self._refuse_sku(line, sku, sku_key)
        self.row.values(texts, line, self.bound, self.problems)

    def _refuse_sku(self, line: int, sku: str, sku_key: str) -> None:
        blank = N_("blank; expected the product's SKU")
        if required_text(line, "sku", sku, blank, self.bound, self.problems):
            self.problems.add(
                line,
                self.bound.label("sku"),
                _("'{sku}' is also on line {line}; expected each SKU once").format(
                    sku=sku, line=self.seen[sku_key]
                ),
            )

    def hand_over(self) -> None:
        """Give the products gathered so far to the batch's sink, if it has one, and forget them.

        The sink finds SKUs repeated across chunks; ``seen`` only keeps those of the chunk.
        """
        batch = self.batch
        if batch.product_sink is not None and batch.products:
            batch.product_sink.take(batch.products)
            batch.products = []
            self.seen.clear()
