"""Scan -> parcel card: the service alone, and the headless app, at two store sizes.

Usage: python bench/bench_scan.py [--sizes 10000,1000000] [--scans 200] [--dir DIR]
                                 [--profile FILE]

For each size N a SQLite store is filled with N synthetic shipments (the sample generator,
imported through the real importer), then 200 return tracking numbers are scanned, on a day no
earlier run used (so each run starts with no inspections yet that day):

- service: ``Workstation.open_parcel(code)`` — decode, look up, open the inspection (a write
  with its audit event), assess, build the view;
- app: the same scan typed as a burst of keys into the headless app's scan field, then CANCEL
  back to the scan screen. Every frame the app renders is recorded (``App._display``, which
  a terminal's output comes from) and replayed on a character grid. Two times per scan:
  "card shown", from the first key to the first frame after which the grid shows exactly
  what it shows once the app has settled (checked to hold the parcel's order number), i.e.
  the card on screen; and "settled", until the app is quiet again (Pilot's ``pause()``,
  which waits at least 20 ms for the process to go quiet).

Prints median and p95 per size (wall time, and for the app also the process's CPU time up to
the settled point, worker thread included: steadier on a busy machine), the load average, and
the ratio of the biggest size to the smallest. ``--profile FILE`` also runs cProfile over the
app's timed windows only (the UI thread) and prints where that time went; the profiler
slows the app down several times, so times from such a run are not comparable.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import os
import pstats
import random
import sqlite3
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from frame_grid import FrameGrid

from inspect_tui.services.importing import import_file
from inspect_tui.services.inspecting.workstation import Workstation
from inspect_tui.services.review.operators import bootstrap_supervisor
from inspect_tui.services.shared.database import open_store

NOW = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
"""The bench's clock on the first run; each later run of a store takes the next day."""


def build_store(size: int, directory: Path) -> tuple[str, list[str]]:
    """A store with ``size`` shipments; returns its URL and the return tracking numbers."""
    directory.mkdir(parents=True, exist_ok=True)
    db = directory / "inspect.db"
    url = f"sqlite:///{db}"
    samples = directory / "csv"
    if not (samples / "returns.csv").exists():
        subprocess.run(
            [
                sys.executable,
                "-m",
                "inspect_tui.sample",
                "--shipments",
                str(size),
                "--out",
                str(samples),
            ],
            check=True,
        )
    if not db.exists():
        engine = open_store(url)
        for kind in ("products", "shipments", "returns"):
            started = time.perf_counter()
            import_file(engine, kind, samples / f"{kind}.csv", evidence_dir=directory / "ev")
            print(f"  imported {kind} in {time.perf_counter() - started:.1f} s", flush=True)
        bootstrap_supervisor(engine, "bench", "2468")
        engine.dispose()
    # Only parcels no earlier run has opened: every scan here opens a new inspection.
    with sqlite3.connect(db) as connection:
        codes = [
            row[0]
            for row in connection.execute(
                "SELECT tracking_return FROM return_request WHERE tracking_return IS NOT NULL"
                " AND id NOT IN (SELECT return_id FROM inspection WHERE return_id IS NOT NULL)"
            )
        ]
    return url, codes


def fresh_store(size: int, directory: Path, needed: int) -> tuple[str, list[str]]:
    """``build_store``, built again from its CSV files when earlier runs used up its parcels."""
    url, codes = build_store(size, directory)
    if len(codes) < needed:
        print(f"  only {len(codes)} unopened parcels left: importing the store again", flush=True)
        for name in ("inspect.db", "inspect.db-wal", "inspect.db-shm"):
            (directory / name).unlink(missing_ok=True)
        url, codes = build_store(size, directory)
    return url, codes


def run_day(directory: Path) -> datetime:
    """A day no earlier run opened parcels on, so every run starts the desk's day afresh.

    Opening a parcel gives it the day's next code, found among the day's codes: were all runs
    on one day, a store used by more runs would be slower for that alone.
    """
    with sqlite3.connect(directory / "inspect.db") as connection:
        (days,) = connection.execute("SELECT count(DISTINCT day) FROM inspection").fetchone()
    return NOW + timedelta(days=days)


def time_service(url: str, codes: list[str], directory: Path, now: datetime) -> list[float]:
    """Milliseconds per ``open_parcel`` call."""
    ws = Workstation.connect(
        url,
        station=f"bench-svc-{time.time_ns()}",
        operator="bench",
        data_dir=directory,
        clock=lambda: now,
    )
    times = []
    for code in codes:
        started = time.perf_counter()
        view = ws.open_parcel(code)
        times.append((time.perf_counter() - started) * 1000)
        assert view.shipment is not None
    ws.close()
    return times


async def _time_app(
    url: str,
    codes: list[str],
    directory: Path,
    now: datetime,
    profile: cProfile.Profile | None = None,
) -> tuple[list[float], list[float], list[float]]:
    """Milliseconds from a scan's first key: card shown, settled, and CPU up to settled."""
    from textual import events
    from textual._compositor import CompositorUpdate

    from inspect_tui.ui.app import build_app
    from inspect_tui.ui.screens.inspect import InspectScreen
    from inspect_tui.ui.screens.scan import ScanScreen

    def connect(name: str) -> Workstation:
        return Workstation.connect(
            url, station=station, operator=name, data_dir=directory, clock=lambda: now
        )

    # A station of its own each run: an inspection left open by an earlier run would be
    # resumed at start instead of showing the scan screen.
    station = f"bench-app-{time.time_ns()}"
    app = build_app(connect, operator="bench", tz=UTC)
    size = (120, 40)
    grid = FrameGrid(*size)
    frames: list[tuple[float, CompositorUpdate]] = []
    shown_times: list[float] = []
    settled_times: list[float] = []
    cpu_times: list[float] = []

    display = app._display

    def recording_display(screen: object, update: object) -> None:
        if isinstance(update, CompositorUpdate):
            frames.append((time.perf_counter(), update))
        display(screen, update)  # type: ignore[arg-type]

    app._display = recording_display  # type: ignore[method-assign, assignment]

    def burst(text: str) -> None:
        driver = app._driver
        assert driver is not None
        for char in text:
            event = events.Key("enter", "\r") if char == "\r" else events.Key(char, char)
            event.set_sender(app)
            driver.send_message(event)

    def replay() -> list[str]:
        """Apply the frames recorded since the last call; the grid's text after each."""
        texts = []
        for _, update in frames:
            grid.apply(update)
            texts.append(grid.text())
        return texts

    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        for code in codes:
            while not isinstance(app.screen, ScanScreen):
                await asyncio.sleep(0.001)
            await pilot.pause()
            replay()
            frames.clear()
            if profile is not None:
                profile.enable()
            started, cpu_started = time.perf_counter(), time.process_time()
            burst(code + "\r")
            while not (
                isinstance(app.screen, InspectScreen) and app.screen.view.scanned_code == code
            ):
                await asyncio.sleep(0.0005)
            await pilot.pause()
            settled_times.append((time.perf_counter() - started) * 1000)
            cpu_times.append((time.process_time() - cpu_started) * 1000)
            if profile is not None:
                profile.disable()
            # The card is shown by the first frame after which the screen no longer changes.
            texts = replay()
            shown = len(texts) - 1
            while shown > 0 and texts[shown - 1] == texts[-1]:
                shown -= 1
            shipment = app.screen.view.shipment
            assert shipment is not None and shipment.order_ref in texts[-1], code
            shown_times.append((frames[shown][0] - started) * 1000)
            frames.clear()
            burst("CMD:CANCEL\r")
            await pilot.pause()
    return shown_times, settled_times, cpu_times


def summary(label: str, times: list[float]) -> tuple[float, float]:
    ordered = sorted(times)
    median = statistics.median(ordered)
    p95 = ordered[max(0, int(len(ordered) * 0.95) - 1)]
    print(f"  {label:10s} median {median:7.1f} ms   p95 {p95:7.1f} ms   (n={len(times)})")
    return median, p95


def load() -> str:
    """The load average, as ``uptime`` shows it."""
    return ", ".join(f"{value:.2f}" for value in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,1000000")
    parser.add_argument("--scans", type=int, default=200)
    parser.add_argument("--dir", type=Path, default=Path("bench/out/scan"))
    parser.add_argument(
        "--profile", type=Path, help="cProfile the app's timed windows into this file"
    )
    args = parser.parse_args()
    results = {}
    profile = cProfile.Profile() if args.profile else None
    if profile is not None:
        print("(profiling: the app's times below are inflated by cProfile)", flush=True)
    for size in [int(s) for s in args.sizes.split(",")]:
        print(f"{size} shipments", flush=True)
        directory = args.dir / str(size)
        url, codes = fresh_store(size, directory, args.scans * 2)
        rng = random.Random(7)
        picked = rng.sample(codes, min(args.scans * 2, len(codes)))
        print(f"  load average before: {load()}", flush=True)
        now = run_day(directory)
        print(f"  the desk's day: {now:%Y-%m-%d}", flush=True)
        service = summary("service", time_service(url, picked[: args.scans], directory, now))
        shown, settled, cpu = asyncio.run(
            _time_app(url, picked[args.scans :], directory, now, profile)
        )
        app = summary("card shown", shown)
        summary("settled", settled)
        summary("app CPU", cpu)
        print(f"  load average after: {load()}", flush=True)
        results[size] = (service, app)
    if profile is not None:
        profile.dump_stats(args.profile)
        pstats.Stats(profile).sort_stats("cumulative").print_stats(25)
    sizes = sorted(results)
    if len(sizes) > 1:
        small, big = results[sizes[0]], results[sizes[-1]]
        for index, label in enumerate(("service", "card shown")):
            ratio = big[index][0] / small[index][0]
            print(f"{label}: median at {sizes[-1]} is {ratio:.2f} x the median at {sizes[0]}")


if __name__ == "__main__":
    main()
