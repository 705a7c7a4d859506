"""A shipments file with pre-shipment photos is written in chunks too, and keeps its guarantees.

Each chunk's photos are copied into the evidence store as its orders are written. A file
rejected after some chunks were written leaves no shipment, line or evidence row; photos
already copied may stay in the store only under their SHA-256, referred to by no row.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import Engine
from sqlmodel import SQLModel

from inspect_tui.services.importing import ImportRejected, import_file, streaming
from inspect_tui.services.shared.database import open_store
from inspect_tui.store.models import AuditEvent, Evidence, Shipment, ShipmentLine
from row_counts import row_counts
from traced import traced_peak

HEADER = "order_ref,platform,sku,title,qty,unit_price,photos\n"
TABLES: tuple[type[SQLModel], ...] = (Shipment, ShipmentLine, Evidence, AuditEvent)
PHOTOS = 4


def _photos(folder: Path) -> None:
    """``PHOTOS`` small JPEGs of different colours in ``folder``/photos."""
    (folder / "photos").mkdir(parents=True)
    for n in range(PHOTOS):
        Image.new("RGB", (8, 8), (40 * n, 90, 200)).save(folder / "photos" / f"p{n}.jpg", "JPEG")


def _write(folder: Path, orders: int, bad_order: int | None = None) -> Path:
    """A file of ``orders`` one-line orders, each with a photo; ``bad_order``'s quantity is 0."""
    rows = [
        f"O{n},taobao,SKU-1,Thing,{0 if n == bad_order else 1},9.90,photos/p{n % PHOTOS}.jpg\n"
        for n in range(orders)
    ]
    path = folder / "ship.csv"
    path.write_text(HEADER + "".join(rows), encoding="utf-8")
    return path


def _peak_while_importing(folder: Path, orders: int) -> int:
    _photos(folder)
    path = _write(folder, orders)
    engine = open_store(f"sqlite:///{folder / 'inspect.db'}")
    try:
        result, peak = traced_peak(
            lambda: import_file(engine, "shipments", path, evidence_dir=folder / "ev", tz="UTC")
        )
    finally:
        engine.dispose()
    assert result.lines_written == orders and result.photos_stored == orders
    assert len(list((folder / "ev").rglob("*.jpg"))) == PHOTOS
    return peak


def test_memory_does_not_grow_with_a_file_of_photos(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ten times the orders with photos, about the same peak: the file is not read whole."""
    monkeypatch.setattr(streaming, "CHUNK_ORDERS", 200)
    peaks = [_peak_while_importing(tmp_path / f"{n}", n) for n in (1_000, 10_000)]
    assert peaks[1] < peaks[0] + 2_000_000, peaks


def test_a_file_of_photos_rejected_chunks_later_leaves_no_rows(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(streaming, "CHUNK_ORDERS", 3)
    _photos(tmp_path)
    path = _write(tmp_path, 12, bad_order=10)  # three chunks are written before line 12
    before = row_counts(engine, TABLES)
    with pytest.raises(ImportRejected) as caught:
        import_file(engine, "shipments", path, evidence_dir=tmp_path / "ev", tz="UTC")
    assert [str(error) for error in caught.value.errors] == [
        f"{path}:12: qty: '0' is not a valid quantity; expected a whole number of 1 or more"
    ]
    assert row_counts(engine, TABLES) == before
    for copy in (tmp_path / "ev").rglob("*.*"):  # only whole copies, named by their content
        assert copy.name == hashlib.sha256(copy.read_bytes()).hexdigest() + ".jpg"


def test_a_file_of_photos_in_chunks_attaches_each_photo_once(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(streaming, "CHUNK_ORDERS", 3)
    _photos(tmp_path)
    path = _write(tmp_path, 10)
    result = import_file(engine, "shipments", path, evidence_dir=tmp_path / "ev", tz="UTC")
    assert result.photos_stored == 10
    again = import_file(engine, "shipments", path, evidence_dir=tmp_path / "ev", tz="UTC")
    assert again.photos_stored == 0
    assert again.counts["shipments"].as_dict() == {"created": 0, "updated": 0, "unchanged": 10}
    assert row_counts(engine, TABLES) == {
        "Shipment": 10,
        "ShipmentLine": 10,
        "Evidence": 10,
        "AuditEvent": 2,
    }


def test_a_store_refusing_photos_is_reported_with_the_files_other_problems(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first chunk's photos cannot be stored; reading goes on and finds line 12 too."""
    monkeypatch.setattr(streaming, "CHUNK_ORDERS", 3)
    _photos(tmp_path)
    path = _write(tmp_path, 12, bad_order=10)
    not_a_folder = tmp_path / "evidence.txt"
    not_a_folder.write_text("a file where the evidence folder should be", encoding="utf-8")
    before = row_counts(engine, TABLES)
    with pytest.raises(ImportRejected) as caught:
        import_file(engine, "shipments", path, evidence_dir=not_a_folder, tz="UTC")
    errors = [str(error) for error in caught.value.errors]
    assert len(errors) == 2, errors
    assert errors[0].startswith(
        f"{path}: photos: cannot store a photo in the evidence store ({not_a_folder}): "
    )
    assert errors[0].endswith("; nothing was imported")
    assert errors[1] == (
        f"{path}:12: qty: '0' is not a valid quantity; expected a whole number of 1 or more"
    )
    assert row_counts(engine, TABLES) == before
