"""Synthetic import files of any size, for benchmarks and load tests.

    python -m inspect_tui.sample --shipments 100000 --out /tmp/bench [--seed 7]
    python -m inspect_tui.sample --lines 1000000 --out /tmp/bench

Writes ``products.csv``, ``shipments.csv`` and ``returns.csv`` in the generic import format
(see ``sample_data/README.md``). Rows are streamed to disk as they are made, so a million lines
take seconds and little memory. The same seed gives the same files. About one shipment in ten
gets a return request; serialized goods get unique serials; buyers repeat, so buyer history
has something to show. Nothing here is real: names, numbers and tracking ids are invented.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from inspect_tui.core.money import amount_text

if TYPE_CHECKING:
    from _csv import Writer as CsvWriter

PRODUCT_HEADER = ["sku", "gtin", "title", "unit_weight_g", "serialized", "components"]
SHIPMENT_HEADER = [
    "order_ref", "platform", "buyer_ref", "buyer_name", "shipped_at", "carrier", "tracking_out",
    "shipped_weight_g", "risk_level", "package_ref", "sku", "title", "qty", "serials",
    "unit_price", "gtin", "photos", "seal_ids",
]  # fmt: skip
RETURN_HEADER = [
    "rma_ref", "order_ref", "platform", "tracking_return", "carrier_return", "requested_at",
    "reason_code", "reason_text", "sku", "qty", "refund_amount", "freight_insurance",
]  # fmt: skip

PLATFORMS = ("taobao", "tmall", "douyin", "kuaishou", "1688", "shopify", "tiktok")
CARRIERS = (("SF Express", "SF"), ("YTO", "YT"), ("J&T", "JT"))
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高"
GIVEN = ("伟", "芳", "娜", "敏", "静", "磊", "洋", "艳", "勇", "杰", "军", "丽", "强", "婷")
LATIN = ("Emma Wilson", "James Miller", "Olivia Martinez", "Lucas Brown", "Sophie Chen")
REASONS = (
    ("NO_REASON", "七天无理由退货"), ("DEFECTIVE", "无法开机"), ("NOT_AS_DESCRIBED", "颜色不符"),
    ("ARRIVED_DAMAGED", "收到时已损坏"), ("WRONG_ITEM", "发错货"),
)  # fmt: skip
KINDS = (
    ("HP", "Wireless headphones", 250, True, "charging case; USB-C cable; manual"),
    ("SW", "Smartwatch", 180, True, "magnetic charger; spare strap"),
    ("PB", "Power bank", 230, True, "USB-C cable"),
    ("TS", "Cotton T-shirt", 180, False, ""),
    ("SN", "Running shoes", 760, False, ""),
    ("LP", "Phone case", 40, False, ""),
)
START = datetime(2026, 1, 1, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class Product:
    """One synthetic catalog item."""

    sku: str
    gtin: str
    title: str
    unit_weight_g: int
    serialized: bool
    components: str
    price_minor: int


def gtin13(body: str) -> str:
    """A 12-digit body with its GS1 check digit appended."""
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return body + str((10 - total % 10) % 10)


def make_catalog(rng: random.Random, size: int = 240) -> list[Product]:
    """``size`` products spread over a few kinds of goods."""
    catalog = []
    for i in range(size):
        prefix, title, weight, serialized, components = KINDS[i % len(KINDS)]
        catalog.append(
            Product(
                sku=f"{prefix}-{i:04d}",
                gtin=gtin13(f"69{i:010d}"),
                title=f"{title} model {i:04d}",
                unit_weight_g=weight + rng.randint(-20, 20),
                serialized=serialized,
                components=components,
                price_minor=rng.randint(19, 999) * 100 + rng.choice((0, 50, 90)),
            )
        )
    return catalog


def _buyer(rng: random.Random, number: int) -> tuple[str, str]:
    if number % 9 == 0:
        return f"shopper{number:06d}@example.com", LATIN[number % len(LATIN)]
    name = SURNAMES[number % len(SURNAMES)] + GIVEN[number % len(GIVEN)]
    return f"buyer_{number:06d}", name


def shipment_rows(
    rng: random.Random, catalog: Sequence[Product], shipments: int, lines: int | None
) -> Iterator[tuple[list[str] | None, list[str] | None]]:
    """(shipment row, return row or None) pairs; a shipment row is None between orders."""
    buyers = max(shipments // 4, 1)
    written = 0
    index = 0
    while (written < lines) if lines is not None else (index < shipments):
        index += 1
        platform = PLATFORMS[index % len(PLATFORMS)]
        buyer_ref, buyer_name = _buyer(rng, rng.randrange(buyers))
        shipped = START + timedelta(minutes=index * 3 % 500_000)
        carrier, prefix = CARRIERS[index % len(CARRIERS)]
        count = rng.choice((1, 1, 2, 2, 3))
        if lines is not None:
            count = min(count, lines - written)
        chosen = rng.sample(catalog, count)
        quantities = [1 if p.serialized else rng.randint(1, 3) for p in chosen]
        weight = sum(p.unit_weight_g * q for p, q in zip(chosen, quantities, strict=True))
        risk = "high" if index % 97 == 0 else ""
        order = f"ORD{index:09d}"
        for line_no, (product, qty) in enumerate(zip(chosen, quantities, strict=True)):
            first = line_no == 0
            serial = f"{product.sku}-{index:09d}" if product.serialized else ""
            yield [
                order, platform if first else "", buyer_ref if first else "",
                buyer_name if first else "", shipped.isoformat() if first else "",
                carrier if first else "", f"{prefix}{index:013d}" if first else "",
                str(weight + 60) if first else "", risk if first else "", "", product.sku,
                product.title, str(qty), serial, amount_text(product.price_minor), "", "", "",
            ], None  # fmt: skip
        written += count
        if index % 10 == 0:
            product = chosen[0]
            code, text = REASONS[index % len(REASONS)]
            requested = shipped + timedelta(days=rng.randint(1, 12))
            yield None, [
                f"RMA{index:09d}", order, platform, f"YT9{index:012d}", "YTO",
                requested.isoformat(), code, text, product.sku, "1",
                amount_text(product.price_minor), "yes" if index % 3 else "no",
            ]  # fmt: skip


@contextmanager
def _shipments_and_returns(out: Path) -> Iterator[tuple[CsvWriter, CsvWriter]]:
    """Writers of ``out/shipments.csv`` and ``out/returns.csv``, their headers written."""
    with (
        (out / "shipments.csv").open("w", newline="", encoding="utf-8") as ship_handle,
        (out / "returns.csv").open("w", newline="", encoding="utf-8") as return_handle,
    ):
        ships = csv.writer(ship_handle, lineterminator="\n")
        returns = csv.writer(return_handle, lineterminator="\n")
        ships.writerow(SHIPMENT_HEADER)
        returns.writerow(RETURN_HEADER)
        yield ships, returns


def write_sample(out: Path, shipments: int, *, lines: int | None = None, seed: int = 1) -> None:
    """Write the three CSV files of a synthetic data set into ``out``."""
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    catalog = make_catalog(rng)
    with (out / "products.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(PRODUCT_HEADER)
        for p in catalog:
            serialized = "yes" if p.serialized else "no"
            writer.writerow([p.sku, p.gtin, p.title, p.unit_weight_g, serialized, p.components])
    with _shipments_and_returns(out) as (ship_writer, return_writer):
        for shipment_row, return_row in shipment_rows(rng, catalog, shipments, lines):
            if shipment_row is not None:
                ship_writer.writerow(shipment_row)
            if return_row is not None:
                return_writer.writerow(return_row)


BURST_UNITS = (("TS-BLK-M", "6901234567090", 180), ("TS-BLK-M", "6901234567090", 180),
               ("LP-CASE", "6901234567106", 40))  # fmt: skip
"""The three units of every parcel in a scanner-burst sample (the demo catalog's codes)."""
BURST_WEIGHT_G = 560
"""The shipped (and returned) weight of every parcel in a scanner-burst sample."""


def write_burst_sample(out: Path, parcels: int, now: datetime) -> list[list[str]]:
    """Write shipments and returns for ``parcels`` honest returns, and say what to scan.

    Every parcel holds two T-shirts and a phone case of the demo catalog (import the demo
    first), shipped three days before ``now`` and returned as a no-reason return. The codes
    returned per parcel are exactly what a scanner sends for its whole inspection: the
    return tracking, the weight, the three units, a grade for each, ACCEPT and DONE.

    Returns:
        The scanner codes of each parcel, in order.
    """
    out.mkdir(parents=True, exist_ok=True)
    shipped = (now - timedelta(days=3)).isoformat()
    requested = (now - timedelta(days=1)).isoformat()
    plan: list[list[str]] = []
    with _shipments_and_returns(out) as (ships, returns):
        for index in range(1, parcels + 1):
            order, tracking = f"BURST{index:07d}", f"BR{index:010d}"
            ships.writerow([
                order, "taobao", f"burst_{index:05d}", "林芳", shipped, "YTO", "",
                str(BURST_WEIGHT_G), "", "", "TS-BLK-M", "", "2", "", "59.00", "", "", "",
            ])  # fmt: skip
            ships.writerow([
                order, "", "", "", "", "", "", "", "", "", "LP-CASE", "", "1", "", "19.00", "", "",
                "",
            ])  # fmt: skip
            for sku, qty in (("TS-BLK-M", "2"), ("LP-CASE", "1")):
                returns.writerow([
                    f"BR-RMA-{index:06d}", order, "taobao", tracking, "YTO", requested,
                    "NO_REASON", "七天无理由退货", sku, qty, "", "no",
                ])  # fmt: skip
            units = [gtin for _, gtin, _ in BURST_UNITS]
            plan.append(
                [
                    tracking,
                    str(BURST_WEIGHT_G),
                    *units,
                    *["CMD:GRADE-A"] * len(units),
                    "CMD:ACCEPT",
                    "CMD:DONE",
                ]  # fmt: skip
            )
    return plan


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: ``python -m inspect_tui.sample --shipments N --out DIR [--seed S]``."""
    parser = argparse.ArgumentParser(
        prog="python -m inspect_tui.sample",
        description="Write synthetic products/shipments/returns CSVs in the generic format.",
    )
    size = parser.add_mutually_exclusive_group(required=True)
    size.add_argument("--shipments", type=int, help="number of shipments (1-3 lines each)")
    size.add_argument("--lines", type=int, help="number of shipment lines instead")
    parser.add_argument("--out", type=Path, required=True, help="directory to write into")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    args = parser.parse_args(argv)
    if (args.shipments or args.lines or 0) < 1:
        parser.error("the size must be at least 1")
    write_sample(args.out, args.shipments or 0, lines=args.lines, seed=args.seed)
    print(f"Wrote products.csv, shipments.csv and returns.csv to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
