"""The generic import format: products, shipments, returns; upserts, photos, audit events."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import Engine, func
from sqlmodel import Session, col, select

from inspect_tui.services.importing import KINDS, ImportRejected, Kind, import_file
from inspect_tui.store.models import (
    AuditEvent,
    Evidence,
    Inspection,
    Product,
    ReturnLine,
    ReturnRequest,
    Shipment,
    ShipmentLine,
)

PRODUCTS = """sku,gtin,title,unit_weight_g,serialized,components
HP-100,6901234567014,Wireless headphones,250,yes,charging case; USB-C cable; manual
TS-1,,T-shirt,180,no,
"""

SHIPMENTS = """order_ref,platform,buyer_ref,buyer_name,shipped_at,carrier,tracking_out,\
shipped_weight_g,risk_level,package_ref,sku,title,qty,serials,unit_price,gtin,photos,seal_ids
TB 1001,淘宝,wx_1,王小明,2026-11-10 15:20:00,SF Express,SF1234567890123,520,,PKG-1,HP-100,,1,\
SN-001,299.00,,photos/hp.jpg,SEAL-1
TB 1001,,,,,,,,,,TS-1,Black tee,2,,59.9,,,SEAL-2
DY2001,Douyin,dy_2,李娜,2026-11-11T09:00:00+08:00,YTO,YT1234567890123,300,High,,TS-1,,1,,59.90,,,
"""

RETURNS = """rma_ref,order_ref,tracking_return,carrier_return,requested_at,reason_code,\
reason_text,sku,qty,refund_amount,freight_insurance
R-1,TB1001,SF 9999 9999 9999 9,SF Express,2026-11-14 12:00,not as described,耳机有杂音,HP-100,1,\
299,yes
R-1,,,,,,,TS-1,,,
R-1,,,,,,,TS-1,1,,
"""


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    """Write ``text`` to ``path`` (creating folders) and return the path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding))
    return path


@pytest.fixture
def files(tmp_path: Path) -> Path:
    """A folder with a generic products, shipments and returns file and one photo."""
    folder = tmp_path / "in"
    write(folder / "products.csv", PRODUCTS)
    write(folder / "shipments.csv", SHIPMENTS)
    write(folder / "returns.csv", RETURNS)
    (folder / "photos").mkdir()
    Image.new("RGB", (24, 16), (10, 120, 200)).save(folder / "photos" / "hp.jpg", "JPEG")
    return folder


def load_all(engine: Engine, folder: Path, evidence: Path) -> None:
    """Import the three files in order, in Shanghai time."""
    kinds: tuple[Kind, ...] = ("products", "shipments", "returns")
    for kind in kinds:
        import_file(
            engine,
            kind,
            folder / f"{kind}.csv",
            evidence_dir=evidence,
            tz="Asia/Shanghai",
        )


def count(engine: Engine, model: type) -> int:
    """Rows in a table."""
    with Session(engine) as session:
        return int(session.exec(select(func.count()).select_from(model)).one())


def test_products_are_created_with_keys_gtin14_and_components(
    engine: Engine, files: Path, tmp_path: Path
) -> None:
    result = import_file(engine, "products", files / "products.csv", evidence_dir=tmp_path / "ev")
    assert result.counts["products"].as_dict() == {"created": 2, "updated": 0, "unchanged": 0}
    with Session(engine) as session:
        hp = session.exec(select(Product).where(Product.sku == "HP-100")).one()
    assert hp.sku_key == "hp-100"
    assert hp.gtin == "06901234567014"
    assert hp.unit_weight_g == 250 and hp.serialized is True
    assert hp.components == ["charging case", "USB-C cable", "manual"]


def test_shipments_group_lines_by_order_and_convert_values(
    engine: Engine, files: Path, tmp_path: Path
) -> None:
    import_file(engine, "products", files / "products.csv", evidence_dir=tmp_path / "ev")
    result = import_file(
        engine,
        "shipments",
        files / "shipments.csv",
        evidence_dir=tmp_path / "ev",
        tz="Asia/Shanghai",
    )
    assert result.counts["shipments"].created == 2
    assert result.lines_written == 3 and result.photos_stored == 1
    with Session(engine) as session:
        taobao = session.exec(select(Shipment).where(Shipment.platform == "taobao")).one()
        lines = session.exec(
            select(ShipmentLine)
            .where(ShipmentLine.shipment_id == taobao.id)
            .order_by(col(ShipmentLine.line_no))
        ).all()
        douyin = session.exec(select(Shipment).where(Shipment.platform == "douyin")).one()
    assert taobao.order_ref == "TB 1001" and taobao.order_key == "tb1001"
    assert taobao.buyer_name == "王小明" and taobao.risk_level == "none"
    # 15:20 in Shanghai is 07:20 UTC.
    assert taobao.shipped_at == datetime(2026, 11, 10, 7, 20, tzinfo=UTC)
    assert taobao.tracking_out_key == "sf1234567890123" and taobao.package_key == "pkg-1"
    assert taobao.seal_ids == ["SEAL-1", "SEAL-2"]
    assert [(line.line_no, line.sku, line.qty) for line in lines] == [
        (1, "HP-100", 1),
        (2, "TS-1", 2),
    ]
    hp, tee = lines[0], lines[1]
    assert hp.serials == ["SN-001"] and hp.unit_price_minor == 29900
    assert hp.title == "Wireless headphones"  # blank in the file: taken from the catalog
    assert hp.gtin == "06901234567014"
    assert hp.components == ["charging case", "USB-C cable", "manual"]
    assert tee.title == "Black tee" and tee.unit_price_minor == 5990
    assert douyin.risk_level == "high" and douyin.shipped_weight_g == 300
    assert douyin.shipped_at == datetime(2026, 11, 11, 1, 0, tzinfo=UTC)


def test_returns_link_to_their_shipment_and_add_up_lines(
    engine: Engine, files: Path, tmp_path: Path
) -> None:
    load_all(engine, files, tmp_path / "ev")
    with Session(engine) as session:
        request = session.exec(select(ReturnRequest)).one()
        shipment = session.get(Shipment, request.shipment_id)
        lines = session.exec(select(ReturnLine).order_by(col(ReturnLine.sku))).all()
    assert shipment is not None and shipment.order_ref == "TB 1001"
    assert request.rma_key == "r-1"
    assert request.tracking_return == "SF 9999 9999 9999 9"
    assert request.tracking_return_key == "sf9999999999999"
    assert request.reason_code == "NOT_AS_DESCRIBED" and request.reason_text == "耳机有杂音"
    assert request.refund_minor == 29900 and request.freight_insurance is True
    assert request.requested_at == datetime(2026, 11, 14, 4, 0, tzinfo=UTC)
    # A blank qty means one unit; the same SKU on two rows adds up.
    assert [(line.sku, line.qty) for line in lines] == [("HP-100", 1), ("TS-1", 2)]


def test_reimporting_the_same_files_changes_nothing(
    engine: Engine, files: Path, tmp_path: Path
) -> None:
    load_all(engine, files, tmp_path / "ev")
    before = {
        m.__name__: count(engine, m)
        for m in (Product, Shipment, ShipmentLine, ReturnRequest, ReturnLine, Evidence)
    }
    for kind in KINDS:
        again = import_file(
            engine,
            kind,
            files / f"{kind}.csv",
            evidence_dir=tmp_path / "ev",
            tz="Asia/Shanghai",
        )
        counts = again.counts[kind]
        assert counts.created == 0 and counts.updated == 0 and counts.unchanged > 0
        assert "0 created, 0 updated" in again.summary()
    after = {
        m.__name__: count(engine, m)
        for m in (Product, Shipment, ShipmentLine, ReturnRequest, ReturnLine, Evidence)
    }
    assert after == before


def test_reimport_updates_changed_values_and_replaces_lines(
    engine: Engine, files: Path, tmp_path: Path
) -> None:
    load_all(engine, files, tmp_path / "ev")
    changed = SHIPMENTS.replace(",520,", ",540,").replace(
        "TB 1001,,,,,,,,,,TS-1,Black tee,2,,59.9,,,SEAL-2\n", ""
    )
    write(files / "shipments.csv", changed)
    result = import_file(
        engine,
        "shipments",
        files / "shipments.csv",
        evidence_dir=tmp_path / "ev",
        tz="Asia/Shanghai",
    )
    assert result.counts["shipments"].as_dict() == {"created": 0, "updated": 1, "unchanged": 1}
    with Session(engine) as session:
        taobao = session.exec(select(Shipment).where(Shipment.order_key == "tb1001")).one()
        skus = session.exec(
            select(ShipmentLine.sku).where(ShipmentLine.shipment_id == taobao.id)
        ).all()
    assert taobao.shipped_weight_g == 540
    assert taobao.seal_ids == ["SEAL-1"]
    assert list(skus) == ["HP-100"]


def test_a_corrected_buyer_is_the_buyer_of_the_parcels_already_inspected(
    engine: Engine, files: Path, tmp_path: Path, store_url: str
) -> None:
    from inspect_tui.services.inspecting.workstation import Workstation
    from inspect_tui.services.review.operators import bootstrap_supervisor

    load_all(engine, files, tmp_path / "ev")
    bootstrap_supervisor(engine, "alice", "2468")
    desk = Workstation.connect(store_url, station="bench-1", operator="alice", data_dir=tmp_path)
    try:
        opened = desk.open_parcel("SF 9999 9999 9999 9")
    finally:
        desk.close()
    write(files / "shipments.csv", SHIPMENTS.replace(",wx_1,", ",wx_1b,"))
    import_file(
        engine, "shipments", files / "shipments.csv", evidence_dir=tmp_path / "ev",
        tz="Asia/Shanghai",
    )  # fmt: skip
    with Session(engine) as session:
        inspection = session.exec(
            select(Inspection).where(Inspection.id == opened.inspection_id)
        ).one()
    assert (inspection.platform, inspection.buyer_ref) == ("taobao", "wx_1b")


def test_columns_absent_from_a_file_are_left_alone(
    engine: Engine, files: Path, tmp_path: Path
) -> None:
    import_file(engine, "products", files / "products.csv", evidence_dir=tmp_path / "ev")
    write(files / "titles.csv", "sku,title\nHP-100,Headphones HP-100 (2026)\n")
    result = import_file(engine, "products", files / "titles.csv", evidence_dir=tmp_path / "ev")
    assert result.counts["products"].updated == 1
    with Session(engine) as session:
        hp = session.exec(select(Product).where(Product.sku_key == "hp-100")).one()
    assert hp.title == "Headphones HP-100 (2026)"
    assert hp.unit_weight_g == 250 and hp.components == ["charging case", "USB-C cable", "manual"]


def test_photos_are_stored_under_their_sha256(engine: Engine, files: Path, tmp_path: Path) -> None:
    evidence_dir = tmp_path / "ev"
    load_all(engine, files, evidence_dir)
    original = (files / "photos" / "hp.jpg").read_bytes()
    digest = hashlib.sha256(original).hexdigest()
    with Session(engine) as session:
        photo = session.exec(select(Evidence)).one()
    assert photo.kind == "pre_shipment" and photo.shipment_id is not None
    assert photo.sha256 == digest and photo.bytes == len(original)
    assert photo.stored_path == f"{digest[:2]}/{digest}.jpg"
    stored = (evidence_dir / photo.stored_path).read_bytes()
    assert hashlib.sha256(stored).hexdigest() == digest
    assert photo.original_name == "hp.jpg"


def test_each_import_writes_one_audit_event(engine: Engine, files: Path, tmp_path: Path) -> None:
    load_all(engine, files, tmp_path / "ev")
    with Session(engine) as session:
        events = session.exec(select(AuditEvent).order_by(col(AuditEvent.seq))).all()
    actions = [event.action for event in events]
    assert actions == ["import.products", "import.shipments", "import.returns"]
    payload = json.loads(events[1].payload)
    assert payload["counts"]["shipments"] == {"created": 2, "updated": 0, "unchanged": 0}
    assert payload["sha256"] == hashlib.sha256((files / "shipments.csv").read_bytes()).hexdigest()
    assert payload["photos_stored"] == 1 and payload["rows"] == 3
    assert events[1].entity == "file:shipments.csv"


def test_naive_times_default_to_the_machine_zone(
    engine: Engine, files: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TZ", "America/New_York")
    import_file(engine, "shipments", files / "shipments.csv", evidence_dir=tmp_path / "ev")
    with Session(engine) as session:
        taobao = session.exec(select(Shipment).where(Shipment.platform == "taobao")).one()
    assert taobao.shipped_at == datetime(2026, 11, 10, 20, 20, tzinfo=UTC)


def test_header_only_file_is_rejected(engine: Engine, tmp_path: Path) -> None:
    path = write(tmp_path / "empty_shipments.csv", "order_ref,platform,sku,qty\n")
    with pytest.raises(ImportRejected) as caught:
        import_file(engine, "shipments", path, evidence_dir=tmp_path / "ev")
    assert [str(error) for error in caught.value.errors] == [
        f"{path}:1: the file has a header but no data rows; expected at least one row below it"
    ]
    assert count(engine, Shipment) == 0 and count(engine, AuditEvent) == 0


def test_same_order_on_two_platforms_needs_the_platform_column(
    engine: Engine, tmp_path: Path
) -> None:
    write(tmp_path / "s.csv", "order_ref,platform,sku,qty\nA1,taobao,X,1\nA1,douyin,Y,1\n")
    result = import_file(engine, "shipments", tmp_path / "s.csv", evidence_dir=tmp_path / "ev")
    assert result.counts["shipments"].created == 2
    write(tmp_path / "r.csv", "rma_ref,order_ref,platform,sku\nR1,A1,douyin,Y\n")
    import_file(engine, "returns", tmp_path / "r.csv", evidence_dir=tmp_path / "ev")
    with Session(engine) as session:
        request = session.exec(select(ReturnRequest)).one()
        shipment = session.get(Shipment, request.shipment_id)
    assert shipment is not None and shipment.platform == "douyin"


def test_xlsx_workbook_is_read_like_a_csv(engine: Engine, tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["sku", "title", "unit_weight_g", "serialized"])
    sheet.append(["XL-1", "Workbook item", 125.0, True])
    sheet.append([None, None, None, None])
    sheet.append(["XL-2", "Second", 80, False])
    workbook.save(tmp_path / "catalog.xlsx")
    result = import_file(engine, "products", tmp_path / "catalog.xlsx", evidence_dir=tmp_path)
    assert result.counts["products"].created == 2
    with Session(engine) as session:
        first = session.exec(select(Product).where(Product.sku == "XL-1")).one()
    assert (first.title, first.unit_weight_g, first.serialized) == ("Workbook item", 125, True)


def test_one_photo_for_two_orders_is_stored_once(engine: Engine, tmp_path: Path) -> None:
    Image.new("RGB", (16, 16), (1, 2, 3)).save(tmp_path / "shared.jpg", "JPEG")
    write(
        tmp_path / "s.csv",
        "order_ref,platform,sku,qty,photos\n"
        "A1,taobao,X,1,shared.jpg\nA2,taobao,X,1,shared.jpg;shared.jpg\n",
    )
    result = import_file(engine, "shipments", tmp_path / "s.csv", evidence_dir=tmp_path / "ev")
    assert result.photos_stored == 2  # one evidence row per shipment
    stored = [p for p in (tmp_path / "ev").rglob("*") if p.is_file()]
    assert len(stored) == 1 and stored[0].suffix == ".jpg"
    with Session(engine) as session:
        shas = set(session.exec(select(Evidence.sha256)).all())
    assert shas == {stored[0].stem}


def test_lookup_keys_match_the_scanners_normalisation() -> None:
    from inspect_tui.core.codes import normalise_identifier
    from inspect_tui.services.importing.values import key

    for text in ("TB 1001", " sf1402\u3000558617283 ", "ÄRGER-ß", "#1001\t", "Ǆ-1"):
        assert key(text) == normalise_identifier(text) == "".join(text.split()).casefold()


def test_gtins_lose_leading_zeros_in_spreadsheets_but_still_import(
    engine: Engine, tmp_path: Path
) -> None:
    write(tmp_path / "p.csv", "sku,gtin\nUPC-1,12345678905\nUPC-2,012345678905\n")
    import_file(engine, "products", tmp_path / "p.csv", evidence_dir=tmp_path / "ev")
    with Session(engine) as session:
        gtins = set(session.exec(select(Product.gtin)).all())
    assert gtins == {"00012345678905"}


def test_a_packing_mistake_is_recorded_with_the_ordered_sku(engine: Engine, tmp_path: Path) -> None:
    write(
        tmp_path / "s.csv",
        "order_ref,platform,sku,qty,ordered_sku\nA1,taobao,SN-RUN-41,1,SN-RUN-42\nA1,,LP-CASE,1,\n",
    )
    import_file(engine, "shipments", tmp_path / "s.csv", evidence_dir=tmp_path / "ev")
    with Session(engine) as session:
        lines = session.exec(select(ShipmentLine).order_by(col(ShipmentLine.line_no))).all()
    assert [(line.sku, line.ordered_sku) for line in lines] == [
        ("SN-RUN-41", "SN-RUN-42"),
        ("LP-CASE", None),
    ]
