"""A decided parcel keeps the facts it was judged against, whatever a re-import changes."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

from inspect_tui.services.demo import DemoStore, sample_dir
from inspect_tui.services.importing import import_file
from inspect_tui.services.inspecting.workstation import Workstation
from inspect_tui.services.records.evidence_pack import write_evidence_pack
from inspect_tui.services.records.inspection_record import load_record
from inspect_tui.services.review.desk import ReviewDesk
from stories import empty_parcel_reject

SHIPPED = ",2026-11-10T15:20:00+08:00,SF Express,SF1402558617283,"
ORIGINAL = "TB4015528817,taobao,tb_wangxm,王小明" + SHIPPED + "520"
CORRECTED = "TB4015528817,taobao,tb_someone,某人" + SHIPPED + "990"


def _reimport_corrected(demo: DemoStore, tmp_path: Path) -> None:
    text = (sample_dir() / "shipments.csv").read_text(encoding="utf-8")
    assert ORIGINAL in text
    text = text.replace(ORIGINAL, CORRECTED).replace("HP100-2411-00871", "HP100-9999-00001")
    shutil.copytree(sample_dir() / "photos", tmp_path / "photos")
    path = tmp_path / "shipments.csv"
    path.write_text(text, encoding="utf-8")
    from inspect_tui.services.shared.database import open_store

    engine = open_store(demo.db_url)
    try:
        result = import_file(engine, "shipments", path, evidence_dir=demo.data_dir / "evidence")
    finally:
        engine.dispose()
    assert result.counts["shipments"].updated >= 1


def test_a_completed_reject_keeps_the_facts_it_was_judged_against(
    demo: DemoStore, ws: Workstation, photo: Path, tmp_path: Path
) -> None:
    code = empty_parcel_reject(ws, photo)
    evidence_dir = demo.data_dir / "evidence"
    before = load_record(ws.engine, code, evidence_dir=evidence_dir).view
    assert before.shipment is not None
    assert before.shipment.lines[0].serials == ("HP100-2411-00871",)

    _reimport_corrected(demo, tmp_path)

    after = load_record(ws.engine, code, evidence_dir=evidence_dir).view
    assert after.shipment is not None
    assert after.shipment.lines[0].serials == ("HP100-2411-00871",)
    assert after.shipment.shipped_weight_g == 520
    assert (after.shipment.buyer_ref, after.shipment.buyer_name) == ("tb_wangxm", "王小明")
    assert after.findings == before.findings
    assert after.expected_weight_g == before.expected_weight_g
    assert after.suggested == before.suggested

    desk = ReviewDesk.connect(demo.db_url, operator="sam", pin="2468", data_dir=demo.data_dir)
    try:
        detail = desk.detail(code)
    finally:
        desk.close()
    shipped = {row.label: row.shipped for row in detail.side_by_side}
    assert "520 g shipped" in shipped["weight"]

    pack = write_evidence_pack(ws.engine, code, tmp_path / "pack.zip", evidence_dir=evidence_dir)
    with zipfile.ZipFile(pack) as archive:
        manifest = json.loads(archive.read("manifest.json"))
    shipment = manifest["inspection"]["shipment"]
    assert shipment["buyer_ref"] == "tb_wangxm"
    assert shipment["shipped_weight_g"] == 520
    assert shipment["lines"][0]["serials"] == ["HP100-2411-00871"]

    # The parcel still open on another bench sees the corrected facts until it is decided.
    view = ws.open_parcel("TB-RF-880114")
    assert view.shipment is not None and view.shipment.order_ref != "TB4015528817"
