"""Finding the bench video's segments and cutting clips from them, with the real ffmpeg.

The footage is made by ffmpeg (tests/footage.py): every frame shows, as its brightness, the
second it was recorded in, so where a clip starts and ends is read from its pictures.
"""

from __future__ import annotations

import os
import subprocess
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from footage import FFMPEG, FFPROBE, duration, make_recording, second_of, shown_seconds
from inspect_tui.devices.recording import (
    RecordingError,
    cut_clip,
    find_segments,
    name_time,
)

pytestmark = pytest.mark.skipif(
    not (os.access(FFMPEG, os.X_OK) and os.access(FFPROBE, os.X_OK)),
    reason="Debian's ffmpeg is not installed",
)

FIRST = datetime(2026, 11, 18, 9, 59, 40, tzinfo=UTC)
EPOCH = FIRST.replace(second=0)
SHANGHAI = timezone(timedelta(hours=8))


@pytest.fixture(scope="module")
def recording(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Four 10-s segments from 09:59:40 to 10:00:20 UTC, named in UTC."""
    folder = tmp_path_factory.mktemp("recording")
    make_recording(folder, FIRST, 4, name="%Y%m%dT%H%M%SZ.mp4")
    (folder / "notes.txt").write_text("not footage")
    return folder


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("20261118T095950.mp4", datetime(2026, 11, 18, 1, 59, 50, tzinfo=UTC)),
        ("20261118_095950.mp4", datetime(2026, 11, 18, 1, 59, 50, tzinfo=UTC)),
        ("cam1_20261118-095950.mkv", datetime(2026, 11, 18, 1, 59, 50, tzinfo=UTC)),
        ("2026-11-18_09-59-50.ts", datetime(2026, 11, 18, 1, 59, 50, tzinfo=UTC)),
        ("RecM01_20261118_095950_100500_6E3A.mp4", datetime(2026, 11, 18, 1, 59, 50, tzinfo=UTC)),
        ("20261118T095950Z.mp4", datetime(2026, 11, 18, 9, 59, 50, tzinfo=UTC)),
    ],
)
def test_segment_names_give_their_start(name: str, expected: datetime) -> None:
    assert name_time(name, SHANGHAI) == expected


@pytest.mark.parametrize("name", ["clip.mp4", "20261341T250000.mp4", "cam_123.mp4"])
def test_names_without_a_valid_time(name: str) -> None:
    assert name_time(name, UTC) is None


def test_only_the_segments_of_the_time_asked_are_found(recording: Path) -> None:
    start = datetime(2026, 11, 18, 9, 59, 55, tzinfo=UTC)
    found = find_segments(recording, start, start + timedelta(seconds=12), tz=UTC)
    assert [segment.path.name for segment in found] == [
        "20261118T095950Z.mp4",
        "20261118T100000Z.mp4",
    ]
    assert [segment.duration for segment in found] == pytest.approx([10.0, 10.0], abs=0.05)


def test_a_segment_without_a_time_in_its_name_is_placed_by_its_creation_time(
    tmp_path: Path, recording: Path
) -> None:
    source = recording / "20261118T100000Z.mp4"
    unnamed = tmp_path / "camera-export.mp4"
    subprocess.run(
        [FFMPEG, "-v", "error", "-i", str(source), "-c", "copy"]
        + ["-metadata", "creation_time=2026-11-18T10:00:00Z", str(unnamed)],
        check=True,
    )
    start = datetime(2026, 11, 18, 10, 0, 2, tzinfo=UTC)
    found = find_segments(tmp_path, start, start + timedelta(seconds=3), tz=SHANGHAI)
    assert [(segment.path.name, segment.start) for segment in found] == [
        ("camera-export.mp4", datetime(2026, 11, 18, 10, 0, tzinfo=UTC))
    ]


def test_a_clip_across_segments_starts_and_ends_where_asked(
    tmp_path: Path, recording: Path
) -> None:
    start = datetime(2026, 11, 18, 9, 59, 57, 400_000, tzinfo=UTC)
    end = datetime(2026, 11, 18, 10, 0, 13, 600_000, tzinfo=UTC)
    segments = find_segments(recording, start, end, tz=UTC)
    clip = cut_clip(
        segments,
        start,
        end,
        tmp_path,
        name="INS-20261118-0001-unboxing",
        metadata={"title": "INS-20261118-0001 unboxing"},
        stamp=lambda moment: f"INS-20261118-0001 {moment:%H:%M:%S} 760 g",
    )
    assert clip.path == tmp_path / "INS-20261118-0001-unboxing.mp4"
    assert clip.segments == (
        "20261118T095950Z.mp4",
        "20261118T100000Z.mp4",
        "20261118T100010Z.mp4",
    )
    assert clip.gaps == ()
    assert abs((clip.start - start).total_seconds()) <= 1.0
    assert duration(clip.path) == pytest.approx((end - start).total_seconds(), abs=1.0)
    assert clip.duration == pytest.approx(duration(clip.path), abs=0.05)
    shown = shown_seconds(clip.path)
    assert abs(shown[0] - second_of(start, EPOCH)) <= 1
    assert abs(shown[-1] - second_of(end, EPOCH)) <= 1
    assert shown == sorted(shown)  # in order, nothing repeated or dropped across boundaries
    assert len(set(shown)) == len(range(shown[0], shown[-1] + 1))


def test_the_stamp_is_in_the_clip(tmp_path: Path, recording: Path) -> None:
    start = datetime(2026, 11, 18, 10, 0, 8, tzinfo=UTC)
    end = start + timedelta(seconds=4)
    clip = cut_clip(
        find_segments(recording, start, end, tz=UTC),
        start,
        end,
        tmp_path,
        name="stamped",
        metadata={"title": "INS-20261118-0001 unboxing", "comment": "weight 760 g (scale)"},
        stamp=lambda moment: f"INS-20261118-0001 · {moment:%H:%M:%S} · 760 g",
    )
    tags = subprocess.run(
        [FFPROBE, "-v", "error", "-show_entries", "format_tags", "-of", "default=nw=1"]
        + [str(clip.path)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert "TAG:title=INS-20261118-0001 unboxing" in tags
    assert "TAG:comment=weight 760 g (scale)" in tags
    assert "TAG:creation_time=2026-11-18T10:00:08" in tags
    captions = subprocess.run(
        [FFMPEG, "-v", "error", "-i", str(clip.path), "-map", "0:s", "-f", "srt", "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert "INS-20261118-0001 · 10:00:08 · 760 g" in captions
    assert "INS-20261118-0001 · 10:00:11 · 760 g" in captions
    assert "10:00:13" not in captions


def test_missing_footage_between_segments_is_a_gap(tmp_path: Path, recording: Path) -> None:
    folder = tmp_path / "holes"
    folder.mkdir()
    for name in ("20261118T095940Z.mp4", "20261118T100010Z.mp4"):
        (folder / name).write_bytes((recording / name).read_bytes())
    start = datetime(2026, 11, 18, 9, 59, 45, tzinfo=UTC)
    end = datetime(2026, 11, 18, 10, 0, 15, tzinfo=UTC)
    clip = cut_clip(
        find_segments(folder, start, end, tz=UTC), start, end, tmp_path, name="gap", metadata={}
    )
    gap = (datetime(2026, 11, 18, 9, 59, 50, tzinfo=UTC), FIRST + timedelta(seconds=30))
    assert clip.gaps == (gap,)
    assert duration(clip.path) == pytest.approx(10.0, abs=1.0)


def test_no_footage_of_that_time_is_a_recording_error(tmp_path: Path, recording: Path) -> None:
    start = datetime(2026, 11, 18, 11, 0, tzinfo=UTC)
    assert find_segments(recording, start, start + timedelta(seconds=10), tz=UTC) == []
    with pytest.raises(RecordingError, match="no footage"):
        cut_clip([], start, start, tmp_path, name="none", metadata={})


def test_a_missing_folder_is_a_recording_error(tmp_path: Path) -> None:
    with pytest.raises(RecordingError, match="is not there"):
        find_segments(tmp_path / "nvr", FIRST, FIRST + timedelta(seconds=5), tz=UTC)


def test_a_segment_still_being_written_is_left_out(tmp_path: Path, recording: Path) -> None:
    data = (recording / "20261118T100000Z.mp4").read_bytes()
    (tmp_path / "20261118T100000Z.mp4").write_bytes(data[: len(data) // 2])
    start = datetime(2026, 11, 18, 10, 0, 2, tzinfo=UTC)
    assert find_segments(tmp_path, start, start + timedelta(seconds=3), tz=UTC) == []


def test_without_ffmpeg_no_clip_is_cut(tmp_path: Path, recording: Path) -> None:
    start = datetime(2026, 11, 18, 10, 0, 2, tzinfo=UTC)
    end = start + timedelta(seconds=3)
    segments = find_segments(recording, start, end, tz=UTC)
    with pytest.raises(RecordingError, match="not installed"):
        cut_clip(segments, start, end, tmp_path, name="x", metadata={}, ffmpeg=str(tmp_path / "no"))
    with pytest.raises(RecordingError, match="not installed"):
        find_segments(recording, start, end, tz=UTC, ffprobe=str(tmp_path / "no"))


def test_footage_mp4_cannot_hold_goes_into_matroska(tmp_path: Path) -> None:
    folder = tmp_path / "nvr"
    folder.mkdir()
    subprocess.run(
        [FFMPEG, "-v", "error", "-f", "lavfi", "-i", "testsrc=s=64x48:r=10:d=6"]
        + ["-f", "lavfi", "-i", "sine=f=440:d=6:sample_rate=8000", "-c:v", "libx264"]
        + ["-preset", "ultrafast", "-g", "10", "-pix_fmt", "yuv420p", "-c:a", "pcm_alaw"]
        + [str(folder / "ch01_20261118_100000Z.mkv")],
        check=True,
    )
    start = datetime(2026, 11, 18, 10, 0, 1, tzinfo=UTC)
    end = start + timedelta(seconds=3)
    clip = cut_clip(
        find_segments(folder, start, end, tz=UTC),
        start,
        end,
        tmp_path,
        name="g711",
        metadata={"title": "INS-20261118-0001 unboxing"},
        stamp=lambda moment: "INS-20261118-0001",
    )
    assert clip.path == tmp_path / "g711.mkv"
    streams = subprocess.run(
        [FFPROBE, "-v", "error", "-show_entries", "stream=codec_name", "-of", "csv=p=0"]
        + [str(clip.path)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    assert streams == ["h264", "pcm_alaw", "subrip"]
    assert not (tmp_path / "g711.mp4").exists()
    assert duration(clip.path) == pytest.approx(3.0, abs=1.0)
