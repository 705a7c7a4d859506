"""Bench-camera footage for tests: real H.264 segments made with ffmpeg, and a way to read them.

Every frame's brightness says which second it was recorded in (its grey level is the number of
seconds since the top of the minute ``EPOCH`` counts from, modulo ``PERIOD``), so a test reads a
clip's first and last frames and knows, from the pictures alone, what time they show. Segments
are tiny (64x48, 10 frames a second, a keyframe every second) so making one takes a moment.
"""

from __future__ import annotations

import subprocess
from datetime import datetime, timedelta
from pathlib import Path

FFMPEG = "/usr/bin/ffmpeg"
FFPROBE = "/usr/bin/ffprobe"
WIDTH, HEIGHT, RATE = 64, 48, 10
PERIOD = 50
_STEP = 4 * 255 / 219  # a limited-range luma step of 4, as decoded to full-range grey


def make_segment(path: Path, start: datetime, epoch: datetime, seconds: int = 10) -> Path:
    """A segment of ``seconds`` whose frames show the seconds since ``epoch`` they were shot at."""
    offset = round((start - epoch).total_seconds())
    source = (
        f"nullsrc=s={WIDTH}x{HEIGHT}:r={RATE}:d={seconds},"
        f"geq=lum='16+4*mod(floor(T)+{offset},{PERIOD})':cb=128:cr=128"
    )
    subprocess.run(
        [FFMPEG, "-v", "error", "-y", "-f", "lavfi", "-i", source]
        + ["-c:v", "libx264", "-preset", "ultrafast", "-g", str(RATE)]
        + ["-keyint_min", str(RATE), "-sc_threshold", "0", "-pix_fmt", "yuv420p", str(path)],
        check=True,
    )
    return path


def make_recording(folder: Path, first: datetime, count: int, *, name: str) -> list[Path]:
    """``count`` back-to-back 10-s segments from ``first``, named by ``first.strftime(name)``."""
    folder.mkdir(parents=True, exist_ok=True)
    return [
        make_segment(
            folder / (first + timedelta(seconds=10 * index)).strftime(name),
            first + timedelta(seconds=10 * index),
            first.replace(second=0, microsecond=0),
        )
        for index in range(count)
    ]


def duration(path: Path) -> float:
    """The clip's length in seconds, as ffprobe reads it."""
    run = subprocess.run(
        [FFPROBE, "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", str(path)],
        check=True,
        capture_output=True,
        text=True,
    )
    return float(run.stdout.strip())


def shown_seconds(path: Path) -> list[int]:
    """For every frame of the clip, the second (mod ``PERIOD``) it shows."""
    run = subprocess.run(
        [FFMPEG, "-v", "error", "-i", str(path), "-map", "0:v", "-vsync", "0"]
        + ["-f", "rawvideo", "-pix_fmt", "gray", "-"],
        check=True,
        capture_output=True,
    )
    size = WIDTH * HEIGHT
    frames = [run.stdout[at : at + size] for at in range(0, len(run.stdout), size)]
    return [round(sum(frame) / size / _STEP) for frame in frames]


def second_of(moment: datetime, epoch: datetime) -> int:
    """The second (mod ``PERIOD``) a frame recorded at ``moment`` shows."""
    return int((moment - epoch).total_seconds() // 1) % PERIOD
