"""Fuzzed import files on every back end: no traceback, and never a partial import.

Each file mixes plausible rows with hostile cells (huge and odd numbers, over-long text, NUL
characters, dates at the edge of the calendar, legacy encodings, stray quotes). Every import
must either succeed or raise ``ImportRejected`` with FILE:LINE messages; a rejected import
leaves every table exactly as it was, a successful one adds exactly one audit event.
"""

from __future__ import annotations

import csv
import io
import random
from pathlib import Path

import pytest
from sqlalchemy import Engine
from test_import_errors import rows_in_store, write

from inspect_tui.services.importing import ImportRejected, Kind, import_file

FILES_PER_KIND = 50

HOSTILE = [
    "",
    " ",
    "0",
    "-1",
    "-0",
    "1.5",
    "1e9999999",
    "-1e9999999",
    "1e-9999999",
    "1E+12",
    "99999999999",
    "2147483648",
    "NaN",
    "Infinity",
    "sNaN",
    "１２",
    "٣",
    "¥1,234.50",
    "$-5",
    "9" * 60,
    "x" * 81,
    "y" * 121,
    "z" * 201,
    "w" * 5000,
    "nul\x00byte",
    "tab\there",
    "line\nbreak",
    'quote"inside',
    "emoji 📦🔥",
    "淘宝",
    "风险预警",
    "0001-01-01T00:00:00+08:00",
    "9999-12-31T23:59:59-08:00",
    "2026-02-30 10:00",
    "2026-11-10 10:00",
    "2026-11-10T10:00:00+25:00",
    "6901234567014",
    "6901234567015",
    "../../etc/passwd",
    "A;B;;C",
    "=cmd|' /C calc'!A0",
    "true",
    "maybe",
]

COLUMNS: dict[str, tuple[str, ...]] = {
    "products": ("sku", "gtin", "title", "unit_weight_g", "serialized", "components"),
    "shipments": (
        "order_ref",
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
        "sku",
        "title",
        "qty",
        "serials",
        "unit_price",
        "gtin",
        "seal_ids",
        "ordered_sku",
    ),
    "returns": (
        "rma_ref",
        "order_ref",
        "platform",
        "tracking_return",
        "carrier_return",
        "requested_at",
        "reason_code",
        "reason_text",
        "sku",
        "qty",
        "refund_amount",
        "freight_insurance",
    ),
}

PLAUSIBLE: dict[str, list[str]] = {
    "sku": ["SKU-1", "SKU-2", "SKU-3"],
    "order_ref": ["O1", "O2"],
    "rma_ref": ["R1", "R2"],
    "platform": ["taobao", "淘宝", "Taobao"],
    "qty": ["1", "2"],
    "unit_weight_g": ["250", "0"],
    "shipped_weight_g": ["760"],
    "unit_price": ["399.00", "12"],
    "refund_amount": ["399.00", ""],
    "shipped_at": ["2026-11-10 10:00"],
    "requested_at": ["2026-11-12T09:00:00+08:00"],
    "risk_level": ["", "low"],
    "currency": ["CNY", ""],
    "serialized": ["yes", "no"],
    "freight_insurance": ["1", "0"],
    "reason_code": ["NO_REASON", "质量问题"],
}

REQUIRED = {
    "products": ("sku",),
    "shipments": ("order_ref", "platform", "sku", "qty"),
    "returns": ("rma_ref", "order_ref"),
}
SEED_SHIPMENTS = (
    "order_ref,platform,sku,qty\nO1,taobao,SKU-1,1\nO1,taobao,SKU-2,1\nO2,taobao,SKU-3,2\n"
)


def fuzzed_file(rng: random.Random, kind: str) -> bytes:
    """A CSV of ``kind`` with a few rows, some cells hostile, in a random encoding."""
    columns = list(COLUMNS[kind])
    rng.shuffle(columns)
    columns = columns[: rng.randint(max(1, len(columns) // 2), len(columns))]
    if rng.random() < 0.8:  # most files have their required columns
        columns += [name for name in REQUIRED[kind] if name not in columns]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    for _ in range(rng.randint(0, 6)):
        row = []
        hostility = rng.choice([0.0, 0.0, 0.05, 0.3])
        for column in columns:
            if rng.random() < hostility:
                row.append(rng.choice(HOSTILE))
            else:
                row.append(rng.choice(PLAUSIBLE.get(column, ["", "plain text"])))
        writer.writerow(row)
    text = buffer.getvalue()
    encoding = rng.choice(["utf-8", "utf-8", "utf-8-sig", "gb18030", "utf-16", "cp932", "cp950"])
    if rng.random() < 0.1:  # a stray byte
        text = text[: rng.randint(0, len(text))] + "\udcff" + text[len(text) // 2 :]
    data = text.encode(encoding, errors="surrogateescape" if "utf-8" in encoding else "replace")
    if rng.random() < 0.1:  # a cut-off file
        data = data[: rng.randint(0, len(data))]
    return data


@pytest.mark.parametrize("kind", ["products", "shipments", "returns"])
def test_fuzzed_files_import_whole_or_not_at_all(
    engine: Engine, tmp_path: Path, kind: Kind
) -> None:
    import_file(
        engine, "shipments", write(tmp_path / "seed.csv", SEED_SHIPMENTS), evidence_dir=tmp_path
    )
    rng = random.Random(f"import-fuzz-{kind}")
    outcomes = {"imported": 0, "rejected": 0}
    for number in range(FILES_PER_KIND):
        data = fuzzed_file(rng, kind)
        path = write(tmp_path / f"fuzz{number}.csv", data)
        before = rows_in_store(engine)
        try:
            import_file(engine, kind, path, evidence_dir=tmp_path / "evidence", tz="Asia/Shanghai")
        except ImportRejected as rejected:
            outcomes["rejected"] += 1
            assert rows_in_store(engine) == before, data
            assert rejected.errors, data
            for error in rejected.errors:
                assert str(error).startswith(f"{path}"), (data, str(error))
        else:
            outcomes["imported"] += 1
            after = rows_in_store(engine)
            assert after["AuditEvent"] == before["AuditEvent"] + 1, data
    assert outcomes["rejected"] > 0 and outcomes["imported"] > 0, outcomes


SAMPLES = Path(__file__).resolve().parents[2] / "sample_data"
PLATFORM_FILES = [
    ("shipments", "shopify_orders.csv", "shopify"),
    ("products", "shopify_products.csv", "shopify"),
    ("shipments", "tiktok_orders.csv", "tiktok"),
    ("products", "products.csv", "generic"),
    ("shipments", "shipments.csv", "generic"),
]


def mutated(rng: random.Random, text: str) -> str:
    """A platform export with a few of its cells replaced by hostile values."""
    rows = list(csv.reader(io.StringIO(text)))
    for _ in range(rng.randint(1, 4)):
        row = rng.randrange(1, len(rows))
        if rows[row]:
            rows[row][rng.randrange(len(rows[row]))] = rng.choice(HOSTILE)
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue()


@pytest.mark.parametrize(("kind", "name", "file_format"), PLATFORM_FILES)
def test_mutated_platform_exports_import_whole_or_not_at_all(
    engine: Engine, tmp_path: Path, kind: Kind, name: str, file_format: str
) -> None:
    rng = random.Random(f"import-fuzz-{name}")
    text = (SAMPLES / name).read_text(encoding="utf-8-sig")
    for number in range(25):
        path = write(tmp_path / f"{number}-{name}", mutated(rng, text))
        before = rows_in_store(engine)
        try:
            import_file(
                engine,
                kind,
                path,
                format=file_format,
                evidence_dir=tmp_path / "evidence",
                tz="Asia/Shanghai",
            )
        except ImportRejected as rejected:
            assert rows_in_store(engine) == before
            assert all(str(error).startswith(str(path)) for error in rejected.errors)
        else:
            assert rows_in_store(engine)["AuditEvent"] == before["AuditEvent"] + 1
