"""The unboxing clip: an inspection completed at a bench with a recording folder gets its clip.

The footage is real H.264 made by ffmpeg (tests/footage.py), named in this machine's local time
as recorders write it; each frame's brightness tells the second it was recorded, so the clip's
start and end are checked from its pictures, its length with ffprobe, its hash with hashlib.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import zipfile
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from footage import FFMPEG, FFPROBE, duration, make_recording, second_of, shown_seconds
from inspect_tui.services.demo import DemoStore
from inspect_tui.services.inspecting.stations import configure_station
from inspect_tui.services.inspecting.workstation import Workstation
from inspect_tui.services.records.evidence_pack import MANIFEST, write_evidence_pack
from inspect_tui.services.records.inspection_record import load_record
from inspect_tui.services.records.unboxing_clip import ACTION, VIDEO_KIND, cut_unboxing_clip
from inspect_tui.services.shared.views import InspectionView

needs_ffmpeg = pytest.mark.skipif(
    not (os.access(FFMPEG, os.X_OK) and os.access(FFPROBE, os.X_OK)),
    reason="Debian's ffmpeg is not installed",
)


class Clock:
    """The bench's clock, moved on by the test between steps."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def wait(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture
def clock(bench_time: datetime) -> Clock:
    return Clock(bench_time)


@pytest.fixture
def bench(demo: DemoStore, clock: Clock) -> Iterator[Workstation]:
    station = Workstation.connect(
        demo.db_url, station="bench-1", operator="alice", data_dir=demo.data_dir, clock=clock
    )
    yield station
    station.close()


@pytest.fixture
def recording(tmp_path: Path, bench_time: datetime) -> Path:
    """Six 10-s segments from 09:59:40 to 10:00:40 UTC, named in local time."""
    folder = tmp_path / "nvr"
    make_recording(
        folder, (bench_time - timedelta(seconds=20)).astimezone(), 6, name="%Y%m%d_%H%M%S.mp4"
    )
    return folder


def empty_parcel(bench: Workstation, clock: Clock, photo: Path) -> InspectionView:
    """TB-RF-880001 scanned at 10:00:00, weighed at 10:00:04, decided by 10:00:12."""
    view = bench.open_parcel("TB-RF-880001")
    clock.wait(4)
    view = bench.record_weight(view.inspection_id, 90)
    clock.wait(3)
    bench.attach_evidence(view.inspection_id, photo, "scale_photo")
    bench.attach_evidence(view.inspection_id, photo, "open_box_photo")
    clock.wait(5)
    return bench.decide(view.inspection_id)


def subtitles(path: Path) -> str:
    return subprocess.run(
        [FFMPEG, "-v", "error", "-i", str(path), "-map", "0:s", "-f", "srt", "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout


@needs_ffmpeg
def test_completing_cuts_stores_and_records_the_clip(
    bench: Workstation,
    clock: Clock,
    photo: Path,
    recording: Path,
    bench_time: datetime,
    tmp_path: Path,
) -> None:
    view = empty_parcel(bench, clock, photo)
    view = bench.complete(view.inspection_id, recording_dir=recording)

    assert view.status == "completed"
    clip = view.evidence[-1]
    assert clip.kind == VIDEO_KIND
    assert clip.original_name == f"{view.code}-unboxing.mp4"
    assert view.notices and view.notices[0].startswith(f"Unboxing clip of {view.code} stored")

    start = bench_time - timedelta(seconds=5)
    end = bench_time + timedelta(seconds=12 + 5)
    assert duration(clip.path) == pytest.approx((end - start).total_seconds(), abs=1.0)
    shown = shown_seconds(clip.path)
    epoch = (bench_time - timedelta(seconds=20)).astimezone().replace(second=0)
    assert abs(shown[0] - second_of(start, epoch)) <= 1
    assert abs(shown[-1] - second_of(end, epoch)) <= 1
    assert clip.captured_at is not None
    assert abs((clip.captured_at - start).total_seconds()) <= 1.0

    content = clip.path.read_bytes()
    assert hashlib.sha256(content).hexdigest() == clip.sha256 == clip.path.stem
    assert clip.bytes == len(content)

    local = bench_time.astimezone()
    stamp = subtitles(clip.path)
    before, after = (f"{local + timedelta(seconds=s):%Y-%m-%d %H:%M:%S}" for s in (2, 6))
    assert f"{view.code} · {before} · weight: not yet" in stamp
    assert f"{view.code} · {after} · 90 g (manual)" in stamp

    record = load_record(bench.engine, view.code, evidence_dir=bench.evidence_dir)
    assert [item.sha256 for item in record.view.evidence if item.kind == VIDEO_KIND] == [
        clip.sha256
    ]
    event = record.timeline[-1]
    assert event.action == ACTION and event.intact
    assert event.payload["sha256"] == clip.sha256
    assert event.payload["segments"] == [
        f"{(bench_time + timedelta(seconds=s)).astimezone():%Y%m%d_%H%M%S}.mp4"
        for s in (-10, 0, 10)
    ]

    again = cut_unboxing_clip(
        bench.engine,
        view.inspection_id,
        recording,
        evidence_dir=bench.evidence_dir,
        station="bench-1",
        actor="alice",
        clock=clock,
    )
    assert again.evidence == clip and "already attached" in again.message
    assert [item.kind for item in bench.current(view.inspection_id).evidence].count("video") == 1

    pack = write_evidence_pack(
        bench.engine, view.code, tmp_path / "pack.zip", evidence_dir=bench.evidence_dir
    )
    with zipfile.ZipFile(pack) as archive:
        manifest = json.loads(archive.read(MANIFEST))
        listed = [item for item in manifest["evidence"] if item["kind"] == VIDEO_KIND]
        assert [(item["recorded_sha256"], item["status"]) for item in listed] == [
            (clip.sha256, "ok")
        ]
        archived = [item for item in manifest["files"] if item["path"] == listed[0]["path"]]
        assert [item["sha256"] for item in archived] == [clip.sha256]
        assert hashlib.sha256(archive.read(listed[0]["path"])).hexdigest() == clip.sha256
        assert ACTION in [event["action"] for event in manifest["audit_events"]]


def test_a_missing_recording_folder_is_a_message(
    bench: Workstation, clock: Clock, photo: Path, tmp_path: Path
) -> None:
    view = empty_parcel(bench, clock, photo)
    view = bench.complete(view.inspection_id, recording_dir=tmp_path / "unplugged")

    assert view.status == "completed"
    assert [item.kind for item in view.evidence] == ["scale_photo", "open_box_photo"]
    assert len(view.notices) == 1
    assert view.notices[0].startswith(f"No unboxing clip for {view.code}.")
    assert "unplugged is not there" in view.notices[0]
    record = load_record(bench.engine, view.code, evidence_dir=bench.evidence_dir)
    assert record.timeline[-1].action == ACTION
    assert "is not there" in record.timeline[-1].payload["missing"]
    assert record.view.status == "completed"


@needs_ffmpeg
def test_footage_of_another_time_is_a_message(
    bench: Workstation, clock: Clock, photo: Path, tmp_path: Path, bench_time: datetime
) -> None:
    folder = tmp_path / "nvr"
    make_recording(
        folder, (bench_time - timedelta(hours=2)).astimezone(), 2, name="%Y%m%d_%H%M%S.mp4"
    )
    view = empty_parcel(bench, clock, photo)
    view = bench.complete(view.inspection_id, recording_dir=folder)

    assert view.status == "completed"
    assert VIDEO_KIND not in [item.kind for item in view.evidence]
    assert "holds no footage from" in view.notices[0]
    record = load_record(bench.engine, view.code, evidence_dir=bench.evidence_dir)
    assert "holds no footage" in record.timeline[-1].payload["missing"]


@needs_ffmpeg
def test_without_ffmpeg_the_parcel_still_completes(
    bench: Workstation,
    clock: Clock,
    photo: Path,
    recording: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    view = empty_parcel(bench, clock, photo)
    monkeypatch.setenv("PATH", str(tmp_path / "no-programs"))
    view = bench.complete(view.inspection_id, recording_dir=recording)

    assert view.status == "completed"
    assert "ffprobe is not installed" in view.notices[0]
    assert VIDEO_KIND not in [item.kind for item in view.evidence]


def test_without_a_recording_folder_nothing_is_cut(
    bench: Workstation, clock: Clock, photo: Path
) -> None:
    view = empty_parcel(bench, clock, photo)
    view = bench.complete(view.inspection_id)

    assert view.status == "completed" and view.notices == ()
    record = load_record(bench.engine, view.code, evidence_dir=bench.evidence_dir)
    assert record.timeline[-1].action == "inspection.complete"


def test_the_inbox_folder_is_the_stations_own_or_the_default(
    bench: Workstation, tmp_path: Path
) -> None:
    assert bench.inbox_folder() == bench.data_dir / "inbox" / "bench-1"
    configure_station(bench.engine, "bench-1", photo_inbox=tmp_path / "camera", actor="alice")
    assert bench.inbox_folder() == tmp_path / "camera"
