"""What ``synchronous=FULL`` costs a scan, against ``NORMAL``, in the same run.

Usage: python bench/bench_durability.py [--size 10000] [--scans 200] [--dir DIR]

A SQLite store of ``--size`` shipments is built as ``bench_scan.py`` builds it (the sample
generator through the real importer, in ``--dir``, on the disk the desk would use: not a
tmpfs, where a sync costs nothing). Then ``Workstation.open_parcel`` (decode, look up, open
the inspection and its signed audit event, commit) is timed for ``--scans`` parcels, with the
store's ``synchronous`` pragma alternating between FULL (what the engine sets) and NORMAL (the
baseline) in blocks of ten scans, so both see the same load on a shared machine. Prints the
median and p95 of each (wall time: a sync is time spent waiting, not CPU), the CPU time's
median, and the ratio of the wall-time medians.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from pathlib import Path
from typing import Any

from bench_scan import fresh_store, run_day
from sqlalchemy import event

from inspect_tui.services.inspecting.workstation import Workstation
from inspect_tui.store.engine import make_engine


def connect(url: str, directory: Path, mode: str, now: Any) -> Workstation:
    """A workstation whose connections use ``synchronous=<mode>``."""
    engine = make_engine(url)

    @event.listens_for(engine, "connect")
    def _mode(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.execute(f"PRAGMA synchronous={mode}")

    return Workstation(
        engine,
        station=f"bench-{mode.lower()}-{time.time_ns()}",
        operator="bench",
        data_dir=directory,
        clock=lambda: now,
    )


def main() -> None:
    """Build the store, then time the scans in alternating blocks."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10000)
    parser.add_argument("--scans", type=int, default=200)
    parser.add_argument("--dir", type=Path, default=Path("bench/out/durability"))
    args = parser.parse_args()
    url, codes = fresh_store(args.size, args.dir, args.scans)
    now = run_day(args.dir)
    stations = {mode: connect(url, args.dir, mode, now) for mode in ("FULL", "NORMAL")}
    times: dict[str, list[float]] = {"FULL": [], "NORMAL": []}
    cpu: dict[str, list[float]] = {"FULL": [], "NORMAL": []}
    for block, start in enumerate(range(0, args.scans, 10)):
        mode = "FULL" if block % 2 == 0 else "NORMAL"
        for code in codes[start : start + 10]:
            started, started_cpu = time.perf_counter(), time.process_time()
            stations[mode].open_parcel(code)
            times[mode].append((time.perf_counter() - started) * 1000)
            cpu[mode].append((time.process_time() - started_cpu) * 1000)
    for station in stations.values():
        station.close()
    print(f"store: {args.size} shipments, {args.scans} scans, load {os.getloadavg()[0]:.2f}")
    for mode, values in times.items():
        values.sort()
        p95 = values[int(0.95 * (len(values) - 1))]
        print(
            f"  {mode:6} median {statistics.median(values):6.2f} ms   p95 {p95:6.2f} ms   "
            f"CPU median {statistics.median(cpu[mode]):6.2f} ms"
        )
    ratio = statistics.median(times["FULL"]) / statistics.median(times["NORMAL"])
    print(f"  FULL / NORMAL median: {ratio:.2f}")


if __name__ == "__main__":
    main()
