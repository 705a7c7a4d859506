"""Where each generic field sits in a file: the one idea shared by every import format.

The generic format names its columns after the fields; Shopify, TikTok Shop and mapping files
name them otherwise. A ``Layout`` says which header(s) hold each field, with the date formats,
units, defaults and time zone that go with them; bound to a file's header it becomes a
``BoundLayout`` that pulls a row's cells for a group of fields in one C-level call.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, tzinfo
from operator import itemgetter

from inspect_tui.core.translation import _
from inspect_tui.services.importing.records import Kind
from inspect_tui.services.importing.validation import Problems

PRODUCT_FIELDS = ("sku", "gtin", "title", "unit_weight_g", "serialized", "components")
SHIPMENT_ORDER_FIELDS = (
    "platform",
    "buyer_ref",
    "buyer_name",
    "shipped_at",
    "carrier",
    "tracking_out",
    "shipped_weight_g",
    "risk_level",
    "package_ref",
    "currency",
)
SHIPMENT_LINE_FIELDS = (
    "sku",
    "title",
    "qty",
    "serials",
    "unit_price",
    "gtin",
    "photos",
    "seal_ids",
    "ordered_sku",
)
SHIPMENT_FIELDS = ("order_ref", *SHIPMENT_ORDER_FIELDS, *SHIPMENT_LINE_FIELDS)
RETURN_ORDER_FIELDS = (
    "order_ref",
    "platform",
    "tracking_return",
    "carrier_return",
    "requested_at",
    "reason_code",
    "reason_text",
    "refund_total",
    "freight_insurance",
)
RETURN_LINE_FIELDS = ("sku", "qty", "refund_amount")
"""A returns row's own line: the SKU returned, how many, and that line's refund."""
RETURN_FIELDS = ("rma_ref", *RETURN_ORDER_FIELDS, *RETURN_LINE_FIELDS)

FIELDS: dict[Kind, tuple[str, ...]] = {
    "products": PRODUCT_FIELDS,
    "shipments": SHIPMENT_FIELDS,
    "returns": RETURN_FIELDS,
}
REQUIRED: dict[Kind, tuple[str, ...]] = {
    "products": ("sku",),
    "shipments": ("order_ref", "sku", "qty"),
    "returns": ("rma_ref", "order_ref"),
}
DATE_FIELDS = frozenset({"shipped_at", "requested_at"})
WEIGHT_FIELDS = frozenset({"shipped_weight_g", "unit_weight_g"})
MONEY_FIELDS = frozenset({"unit_price", "refund_amount", "refund_total"})
LIST_FIELDS = frozenset({"serials", "photos", "seal_ids", "components"})


def header_name(text: str) -> str:
    """A header cell folded for matching: 'Order Ref ' -> 'order_ref'."""
    return re.sub(r"[\s\-]+", "_", text.strip().casefold())


@dataclass(frozen=True, slots=True)
class Layout:
    """How one file layout carries the generic fields.

    Attributes:
        columns: Field -> header names holding it; the first non-blank cell wins.
        joins: Fields whose non-blank cells are joined with this text instead.
        defaults: Field -> text used when the file leaves it blank or lacks the column.
        formats: Date field -> strptime patterns tried before ISO 8601.
        units: Weight field -> g/kg/lb/oz; money field -> major/minor.
        zone: Time zone of timestamps written without one.
        list_separator: Separator inside list cells (serials, photos, seal ids, components).
        strip_chars: Extra characters trimmed from every cell (besides whitespace).
        source: What the layout came from, for messages ('generic', a mapping file, ...).
    """

    columns: dict[str, tuple[str, ...]]
    joins: dict[str, str] = field(default_factory=dict)
    defaults: dict[str, str] = field(default_factory=dict)
    formats: dict[str, tuple[str, ...]] = field(default_factory=dict)
    units: dict[str, str] = field(default_factory=dict)
    zone: tzinfo = UTC
    list_separator: str = ";"
    strip_chars: str = ""
    source: str = "generic"

    def bind(self, header: list[str], *, fold: Callable[[str], str] = header_name) -> BoundLayout:
        """Find each field's columns in ``header`` (matched after ``fold`` on both sides)."""
        positions: dict[str, int] = {}
        for position, name in enumerate(header):
            positions.setdefault(fold(name), position)
        index: dict[str, tuple[int, ...]] = {}
        labels: dict[str, str] = {}
        for name, wanted in self.columns.items():
            found = tuple(positions[fold(c)] for c in wanted if fold(c) in positions)
            if found:
                index[name] = found
                labels[name] = header[found[0]]
            else:
                labels[name] = wanted[0] if wanted else name
        return BoundLayout(self, header, index, labels)


@dataclass(slots=True)
class BoundLayout:
    """A layout matched against one file's header."""

    layout: Layout
    header: list[str]
    index: dict[str, tuple[int, ...]]
    labels: dict[str, str]

    @property
    def width(self) -> int:
        """Number of header cells."""
        return len(self.header)

    def has(self, name: str) -> bool:
        """True when the file has a column for ``name`` or the layout gives it a default."""
        return name in self.index or name in self.layout.defaults

    def label(self, name: str) -> str:
        """The column a field comes from, as the file names it (for error messages)."""
        return self.labels.get(name, name)

    def missing(self, names: Iterable[str]) -> list[str]:
        """Those of ``names`` this file neither has a column for nor a default."""
        return [name for name in names if not self.has(name)]

    def present(self, names: Iterable[str]) -> frozenset[str]:
        """Those of ``names`` this file provides."""
        return frozenset(name for name in names if self.has(name))

    def fit(self, cells: list[str]) -> bool:
        """Bring a row to the header's width plus one blank cell; False if cells were lost.

        The extra blank cell is where absent fields read from. A row with non-blank cells
        beyond the header usually means an unquoted comma, which the caller reports.
        """
        width = len(self.header)
        count = len(cells)
        intact = True
        if count < width:
            cells.extend([""] * (width - count))
        elif count > width:
            intact = not any(cells[width:])
            del cells[width:]
        cells.append("")
        strip = self.layout.strip_chars
        if strip:
            cells[:] = [cell.strip(strip).strip() for cell in cells]
        return intact

    def fitted(
        self, rows: Iterable[tuple[int, list[str]]], problems: Problems
    ) -> Iterator[tuple[int, list[str]]]:
        """The rows brought to the header's width (``fit``); one that lost cells is reported.

        Every reader of an import file takes its rows through here, so a row with more cells
        than the header is refused in the same words whatever the file holds.
        """
        width = len(self.header)
        plain = not self.layout.strip_chars
        for line, cells in rows:
            if plain and len(cells) == width:  # the ordinary row: only the blank cell to add
                cells.append("")
                yield line, cells
            elif self.fit(cells):
                yield line, cells
            else:
                problems.add(
                    line,
                    "",
                    _(
                        "the row has more cells than the header ({width}); "
                        "is a comma inside a cell missing its quotes?"
                    ).format(width=self.width),
                )

    def extractor(
        self, names: tuple[str, ...], *, defaults: bool = True
    ) -> Callable[[list[str]], tuple[str, ...]]:
        """A function giving a fitted row's cells for ``names``, joins (and defaults) applied."""
        width = len(self.header)
        given = self.layout.defaults if defaults else {}
        indexes = [self.index.get(name, (width,))[0] for name in names]
        if not indexes:
            return lambda cells: ()
        # With one name itemgetter returns a bare cell; the trailing blank keeps it a tuple.
        single = len(indexes) == 1
        getter = itemgetter(*indexes, width) if single else itemgetter(*indexes)
        fixes = [
            (position, self.index.get(name, ()), self.layout.joins.get(name), given.get(name, ""))
            for position, name in enumerate(names)
            if len(self.index.get(name, ())) > 1 or given.get(name)
        ]
        if not fixes:
            if single:
                return lambda cells: getter(cells)[:-1]
            return getter

        def extract(cells: list[str]) -> tuple[str, ...]:
            found = getter(cells)
            values = list(found[:-1] if single else found)
            for position, columns, joiner, default in fixes:
                if joiner is not None:
                    values[position] = joiner.join(cells[c] for c in columns if cells[c])
                elif not values[position]:
                    values[position] = next((cells[c] for c in columns if cells[c]), "")
                if not values[position]:
                    values[position] = default
            return tuple(values)

        return extract


def generic_layout(kind: Kind, zone: tzinfo) -> Layout:
    """The generic format: each column is named after its field."""
    return Layout(columns={name: (name,) for name in FIELDS[kind]}, zone=zone)
