"""Evidence is only evidence: photos and clips by content, from where they belong, bounded."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import Engine, func, select

from inspect_tui.services.demo import DemoStore
from inspect_tui.services.evidence.media import MAX_EVIDENCE_BYTES, media_kind
from inspect_tui.services.importing import ImportRejected, import_file
from inspect_tui.services.inspecting.workstation import Workstation
from inspect_tui.services.shared.errors import InvalidInput
from inspect_tui.store.models import Evidence, Shipment
from inspect_tui.store.session import reading

HEADER = "order_ref,platform,buyer_ref,shipped_at,sku,qty,serials,unit_price,photos\n"
ROW = "TB-1,taobao,tb_a,2026-11-10T15:20:00+08:00,HP-100,1,SN-TB-1,399.00,{photos}\n"
MP4 = b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2" + b"\x00" * 64


def _jpeg(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (16, 12), (10, 200, 30)).save(path, "JPEG")
    return path


def _shipments(folder: Path, *photos: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "shipments.csv"
    rows = "".join(ROW.replace("TB-1", f"TB-{n}").format(photos=p) for n, p in enumerate(photos))
    path.write_text(HEADER + rows, encoding="utf-8")
    return path


def _count(engine: Engine, table: type[Shipment] | type[Evidence]) -> int:
    with reading(engine) as session:
        return int(session.scalar(select(func.count()).select_from(table)) or 0)


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("/etc/passwd", "outside the file's folder"),
        ("../elsewhere/photo.jpg", "outside the file's folder"),
        ("photos/link.jpg", "outside the file's folder"),  # a symbolic link out of the folder
        ("photos/notes.jpg", "not a photo or video by its content"),
        ("photos/pipe.jpg", "not a regular file"),
    ],
)
def test_an_import_naming_a_file_that_is_not_evidence_is_refused_whole(
    engine: Engine, tmp_path: Path, written: str, message: str
) -> None:
    folder = tmp_path / "import"
    _jpeg(tmp_path / "elsewhere" / "photo.jpg")
    _jpeg(folder / "photos" / "ok.jpg")
    (folder / "photos" / "notes.jpg").write_text("root:x:0:0:root:/root:/bin/bash\n")
    (folder / "photos" / "link.jpg").symlink_to(tmp_path / "elsewhere" / "photo.jpg")
    os.mkfifo(folder / "photos" / "pipe.jpg")
    path = _shipments(folder, "photos/ok.jpg", written)
    with pytest.raises(ImportRejected) as refused:
        import_file(engine, "shipments", path, evidence_dir=tmp_path / "evidence")
    text = str(refused.value)
    assert f"{path}:3: photos:" in text and message in text, text
    assert _count(engine, Shipment) == 0 and _count(engine, Evidence) == 0
    assert not (tmp_path / "evidence").exists() or not any((tmp_path / "evidence").rglob("*.*"))


def test_photos_and_clips_inside_the_folder_are_imported(engine: Engine, tmp_path: Path) -> None:
    folder = tmp_path / "import"
    _jpeg(folder / "photos" / "a.jpg")
    Image.new("RGB", (4, 4)).save(folder / "photos" / "b.png", "PNG")
    (folder / "photos" / "c.mp4").write_bytes(MP4)
    absolute = str(folder / "photos" / "a.jpg")  # absolute, but inside the folder
    path = _shipments(folder, "photos/a.jpg;photos/b.png", f"photos/c.mp4;{absolute}")
    result = import_file(engine, "shipments", path, evidence_dir=tmp_path / "evidence")
    assert result.photos_stored == 4


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "jpeg"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "png"),
        (b"RIFF\x10\x00\x00\x00WEBPVP8 ", "webp"),
        (b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00", "heic"),
        (b"\x00\x00\x00\x14ftypqt  \x00\x00\x00\x00", "mov"),
        (MP4[:16], "mp4"),
        (b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01", "webm"),
        (b"root:x:0:0:root", None),
        (b"%PDF-1.7\n", None),
        (b"", None),
    ],
)
def test_media_kind_reads_the_first_bytes(head: bytes, kind: str | None) -> None:
    assert media_kind(head) == kind


def test_attach_evidence_takes_only_photos_and_clips(
    ws: Workstation, photo: Path, tmp_path: Path
) -> None:
    view = ws.open_parcel("SF1402590004417")
    iid = view.inspection_id
    os.mkfifo(tmp_path / "pipe.jpg")
    big = tmp_path / "huge.mp4"
    big.write_bytes(MP4)
    os.truncate(big, MAX_EVIDENCE_BYTES + 1)  # sparse: takes no room on disk
    (tmp_path / "shadow.jpg").symlink_to("/etc/passwd")
    refused = {
        Path("/etc/passwd"): "not a photo or video",
        tmp_path / "shadow.jpg": "not a photo or video",
        Path("/dev/zero"): "not a regular file",
        tmp_path / "pipe.jpg": "not a regular file",
        tmp_path: "not a regular file",
        big: "evidence files are at most 500 MiB",
    }
    for path, message in refused.items():
        with pytest.raises(InvalidInput, match=message):
            ws.attach_evidence(iid, path, "scale_photo")
    assert ws.current(iid).evidence == ()
    clip = tmp_path / "unboxing.mov"
    clip.write_bytes(b"\x00\x00\x00\x14ftypqt  \x00\x00\x00\x00" + b"\x00" * 32)
    ws.attach_evidence(iid, photo, "scale_photo")
    view = ws.attach_evidence(iid, clip, "open_box_photo")
    assert [item.original_name for item in view.evidence] == ["bench_photo.jpg", "unboxing.mov"]


def test_stale_incoming_copies_are_removed_at_start(demo: DemoStore) -> None:
    evidence = demo.data_dir / "evidence"
    evidence.mkdir(parents=True, exist_ok=True)
    stale, fresh = evidence / ".incoming-killed", evidence / ".incoming-copying"
    stale.write_bytes(b"half a photo")
    fresh.write_bytes(b"a copy under way")
    old = time.time() - 3600
    os.utime(stale, (old, old))
    station = Workstation.connect(demo.db_url, station="bench-9", operator="alice",
                                  data_dir=demo.data_dir)  # fmt: skip
    station.close()
    assert not stale.exists() and fresh.exists()


def test_a_configured_photo_root_is_also_allowed(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shared = _jpeg(tmp_path / "packing-camera" / "order.jpg")
    path = _shipments(tmp_path / "import", str(shared))
    with pytest.raises(ImportRejected, match="outside the file's folder"):
        import_file(engine, "shipments", path, evidence_dir=tmp_path / "evidence")
    monkeypatch.setenv("INSPECT_TUI_PHOTO_ROOT", str(tmp_path / "packing-camera"))
    result = import_file(engine, "shipments", path, evidence_dir=tmp_path / "evidence")
    assert result.photos_stored == 1
