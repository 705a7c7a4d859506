"""Evidence packs and the inspection record, read back with independent tools.

The PDF is read with pypdf (and poppler's ``pdftotext`` where installed), its QR code rendered
by ``pdftoppm`` and decoded by zbar; the ZIP is opened with zipfile and every hash in the
manifest recomputed with hashlib, and the audit events re-verified with the desk key (HMAC-SHA256).
"""

from __future__ import annotations

import hashlib
import hmac
import io
import json
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from pypdf import PdfReader
from pyzbar.pyzbar import decode
from sqlalchemy import update

from inspect_tui.config import audit_key_file
from inspect_tui.services.inspecting.workstation import Workstation
from inspect_tui.services.records import evidence_pack, evidence_pdf
from inspect_tui.services.records.evidence_pack import PackError, write_evidence_pack
from inspect_tui.services.records.evidence_pdf import NoPdfFont
from inspect_tui.services.records.inspection_record import (
    InspectionNotFound,
    check_evidence,
    load_record,
)
from inspect_tui.services.shared.views import InspectionView
from inspect_tui.store.models import AuditEvent

ORIENTATION = 0x0112


@pytest.fixture
def sideways(tmp_path: Path) -> Path:
    """A photo taken with the camera on its side: 48 x 24 pixels, EXIF says turn it 90°."""
    image = Image.new("RGB", (48, 24), (20, 90, 200))
    exif = image.getexif()
    exif[ORIENTATION] = 6
    path = tmp_path / "sideways.jpg"
    image.save(path, "JPEG", exif=exif)
    return path


@pytest.fixture
def rejected(ws: Workstation, photo: Path, sideways: Path) -> InspectionView:
    """An empty parcel, rejected with its scale and open-box photos (pre-shipment one too)."""
    view = ws.open_parcel("TB-RF-880001")
    view = ws.record_weight(view.inspection_id, 90)
    view = ws.attach_evidence(view.inspection_id, photo, "scale_photo")
    view = ws.attach_evidence(view.inspection_id, sideways, "open_box_photo")
    view = ws.decide(view.inspection_id)
    return ws.complete(view.inspection_id)


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)


def pdf_image_sizes(path: Path) -> set[tuple[int, int]]:
    sizes = set()
    for page in PdfReader(path).pages:
        for image in page.images:
            assert image.image is not None
            sizes.add(image.image.size)
    return sizes


def all_hashes(ws: Workstation, view: InspectionView) -> list[str]:
    record = load_record(ws.engine, view.code, evidence_dir=ws.evidence_dir)
    return [item.sha256 for item in record.all_evidence]


# --- the record -------------------------------------------------------------------------------


def test_record_holds_the_view_and_its_timeline(ws: Workstation, rejected: InspectionView) -> None:
    record = load_record(ws.engine, f"  {rejected.code.lower()} ", evidence_dir=ws.evidence_dir)

    assert record.code == rejected.code
    assert record.view.decision is not None and record.view.decision.outcome == "reject"
    assert [event.action for event in record.timeline] == [
        "inspection.open",
        "inspection.weigh",
        "inspection.evidence",
        "inspection.evidence",
        "inspection.decide",
        "inspection.complete",
    ]
    assert all(event.entity == f"inspection:{rejected.code}" for event in record.timeline)
    assert record.timeline[1].payload == {"grams": 90, "source": "manual"}
    assert record.intact
    assert record.review.needs_review and record.review.state == "pending"
    assert len(record.pre_shipment) == 1 and len(record.view.evidence) == 2
    assert [check.status for check in check_evidence(record)] == ["ok", "ok", "ok"]


def test_record_notices_an_edited_audit_event(ws: Workstation, rejected: InspectionView) -> None:
    with ws.engine.begin() as connection:
        connection.execute(
            update(AuditEvent)
            .where(AuditEvent.action == "inspection.weigh")
            .values(payload='{"grams":520,"source":"manual"}')
        )

    record = load_record(ws.engine, rejected.code, evidence_dir=ws.evidence_dir)

    assert not record.intact
    assert [event.intact for event in record.timeline].count(False) == 1


def test_unknown_code(ws: Workstation, tmp_path: Path) -> None:
    with pytest.raises(InspectionNotFound, match="INS-20990101-0001"):
        load_record(ws.engine, "INS-20990101-0001", evidence_dir=ws.evidence_dir)
    with pytest.raises(InspectionNotFound):
        write_evidence_pack(
            ws.engine, "INS-20990101-0001", tmp_path / "p.pdf", evidence_dir=ws.evidence_dir
        )
    assert not (tmp_path / "p.pdf").exists()


# --- the PDF ----------------------------------------------------------------------------------


def test_pdf_shows_order_reason_buyer_and_hashes(
    ws: Workstation, rejected: InspectionView, tmp_path: Path
) -> None:
    out = tmp_path / "pack.pdf"

    assert write_evidence_pack(ws.engine, rejected.code, out, evidence_dir=ws.evidence_dir) == out

    text = pdf_text(out)
    for expected in (
        rejected.code,
        "TB4015528817",  # order ref
        "TB-RF-880001",  # RMA
        "SF1402590004417",  # return tracking
        "SF1402558617283",  # outbound tracking
        "王小明",  # buyer, in Chinese
        "七天无理由退货",  # the buyer's claim, in Chinese
        "EMPTY_PARCEL",
        "90 g",
        "520 g",
        "inspection.decide".removeprefix("inspection."),
    ):
        assert expected in text, expected
    flat = "".join(text.split())
    hashes = all_hashes(ws, rejected)
    assert len(hashes) == 3
    for sha256 in hashes:
        assert sha256 in flat


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_pdf_reads_the_same_with_poppler(
    ws: Workstation, rejected: InspectionView, tmp_path: Path
) -> None:
    out = write_evidence_pack(
        ws.engine, rejected.code, tmp_path / "pack.pdf", evidence_dir=ws.evidence_dir
    )

    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(out), "-"], capture_output=True, check=True
    ).stdout.decode("utf-8")

    assert "王小明" in text and "TB4015528817" in text and "EMPTY_PARCEL" in text
    assert all(sha256 in text for sha256 in all_hashes(ws, rejected))


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils not installed")
def test_pdf_qr_code_scans_to_the_inspection_code(
    ws: Workstation, rejected: InspectionView, tmp_path: Path
) -> None:
    out = write_evidence_pack(
        ws.engine, rejected.code, tmp_path / "pack.pdf", evidence_dir=ws.evidence_dir
    )

    png = subprocess.run(
        ["pdftoppm", "-r", "150", "-f", "1", "-l", "1", "-png", str(out)],
        capture_output=True,
        check=True,
    ).stdout
    with Image.open(io.BytesIO(png)) as page:
        symbols = decode(page.convert("L"))

    assert [(s.type, s.data.decode("ascii")) for s in symbols] == [("QRCODE", rejected.code)]


def test_pdf_photos_are_turned_upright(
    ws: Workstation, rejected: InspectionView, tmp_path: Path
) -> None:
    out = write_evidence_pack(
        ws.engine, rejected.code, tmp_path / "pack.pdf", evidence_dir=ws.evidence_dir
    )

    sizes = pdf_image_sizes(out)
    assert (24, 48) in sizes  # the 48 x 24 sideways photo, turned by its EXIF orientation
    assert (48, 24) not in sizes
    assert (32, 24) in sizes  # the scale photo, as taken
    assert (320, 240) in sizes  # the pre-shipment photo from sample_data


def test_pack_is_still_written_when_an_evidence_file_is_missing(
    ws: Workstation, rejected: InspectionView, tmp_path: Path
) -> None:
    gone = rejected.evidence[1]
    gone.path.unlink()

    pdf = write_evidence_pack(
        ws.engine, rejected.code, tmp_path / "pack.pdf", evidence_dir=ws.evidence_dir
    )
    archive = write_evidence_pack(
        ws.engine, rejected.code, tmp_path / "pack.zip", evidence_dir=ws.evidence_dir
    )

    assert "file missing" in pdf_text(pdf)
    with zipfile.ZipFile(archive) as opened:
        manifest = json.loads(opened.read("manifest.json"))
        names = set(opened.namelist())
    (entry,) = [e for e in manifest["evidence"] if e["recorded_sha256"] == gone.sha256]
    assert entry["status"] == "file missing" and entry["path"] is None
    assert len(manifest["files"]) == len(names) - 1 == 3  # the PDF and two photos


def test_a_changed_evidence_file_is_called_altered(
    ws: Workstation, rejected: InspectionView, tmp_path: Path
) -> None:
    changed = rejected.evidence[0]
    changed.path.write_bytes(changed.path.read_bytes() + b"edited")

    archive = write_evidence_pack(
        ws.engine, rejected.code, tmp_path / "pack.zip", evidence_dir=ws.evidence_dir
    )

    with zipfile.ZipFile(archive) as opened:
        manifest = json.loads(opened.read("manifest.json"))
    (entry,) = [e for e in manifest["evidence"] if e["recorded_sha256"] == changed.sha256]
    assert entry["status"].startswith("file altered")
    (listed,) = [f for f in manifest["files"] if f["path"] == entry["path"]]
    assert listed["sha256"] != changed.sha256  # the file as it is now, not as recorded


def test_no_cjk_font_is_a_clear_error(
    ws: Workstation,
    rejected: InspectionView,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(evidence_pack, "font_candidates", lambda: iter(()))

    with pytest.raises(NoPdfFont, match="fonts-wqy-zenhei"):
        write_evidence_pack(
            ws.engine, rejected.code, tmp_path / "pack.pdf", evidence_dir=ws.evidence_dir
        )
    assert not (tmp_path / "pack.pdf").exists()


def test_font_can_be_named_in_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(evidence_pdf.FONT_ENV, "/opt/fonts/mine.ttf")

    found = list(evidence_pack.font_candidates())
    assert found[0] == Path("/opt/fonts/mine.ttf")
    assert Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc") in found[1:]


def test_pack_of_an_unmatched_parcel(ws: Workstation, tmp_path: Path) -> None:
    view = ws.open_unmatched("SF9999999999999", "Brown box, 手机壳 inside")
    view = ws.record_weight(view.inspection_id, 300)
    view = ws.decide(view.inspection_id)
    view = ws.complete(view.inspection_id)

    out = write_evidence_pack(
        ws.engine, view.code, tmp_path / "pack.pdf", evidence_dir=ws.evidence_dir
    )

    text = pdf_text(out)
    assert "matched no shipment" in text
    assert "手机壳" in text and "SF9999999999999" in text


def test_existing_pack_is_kept_and_bad_suffix_refused(
    ws: Workstation, rejected: InspectionView, tmp_path: Path
) -> None:
    out = tmp_path / "pack.pdf"
    out.write_bytes(b"keep")

    with pytest.raises(PackError, match="already exists"):
        write_evidence_pack(ws.engine, rejected.code, out, evidence_dir=ws.evidence_dir)
    assert out.read_bytes() == b"keep"
    with pytest.raises(PackError, match=".pdf"):
        write_evidence_pack(
            ws.engine, rejected.code, tmp_path / "pack.docx", evidence_dir=ws.evidence_dir
        )

    write_evidence_pack(ws.engine, rejected.code, out, evidence_dir=ws.evidence_dir, overwrite=True)
    assert out.read_bytes().startswith(b"%PDF-")


# --- the ZIP ----------------------------------------------------------------------------------


def test_zip_manifest_hashes_every_file_and_the_audit_chain(
    ws: Workstation, rejected: InspectionView, tmp_path: Path
) -> None:
    out = write_evidence_pack(
        ws.engine, rejected.code, tmp_path / "pack.zip", evidence_dir=ws.evidence_dir
    )

    with zipfile.ZipFile(out) as archive:
        assert archive.testzip() is None
        manifest = json.loads(archive.read("manifest.json"))
        contents = {name: archive.read(name) for name in archive.namelist()}

    listed = {entry["path"]: entry for entry in manifest["files"]}
    assert set(listed) == set(contents) - {"manifest.json"}
    for name, entry in listed.items():
        assert entry["sha256"] == hashlib.sha256(contents[name]).hexdigest(), name
        assert entry["bytes"] == len(contents[name])
    kinds = sorted(entry["kind"] for entry in manifest["files"])
    assert kinds == ["open_box_photo", "pre_shipment", "report", "scale_photo"]
    pdf_name = next(name for name, entry in listed.items() if entry["kind"] == "report")
    assert PdfReader(io.BytesIO(contents[pdf_name])).pages

    # Each evidence file in the archive is byte for byte the one recorded at the bench.
    for entry in manifest["evidence"]:
        assert entry["status"] == "ok"
        assert hashlib.sha256(contents[entry["path"]]).hexdigest() == entry["recorded_sha256"]

    assert manifest["inspection"]["code"] == rejected.code
    assert manifest["inspection"]["shipment"]["buyer_name"] == "王小明"
    assert manifest["inspection"]["decision"]["reasons"] == ["EMPTY_PARCEL"]
    assert manifest["review"]["state"] == "pending"
    assert_events_verify(ws, manifest["audit_events"], rejected.code)


def assert_events_verify(ws: Workstation, events: list[dict[str, Any]], code: str) -> None:
    """Recompute every event's hash from the manifest and the desk key, as HOW_TO_VERIFY says,
    and find it in the store's chain."""
    assert [e["action"] for e in events][0] == "inspection.open"
    assert events[-1]["action"] == "inspection.complete"
    secret = bytes.fromhex(audit_key_file().read_text().strip())
    for event in events:
        assert event["entity"] == f"inspection:{code}"
        fields = ["event"] + [
            event[name]
            for name in (
                "seq", "at", "actor", "station", "action", "entity", "payload", "prev_hash",
                "key_id", "state",
            )
        ]  # fmt: skip
        content = json.dumps(fields, ensure_ascii=False, separators=(",", ":"))
        recomputed = hmac.new(secret, content.encode("utf-8"), hashlib.sha256).hexdigest()
        assert recomputed == event["hash"]
    with ws.engine.connect() as connection:
        stored = {
            row.seq: row.hash
            for row in connection.execute(AuditEvent.__table__.select())  # type: ignore[attr-defined]
        }
    for event in events:
        assert stored[event["seq"]] == event["hash"]
        assert stored[event["seq"] - 1] == event["prev_hash"]
