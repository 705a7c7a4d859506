"""The appeal kit opened with independent tools: Pillow, hashlib, poppler's pdftotext, ffprobe.

Parcels are inspected through the Workstation on the demo store (SQLite and PostgreSQL), with
real photos (a 4000 x 3000 camera-sized picture) and a real H.264 clip made by ffmpeg.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from datetime import UTC
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageOps, ImageStat
from sqlmodel import select

from footage import FFMPEG, FFPROBE, duration
from inspect_tui.services.appeals.kit import MANIFEST, SUMS, KitError, write_appeal_kit
from inspect_tui.services.appeals.platforms import (
    PLATFORMS,
    LimitsError,
    UnknownPlatform,
    limits_for,
    load_limits,
)
from inspect_tui.services.appeals.statement import (
    CLIP_WORDS,
    EVIDENCE_WORDS,
    REASON_WORDS,
    appeal_statement,
)
from inspect_tui.services.inspecting.workstation import Workstation
from inspect_tui.services.records.inspection_record import InspectionNotFound, load_record
from inspect_tui.store.models import AuditEvent
from inspect_tui.store.session import reading

needs_pdftotext = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="no poppler")


@pytest.fixture
def camera_photo(tmp_path: Path) -> Path:
    """A camera-sized photo: a smooth gradient (so a stamp shows), 2400 x 1800."""
    gradient = Image.linear_gradient("L").resize((2400, 1800))
    image = Image.merge("RGB", (gradient, gradient.rotate(90).resize((2400, 1800)), gradient))
    path = tmp_path / "IMG_4031.jpg"
    image.save(path, "JPEG", quality=95)
    return path


@pytest.fixture
def noisy_photo(tmp_path: Path) -> Path:
    """A photo that compresses badly: 3000 x 2000 of noise, several megabytes as JPEG."""
    path = tmp_path / "IMG_4032.jpg"
    Image.effect_noise((3000, 2000), 80).convert("RGB").save(path, "JPEG", quality=98)
    return path


@pytest.fixture
def clip(tmp_path: Path) -> Path:
    """A 20-second unboxing clip of about 2-3 MiB (real H.264)."""
    path = tmp_path / "unboxing.mp4"
    subprocess.run(
        [FFMPEG, "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=s=640x360:r=25:d=20"]
        + ["-c:v", "libx264", "-preset", "ultrafast", "-b:v", "1000k", "-g", "25"]
        + ["-pix_fmt", "yuv420p", str(path)],
        check=True,
    )
    return path


def play(ws: Workstation, code: str, grams: int, scans: list[str], photos: list[tuple[Path, str]],
         grade: str | None = None) -> str:  # fmt: skip
    """Inspect one demo parcel to its decision and completion; its inspection code."""
    view = ws.open_parcel(code)
    view = ws.record_weight(view.inspection_id, grams)
    for scan in scans:
        view = ws.scan_item(view.inspection_id, scan)
    for unit in view.units if grade else ():
        view = ws.grade_unit(view.inspection_id, unit.unit_id, grade or "A")
    for path, kind in photos:
        view = ws.attach_evidence(view.inspection_id, path, kind)
    view = ws.decide(view.inspection_id)
    return ws.complete(view.inspection_id).code


def empty_parcel(ws: Workstation, photo: Path, clip: Path | None = None) -> str:
    extra = [(clip, "video")] if clip else []
    return play(ws, "TB-RF-880001", 35, [], [(photo, "scale_photo"), (photo, "open_box_photo")]
                + extra)  # fmt: skip


def kit_of(ws: Workstation, code: str, folder: Path, platform: str, **options: Any) -> Any:
    return write_appeal_kit(
        ws.engine, code, folder, platform=platform, evidence_dir=ws.evidence_dir, **options
    )


def manifest(folder: Path) -> dict[str, Any]:
    return json.loads((folder / MANIFEST).read_text("utf-8"))


def pdf_text(path: Path) -> str:
    run = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True)
    assert run.returncode == 0, run.stderr
    return run.stdout.decode("utf-8")


# --- photos -----------------------------------------------------------------------------------


@pytest.mark.parametrize("platform", ["taobao", "shopify"])
def test_every_photo_is_a_jpeg_within_the_limits(
    ws: Workstation, camera_photo: Path, noisy_photo: Path, tmp_path: Path, platform: str
) -> None:
    code = play(ws, "TB-RF-880001", 35, [], [(noisy_photo, "scale_photo"),
                (camera_photo, "open_box_photo"), (noisy_photo, "parcel_photo")])  # fmt: skip
    limits = limits_for(platform)

    kit = kit_of(ws, code, tmp_path / "kit", platform)

    photos = [item for item in manifest(kit.folder)["files"] if item["path"].startswith("photos/")]
    assert len(photos) == 4  # three from the bench, one from packing
    assert len(photos) <= limits.max_photos
    for item in photos:
        path = kit.folder / item["path"]
        assert path.stat().st_size <= limits.max_photo_kb * 1024
        with Image.open(path) as image:
            assert image.format == "JPEG"
            assert max(image.size) <= limits.max_pixels
    assert noisy_photo.stat().st_size > limits.max_photo_kb * 1024  # it had to be squeezed


def test_the_photos_the_reasons_need_come_first_up_to_the_count(
    ws: Workstation, camera_photo: Path, tmp_path: Path
) -> None:
    code = play(ws, "TB-RF-880001", 35, [], [(camera_photo, "parcel_photo"),
                (camera_photo, "open_box_photo"), (camera_photo, "scale_photo")])  # fmt: skip
    limits_file = tmp_path / "limits.toml"
    limits_file.write_text("[taobao]\nmax_photos = 2\nmax_pixels = 800\n", encoding="utf-8")

    kit = kit_of(ws, code, tmp_path / "kit", "taobao", limits_file=limits_file)

    # EMPTY_PARCEL needs the scale photo and the open-box photo: those go in, in that order.
    assert [photo.kind for photo in kit.photos] == ["scale_photo", "open_box_photo"]
    assert len(kit.notes) == 2 and all("上限2张" in note for note in kit.notes)
    for photo in kit.photos:
        with Image.open(kit.folder / "photos" / photo.name) as image:
            assert max(image.size) == 800


def test_each_photo_is_stamped_in_its_corner(
    ws: Workstation, camera_photo: Path, tmp_path: Path
) -> None:
    code = empty_parcel(ws, camera_photo)

    kit = kit_of(ws, code, tmp_path / "kit", "douyin")

    with Image.open(camera_photo) as opened:
        original = ImageOps.exif_transpose(opened).convert("RGB")
    for photo in kit.photos:
        if photo.kind == "pre_shipment":
            continue
        with Image.open(kit.folder / "photos" / photo.name) as opened:
            stamped = opened.convert("RGB")
        plain = original.resize(stamped.size)
        width, height = stamped.size
        corner = (int(width * 0.85), int(height * 0.93), width, height)
        far = (0, 0, int(width * 0.15), int(height * 0.07))
        assert _difference(stamped, plain, corner) > 40
        assert _difference(stamped, plain, far) < 6


def _difference(one: Image.Image, other: Image.Image, box: tuple[int, int, int, int]) -> float:
    left = ImageStat.Stat(one.crop(box).convert("L")).mean[0]
    right = ImageStat.Stat(other.crop(box).convert("L")).mean[0]
    return abs(left - right)


# --- statement, PDF, manifest -----------------------------------------------------------------


@pytest.fixture
def four_rejects(ws: Workstation, camera_photo: Path) -> dict[str, str]:
    """An empty parcel, a swap, a wrong serial (buy new, return old) and fewer items."""
    return {
        "EMPTY_PARCEL": empty_parcel(ws, camera_photo),
        "SWAPPED_ITEM": play(ws, "DY-RT-20017", 400, ["6901234567106"],
                             [(camera_photo, "label_photo"), (camera_photo, "item_photo")], "X"),
        "SERIAL_MISMATCH": play(ws, "KS-TH-7781", 500, ["HP100-2303-00044"],
                                [(camera_photo, "label_photo")], "B"),
        "MISSING_ITEMS": play(ws, "AL-TH-77812", 400, ["LP-CASE"] * 6,
                              [(camera_photo, "open_box_photo")], "A"),
    }  # fmt: skip


def test_the_statement_names_each_reason_and_its_evidence_within_the_limit(
    ws: Workstation, four_rejects: dict[str, str], tmp_path: Path
) -> None:
    facts = {"EMPTY_PARCEL": "退回包裹仅35克，为发货重量520克的7%", "SWAPPED_ITEM": "6901234567106",
             "SERIAL_MISMATCH": "HP100-2303-00044", "MISSING_ITEMS": "少退LP-CASE×4"}  # fmt: skip
    for reason, code in four_rejects.items():
        kit = kit_of(ws, code, tmp_path / code, "kuaishou")  # the smallest text box
        fact_line = next(line for line in kit.statement.splitlines() if facts[reason] in line)
        assert fact_line.startswith(f"1. {REASON_WORDS[reason]}：")
        assert (kit.folder / "statement.txt").read_text("utf-8") == kit.statement + "\n"
        view = load_record(ws.engine, code, evidence_dir=ws.evidence_dir).view
        for platform in PLATFORMS:
            limits = limits_for(platform)
            text = appeal_statement(view, limits, kit.photos, has_clip=False,
                                    policy=ws.policy, tz=UTC)  # fmt: skip

            assert len(text) <= limits.statement_chars
            line = next(line for line in text.splitlines() if REASON_WORDS[reason] in line)
            needed = ws.policy.reason(reason).evidence
            for photo in kit.photos:
                if photo.kind in needed:
                    assert f"图{photo.number}" in line and EVIDENCE_WORDS[photo.kind] in line
            assert "证据" in line
            assert text.startswith(("申诉说明", "订单号"))


def test_a_small_text_box_keeps_the_reasons_and_their_evidence(
    ws: Workstation, camera_photo: Path, clip: Path, tmp_path: Path
) -> None:
    code = empty_parcel(ws, camera_photo, clip)
    limits_file = tmp_path / "limits.toml"
    full = kit_of(ws, code, tmp_path / "full", "taobao").statement
    limits_file.write_text(f"[taobao]\nstatement_chars = {len(full) - 60}\n", encoding="utf-8")

    kit = kit_of(ws, code, tmp_path / "kit", "taobao", limits_file=limits_file)

    assert len(kit.statement) <= len(full) - 60
    assert "空包：退回包裹仅35克" in kit.statement
    assert "图1（称重照片）" in kit.statement and CLIP_WORDS in kit.statement
    assert "退货运单号" in full and "退货运单号" not in kit.statement


@needs_pdftotext
def test_the_pdf_is_in_chinese(
    ws: Workstation, four_rejects: dict[str, str], tmp_path: Path
) -> None:
    words = {"EMPTY_PARCEL": "空包", "SWAPPED_ITEM": "掉包", "SERIAL_MISMATCH": "买新退旧",
             "MISSING_ITEMS": "少件"}  # fmt: skip
    for reason, code in four_rejects.items():
        kit = kit_of(ws, code, tmp_path / code, "tmall")

        text = pdf_text(kit.folder / "appeal.pdf")

        assert words[reason] in text
        assert "申诉说明" in text and "天猫" in text and code in text
        for item in kit.files:
            if item.path != "appeal.pdf":
                assert item.sha256 in text


def test_the_manifest_and_the_sums_match_the_files(
    ws: Workstation, camera_photo: Path, clip: Path, tmp_path: Path
) -> None:
    code = empty_parcel(ws, camera_photo, clip)

    kit = kit_of(ws, code, tmp_path / "kit", "douyin")

    listed = manifest(kit.folder)["files"]
    on_disk = sorted(
        path.relative_to(kit.folder).as_posix()
        for path in kit.folder.rglob("*")
        if path.is_file() and path.name not in (MANIFEST, SUMS)
    )
    assert sorted(item["path"] for item in listed) == on_disk
    for item in listed:
        data = (kit.folder / item["path"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == item["sha256"]
        assert len(data) == item["bytes"]
    sums = (kit.folder / SUMS).read_text("utf-8").splitlines()
    assert len(sums) == len(listed) + 1  # and the manifest itself
    check = subprocess.run(["sha256sum", "-c", SUMS], cwd=kit.folder, capture_output=True)
    assert check.returncode == 0, check.stdout


def test_the_audit_extract_is_the_inspections_chain(
    ws: Workstation, camera_photo: Path, tmp_path: Path
) -> None:
    code = empty_parcel(ws, camera_photo)

    kit = kit_of(ws, code, tmp_path / "kit", "taobao")

    extract = json.loads((kit.folder / "audit-chain.json").read_text("utf-8"))
    with reading(ws.engine) as session:
        rows = session.exec(select(AuditEvent).where(AuditEvent.entity == f"inspection:{code}"))
        stored = {event.seq: event.hash for event in rows}
    assert {event["seq"]: event["hash"] for event in extract["audit_events"]} == stored
    assert extract["audit_intact"] is True
    record = load_record(ws.engine, code, evidence_dir=ws.evidence_dir)
    assert [event["action"] for event in extract["audit_events"]] == [
        event.action for event in record.timeline
    ]


# --- the clip -----------------------------------------------------------------------------------


def test_a_clip_within_the_limit_goes_in_whole(
    ws: Workstation, camera_photo: Path, clip: Path, tmp_path: Path
) -> None:
    code = empty_parcel(ws, camera_photo, clip)

    kit = kit_of(ws, code, tmp_path / "kit", "douyin")

    assert kit.clip is not None and kit.clip.path is not None
    assert kit.clip.path.read_bytes() == clip.read_bytes()
    assert CLIP_WORDS in kit.statement and "全程录像" in kit.statement


def test_a_clip_over_the_limit_is_cut_to_it(
    ws: Workstation, camera_photo: Path, clip: Path, tmp_path: Path
) -> None:
    assert clip.stat().st_size > 1024 * 1024
    code = empty_parcel(ws, camera_photo, clip)
    limits_file = tmp_path / "limits.toml"
    limits_file.write_text("[taobao]\nmax_video_mb = 1\n", encoding="utf-8")

    kit = kit_of(ws, code, tmp_path / "kit", "taobao", limits_file=limits_file, ffmpeg=FFMPEG,
                 ffprobe=FFPROBE)  # fmt: skip

    assert kit.clip is not None and kit.clip.path is not None
    assert kit.clip.path.stat().st_size <= 1024 * 1024
    assert 2.0 < duration(kit.clip.path) < duration(clip)
    assert "截取开头" in kit.clip.note


def test_a_platform_without_video_leaves_the_clip_out_and_says_so(
    ws: Workstation, camera_photo: Path, clip: Path, tmp_path: Path
) -> None:
    code = empty_parcel(ws, camera_photo, clip)

    kit = kit_of(ws, code, tmp_path / "kit", "shopify")

    assert not (kit.folder / "video").exists() or not any((kit.folder / "video").iterdir())
    assert any("不接受视频" in note for note in kit.notes)
    assert CLIP_WORDS not in kit.statement


# --- refusals ---------------------------------------------------------------------------------


def test_refusals_leave_nothing_behind(ws: Workstation, camera_photo: Path, tmp_path: Path) -> None:
    code = empty_parcel(ws, camera_photo)
    with pytest.raises(UnknownPlatform, match="taobao, tmall"):
        kit_of(ws, code, tmp_path / "a", "jd")
    with pytest.raises(InspectionNotFound):
        kit_of(ws, "INS-20991231-0001", tmp_path / "b", "taobao")
    taken = tmp_path / "taken"
    taken.mkdir()
    (taken / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(KitError, match="already holds files"):
        kit_of(ws, code, taken, "taobao")
    with pytest.raises(KitError, match="not an appeal kit"):
        kit_of(ws, code, taken, "taobao", overwrite=True)
    leftovers = [p.name for p in tmp_path.iterdir() if p.name[0] == "." or p.name in ("a", "b")]
    assert leftovers == []
    assert (taken / "notes.txt").read_text("utf-8") == "mine"


def test_an_accepted_parcel_has_nothing_to_appeal(
    ws: Workstation, camera_photo: Path, tmp_path: Path
) -> None:
    code = play(ws, "TB-RF-880120", 400, ["SW200-2410-01610"], [], "A")
    with pytest.raises(KitError, match="nothing to appeal"):
        kit_of(ws, code, tmp_path / "kit", "taobao")


def test_the_sellers_limits_override_key_by_key(tmp_path: Path) -> None:
    path = tmp_path / "limits.toml"
    path.write_text("[douyin]\nmax_photos = 3\n", encoding="utf-8")

    limits = load_limits(path)

    assert limits["douyin"].max_photos == 3
    assert limits["douyin"].statement_chars == load_limits()["douyin"].statement_chars
    for text, words in [
        ("[jd]\nmax_photos = 3\n", "[jd] is not a platform"),
        ("[taobao]\nmax_photo = 3\n", "max_photo is not a limit"),
        ("[taobao]\nmax_photos = 0\n", "max_photos = 0 is not a whole number from 1"),
        ("[taobao\n", "not valid TOML"),
    ]:
        path.write_text(text, encoding="utf-8")
        with pytest.raises(LimitsError, match=words.replace("[", r"\[").replace("]", r"\]")):
            load_limits(path)
