"""The shipped sample data covers every scenario, imports cleanly, and the generator works."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import Engine, func
from sqlmodel import Session, col, select

from inspect_tui.core.tracking import match_tracking
from inspect_tui.sample import write_sample
from inspect_tui.services.importing import KINDS, Kind, import_file
from inspect_tui.store.models import Evidence, Product, ReturnRequest, Shipment, ShipmentLine

SAMPLES = Path(__file__).resolve().parents[2] / "sample_data"
LOAD_ORDER: tuple[tuple[Kind, str, str, str | None], ...] = (
    ("products", "products.csv", "generic", None),
    ("products", "shopify_products.csv", "shopify", None),
    ("shipments", "shipments.csv", "generic", None),
    ("shipments", "shopify_orders.csv", "shopify", None),
    ("shipments", "tiktok_orders.csv", "tiktok", None),
    ("shipments", "cn_backoffice.csv", "generic", "mapping_cn.toml"),
    ("returns", "returns.csv", "generic", None),
)


@pytest.fixture
def loaded(engine: Engine, tmp_path: Path) -> Path:
    """Every sample file imported in order; the evidence directory."""
    evidence = tmp_path / "evidence"
    for kind, name, file_format, mapping in LOAD_ORDER:
        import_file(
            engine,
            kind,
            SAMPLES / name,
            format=file_format,
            mapping=SAMPLES / mapping if mapping else None,
            evidence_dir=evidence,
        )
    return evidence


def test_everything_imports_with_the_expected_counts(engine: Engine, loaded: Path) -> None:
    with Session(engine) as session:
        platforms = Counter(session.exec(select(Shipment.platform)).all())
        products = session.exec(select(func.count()).select_from(Product)).one()
        returns = session.exec(select(func.count()).select_from(ReturnRequest)).one()
    assert products == 15 and returns == 21
    assert platforms == {
        "taobao": 6,
        "douyin": 6,
        "kuaishou": 3,
        "tmall": 2,
        "1688": 1,
        "shopify": 3,
        "tiktok": 2,
    }


def test_reimporting_the_samples_changes_nothing(engine: Engine, loaded: Path) -> None:
    for kind, name, file_format, mapping in LOAD_ORDER:
        result = import_file(
            engine,
            kind,
            SAMPLES / name,
            format=file_format,
            mapping=SAMPLES / mapping if mapping else None,
            evidence_dir=loaded,
        )
        assert all(c.created == 0 and c.updated == 0 for c in result.counts.values()), name


def test_scenarios_are_present(engine: Engine, loaded: Path) -> None:
    with Session(engine) as session:
        by_buyer = Counter(session.exec(select(Shipment.buyer_ref).join(ReturnRequest)).all())
        risky = sorted(
            session.exec(select(Shipment.order_ref).where(Shipment.risk_level == "high")).all()
        )
        late = session.exec(
            select(ReturnRequest, Shipment)
            .join(Shipment)
            .where(ReturnRequest.rma_ref == "TB-RF-879002")
        ).one()
        usual = session.exec(
            select(ReturnRequest, Shipment)
            .join(Shipment)
            .where(ReturnRequest.rma_ref == "TB-RF-880001")
        ).one()
        hp = session.exec(
            select(ShipmentLine).where(ShipmentLine.sku == "HP-100").order_by(col(ShipmentLine.id))
        ).first()
        names = set(session.exec(select(Shipment.buyer_name)).all())
        multi_line = session.exec(
            select(ShipmentLine.shipment_id).where(ShipmentLine.line_no == 2)
        ).all()
    assert by_buyer["dy_zhangwei88"] >= 4  # the repeat returner
    assert risky == ["#1002", "KS2411090077", "TB4015700456"]
    request, shipment = late
    assert request.requested_at and shipment.shipped_at
    assert request.requested_at - shipment.shipped_at > timedelta(days=30)
    request, shipment = usual
    assert request.requested_at and shipment.shipped_at
    assert request.requested_at - shipment.shipped_at < timedelta(days=7)
    assert hp is not None and hp.serials == ["HP100-2411-00871"]
    assert hp.components == ["charging case", "USB-C cable", "manual"]
    assert {"王小明", "李娜", "Emma Wilson"} <= names
    assert len(multi_line) >= 4


def test_every_tracking_number_is_well_formed(engine: Engine, loaded: Path) -> None:
    with Session(engine) as session:
        numbers = [n for n in session.exec(select(Shipment.tracking_out)).all() if n]
        numbers += [n for n in session.exec(select(ReturnRequest.tracking_return)).all() if n]
    assert len(numbers) >= 35
    for number in numbers:
        found = match_tracking(number)
        assert found is not None and found.valid, number
    assert "EE123456785CN" in numbers  # a UPU S10 number with its check digit


def test_photos_are_small_real_jpegs_stored_as_evidence(engine: Engine, loaded: Path) -> None:
    with Session(engine) as session:
        photos = session.exec(select(Evidence)).all()
    assert len(photos) == 7
    for photo in photos:
        stored = (loaded / photo.stored_path).read_bytes()
        assert hashlib.sha256(stored).hexdigest() == photo.sha256
        with Image.open(loaded / photo.stored_path) as image:
            assert image.format == "JPEG" and image.size == (320, 240)
        assert photo.bytes < 20_000


def test_readme_lists_every_return_and_its_scan_codes(engine: Engine, loaded: Path) -> None:
    readme = (SAMPLES / "README.md").read_text(encoding="utf-8")
    with Session(engine) as session:
        requests = session.exec(select(ReturnRequest)).all()
    for request in requests:
        assert f"`{request.rma_ref}`" in readme, request.rma_ref
        if request.tracking_return:
            assert f"`{request.tracking_return}`" in readme, request.tracking_return


def test_generator_output_imports_and_is_reproducible(engine: Engine, tmp_path: Path) -> None:
    write_sample(tmp_path / "a", 60, seed=3)
    write_sample(tmp_path / "b", 60, seed=3)
    for name in ("products.csv", "shipments.csv", "returns.csv"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    results = [
        import_file(
            engine,
            kind,
            tmp_path / "a" / f"{kind}.csv",
            evidence_dir=tmp_path / "ev",
        )
        for kind in KINDS
    ]
    assert results[1].counts["shipments"].created == 60
    assert results[2].counts["returns"].created == 6  # one shipment in ten


def test_generator_command_writes_exactly_the_lines_asked(tmp_path: Path) -> None:
    out = tmp_path / "gen"
    done = subprocess.run(
        [sys.executable, "-m", "inspect_tui.sample", "--lines", "250", "--out", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    lines = (out / "shipments.csv").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 251  # header + 250
    assert lines[0].startswith("order_ref,platform,buyer_ref")
