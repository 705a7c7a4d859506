"""Reading shipment rows (one per line item) into shipment records, checking as it goes.

Order-level columns may be blank on an order's later rows, as in Shopify's export; when a later
row does fill one in, it must agree with the first row or it is an error. Lines are numbered
1..n per order in file order. Serials must be unique in the file and match the quantity;
photos must exist. Checks against the store (a serial already shipped on another order) come
later, in ``checks.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from inspect_tui.core.translation import N_, _
from inspect_tui.services.importing.convert import BLANK, MAX_LENGTH, converter, required_text
from inspect_tui.services.importing.header import check_header
from inspect_tui.services.importing.layout import (
    SHIPMENT_LINE_FIELDS,
    SHIPMENT_ORDER_FIELDS,
    BoundLayout,
)
from inspect_tui.services.importing.photos import photo_problem
from inspect_tui.services.importing.reading import Table
from inspect_tui.services.importing.records import (
    Batch,
    LineRecord,
    PhotoRef,
    ShipmentRecord,
)
from inspect_tui.services.importing.validation import Problems
from inspect_tui.services.importing.values import PLATFORMS, BadValue, key

ORDER_VALUE_FIELDS = tuple(name for name in SHIPMENT_ORDER_FIELDS if name != "platform")
SKU_LIMIT = MAX_LENGTH["sku"]
TEXT_POOL_LIMIT = 200_000


class LineCells(NamedTuple):
    """A shipment line's cells as read, in the order of ``SHIPMENT_LINE_FIELDS``."""

    sku: str
    title: str
    qty: str
    serials: str
    unit_price: str
    gtin: str
    photos: str
    seal_ids: str
    ordered_sku: str


@dataclass(frozen=True, slots=True)
class RowHooks:
    """Format-specific steps around the common reading.

    Attributes:
        skip_row: True for a row to ignore entirely (a cancelled order, a description row).
        skip_line: True for a row whose order-level cells count but whose line does not ship
            (a gift card, a tip).
        after_row: Called with each accepted row and its shipment (TikTok reads returns here).
    """

    skip_row: Callable[[list[str]], bool] | None = None
    skip_line: Callable[[list[str]], bool] | None = None
    after_row: Callable[[int, list[str], ShipmentRecord], None] | None = None


def read_shipments(
    table: Table, bound: BoundLayout, problems: Problems, batch: Batch, hooks: RowHooks = RowHooks()
) -> None:
    """Add the shipments of ``table`` to ``batch``, reporting every problem to ``problems``."""
    if not check_header(table, bound, "shipments", problems):
        return
    if not bound.has("platform"):
        problems.add(
            table.header_line,
            "platform",
            _(
                "column missing; every shipment needs the platform it was sold on ({names}): "
                "add the column, or set [defaults] platform in a mapping"
            ).format(names=", ".join(PLATFORMS)),
        )
        return
    batch.labels.update(serials=bound.label("serials"), order_ref=bound.label("order_ref"))
    reader = _ShipmentReader(table, bound, problems, batch, hooks)
    seal_ids = ("seal_ids",) if bound.has("seal_ids") else ()
    batch.present["shipment"] = frozenset(("platform", *reader.order_fields, *seal_ids))
    reader.run()
    if batch.sink is not None:
        reader.hand_over()
    for shipment_key in [k for k, record in batch.shipments.items() if not record.lines]:
        del batch.shipments[shipment_key]  # only lines that do not ship, or lines in error


class _ShipmentReader:
    """One pass over the rows; state kept in attributes, hot values bound to locals in run()."""

    def __init__(
        self, table: Table, bound: BoundLayout, problems: Problems, batch: Batch, hooks: RowHooks
    ) -> None:
        self.table = table
        self.bound = bound
        self.problems = problems
        self.batch = batch
        self.hooks = hooks
        self.order_fields = tuple(name for name in ORDER_VALUE_FIELDS if bound.has(name))
        self.convert: dict[str, Callable[[str], Any]] = {
            name: converter(name, bound.layout)
            for name in ("platform", *self.order_fields, *SHIPMENT_LINE_FIELDS)
        }
        self.order_specs = [
            (name, None if name in MAX_LENGTH else self.convert[name], BLANK.get(name),
             MAX_LENGTH.get(name, 0))
            for name in self.order_fields
        ]  # fmt: skip
        self.separator = bound.layout.list_separator
        self.qty_of: dict[str, int] = {}
        self.texts: dict[str, str] = {}
        self.price_of: dict[str, int] = {"": 0}
        self.default_platform = bound.layout.defaults.get("platform", "")
        self.platforms_by_key: dict[str, list[str]] = {}
        self.serials_seen: dict[str, tuple[int, str]] = {}
        self.photo_found: dict[Path, str] = {}

    def run(self) -> None:
        bound, problems, batch, hooks = self.bound, self.problems, self.batch, self.hooks
        shipments = batch.shipments
        sink = batch.sink
        head = bound.extractor(("order_ref", "platform"), defaults=False)
        order_cells = bound.extractor(self.order_fields)
        line_cells = bound.extractor(SHIPMENT_LINE_FIELDS)
        previous: ShipmentRecord | None = None
        previous_text = ""
        for line, cells in bound.fitted(self.table.rows, problems):
            if hooks.skip_row is not None and hooks.skip_row(cells):
                batch.skipped += 1
                continue
            batch.rows += 1
            order_ref, platform_text = head(cells)
            if not order_ref or len(order_ref) > MAX_LENGTH["order_ref"]:
                blank = N_("blank; expected the order number")
                required_text(line, "order_ref", order_ref, blank, bound, problems)
                self._check_only(line, order_ref, "", platform_text, order_cells, line_cells, cells)
                continue
            # Later rows of an order repeat its reference exactly: no need to fold it again.
            if previous is not None and order_ref == previous.order_ref:
                order_key = previous.order_key
            else:
                order_key = key(order_ref)
            raw = order_cells(cells)
            if (
                previous is not None
                and previous.order_key == order_key
                and (not platform_text or platform_text == previous_text)
            ):
                record = previous
                if raw != record.raw and any(raw):
                    self._merge_order(line, record, raw)
            else:
                platform = self._platform(line, order_key, platform_text)
                if platform is None:
                    self._check_only(line, order_ref, order_key, "", order_cells, line_cells, cells)
                    continue
                found = shipments.get((platform, order_key))
                if found is None:
                    if sink is not None and len(shipments) >= sink.chunk:
                        self.hand_over()
                    record = self._new_order(line, platform, order_ref, order_key, raw)
                    shipments[(platform, order_key)] = record
                else:
                    record = found
                    if raw != record.raw and any(raw):
                        self._merge_order(line, record, raw)
                previous = record
                previous_text = platform_text
            if hooks.skip_line is not None and hooks.skip_line(cells):
                batch.skipped += 1
                continue
            self._add_line(line, record, line_cells(cells))
            if hooks.after_row is not None:
                hooks.after_row(line, cells, record)

    def hand_over(self) -> None:
        """Give the orders read so far to the batch's sink and forget them and their serials.

        Only called between orders, so every order handed over is complete unless its rows
        come back later, which the sink notices.
        """
        assert self.batch.sink is not None
        self.batch.sink.take(self.batch.shipments, self.serials_seen)
        self.batch.shipments.clear()
        self.serials_seen = {}
        self.platforms_by_key = {}

    def _check_only(
        self,
        line: int,
        order_ref: str,
        order_key: str,
        platform_text: str,
        order_cells: Callable[[list[str]], tuple[str, ...]],
        line_cells: Callable[[list[str]], tuple[str, ...]],
        cells: list[str],
    ) -> None:
        """Check the rest of a row whose order cannot be placed, so every problem is listed.

        Nothing is kept: the row's values go to a record that no batch holds.
        """
        if platform_text:
            self._platform(line, order_key, platform_text)
        record = self._new_order(line, "", order_ref, order_key, order_cells(cells))
        if self.hooks.skip_line is None or not self.hooks.skip_line(cells):
            self._add_line_checked(line, record, line_cells(cells))

    def _platform(self, line: int, order_key: str, text: str) -> str | None:
        if not text:
            known = self.platforms_by_key.get(order_key, [])
            if len(known) == 1:
                return known[0]
            sink = self.batch.sink
            if not known and sink is not None and sink.flushed:
                sink.check_unseen(order_key)
            text = self.default_platform
        if not text:
            self.problems.add(
                line,
                self.bound.label("platform"),
                _("blank; expected the platform the order was sold on ({names})").format(
                    names=", ".join(PLATFORMS)
                ),
            )
            return None
        try:
            platform: str = self.convert["platform"](text)
        except BadValue as error:
            self.problems.add(line, self.bound.label("platform"), f"'{text}' {error}")
            return None
        known = self.platforms_by_key.setdefault(order_key, [])
        if platform not in known:
            known.append(platform)
        return platform

    def _new_order(
        self, line: int, platform: str, order_ref: str, order_key: str, raw: tuple[str, ...]
    ) -> ShipmentRecord:
        values: dict[str, Any] = {}
        for (name, convert, blank, limit), text in zip(self.order_specs, raw, strict=True):
            if not text:
                values[name] = blank
            elif convert is None:  # plain text: only its length can be wrong
                if len(text) <= limit:
                    values[name] = text
                else:
                    self.problems.add(
                        line,
                        self.bound.label(name),
                        _("is longer than {limit} characters; expected at most {limit}").format(
                            limit=limit
                        ),
                    )
            else:
                try:
                    values[name] = convert(text)
                except BadValue as error:
                    self.problems.add(line, self.bound.label(name), f"'{text}' {error}")
        return ShipmentRecord(line, platform, order_ref, order_key, values, raw)

    def _merge_order(self, line: int, record: ShipmentRecord, raw: tuple[str, ...]) -> None:
        for position, name in enumerate(self.order_fields):
            text, first = raw[position], record.raw[position]
            if not text or text == first:
                continue
            try:
                value = self.convert[name](text)
            except BadValue as error:
                self.problems.add(line, self.bound.label(name), f"'{text}' {error}")
                continue
            if not first:
                record.values[name] = value
                record.raw = (*record.raw[:position], text, *record.raw[position + 1 :])
            elif name in record.values and value != record.values[name]:
                self.problems.add(
                    line,
                    self.bound.label(name),
                    _(
                        "'{value}' contradicts '{first}' on line {line} for order {order}; "
                        "expected the same value as the order's first row, or blank"
                    ).format(value=text, first=first, line=record.line, order=record.order_ref),
                )

    def _add_line(self, line: int, record: ShipmentRecord, cells: tuple[str, ...]) -> None:
        """Add one line; the common case (known quantity and price, at most one serial, no
        GTIN, photo or seal) is handled inline, everything else by ``_add_line_checked``."""
        (
            sku,
            title,
            qty_text,
            serials_text,
            price_text,
            gtin_text,
            photos_text,
            seals_text,
            ordered,
        ) = cells
        qty = self.qty_of.get(qty_text)
        price = self.price_of.get(price_text)
        if (
            qty is None
            or price is None
            or gtin_text
            or photos_text
            or seals_text
            or not sku
            or len(sku) > SKU_LIMIT
            or len(ordered) > SKU_LIMIT
        ):
            self._add_line_checked(line, record, cells)
            return
        texts = self.texts  # a million lines name a few hundred SKUs and titles: share them
        if len(texts) < TEXT_POOL_LIMIT:
            sku = texts.setdefault(sku, sku)
            title = texts.setdefault(title, title)
        serials: list[str] = []
        if serials_text:
            serial_key = "".join(serials_text.split()).casefold()
            if qty != 1 or self.separator in serials_text or serial_key in self.serials_seen:
                self._add_line_checked(line, record, cells)
                return
            self.serials_seen[serial_key] = (line, record.order_ref)
            serials = [serials_text]
        lines = record.lines
        lines.append(
            LineRecord(line, len(lines) + 1, sku, title, qty, None, price, serials, ordered or None)
        )

    def _add_line_checked(self, line: int, record: ShipmentRecord, row: tuple[str, ...]) -> None:
        cells = LineCells._make(row)
        sku, ordered = cells.sku, cells.ordered_sku
        if len(ordered) > SKU_LIMIT:
            self.problems.add(
                line,
                self.bound.label("ordered_sku"),
                _("is longer than {limit} characters; expected at most {limit}").format(limit=120),
            )
        problems, convert = self.problems, self.convert
        errors_before = problems.total
        blank = N_("blank; expected the SKU of the item shipped")
        required_text(line, "sku", sku, blank, self.bound, problems)
        qty = self.qty_of.get(cells.qty)
        if qty is None:
            qty = self._quantity(line, cells.qty)
        price = self.price_of.get(cells.unit_price)
        if price is None:
            price = self._value(line, "unit_price", cells.unit_price, 0)
            if problems.total == errors_before:
                self.price_of[cells.unit_price] = price
        gtin = self._value(line, "gtin", cells.gtin, None) if cells.gtin else None
        serials: list[str] = convert["serials"](cells.serials) if cells.serials else []
        if serials:
            self._check_serials(line, record, serials, qty)
        if cells.photos:
            self._add_photos(line, record, convert["photos"](cells.photos))
        if cells.seal_ids:
            for seal in convert["seal_ids"](cells.seal_ids):
                if seal not in record.seal_ids:
                    record.seal_ids.append(seal)
        if problems.total == errors_before:
            record.lines.append(
                LineRecord(
                    line,
                    len(record.lines) + 1,
                    sku,
                    cells.title,
                    qty,
                    gtin,
                    price,
                    serials,
                    ordered or None,
                )
            )

    def _quantity(self, line: int, text: str) -> int:
        label = self.bound.label("qty")
        if not text:
            self.problems.add(
                line, label, _("blank; expected how many units were shipped (1 or more)")
            )
            return 0
        try:
            qty: int = self.convert["qty"](text)
        except BadValue as error:
            self.problems.add(line, label, f"'{text}' {error}")
            return 0
        self.qty_of[text] = qty
        return qty

    def _value(self, line: int, name: str, text: str, blank: Any) -> Any:
        if not text:
            return blank
        try:
            return self.convert[name](text)
        except BadValue as error:
            self.problems.add(line, self.bound.label(name), f"'{text}' {error}")
            return blank

    def _check_serials(
        self, line: int, record: ShipmentRecord, serials: list[str], qty: int
    ) -> None:
        label = self.bound.label("serials")
        if qty and len(serials) != qty:
            self.problems.add(
                line,
                label,
                _(
                    "{count} serial(s) for a quantity of {qty}; expected one serial per unit, "
                    "separated by '{separator}'"
                ).format(count=len(serials), qty=qty, separator=self.bound.layout.list_separator),
            )
        for serial in serials:
            serial_key = key(serial)
            seen = self.serials_seen.get(serial_key)
            if seen is not None:
                self.problems.add(
                    line,
                    label,
                    _(
                        "'{serial}' is also on line {line} (order {order}); expected each "
                        "unit's serial once"
                    ).format(serial=serial, line=seen[0], order=seen[1]),
                )
            else:
                self.serials_seen[serial_key] = (line, record.order_ref)

    def _add_photos(self, line: int, record: ShipmentRecord, written: list[str]) -> None:
        for name in written:
            path = self.table.directory / name  # an absolute name stays absolute
            problem = self.photo_found.get(path)
            if problem is None:
                problem = self.photo_found[path] = photo_problem(name, path, self.table.directory)
            if problem:
                self.problems.add(line, self.bound.label("photos"), problem)
            elif all(photo.path != path for photo in record.photos):
                record.photos.append(PhotoRef(line, name, path))
