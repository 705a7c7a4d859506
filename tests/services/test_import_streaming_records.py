"""Catalog and returns files are written in chunks as they are read, and keep their guarantees.

The chunk is made tiny (three records) so that every file here spans several chunks: a SKU
repeated chunks apart, problems in different chunks, a return whose rows come back after its
chunk was written, and files far larger than a chunk, whose reading must not hold every record
in memory.
"""

from __future__ import annotations

import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, SQLModel, select

from inspect_tui.services.importing import (
    ImportRejected,
    Kind,
    import_file,
    regrouping,
    streamed_records,
)
from inspect_tui.services.shared.database import open_store
from inspect_tui.store.models import AuditEvent, Product, ReturnLine, ReturnRequest
from row_counts import row_counts

PRODUCTS = "sku,title,unit_weight_g\n"
RETURNS = "rma_ref,order_ref,platform,sku,qty,refund_amount\n"
ORDERS = "order_ref,platform,sku,qty,unit_price\nO1,taobao,A,5,10\nO2,taobao,B,1,10\n"
TABLES: tuple[type[SQLModel], ...] = (Product, ReturnRequest, ReturnLine, AuditEvent)


@pytest.fixture(autouse=True)
def tiny_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Three records per chunk."""
    monkeypatch.setattr(streamed_records, "CHUNK_RECORDS", 3)


def _products(count: int) -> list[str]:
    return [f"SKU-{n},Thing {n},{100 + n}\n" for n in range(count)]


def _returns(count: int, order: str = "O1") -> list[str]:
    return [f"R{n},{order},taobao,A,1,1.00\n" for n in range(count)]


def _import(engine: Engine, tmp_path: Path, kind: Kind, text: str, name: str) -> int:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    result = import_file(engine, kind, path, evidence_dir=tmp_path / "ev", display_name=name)
    return result.rows


def _orders(engine: Engine, tmp_path: Path) -> None:
    _import(engine, tmp_path, "shipments", ORDERS, "orders.csv")


def _rejected(engine: Engine, tmp_path: Path, kind: Kind, text: str) -> list[str]:
    before = _counts(engine)
    with pytest.raises(ImportRejected) as caught:
        _import(engine, tmp_path, kind, text, "bad.csv")
    assert _counts(engine) == before
    return [str(error) for error in caught.value.errors]


def _counts(engine: Engine) -> dict[str, int]:
    return row_counts(engine, TABLES)


def test_a_catalog_of_many_chunks_is_written_whole_and_reimports_unchanged(
    engine: Engine, tmp_path: Path
) -> None:
    text = PRODUCTS + "".join(_products(10))
    assert _import(engine, tmp_path, "products", text, "p.csv") == 10
    assert _counts(engine)["Product"] == 10
    again = import_file(engine, "products", tmp_path / "p.csv", evidence_dir=tmp_path / "ev")
    assert again.counts["products"].as_dict() == {"created": 0, "updated": 0, "unchanged": 10}
    with Session(engine) as session:
        weight = session.exec(select(Product.unit_weight_g).where(Product.sku == "SKU-9")).one()
    assert weight == 109


def test_a_sku_repeated_chunks_later_is_reported_and_nothing_is_written(
    engine: Engine, tmp_path: Path
) -> None:
    rows = _products(10)
    rows[8] = "sku-1,Again,5\n"  # the SKU of line 3, two chunks later
    errors = _rejected(engine, tmp_path, "products", PRODUCTS + "".join(rows))
    assert errors == ["bad.csv:10: sku: 'sku-1' is also on line 3; expected each SKU once"]


def test_every_problem_of_every_catalog_chunk_is_reported(engine: Engine, tmp_path: Path) -> None:
    rows = _products(10)
    rows[0] = "SKU-0,Thing,heavy\n"
    rows[5] = "SKU-0,Thing,5\n"
    rows[9] = "SKU-9,Thing,-4\n"
    errors = _rejected(engine, tmp_path, "products", PRODUCTS + "".join(rows))
    assert [error.split(":")[1:3] for error in errors] == [
        ["2", " unit_weight_g"],
        ["7", " sku"],
        ["11", " unit_weight_g"],
    ]


def test_a_returns_file_of_many_chunks_is_written_whole_and_reimports_unchanged(
    engine: Engine, tmp_path: Path
) -> None:
    _orders(engine, tmp_path)
    text = RETURNS + "".join(_returns(10))
    assert _import(engine, tmp_path, "returns", text, "r.csv") == 10
    assert _counts(engine)["ReturnRequest"] == 10
    assert _counts(engine)["ReturnLine"] == 10
    again = import_file(engine, "returns", tmp_path / "r.csv", evidence_dir=tmp_path / "ev")
    assert again.counts["returns"].as_dict() == {"created": 0, "updated": 0, "unchanged": 10}


def test_every_problem_of_every_returns_chunk_is_reported(engine: Engine, tmp_path: Path) -> None:
    _orders(engine, tmp_path)
    rows = _returns(10)
    rows[0] = "R0,O1,taobao,A,two,1.00\n"
    rows[5] = "R5,O9,taobao,A,1,1.00\n"  # no such order, two chunks after the first problem
    rows[9] = "R9,O2,taobao,B,1,1.00\n"
    rows.append("R9,O2,ebay,B,1,1.00\n")  # contradicts its own first row, in the last chunk
    errors = _rejected(engine, tmp_path, "returns", RETURNS + "".join(rows))
    assert [error.split(":")[1:3] for error in errors] == [
        ["2", " qty"],
        ["7", " order_ref"],
        ["12", " platform"],
    ]
    assert "'O9' matches no taobao shipment" in errors[1]


def test_a_return_whose_rows_come_back_after_its_chunk_is_imported_as_one(
    engine: Engine, tmp_path: Path
) -> None:
    _orders(engine, tmp_path)
    rows = [*_returns(8), "R1,O1,taobao,A,2,3.00\n"]  # R1's second row, chunks later
    assert _import(engine, tmp_path, "returns", RETURNS + "".join(rows), "r.csv") == 9
    with Session(engine) as session:
        request = session.exec(select(ReturnRequest).where(ReturnRequest.rma_ref == "R1")).one()
        qty = session.exec(select(ReturnLine.qty).where(ReturnLine.return_id == request.id)).one()
    assert (qty, request.refund_minor) == (3, 400)
    assert _counts(engine)["ReturnRequest"] == 8


def _peak(folder: Path, kind: Kind, rows: Callable[[int], list[str]], count: int) -> int:
    folder.mkdir()
    engine = open_store(f"sqlite:///{folder / 'inspect.db'}")
    header = PRODUCTS if kind == "products" else RETURNS
    (folder / "big.csv").write_text(header + "".join(rows(count)), encoding="utf-8")
    try:
        _orders(engine, folder)
        tracemalloc.start()
        import_file(engine, kind, folder / "big.csv", evidence_dir=folder / "ev")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
        engine.dispose()
    return peak


def _returns_coming_back(count: int) -> list[str]:
    """Return rows whose first request has one more row at the very end."""
    return [*_returns(count), "R0,O1,taobao,B,1,1.00\n"]


@pytest.mark.parametrize(
    ("kind", "rows"),
    [("products", _products), ("returns", _returns), ("returns", _returns_coming_back)],
)
def test_memory_does_not_grow_with_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: Kind, rows: Callable[[int], list[str]]
) -> None:
    """Ten times the rows, about the same peak: no record of every row is kept."""
    monkeypatch.setattr(streamed_records, "CHUNK_RECORDS", 200)
    monkeypatch.setattr(regrouping, "STORE_ROWS", 200)
    monkeypatch.setattr(regrouping, "PAGE", 200)
    small = _peak(tmp_path / "small", kind, rows, 1_000)
    large = _peak(tmp_path / "large", kind, rows, 10_000)
    assert large < small + 2_000_000, (small, large)
