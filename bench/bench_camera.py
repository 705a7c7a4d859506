"""The bench camera: how fast a photo shows up, and what cutting an unboxing clip costs.

Usage: python bench/bench_camera.py [--photos 40] [--hours 1] [--size 320x240] [--hd 1280x720]
                                   [--repeat 3] [--dir DIR]

Two measurements, each against a baseline taken in the same run:

- **inbox**: ``--photos`` JPEGs (~30 KB) are written one after the other into a watched inbox;
  for each, the time from the end of the write to ``InboxWatcher``'s report. Baseline: the
  same writes seen by a bare ``watchfiles.watch`` (the first event naming the file, no settling
  and no completeness check). Goal: every photo reported within 1 s (the issue's "within a
  second"); the ratio shows what settling costs over the raw event.
- **clip**: a 22-s clip across a segment boundary, found with ``find_segments`` and cut with
  ``cut_clip`` (stream copy, stamped), out of a 2-minute recording and out of an ``--hours``
  long one (1-minute H.264 segments at ``--size``, 15 frames/s, a keyframe every second, made
  by ffmpeg once and kept in ``--dir``). Goal: cutting from hours of footage costs about what
  cutting from two minutes does (ratio ≈ 1).
- **copy vs re-encode**: the same kind of clip out of a 2-minute ``--hd`` recording (the bench
  camera's resolution), against re-encoding that clip with libx264 ``veryfast`` — the least
  that burning the stamp into the pictures would add. Goal: stream copy well under it.
"""

from __future__ import annotations

import argparse
import io
import os
import queue
import statistics
import subprocess
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import watchfiles
from PIL import Image

from inspect_tui.devices.photos import InboxPhoto, InboxWatcher
from inspect_tui.devices.recording import cut_clip, find_segments

START = datetime(2026, 11, 18, 8, 0, tzinfo=UTC)


def photo_bytes(number: int) -> bytes:
    image = Image.effect_noise((320, 240), 40 + number % 20).convert("RGB")
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


def bare_latencies(folder: Path, count: int) -> list[float]:
    folder.mkdir(parents=True, exist_ok=True)
    seen: queue.Queue[tuple[str, float]] = queue.Queue()
    stop = threading.Event()

    def run() -> None:
        for changes in watchfiles.watch(
            folder,
            debounce=50,
            step=50,
            rust_timeout=100,
            yield_on_timeout=True,
            stop_event=stop,
            recursive=False,
            watch_filter=None,
        ):
            for _, name in changes:
                seen.put((Path(name).name, time.perf_counter()))

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    time.sleep(0.5)
    latencies = []
    for number in range(count):
        name = f"bare-{number:03d}.jpg"
        (folder / name).write_bytes(photo_bytes(number))
        written = time.perf_counter()
        while True:
            got, at = seen.get(timeout=10)
            if got == name:
                latencies.append(at - written)
                break
        time.sleep(0.05)
    stop.set()
    thread.join(5)
    return latencies


def watcher_latencies(folder: Path, count: int) -> list[float]:
    arrived: queue.Queue[tuple[InboxPhoto, float]] = queue.Queue()
    latencies = []
    with InboxWatcher(folder, lambda photo: arrived.put((photo, time.perf_counter()))):
        for number in range(count):
            name = f"IMG_{number:04d}.jpg"
            (folder / name).write_bytes(photo_bytes(number))
            written = time.perf_counter()
            photo, at = arrived.get(timeout=10)
            assert photo.name == name, photo.name
            latencies.append(at - written)
    return latencies


def make_recording(folder: Path, minutes: int, size: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for minute in range(minutes):
        moment = START + timedelta(minutes=minute)
        path = folder / f"{moment:%Y%m%d_%H%M%S}Z.mp4"
        if path.exists():
            continue
        subprocess.run(
            ["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", f"testsrc=s={size}:r=15:d=60"]
            + ["-c:v", "libx264", "-preset", "ultrafast", "-g", "15", "-keyint_min", "15"]
            + ["-sc_threshold", "0", "-pix_fmt", "yuv420p", str(path)],
            check=True,
        )


def time_cut(folder: Path, start: datetime, work: Path, repeat: int) -> tuple[float, Path]:
    end = start + timedelta(seconds=22)
    best = float("inf")
    clip = work
    for attempt in range(repeat):
        began = time.perf_counter()
        segments = find_segments(folder, start, end, tz=UTC)
        clip = cut_clip(
            segments,
            start,
            end,
            work,
            name=f"clip-{folder.name}-{attempt}",
            metadata={"title": "INS-20261118-0001 unboxing"},
            stamp=lambda moment: f"INS-20261118-0001 · {moment:%H:%M:%S} · 760 g",
        ).path
        best = min(best, time.perf_counter() - began)
    return best, clip


def time_reencode(clip: Path, work: Path, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        began = time.perf_counter()
        subprocess.run(
            ["ffmpeg", "-v", "error", "-y", "-i", str(clip), "-map", "0:v", "-c:v", "libx264"]
            + ["-preset", "veryfast", str(work / "reencoded.mp4")],
            check=True,
        )
        best = min(best, time.perf_counter() - began)
    return best


def summary(values: list[float]) -> str:
    ordered = sorted(values)
    p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
    return (
        f"median {statistics.median(ordered) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, "
        f"max {ordered[-1] * 1000:.0f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=int, default=40)
    parser.add_argument("--hours", type=float, default=1.0)
    parser.add_argument("--size", default="320x240")
    parser.add_argument("--hd", default="1280x720")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--dir", type=Path, default=Path(tempfile.gettempdir()) / "bench-camera")
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.2f}")

    with tempfile.TemporaryDirectory() as scratch:
        bare = bare_latencies(Path(scratch) / "bare", args.photos)
        watched = watcher_latencies(Path(scratch) / "inbox", args.photos)
    print(f"inbox, bare watchfiles event: {summary(bare)}")
    print(f"inbox, InboxWatcher report:   {summary(watched)}")
    print(
        f"  within 1 s: {sum(v <= 1.0 for v in watched)}/{len(watched)}; "
        f"median ratio {statistics.median(watched) / statistics.median(bare):.1f}"
    )

    short = args.dir / f"short-{args.size}"
    long = args.dir / f"long-{args.size}-{args.hours:g}h"
    hd = args.dir / f"short-{args.hd}"
    began = time.perf_counter()
    make_recording(short, 2, args.size)
    make_recording(long, round(args.hours * 60), args.size)
    make_recording(hd, 2, args.hd)
    size = sum(p.stat().st_size for p in long.iterdir())
    print(
        f"recordings ready ({time.perf_counter() - began:.1f} s to make); "
        f"long: {len(list(long.iterdir()))} segments, {size / 1e6:.0f} MB"
    )
    boundary = timedelta(seconds=50)  # 10 s before a minute's segment ends
    middle = START + timedelta(minutes=round(args.hours * 30)) + boundary
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        short_s, _ = time_cut(short, START + boundary, work, args.repeat)
        long_s, _ = time_cut(long, middle, work, args.repeat)
        hd_s, clip = time_cut(hd, START + boundary, work, args.repeat)
        encode_s = time_reencode(clip, work, args.repeat)
    print(f"clip from 2 min of footage ({args.size}): {short_s * 1000:.0f} ms")
    print(
        f"clip from {args.hours:g} h of footage ({args.size}): {long_s * 1000:.0f} ms "
        f"(ratio {long_s / short_s:.2f})"
    )
    print(f"clip from 2 min of footage ({args.hd}): {hd_s * 1000:.0f} ms")
    print(
        f"that clip re-encoded (veryfast): {encode_s * 1000:.0f} ms "
        f"(the cut takes {hd_s / encode_s:.2f} of it)"
    )


if __name__ == "__main__":
    main()
