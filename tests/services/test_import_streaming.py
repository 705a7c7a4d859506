"""A shipments file is written in chunks of orders as it is read, and keeps its guarantees.

The chunk is made tiny (three orders) so that every file here spans several chunks: problems
found in a later chunk than the rows they concern, orders whose rows come back after their
chunk was written, serials shipped before, and a file far larger than a chunk, whose reading
must not hold every order in memory.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, SQLModel, select

from inspect_tui.sample import write_sample
from inspect_tui.services.importing import ImportRejected, import_file, regrouping, streaming
from inspect_tui.services.shared.database import open_store
from inspect_tui.store.models import AuditEvent, Shipment, ShipmentLine
from row_counts import row_counts
from traced import traced_peak

HEADER = "order_ref,platform,buyer_name,shipped_at,sku,title,qty,serials,unit_price\n"
TABLES: tuple[type[SQLModel], ...] = (Shipment, ShipmentLine, AuditEvent)


@pytest.fixture(autouse=True)
def tiny_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Three orders per chunk."""
    monkeypatch.setattr(streaming, "CHUNK_ORDERS", 3)


def _row(order: str, serial: str = "", sku: str = "SKU-1", platform: str = "taobao") -> str:
    return f"{order},{platform},Ann,2026-01-01 10:00,{sku},Thing,1,{serial},9.90\n"


def _import(engine: Engine, tmp_path: Path, text: str, name: str = "ship.csv") -> int:
    path = tmp_path / name
    path.write_text(HEADER + text, encoding="utf-8")
    result = import_file(
        engine, "shipments", path, evidence_dir=tmp_path / "ev", display_name=name, tz="UTC"
    )
    return result.lines_written


def _rejected(engine: Engine, tmp_path: Path, text: str) -> list[str]:
    before = _counts(engine)
    with pytest.raises(ImportRejected) as caught:
        _import(engine, tmp_path, text, "bad.csv")
    assert _counts(engine) == before
    return [str(error) for error in caught.value.errors]


def _counts(engine: Engine) -> dict[str, int]:
    return row_counts(engine, TABLES)


def test_a_file_of_many_chunks_is_written_whole_and_reimports_unchanged(
    engine: Engine, tmp_path: Path
) -> None:
    text = "".join(_row(f"O{n}", f"SN{n}") for n in range(10))
    assert _import(engine, tmp_path, text) == 10
    assert _counts(engine) == {"Shipment": 10, "ShipmentLine": 10, "AuditEvent": 1}
    path = tmp_path / "ship.csv"
    again = import_file(engine, "shipments", path, evidence_dir=tmp_path / "ev", tz="UTC")
    assert again.counts["shipments"].as_dict() == {"created": 0, "updated": 0, "unchanged": 10}
    assert _counts(engine)["ShipmentLine"] == 10


def test_a_serial_repeated_chunks_later_is_reported_and_nothing_is_written(
    engine: Engine, tmp_path: Path
) -> None:
    rows = [_row(f"O{n}", f"SN{n}") for n in range(10)]
    rows[8] = _row("O8", "sn 1")  # the same unit as line 3, two chunks later
    errors = _rejected(engine, tmp_path, "".join(rows))
    assert errors == [
        "bad.csv:10: serials: 'sn 1' is also on line 3 (order O1); expected each unit's serial once"
    ]


def test_every_problem_of_every_chunk_is_reported(engine: Engine, tmp_path: Path) -> None:
    rows = [_row(f"O{n}", f"SN{n}") for n in range(10)]
    rows[0] = rows[0].replace(",1,SN0,", ",-2,,")
    rows[5] = _row("O5", "SN5", platform="ebay")
    rows[9] = rows[9].replace("9.90", "abc")
    errors = _rejected(engine, tmp_path, "".join(rows))
    assert [error.split(":")[1:3] for error in errors] == [
        ["2", " qty"],
        ["7", " platform"],
        ["11", " unit_price"],
    ]


def test_a_serial_shipped_before_is_found_in_a_later_chunk(engine: Engine, tmp_path: Path) -> None:
    _import(engine, tmp_path, _row("OLD1", "SN-77"), "old.csv")
    rows = [_row(f"O{n}", f"SN{n}") for n in range(7)] + [_row("O7", "sn-77")]
    errors = _rejected(engine, tmp_path, "".join(rows))
    assert errors == [
        "bad.csv:9: serials: 'sn-77' was already shipped on order OLD1 (taobao); expected a "
        "serial that has not shipped before (check the serial, or that order)"
    ]


def test_an_order_whose_rows_come_back_after_its_chunk_is_imported_as_one(
    engine: Engine, tmp_path: Path
) -> None:
    rows = [_row(f"O{n}", f"SN{n}") for n in range(8)]
    rows.append(_row("O1", "SN-late", sku="SKU-2"))  # O1's second line, chunks later
    rows.append(_row("O2", "SN-blank", sku="SKU-3").replace(",taobao,", ",,"))
    assert _import(engine, tmp_path, "".join(rows)) == 10
    with Session(engine) as session:
        shipment = session.exec(select(Shipment).where(Shipment.order_ref == "O1")).one()
        skus = session.exec(
            select(ShipmentLine.sku).where(ShipmentLine.shipment_id == shipment.id)
        ).all()
    assert sorted(skus) == ["SKU-1", "SKU-2"]
    assert _counts(engine)["Shipment"] == 8


def test_a_contradiction_chunks_after_the_orders_first_row_is_reported(
    engine: Engine, tmp_path: Path
) -> None:
    rows = [_row(f"O{n}", f"SN{n}") for n in range(8)]
    rows.append(_row("O1", "SN-late").replace(",Ann,", ",Bob,"))
    errors = _rejected(engine, tmp_path, "".join(rows))
    assert len(errors) == 1
    assert errors[0].startswith("bad.csv:10: buyer_name: 'Bob' contradicts 'Ann' on line 3")


def _peak_while_importing(folder: Path, lines: int) -> int:
    write_sample(folder, 0, lines=lines, seed=7)
    engine = open_store(f"sqlite:///{folder / 'inspect.db'}")
    path = folder / "shipments.csv"
    try:
        _result, peak = traced_peak(
            lambda: import_file(engine, "shipments", path, evidence_dir=folder / "ev")
        )
    finally:
        engine.dispose()
    return peak


def test_memory_does_not_grow_with_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ten times the lines, about the same peak: no record of every order is kept."""
    monkeypatch.setattr(streaming, "CHUNK_ORDERS", 200)
    small = _peak_while_importing(tmp_path / "small", 1_000)
    large = _peak_while_importing(tmp_path / "large", 10_000)
    assert large < small + 2_000_000, (small, large)


def _peak_with_comeback(folder: Path, orders: int) -> int:
    """Peak memory importing ``orders`` orders, the first of which has a row at the very end."""
    folder.mkdir()
    rows = [_row(f"O{n}", f"SN{n}") for n in range(orders)] + [_row("O0", "SN-late", "SKU-2")]
    (folder / "ship.csv").write_text(HEADER + "".join(rows), encoding="utf-8")
    engine = open_store(f"sqlite:///{folder / 'inspect.db'}")
    path = folder / "ship.csv"
    try:
        result, peak = traced_peak(
            lambda: import_file(engine, "shipments", path, evidence_dir=folder, tz="UTC")
        )
    finally:
        engine.dispose()
    assert result.lines_written == orders + 1
    return peak


def test_memory_does_not_grow_when_an_orders_rows_come_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The file is read again grouped by order, still a chunk at a time, not whole."""
    monkeypatch.setattr(streaming, "CHUNK_ORDERS", 200)
    monkeypatch.setattr(regrouping, "STORE_ROWS", 200)
    monkeypatch.setattr(regrouping, "PAGE", 200)
    small = _peak_with_comeback(tmp_path / "small", 1_000)
    large = _peak_with_comeback(tmp_path / "large", 10_000)
    assert large < small + 2_000_000, (small, large)
