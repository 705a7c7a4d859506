"""Reading return rows (one per returned line) into return requests.

A return's own columns (its order, tracking, reason, ``refund_total``) may be blank on its
later rows; when filled in they must agree. A row's ``refund_amount`` is that line's refund (as
Taobao refunds each sub-order): the return's refund is the sum of its rows' amounts, unless a
``refund_total`` gives the return-level amount, which the lines may not exceed. The same SKU on
two rows of one return adds up. Whether the order exists is checked against the store later,
in ``checks.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from inspect_tui.core.money import amount_text
from inspect_tui.core.translation import N_, _
from inspect_tui.services.importing.convert import (
    MAX_LENGTH,
    RowConverter,
    converter,
    required_text,
)
from inspect_tui.services.importing.header import check_header
from inspect_tui.services.importing.layout import (
    RETURN_LINE_FIELDS,
    RETURN_ORDER_FIELDS,
    BoundLayout,
)
from inspect_tui.services.importing.reading import Table
from inspect_tui.services.importing.records import Batch, ReturnRecord
from inspect_tui.services.importing.validation import Problems
from inspect_tui.services.importing.values import MAX_MINOR, MAX_QTY, BadValue, key

VALUE_FIELDS = tuple(name for name in RETURN_ORDER_FIELDS if name not in ("order_ref", "platform"))


def read_returns(table: Table, bound: BoundLayout, problems: Problems, batch: Batch) -> None:
    """Add the return requests of ``table`` to ``batch``."""
    if not check_header(table, bound, "returns", problems):
        return
    batch.labels["order_ref"] = bound.label("order_ref")
    fields = ("order_ref", "platform", *(name for name in VALUE_FIELDS if bound.has(name)))
    refunds = bound.has("refund_amount") or bound.has("refund_total")
    batch.present["return_request"] = frozenset((*fields, *(("refund_amount",) if refunds else ())))
    convert = {name: converter(name, bound.layout) for name in (*fields, *RETURN_LINE_FIELDS)}
    request_values = RowConverter(fields[1:], convert)
    rma_cell = bound.extractor(("rma_ref",))
    head_cells = bound.extractor(fields)
    line_cells = bound.extractor(RETURN_LINE_FIELDS)
    sink = batch.return_sink
    for line, cells in bound.fitted(table.rows, problems):
        batch.rows += 1
        rma_ref = rma_cell(cells)[0]
        full = sink is not None and len(batch.returns) >= sink.chunk
        if full and key(rma_ref) not in batch.returns:  # between return requests only
            _hand_over(batch, bound, problems, refunds)
        raw = head_cells(cells)
        record = _request(line, rma_ref, raw, bound, problems, batch, request_values)
        if record is not None:
            sku, qty_text, refund_text = line_cells(cells)
            if refund_text:
                _add_refund(line, record, refund_text, bound, problems, convert["refund_amount"])
            add_return_line(line, record, sku, qty_text, bound, problems, convert["qty"])
    if sink is not None:
        _hand_over(batch, bound, problems, refunds)
    elif refunds:
        for record in batch.returns.values():
            _settle_refund(record, bound, problems)


def _hand_over(batch: Batch, bound: BoundLayout, problems: Problems, refunds: bool) -> None:
    """Settle the refunds of the return requests read so far, give them to the sink, forget them.

    Only called before a row of a return request not yet read, so every request handed over is
    complete unless its rows come back later, which the sink notices.
    """
    assert batch.return_sink is not None
    if refunds:
        for record in batch.returns.values():
            _settle_refund(record, bound, problems)
    if batch.returns:
        batch.return_sink.take(batch.returns)
    batch.returns = {}


def _add_refund(
    line: int,
    record: ReturnRecord,
    text: str,
    bound: BoundLayout,
    problems: Problems,
    parse_money: Callable[[str], int],
) -> None:
    """Add one row's refund to its return's."""
    try:
        amount = parse_money(text)
    except BadValue as error:
        problems.add(line, bound.label("refund_amount"), f"'{text}' {error}")
        return
    total = (record.line_refunds or 0) + amount
    if total > MAX_MINOR:
        problems.add(
            line,
            bound.label("refund_amount"),
            _(
                "'{value}' brings the refund of return {rma} past {largest}; "
                "expected the refund of this line only"
            ).format(value=text, rma=record.rma_ref, largest=f"{MAX_MINOR // 100:,}"),
        )
        return
    record.line_refunds = total


def _settle_refund(record: ReturnRecord, bound: BoundLayout, problems: Problems) -> None:
    """The return's refund: its ``refund_total``, else the sum of its lines' refunds."""
    total = record.values.pop("refund_total", None)
    lines = record.line_refunds
    if total is None:
        record.values["refund_amount"] = lines
        return
    if lines is not None and lines > total:
        problems.add(
            record.line,
            bound.label("refund_total"),
            _(
                "{total} is less than the refunds of return {rma}'s lines ({lines} in {column}); "
                "expected the return's whole refund, at least the sum of its lines"
            ).format(
                total=amount_text(total),
                rma=record.rma_ref,
                lines=amount_text(lines),
                column=bound.label("refund_amount"),
            ),
        )
    record.values["refund_amount"] = total


def _request(
    line: int,
    rma_ref: str,
    raw: tuple[str, ...],
    bound: BoundLayout,
    problems: Problems,
    batch: Batch,
    request_values: RowConverter,
) -> ReturnRecord | None:
    blank = N_("blank; expected the return (RMA / refund request) number")
    usable = required_text(line, "rma_ref", rma_ref, blank, bound, problems)
    rma_key = key(rma_ref)
    record = batch.returns.get(rma_key) if usable else None
    if record is None:
        order_ref = raw[0]
        blank = N_("blank; expected the order number the return belongs to")
        if not required_text(line, "order_ref", order_ref, blank, bound, problems):
            usable = False
        values = request_values.values(raw[1:], line, bound, problems)
        record = ReturnRecord(
            line,
            rma_ref,
            rma_key,
            order_ref,
            key(order_ref),
            values.pop("platform", None),
            values,
            raw,
        )
        if usable:
            batch.returns[rma_key] = record
    elif raw != record.raw:
        fields = ("order_ref", *request_values.fields)
        _merge(line, record, fields, raw, bound, problems, request_values.convert)
    return record


def _merge(
    line: int,
    record: ReturnRecord,
    fields: tuple[str, ...],
    raw: tuple[str, ...],
    bound: BoundLayout,
    problems: Problems,
    convert: dict[str, Callable[[str], Any]],
) -> None:
    for position, name in enumerate(fields):
        text, first = raw[position], record.raw[position]
        if not text or text == first:
            continue
        try:
            value = key(text) if name == "order_ref" else convert[name](text)
        except BadValue as error:
            problems.add(line, bound.label(name), f"'{text}' {error}")
            continue
        current = {"order_ref": record.order_key, "platform": record.platform}.get(
            name, record.values.get(name)
        )
        if not first:
            if name == "platform":
                record.platform = value
            else:
                record.values[name] = value
            record.raw = (*record.raw[:position], text, *record.raw[position + 1 :])
        elif value != current:
            problems.add(
                line,
                bound.label(name),
                _(
                    "'{value}' contradicts '{first}' on line {line} for return {rma}; "
                    "expected the same value as its first row, or blank"
                ).format(value=text, first=first, line=record.line, rma=record.rma_ref),
            )


def add_return_line(
    line: int,
    record: ReturnRecord,
    sku: str,
    qty_text: str,
    bound: BoundLayout,
    problems: Problems,
    parse_qty: Callable[[str], int],
) -> None:
    """Add one returned SKU (quantity 1 when blank) to ``record``."""
    if not sku:
        if qty_text:
            problems.add(
                line,
                bound.label("sku"),
                _("blank although a quantity is given; expected the SKU being returned"),
            )
        return
    if len(sku) > MAX_LENGTH["sku"]:
        problems.add(
            line,
            bound.label("sku"),
            _("is longer than {limit} characters; expected at most {limit}").format(limit=120),
        )
        return
    try:
        qty = parse_qty(qty_text) if qty_text else 1
    except BadValue as error:
        problems.add(line, bound.label("qty"), f"'{qty_text}' {error}")
        return
    sku_key = key(sku)
    entry = record.lines.get(sku_key)
    if entry is None:
        record.lines[sku_key] = [line, sku, qty]
    elif entry[2] + qty > MAX_QTY:
        problems.add(
            line,
            bound.label("qty"),
            _(
                "'{value}' brings {sku} on return {rma} to {units} units; "
                "expected at most {largest}"
            ).format(
                value=qty_text,
                sku=sku,
                rma=record.rma_ref,
                units=f"{entry[2] + qty:,}",
                largest=f"{MAX_QTY:,}",
            ),
        )
    else:
        entry[2] += qty
