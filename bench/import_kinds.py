"""The catalog and returns sides of ``bench_import.py --memory --kind products|returns``.

Data: a catalog of N products (``P000001`` ..., half of them serialized), and N return rows
(one or two per return request) on the orders of a 20,000-line sample, whose shipments both
stores hold before the timed run. The raw side reads the CSV with ``csv.reader``, converts just
enough to store it (keys, minor units, UTC strings, JSON lists, the shipment's id and buyer)
and inserts with ``sqlite3.executemany`` in one transaction, as for shipments.
"""

from __future__ import annotations

import csv
import json
import sqlite3
import time
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

from inspect_tui.sample import PRODUCT_HEADER, RETURN_HEADER, gtin13

BASE_LINES = 20_000
"""Shipment lines of the sample whose orders the returns file names."""


def write_products(path: Path, count: int) -> None:
    """A catalog of ``count`` products in the generic format."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(PRODUCT_HEADER)
        for n in range(count):
            serialized = n % 2 == 0
            writer.writerow([
                f"P{n:07d}", gtin13(f"69{n:010d}"), f"Thing number {n}", 100 + n % 900,
                "yes" if serialized else "no", "cable; manual" if serialized else "",
            ])  # fmt: skip


def write_returns(path: Path, shipments_csv: Path, count: int) -> None:
    """``count`` return rows on the orders of ``shipments_csv``, one RMA per order in turn."""
    orders: dict[tuple[str, str], list[str]] = {}
    with shipments_csv.open(newline="", encoding="utf-8") as handle:
        platform = ""
        for row in csv.DictReader(handle):
            platform = row["platform"] or platform  # an order's later rows may leave it blank
            orders.setdefault((platform, row["order_ref"]), []).append(row["sku"])
    keys = list(orders)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(RETURN_HEADER)
        written = request = 0
        while written < count:
            platform, order_ref = keys[request % len(keys)]
            for sku in orders[(platform, order_ref)][:2][: count - written]:
                writer.writerow([
                    f"RMA{request:08d}", order_ref, platform, f"SF{request:012d}", "SF Express",
                    "2026-02-01T10:00:00+08:00", "DEFECTIVE", "无法开机", sku, 1, "19.90",
                    "yes" if request % 3 else "no",
                ])  # fmt: skip
                written += 1
            request += 1


def _open(db: Path, cache_kib: int | None) -> sqlite3.Connection:
    connection = sqlite3.connect(db, isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=NORMAL")
    connection.execute("PRAGMA foreign_keys=ON")
    if cache_kib:
        connection.execute(f"PRAGMA cache_size=-{cache_kib}")
    connection.execute("BEGIN IMMEDIATE")
    return connection


def raw_products(db: Path, products_csv: Path, cache_kib: int | None) -> tuple[float, ...]:
    """(total s, insert-only s, total CPU s, rows) for the catalog."""
    started, cpu_started = time.perf_counter(), time.process_time()
    rows: list[tuple[object, ...]] = []
    with products_csv.open(newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        next(reader)
        for sku, gtin, title, grams, serialized, components in reader:
            parts = [part.strip() for part in components.split(";") if part.strip()]
            rows.append((
                sku, sku.casefold(), gtin or None, title, int(grams) if grams else None,
                serialized == "yes", json.dumps(parts),
            ))  # fmt: skip
    converted = time.perf_counter()
    connection = _open(db, cache_kib)
    connection.executemany(
        "INSERT INTO product (sku, sku_key, gtin, title, unit_weight_g, serialized, components) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    connection.execute("COMMIT")
    connection.close()
    finished = time.perf_counter()
    return finished - started, finished - converted, time.process_time() - cpu_started, len(rows)


def raw_returns(db: Path, returns_csv: Path, cache_kib: int | None) -> tuple[float, ...]:
    """(total s, insert-only s, total CPU s, rows) for the returns file."""
    started, cpu_started = time.perf_counter(), time.process_time()
    connection = _open(db, cache_kib)
    shipments = {
        (platform, order_ref): (shipment_id, buyer_ref)
        for shipment_id, platform, order_ref, buyer_ref in connection.execute(
            "SELECT id, platform, order_ref, buyer_ref FROM shipment"
        )
    }
    requests: dict[str, list[object]] = {}
    lines: list[tuple[str, str, int]] = []
    count = 0
    with returns_csv.open(newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        next(reader)
        for row in reader:
            count += 1
            rma, order_ref, platform, tracking, carrier, at, code, text, sku, qty, refund, fi = row
            refund_minor = int(Decimal(refund) * 100) if refund else 0
            request = requests.get(rma)
            if request is None:
                shipment_id, buyer_ref = shipments[(platform, order_ref)]
                when = datetime.fromisoformat(at).astimezone(UTC).replace(tzinfo=None)
                requests[rma] = [
                    rma, rma.casefold(), shipment_id, tracking, tracking.casefold(), carrier,
                    when.isoformat(sep=" ", timespec="microseconds"), code, text, refund_minor,
                    fi == "yes", platform, buyer_ref,
                ]  # fmt: skip
            else:
                request[9] = int(request[9]) + refund_minor  # type: ignore[call-overload]
            lines.append((rma, sku, int(qty)))
    converted = time.perf_counter()
    connection.executemany(
        "INSERT INTO return_request (rma_ref, rma_key, shipment_id, tracking_return, "
        "tracking_return_key, carrier_return, requested_at, reason_code, reason_text, "
        "refund_minor, freight_insurance, platform, buyer_ref) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        requests.values(),
    )
    ids = dict(connection.execute("SELECT rma_ref, id FROM return_request"))
    connection.executemany(
        "INSERT INTO return_line (return_id, sku, qty) VALUES (?, ?, ?)",
        ((ids[rma], sku, qty) for rma, sku, qty in lines),
    )
    connection.execute("COMMIT")
    connection.close()
    finished = time.perf_counter()
    return finished - started, finished - converted, time.process_time() - cpu_started, count
