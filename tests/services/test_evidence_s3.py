"""The shared evidence store on a real S3 API server: stations on different machines.

Each "machine" is a Workstation (or review desk) with a data directory of its own on the same
database; ``INSPECT_TUI_EVIDENCE`` points all of them at one bucket of a moto server running
on 127.0.0.1 (see ``s3_server``). The photos are real JPEG bytes, the packs real ZIP files.
"""

from __future__ import annotations

import hashlib
import json
import socket
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PIL import Image

from inspect_tui.services.demo import DEMO_SUPERVISOR, DEMO_SUPERVISOR_PIN, DemoStore
from inspect_tui.services.evidence.location import open_evidence_store
from inspect_tui.services.evidence.migrate import migrate_evidence
from inspect_tui.services.evidence.s3 import S3EvidenceStore
from inspect_tui.services.evidence.store import EvidenceAltered, EvidenceMissing, EvidenceStoreError
from inspect_tui.services.inspecting.workstation import Workstation
from inspect_tui.services.records.evidence_pack import write_evidence_pack
from inspect_tui.services.review.desk import ReviewDesk
from inspect_tui.services.shared.views import InspectionView
from s3_server import Bucket

BENCH_TIME = datetime(2026, 11, 18, 10, 0, tzinfo=UTC)


def station(demo: DemoStore, data_dir: Path, name: str, operator: str) -> Workstation:
    return Workstation.connect(
        demo.db_url,
        station=name,
        operator=operator,
        data_dir=data_dir,
        clock=lambda: BENCH_TIME,
    )


@pytest.fixture
def shared(demo: DemoStore, evidence_bucket: Bucket) -> Bucket:
    """The demo desk with its evidence (the pre-shipment photos) moved to the bucket."""
    target = open_evidence_store(demo.data_dir)
    result = migrate_evidence(demo.data_dir / "evidence", target)
    assert result.copied > 0 and result.complete
    return evidence_bucket


@pytest.fixture
def bench_photo(tmp_path: Path) -> Path:
    path = tmp_path / "scale.jpg"
    Image.new("RGB", (40, 30), (10, 160, 90)).save(path, "JPEG")
    return path


@pytest.fixture
def rejected_at_a(demo: DemoStore, shared: Bucket, bench_photo: Path) -> InspectionView:
    """Machine A (the demo's data dir): an empty parcel rejected with a scale photo."""
    ws = station(demo, demo.data_dir, "bench-1", "alice")
    try:
        view = ws.open_parcel("TB-RF-880001")
        view = ws.record_weight(view.inspection_id, 90)
        view = ws.attach_evidence(view.inspection_id, bench_photo, "scale_photo")
        view = ws.attach_evidence(view.inspection_id, bench_photo, "open_box_photo")
        view = ws.decide(view.inspection_id)
        return ws.complete(view.inspection_id)
    finally:
        ws.close()


def test_a_photo_attached_at_one_station_is_read_back_at_another(
    demo: DemoStore, shared: Bucket, bench_photo: Path, tmp_path: Path
) -> None:
    original = bench_photo.read_bytes()
    a = station(demo, demo.data_dir, "bench-1", "alice")
    view = a.open_parcel("TB-RF-880001")
    view = a.attach_evidence(view.inspection_id, bench_photo, "scale_photo")
    a.close()
    (attached,) = view.evidence
    key = f"desk/{attached.path.relative_to(demo.data_dir / 'evidence-cache').as_posix()}"
    assert shared.objects()[key] == original

    machine_b = tmp_path / "machine-b"
    b = station(demo, machine_b, "bench-2", "ben")
    try:
        moved = b.open_parcel("TB-RF-880001", take_over=True)
    finally:
        b.close()

    (read_back,) = moved.evidence
    assert read_back.path.is_relative_to(machine_b)
    assert read_back.exists and read_back.path.read_bytes() == original
    assert moved.shipment is not None and moved.shipment.photos
    for photo in moved.shipment.photos:  # imported on machine A, shown on machine B
        assert photo.path.is_relative_to(machine_b) and photo.exists
        assert hashlib.sha256(photo.path.read_bytes()).hexdigest() == photo.sha256


def test_the_supervisor_elsewhere_sees_every_photo(
    demo: DemoStore, rejected_at_a: InspectionView, tmp_path: Path
) -> None:
    desk = ReviewDesk.connect(
        demo.db_url,
        operator=DEMO_SUPERVISOR,
        pin=DEMO_SUPERVISOR_PIN,
        data_dir=tmp_path / "supervisor-pc",
    )
    try:
        detail = desk.detail(rejected_at_a.code)
    finally:
        desk.close()

    assert {check.source for check in detail.evidence} == {"shipment", "inspection"}
    assert [check.status for check in detail.evidence] == ["ok"] * len(detail.evidence)
    for check in detail.evidence:
        assert check.evidence.path.is_relative_to(tmp_path / "supervisor-pc")
        assert hashlib.sha256(check.evidence.path.read_bytes()).hexdigest() == check.sha256


def test_an_evidence_pack_made_on_a_second_machine_holds_the_originals(
    demo: DemoStore, rejected_at_a: InspectionView, bench_photo: Path, tmp_path: Path
) -> None:
    machine_b = tmp_path / "back-office"
    ws = station(demo, machine_b, "office", "ben")
    try:
        pack = write_evidence_pack(
            ws.engine, rejected_at_a.code, tmp_path / "pack.zip", store=ws.evidence
        )
    finally:
        ws.close()

    with zipfile.ZipFile(pack) as opened:
        manifest = json.loads(opened.read("manifest.json"))
        contents = {name: opened.read(name) for name in opened.namelist()}
    statuses = {entry["source"]: entry["status"] for entry in manifest["evidence"]}
    assert statuses == {"shipment": "ok", "inspection": "ok"}
    for entry in manifest["evidence"]:
        packed = contents[entry["path"]]
        assert hashlib.sha256(packed).hexdigest() == entry["recorded_sha256"]
    bench = [e for e in manifest["evidence"] if e["source"] == "inspection"]
    assert all(contents[e["path"]] == bench_photo.read_bytes() for e in bench)


def test_an_object_tampered_with_in_the_bucket_is_never_served(
    demo: DemoStore, shared: Bucket, rejected_at_a: InspectionView, tmp_path: Path
) -> None:
    (key,) = [k for k in shared.objects() if k.endswith(rejected_at_a.evidence[0].sha256 + ".jpg")]
    forged = Image.new("RGB", (40, 30), (255, 255, 255))
    forged_path = tmp_path / "forged.jpg"
    forged.save(forged_path, "JPEG")
    shared.s3.put_object(Bucket=shared.name, Key=key, Body=forged_path.read_bytes())

    machine_b = tmp_path / "machine-b"
    store = open_evidence_store(machine_b)
    stored_path = key.removeprefix("desk/")
    with pytest.raises(EvidenceAltered, match="changed after it was stored") as refused:
        store.fetch(stored_path, rejected_at_a.evidence[0].sha256)
    assert refused.value.sha256 == hashlib.sha256(forged_path.read_bytes()).hexdigest()
    assert not (machine_b / "evidence-cache" / stored_path).exists()

    ws = station(demo, machine_b, "office", "ben")
    try:
        pack = write_evidence_pack(
            ws.engine, rejected_at_a.code, tmp_path / "pack.zip", store=ws.evidence
        )
    finally:
        ws.close()
    with zipfile.ZipFile(pack) as opened:
        manifest = json.loads(opened.read("manifest.json"))
        packed = [opened.read(name) for name in opened.namelist()]
    bench = [e for e in manifest["evidence"] if e["source"] == "inspection"]
    assert bench and all(e["status"].startswith("file altered") for e in bench)
    assert all(e["path"] is None for e in bench)
    assert forged_path.read_bytes() not in packed


def test_a_file_gone_from_the_bucket_is_called_missing(
    shared: Bucket, rejected_at_a: InspectionView, tmp_path: Path
) -> None:
    item = rejected_at_a.evidence[0]
    stored_path = f"{item.sha256[:2]}/{item.sha256}.jpg"
    shared.s3.delete_object(Bucket=shared.name, Key=f"desk/{stored_path}")

    with pytest.raises(EvidenceMissing, match="missing from s3://"):
        open_evidence_store(tmp_path / "machine-b").fetch(stored_path, item.sha256)


def test_a_bucket_that_does_not_exist_stops_the_photo_with_a_message(
    demo: DemoStore,
    shared: Bucket,
    bench_photo: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("INSPECT_TUI_EVIDENCE", "s3://no-such-bucket/desk")
    ws = station(demo, tmp_path / "machine-c", "bench-3", "ben")
    try:
        view = ws.open_parcel("TB-RF-880001")
        with pytest.raises(EvidenceStoreError, match="bucket 'no-such-bucket' does not exist"):
            ws.attach_evidence(view.inspection_id, bench_photo, "scale_photo")
        assert ws.current(view.inspection_id).evidence == ()
    finally:
        ws.close()


@pytest.mark.parametrize(
    "url", ["s3://", "s3://bucket/desk?addressing=sideways", "ftp://host/evidence"]
)
def test_an_evidence_address_that_is_not_understood_is_refused(url: str, tmp_path: Path) -> None:
    with pytest.raises(EvidenceStoreError, match="not understood"):
        open_evidence_store(tmp_path, url)


def test_the_address_names_bucket_prefix_and_cache(tmp_path: Path) -> None:
    store = open_evidence_store(tmp_path, "s3://returns-evidence/shanghai/desk-1/?addressing=path")
    assert isinstance(store, S3EvidenceStore)
    assert (store.bucket, store.prefix) == ("returns-evidence", "shanghai/desk-1")
    assert store.key("ab/abc.jpg") == "shanghai/desk-1/ab/abc.jpg"
    assert store.local_dir == tmp_path / "evidence-cache"
    assert store.location == "s3://returns-evidence/shanghai/desk-1"


def test_with_the_store_unreachable_the_detail_opens_and_the_pack_refuses(
    demo: DemoStore,
    rejected_at_a: InspectionView,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        monkeypatch.setenv("AWS_ENDPOINT_URL", f"http://127.0.0.1:{probe.getsockname()[1]}")
    desk = ReviewDesk.connect(
        demo.db_url,
        operator=DEMO_SUPERVISOR,
        pin=DEMO_SUPERVISOR_PIN,
        data_dir=tmp_path / "supervisor-pc",
    )
    try:
        detail = desk.detail(rejected_at_a.code)
        with pytest.raises(EvidenceStoreError, match="could not be used"):
            desk.evidence_pack(rejected_at_a.code, tmp_path / "pack.zip")
    finally:
        desk.close()

    assert detail.evidence and {check.status for check in detail.evidence} == {"unreachable"}
    assert "could not be reached" in detail.evidence[0].words
    assert not (tmp_path / "pack.zip").exists()
