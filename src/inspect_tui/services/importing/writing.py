"""Upserting products and return requests by natural key, in bulk, on the caller's connection.

Every function here runs inside the import's single write transaction (``store.session.writing``).
Existing rows are read in key chunks and compared with the file; only what differs is written:
new rows through ``bulk.BulkInsert`` (a Core ``insert()`` compiled once, driver executemany),
changed rows through a Core ``update()`` executemany. Fields the file does not carry are left
alone. Shipments, the large table, have their own module (``shipment_writer``).
"""

from __future__ import annotations

from collections.abc import Iterable
from operator import itemgetter
from typing import Any

from sqlalchemy import Connection, bindparam, delete, func, select, update

from inspect_tui.services.importing.bulk import BulkInsert
from inspect_tui.services.importing.checks import ShipmentKey
from inspect_tui.services.importing.convert import BLANK
from inspect_tui.services.importing.lookups import chunks, is_empty, rows_where_in, table
from inspect_tui.services.importing.records import Batch
from inspect_tui.services.importing.result import TableCounts
from inspect_tui.services.importing.values import key

WRITE_CHUNK = 20_000
"""Rows per executemany call: big enough to be fast, small enough to bound memory."""

PRODUCT_COLUMNS = ("gtin", "title", "unit_weight_g", "serialized", "components")
RETURN_COLUMNS = {
    "tracking_return": "tracking_return",
    "carrier_return": "carrier_return",
    "requested_at": "requested_at",
    "reason_code": "reason_code",
    "reason_text": "reason_text",
    "refund_amount": "refund_minor",
    "freight_insurance": "freight_insurance",
}
"""Return field in the file -> column of ``return_request``."""
RETURN_INSERTED = (
    *RETURN_COLUMNS.values(),
    "tracking_return_key",
    "platform",
    "buyer_ref",
    "rma_ref",
    "rma_key",
    "shipment_id",
)
"""The columns a new return request is inserted with, in this order."""


def execute_many(connection: Connection, statement: Any, rows: Iterable[dict[str, Any]]) -> int:
    """Run ``statement`` for all ``rows`` in chunks; the number of rows."""
    count = 0
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= WRITE_CHUNK:
            connection.execute(statement, batch)
            count += len(batch)
            batch = []
    if batch:
        connection.execute(statement, batch)
        count += len(batch)
    return count


def update_by_id(name: str) -> Any:
    """UPDATE ... WHERE id = :b_id, its SET clause taken from each parameter row."""
    return update(table(name)).where(table(name).c.id == bindparam("b_id"))


def delete_children(connection: Connection, name: str, parent: str, ids: list[int]) -> None:
    """Delete the rows of ``name`` belonging to the parent ids (line replacement)."""
    child = table(name)
    for part in chunks(ids):
        connection.execute(delete(child).where(child.c[parent].in_(part)))


def write_products(connection: Connection, batch: Batch, *, fresh: bool = False) -> TableCounts:
    """Insert new products and update changed ones, matched on the SKU's key.

    ``fresh`` says the store had no products before this import began (none to look up).
    """
    counts = TableCounts()
    present = [name for name in PRODUCT_COLUMNS if name in batch.present.get("product", ())]
    existing: dict[str, Any] = {}
    if not fresh and not is_empty(connection, "product"):
        for row in rows_where_in(
            connection,
            "product",
            ("id", "sku", "sku_key", *present),
            "sku_key",
            (record.sku_key for record in batch.products),
        ):
            existing[row.sku_key] = row
    blank = {name: BLANK.get(name) for name in PRODUCT_COLUMNS}
    cells = itemgetter(*PRODUCT_COLUMNS)
    wanted = frozenset(present)
    inserts: list[tuple[Any, ...]] = []
    updates: list[dict[str, Any]] = []
    for record in batch.products:
        values = record.values
        if not values.keys() <= wanted:
            values = {name: values[name] for name in present if name in values}
        old = existing.get(record.sku_key) if existing else None
        if old is None:
            inserts.append((record.sku, record.sku_key, *cells(blank | values)))
            counts.created += 1
        elif old.sku != record.sku or any(getattr(old, n) != v for n, v in values.items()):
            updates.append({"b_id": old.id, "sku": record.sku, **values})
            counts.updated += 1
        else:
            counts.unchanged += 1
    if inserts:
        BulkInsert(connection, "product", ("sku", "sku_key", *PRODUCT_COLUMNS)).run(inserts)
    update_uniform(connection, "product", updates)
    return counts


def update_uniform(connection: Connection, name: str, rows: list[dict[str, Any]]) -> None:
    """Run updates, grouped so each executemany call has rows with the same keys."""
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for row in rows:
        groups.setdefault(tuple(sorted(row)), []).append(row)
    for group in groups.values():
        execute_many(connection, update_by_id(name), group)


def write_returns(
    connection: Connection,
    batch: Batch,
    resolved: dict[str, int | ShipmentKey],
    shipment_ids: dict[ShipmentKey, int],
    *,
    fresh: bool = False,
) -> tuple[TableCounts, int]:
    """Upsert return requests by RMA key and replace their lines; counts and lines written.

    ``fresh`` says the store had no return requests before this import began.
    """
    counts = TableCounts()
    present = [f for f in RETURN_COLUMNS if f in batch.present.get("return_request", ())]
    columns = [RETURN_COLUMNS[f] for f in present]
    existing: dict[str, Any] = {}
    old_lines: dict[int, list[tuple[str, int]]] = {}
    if not fresh and not is_empty(connection, "return_request"):
        for row in rows_where_in(
            connection,
            "return_request",
            ("id", "rma_ref", "rma_key", "shipment_id", "platform", "buyer_ref", *columns),
            "rma_key",
            batch.returns,
        ):
            existing[row.rma_key] = row
        for return_id, sku, qty in rows_where_in(
            connection,
            "return_line",
            ("return_id", "sku", "qty"),
            "return_id",
            [row.id for row in existing.values()],
        ):
            old_lines.setdefault(return_id, []).append((sku, qty))
    inserts: list[tuple[Any, ...]] = []
    updates: list[dict[str, Any]] = []
    new_lines: dict[str, list[tuple[str, int]]] = {}
    replaced: list[int] = []
    buyers = _shipment_buyers(connection, batch, resolved, shipment_ids)
    blank = {column: BLANK.get(field) for field, column in RETURN_COLUMNS.items()}
    blank["tracking_return_key"] = None
    cells = itemgetter(*RETURN_INSERTED[:-3])
    for rma_key, record in batch.returns.items():
        target = resolved[rma_key]
        shipment_id = target if isinstance(target, int) else shipment_ids[target]
        values = _return_values(record.values, present)
        values["platform"], values["buyer_ref"] = buyers[shipment_id]
        lines = sorted((sku, qty) for _line, sku, qty in record.lines.values())
        old = existing.get(rma_key)
        if old is None:
            inserts.append((*cells(blank | values), record.rma_ref, rma_key, shipment_id))
            new_lines[rma_key] = lines
            counts.created += 1
            continue
        values.update(rma_ref=record.rma_ref, shipment_id=shipment_id)
        changed = any(
            getattr(old, name) != value
            for name, value in values.items()
            if name != "tracking_return_key"
        )
        if changed:
            updates.append({"b_id": old.id, **values})
        if lines != sorted(old_lines.get(old.id, [])):
            replaced.append(old.id)
            new_lines[rma_key] = lines
            changed = True
        counts.updated += changed
        counts.unchanged += not changed
    before = 0
    if inserts:
        before = _last_id(connection, "return_request")
        BulkInsert(connection, "return_request", RETURN_INSERTED).run(inserts)
    update_uniform(connection, "return_request", updates)
    delete_children(connection, "return_line", "return_id", replaced)
    ids = {k: row.id for k, row in existing.items()}
    if inserts:
        ids.update(_new_return_ids(connection, before, new_lines))
    written = BulkInsert(connection, "return_line", ("return_id", "sku", "qty")).run(
        (ids[k], sku, qty) for k, lines in new_lines.items() for sku, qty in lines
    )
    return counts, written


def _shipment_buyers(
    connection: Connection,
    batch: Batch,
    resolved: dict[str, int | ShipmentKey],
    shipment_ids: dict[ShipmentKey, int],
) -> dict[int, tuple[str, str]]:
    """The buyer (platform, buyer_ref) of each shipment the batch's return requests are for.

    A return request carries its shipment's buyer (the repeat-offender figures count a buyer's
    requests from ``return_request`` alone). Shipments written from this file whose buyer the
    file gives take it from the file; the others are read back from the store, where the
    shipments of this import are already written.

    Args:
        connection: The import's connection, inside its write transaction.
        batch: The records being imported.
        resolved: RMA key -> the shipment's id, or its key when the file brings the shipment.
        shipment_ids: Shipment key -> id, for the shipments this import wrote.

    Returns:
        Shipment id -> (platform, buyer_ref).
    """
    from_file = "buyer_ref" in batch.present.get("shipment", ())
    buyers: dict[int, tuple[str, str]] = {}
    unknown: set[int] = set()
    for target in resolved.values():
        if isinstance(target, int):
            unknown.add(target)
        elif from_file:
            record = batch.shipments[target]
            buyers[shipment_ids[target]] = (target[0], record.values["buyer_ref"])
        else:
            unknown.add(shipment_ids[target])
    unknown -= buyers.keys()
    for shipment_id, platform, buyer_ref in rows_where_in(
        connection, "shipment", ("id", "platform", "buyer_ref"), "id", unknown
    ):
        buyers[int(shipment_id)] = (platform, buyer_ref)
    return buyers


def _return_values(values: dict[str, Any], present: list[str]) -> dict[str, Any]:
    row = {RETURN_COLUMNS[f]: values.get(f, BLANK.get(f)) for f in present}
    if "tracking_return" in row:
        tracking = row["tracking_return"]
        row["tracking_return_key"] = key(tracking) if tracking else None
    return row


def _last_id(connection: Connection, name: str) -> int:
    return int(connection.execute(select(func.max(table(name).c.id))).scalar() or 0)


def _new_return_ids(connection: Connection, before: int, wanted: dict[str, Any]) -> dict[str, int]:
    """RMA key -> id of the return requests just inserted (ids above ``before``).

    One query instead of looking the keys up in pieces; rows other writers inserted meanwhile
    are not among ``wanted`` and are left out.
    """
    requests = table("return_request")
    statement = select(requests.c.id, requests.c.rma_key).where(requests.c.id > before)
    return {
        rma_key: int(return_id)
        for return_id, rma_key in connection.execute(statement)
        if rma_key in wanted
    }
