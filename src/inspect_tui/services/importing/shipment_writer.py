"""Upserting shipments, their lines and their pre-shipment photos, in bulk.

A shipment is matched on (platform, order key). A new one is inserted with its lines; an
existing one gets the file's order-level values and, when they differ, the file's lines in
place of its old ones. Photos are copied into the evidence store under their SHA-256 and
attached once (a photo already attached to the shipment is not attached again). Lines take the
catalog's components, and its title and GTIN when the file leaves them blank, so the shipment
record says what went out even if the catalog changes later.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, bindparam, func, select

from inspect_tui.services.evidence.store import EvidenceStore, StoredFile
from inspect_tui.services.importing.bulk import BulkInsert, insert_dicts
from inspect_tui.services.importing.checks import ShipmentKey
from inspect_tui.services.importing.convert import BLANK
from inspect_tui.services.importing.lookups import is_empty, rows_where_in, table
from inspect_tui.services.importing.records import Batch, LineRecord, ShipmentRecord
from inspect_tui.services.importing.result import TableCounts
from inspect_tui.services.importing.shipments import ORDER_VALUE_FIELDS
from inspect_tui.services.importing.values import key
from inspect_tui.services.importing.writing import delete_children, update_uniform

PHOTO_KIND = "pre_shipment"
SHIPMENT_COLUMNS = (
    "platform", "order_ref", "order_key", *ORDER_VALUE_FIELDS, "tracking_out_key",
    "package_key", "seal_ids",
)  # fmt: skip
LINE_COLUMNS = (
    "shipment_id", "line_no", "sku", "title", "qty", "gtin", "unit_price_minor", "serials",
    "ordered_sku", "components",
)  # fmt: skip
EVIDENCE_COLUMNS = (
    "inspection_id", "shipment_id", "unit_id", "kind", "original_name", "stored_path", "sha256",
    "bytes", "captured_at",
)  # fmt: skip
ORDER_BLANKS = tuple((name, BLANK.get(name)) for name in ORDER_VALUE_FIELDS)
NOT_IN_CATALOG: tuple[str, None, list[str]] = ("", None, [])
Catalog = dict[str, tuple[str, str | None, list[str]]]
"""sku_key -> (title, gtin, components) of the products the file's lines name."""


@dataclass(slots=True)
class ShipmentOutcome:
    """What writing the shipments did."""

    counts: TableCounts = field(default_factory=TableCounts)
    ids: dict[ShipmentKey, int] = field(default_factory=dict)
    lines_written: int = 0
    photos_stored: int = 0


def write_shipments(
    connection: Connection, batch: Batch, store: EvidenceStore, *, fresh: bool = False
) -> ShipmentOutcome:
    """Upsert every shipment of ``batch`` and say what changed.

    ``fresh`` says the store had no shipments before this import began, so none of the
    batch's can exist yet (when writing in chunks, earlier chunks' are not looked up).
    """
    outcome = ShipmentOutcome()
    present = [f for f in (*ORDER_VALUE_FIELDS, "seal_ids") if f in batch.present["shipment"]]
    catalog = _catalog(connection, batch)
    existing = {} if fresh else _existing(connection, batch, present)
    old_lines, old_photos = _children(connection, [row.id for row in existing.values()])
    photos = _store_photos(batch, store)
    inserts: list[ShipmentRecord] = []  # rows are made as they are sent, to spare memory
    updates: list[dict[str, Any]] = []
    new_buyers: list[dict[str, Any]] = []
    replace: list[int] = []
    fresh_lines: list[ShipmentKey] = []
    attach: list[tuple[ShipmentKey, StoredFile, datetime]] = []
    counts = outcome.counts
    for shipment_key, record in batch.shipments.items():
        values = _values(record, present)
        stored = photos.get(shipment_key, [])
        old = existing.get(shipment_key)
        if old is None:
            inserts.append(record)
            fresh_lines.append(shipment_key)
            attach.extend((shipment_key, photo, taken) for photo, taken in stored)
            counts.created += 1
            continue
        outcome.ids[shipment_key] = old.id
        changed = False
        if old.order_ref != record.order_ref or any(
            getattr(old, name) != value for name, value in values.items()
        ):
            updates.append({"b_id": old.id, "order_ref": record.order_ref, **values})
            if "buyer_ref" in values and old.buyer_ref != values["buyer_ref"]:
                new_buyers.append({"s_id": old.id, "new_buyer": values["buyer_ref"]})
            changed = True
        if _comparable(record.lines, catalog) != old_lines.get(old.id, []):
            replace.append(old.id)
            fresh_lines.append(shipment_key)
            changed = True
        known = old_photos.get(old.id, set())
        for photo, taken in stored:
            if photo.sha256 not in known:
                attach.append((shipment_key, photo, taken))
                changed = True
        counts.updated += changed
        counts.unchanged += not changed
    if inserts:
        before = connection.execute(select(func.max(table("shipment").c.id))).scalar() or 0
        BulkInsert(connection, "shipment", SHIPMENT_COLUMNS).run(
            _insert_row(record, record.values) for record in inserts
        )
        outcome.ids.update(_new_ids(connection, before, batch))
    update_uniform(connection, "shipment", updates)
    _move_inspections(connection, new_buyers)
    delete_children(connection, "shipment_line", "shipment_id", replace)
    outcome.lines_written = BulkInsert(connection, "shipment_line", LINE_COLUMNS).run(
        _line_rows(batch, fresh_lines, outcome.ids, catalog)
    )
    outcome.photos_stored = insert_dicts(
        connection,
        "evidence",
        EVIDENCE_COLUMNS,
        (_evidence_row(outcome.ids[k], photo, taken) for k, photo, taken in attach),
    )
    return outcome


def _move_inspections(connection: Connection, new_buyers: list[dict[str, Any]]) -> None:
    """A corrected buyer on a shipment is the buyer of its inspections and return requests too.

    Both carry the buyer for the repeat-offender figures (migrations 0003 and 0004).
    """
    if not new_buyers:
        return
    for name in ("inspection", "return_request"):
        carrier = table(name)
        connection.execute(
            carrier.update()
            .where(carrier.c.shipment_id == bindparam("s_id"))
            .values(buyer_ref=bindparam("new_buyer")),
            new_buyers,
        )


def _values(record: ShipmentRecord, present: list[str]) -> dict[str, Any]:
    """The record's order-level values (every present field) plus the derived lookup keys."""
    values = record.values  # holds exactly the present fields once the file is valid
    if "seal_ids" in present:
        values["seal_ids"] = record.seal_ids
    if "tracking_out" in values:
        tracking = values["tracking_out"]
        values["tracking_out_key"] = key(tracking) if tracking else None
    if "package_ref" in values:
        package = values["package_ref"]
        values["package_key"] = key(package) if package else None
    return values


def _insert_row(record: ShipmentRecord, values: dict[str, Any]) -> tuple[Any, ...]:
    """A new shipment's row in ``SHIPMENT_COLUMNS`` order; absent fields take their blanks.

    ``values`` is the record's own dict, which ``_values`` completed with the lookup keys.
    """
    get = values.get
    return (
        record.platform,
        record.order_ref,
        record.order_key,
        *[get(name, blank) for name, blank in ORDER_BLANKS],
        get("tracking_out_key"),
        get("package_key"),
        get("seal_ids", []),
    )


def _catalog(connection: Connection, batch: Batch) -> Catalog:
    if is_empty(connection, "product"):
        return {}
    written = {line.sku for record in batch.shipments.values() for line in record.lines}
    skus = {key(sku) for sku in written}
    return {
        sku_key: (title, gtin, list(components))
        for sku_key, title, gtin, components in rows_where_in(
            connection, "product", ("sku_key", "title", "gtin", "components"), "sku_key", skus
        )
    }


def _existing(connection: Connection, batch: Batch, present: list[str]) -> dict[ShipmentKey, Any]:
    if is_empty(connection, "shipment"):
        return {}
    by_platform: dict[str, list[str]] = {}
    for platform, order_key in batch.shipments:
        by_platform.setdefault(platform, []).append(order_key)
    columns = ("id", "platform", "order_ref", "order_key", *present)
    if "tracking_out" in present:
        columns += ("tracking_out_key",)
    if "package_ref" in present:
        columns += ("package_key",)
    found: dict[ShipmentKey, Any] = {}
    for platform, keys in by_platform.items():
        for row in rows_where_in(
            connection, "shipment", columns, "order_key", keys, platform=platform
        ):
            found[(row.platform, row.order_key)] = row
    return found


LineTuple = tuple[int, str, str, int, str | None, int, list[str], str | None, list[str]]


def _children(
    connection: Connection, ids: list[int]
) -> tuple[dict[int, list[LineTuple]], dict[int, set[str]]]:
    lines: dict[int, list[LineTuple]] = {}
    photos: dict[int, set[str]] = {}
    if not ids:
        return lines, photos
    columns = LINE_COLUMNS  # (shipment_id, *LineTuple)
    for row in sorted(
        rows_where_in(connection, "shipment_line", columns, "shipment_id", ids),
        key=lambda r: (r[0], r[1]),
    ):
        lines.setdefault(row[0], []).append(tuple(row[1:]))
    for shipment_id, sha256 in rows_where_in(
        connection, "evidence", ("shipment_id", "sha256"), "shipment_id", ids, kind=PHOTO_KIND
    ):
        photos.setdefault(shipment_id, set()).add(sha256)
    return lines, photos


def _comparable(lines: list[LineRecord], catalog: Catalog) -> list[LineTuple]:
    return [_line_values(line, catalog) for line in lines]


def _line_values(line: LineRecord, catalog: Catalog) -> LineTuple:
    title, gtin, components = catalog.get(_sku_key(line.sku), NOT_IN_CATALOG)
    return (
        line.line_no,
        line.sku,
        line.title or title,
        line.qty,
        line.gtin or gtin,
        line.unit_price_minor,
        line.serials,
        line.ordered_sku,
        components,
    )


def _line_rows(
    batch: Batch, keys: list[ShipmentKey], ids: dict[ShipmentKey, int], catalog: Catalog
) -> Iterator[tuple[Any, ...]]:
    """Line rows in ``LINE_COLUMNS`` order for the shipments whose lines are (re)written."""
    shipments = batch.shipments
    if not catalog:  # nothing to take from the catalog: the file's values as they are
        for shipment_key in keys:
            shipment_id = ids[shipment_key]
            for line in shipments[shipment_key].lines:
                yield (shipment_id, *line[1:], [])
        return
    for shipment_key in keys:
        shipment_id = ids[shipment_key]
        for line in shipments[shipment_key].lines:
            yield (shipment_id, *_line_values(line, catalog))


@lru_cache(maxsize=65_536)
def _sku_key(sku: str) -> str:
    return key(sku)


def _new_ids(connection: Connection, before: int, batch: Batch) -> dict[ShipmentKey, int]:
    shipment = table("shipment")
    statement = select(shipment.c.id, shipment.c.platform, shipment.c.order_key).where(
        shipment.c.id > before
    )
    return {
        (platform, order_key): int(shipment_id)
        for shipment_id, platform, order_key in connection.execute(statement)
        if (platform, order_key) in batch.shipments
    }


def _store_photos(
    batch: Batch, store: EvidenceStore
) -> dict[ShipmentKey, list[tuple[StoredFile, datetime]]]:
    stored: dict[ShipmentKey, list[tuple[StoredFile, datetime]]] = {}
    copies: dict[Path, tuple[StoredFile, datetime]] = {}
    for shipment_key, record in batch.shipments.items():
        for photo in record.photos:
            if photo.path not in copies:
                taken = datetime.fromtimestamp(photo.path.stat().st_mtime, UTC)
                copies[photo.path] = (store.put(photo.path), taken)
            entry = copies[photo.path]
            if all(entry[0].sha256 != other.sha256 for other, _ in stored.get(shipment_key, [])):
                stored.setdefault(shipment_key, []).append(entry)
    return stored


def _evidence_row(shipment_id: int, photo: StoredFile, taken: datetime) -> dict[str, Any]:
    return {
        "inspection_id": None,
        "shipment_id": shipment_id,
        "unit_id": None,
        "kind": PHOTO_KIND,
        "original_name": photo.original_name[:400],
        "stored_path": photo.stored_path,
        "sha256": photo.sha256,
        "bytes": photo.bytes,
        "captured_at": taken,
    }
