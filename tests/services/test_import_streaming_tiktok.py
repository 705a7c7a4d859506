"""TikTok Shop order exports are written in chunks as they are read, orders and returns alike.

The chunks are made tiny (three orders, three return requests) so that every export here spans
several: problems chunks apart, returns of orders written chunks after a problem, an order whose
rows come back after its chunk was written, and exports far larger than a chunk, whose reading
must not hold every order in memory.
"""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, SQLModel, col, select

from inspect_tui.services.importing import (
    ImportRejected,
    Kind,
    import_file,
    regrouping,
    streamed_records,
    streaming,
)
from inspect_tui.services.shared.database import open_store
from inspect_tui.store.models import AuditEvent, ReturnLine, ReturnRequest, Shipment, ShipmentLine
from row_counts import row_counts

HEADER = (
    "Order ID,Order Status,Cancelation/Return Type,Seller SKU,Product Name,Quantity,"
    "Sku Quantity of return,SKU Unit Original Price,Order Refund Amount,Shipped Time,Weight(kg)\n"
    "Platform unique order ID.,Current order status.,Return type.,Seller SKU.,Product name.,"
    "Quantity.,Quantity returned.,Unit price.,Refund.,Time shipped.,Package weight.\n"
)
TABLES: tuple[type[SQLModel], ...] = (
    Shipment,
    ShipmentLine,
    ReturnRequest,
    ReturnLine,
    AuditEvent,
)


@pytest.fixture(autouse=True)
def tiny_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Three orders, and three return requests, per chunk."""
    monkeypatch.setattr(streaming, "CHUNK_ORDERS", 3)
    monkeypatch.setattr(streamed_records, "CHUNK_RECORDS", 3)


def _row(
    order: int,
    sku: str = "A",
    returned: int = 0,
    weight: str = "0.5",
    shipped: str = "11/08/2026 07:12:03 PM",
    status: str = "Completed",
) -> str:
    kind = "Return/Refund" if returned else ""
    refund = "9.00" if returned else ""
    return (
        f"\t{order},{status},{kind},{sku},Thing {sku},1,{returned},9.00,{refund},{shipped},"
        f"{weight}\n"
    )


def _orders(count: int) -> list[str]:
    """``count`` orders of one row each; every other one returned."""
    return [_row(5000 + n, returned=n % 2) for n in range(count)]


def _import(engine: Engine, tmp_path: Path, text: str, kind: Kind = "shipments") -> int:
    path = tmp_path / "tt.csv"
    path.write_text(HEADER + text, encoding="utf-8")
    result = import_file(
        engine,
        kind,
        path,
        format="tiktok",
        evidence_dir=tmp_path / "ev",
        display_name="tt.csv",
        tz="UTC",
    )
    return result.rows


def _rejected(engine: Engine, tmp_path: Path, text: str, kind: Kind = "shipments") -> list[str]:
    before = _counts(engine)
    with pytest.raises(ImportRejected) as caught:
        _import(engine, tmp_path, text, kind)
    assert _counts(engine) == before
    return [str(error) for error in caught.value.errors]


def _counts(engine: Engine) -> dict[str, int]:
    return row_counts(engine, TABLES)


def test_an_export_of_many_chunks_is_written_whole_and_reimports_unchanged(
    engine: Engine, tmp_path: Path
) -> None:
    rows = [*_orders(10), _row(5003, "B", returned=1), _row(5010, status="Cancelled")]
    assert _import(engine, tmp_path, "".join(rows)) == 11
    counts = _counts(engine)
    assert (counts["Shipment"], counts["ShipmentLine"]) == (10, 11)
    assert (counts["ReturnRequest"], counts["ReturnLine"]) == (5, 6)
    with Session(engine) as session:
        shipment = session.exec(select(Shipment).where(Shipment.order_ref == "5003")).one()
        request = session.exec(
            select(ReturnRequest).where(ReturnRequest.rma_ref == "TT-RET-5003")
        ).one()
        skus = session.exec(
            select(ReturnLine.sku)
            .where(ReturnLine.return_id == request.id)
            .order_by(col(ReturnLine.sku))
        ).all()
    assert (request.shipment_id, request.refund_minor, list(skus)) == (shipment.id, 900, ["A", "B"])
    again = import_file(
        engine, "shipments", tmp_path / "tt.csv", format="tiktok", evidence_dir=tmp_path / "ev"
    )
    assert again.counts["shipments"].as_dict() == {"created": 0, "updated": 0, "unchanged": 10}
    assert again.counts["returns"].as_dict() == {"created": 0, "updated": 0, "unchanged": 5}
    assert again.skipped == 2  # the row describing the columns, the cancelled order


def test_every_problem_of_every_chunk_is_reported_and_nothing_is_written(
    engine: Engine, tmp_path: Path
) -> None:
    rows = _orders(12)
    rows[0] = _row(5000, weight="heavy")
    rows[6] = _row(5006, returned=-1)
    rows[10] = _row(5010, shipped="11/31/2026 10:00:00 AM")
    errors = _rejected(engine, tmp_path, "".join(rows))
    # Returns of orders in later chunks are not reported as missing their orders.
    assert [error.split(":")[1:3] for error in errors] == [
        ["3", " Weight(kg)"],
        ["9", " Sku Quantity of return"],
        ["13", " Shipped Time"],
    ]


def test_an_order_whose_rows_come_back_after_its_chunk_is_imported_as_one(
    engine: Engine, tmp_path: Path
) -> None:
    rows = [*_orders(8), _row(5001, "B", returned=1)]  # 5001's second row, chunks later
    assert _import(engine, tmp_path, "".join(rows)) == 9
    counts = _counts(engine)
    assert (counts["Shipment"], counts["ShipmentLine"]) == (8, 9)
    assert (counts["ReturnRequest"], counts["ReturnLine"]) == (4, 5)
    with Session(engine) as session:
        request = session.exec(
            select(ReturnRequest).where(ReturnRequest.rma_ref == "TT-RET-5001")
        ).one()
        lines = session.exec(
            select(ReturnLine.sku, ReturnLine.qty).where(ReturnLine.return_id == request.id)
        ).all()
    assert sorted(lines) == [("A", 1), ("B", 1)]


def test_only_the_returns_of_an_export_are_imported_in_chunks(
    engine: Engine, tmp_path: Path
) -> None:
    text = "".join(_orders(10))
    errors = _rejected(engine, tmp_path, text, "returns")
    assert [error.split(":")[1] for error in errors] == ["4", "6", "8", "10", "12"]
    assert "'5001' matches no tiktok shipment" in errors[0]
    _import(engine, tmp_path, text)
    path = tmp_path / "tt.csv"
    only = import_file(engine, "returns", path, format="tiktok", evidence_dir=tmp_path / "ev")
    assert only.counts["returns"].as_dict() == {"created": 0, "updated": 0, "unchanged": 5}
    assert list(only.counts) == ["returns"]


def _peak(folder: Path, kind: Kind, orders: int) -> int:
    folder.mkdir()
    engine = open_store(f"sqlite:///{folder / 'inspect.db'}")
    (folder / "big.csv").write_text(HEADER + "".join(_orders(orders)), encoding="utf-8")
    try:
        if kind == "returns":
            import_file(
                engine, "shipments", folder / "big.csv", format="tiktok", evidence_dir=folder
            )
        tracemalloc.start()
        import_file(engine, kind, folder / "big.csv", format="tiktok", evidence_dir=folder)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
        engine.dispose()
    return peak


@pytest.mark.parametrize("kind", ["shipments", "returns"])
def test_memory_does_not_grow_with_the_export(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: Kind
) -> None:
    """Ten times the orders, about the same peak: no record of every order or return is kept."""
    monkeypatch.setattr(streaming, "CHUNK_ORDERS", 200)
    monkeypatch.setattr(streamed_records, "CHUNK_RECORDS", 200)
    monkeypatch.setattr(regrouping, "STORE_ROWS", 200)
    monkeypatch.setattr(regrouping, "PAGE", 200)
    small = _peak(tmp_path / "small", kind, 1_000)
    large = _peak(tmp_path / "large", kind, 10_000)
    assert large < small + 2_000_000, (small, large)
