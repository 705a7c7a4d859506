"""Benchmark: `inspect-tui import shipments` against a raw sqlite3 executemany of the same rows.

    python bench/bench_import.py                 # 100,000 shipment lines
    python bench/bench_import.py --n 1000000     # a million
    python bench/bench_import.py --memory        # peak memory at 100,000 and 1,000,000 lines

Both sides start from a fresh, migrated SQLite store (same schema, same indexes, same pragmas:
WAL, synchronous=NORMAL, foreign keys on) holding the same catalog. The import side runs the
real command in a subprocess (``python -m inspect_tui --db sqlite:///... import shipments``),
so its time includes interpreter start-up, the schema check, reading and validating the whole
file, and the writes with their audit event. The raw side, in this process, reads the same CSV
with ``csv.reader``, converts just enough to store it (keys, grams, minor units, UTC strings,
JSON lists) and inserts shipments and lines with ``sqlite3.executemany`` in one transaction;
its insert-only time is reported too, and a second raw run with the same enlarged SQLite page
cache the importer sets for itself (``importing.bulk.CACHE_KIB``), so that advantage is not
counted in the importer's favour. Times are wall clock, best of ``--repeat`` runs; CPU times
are printed too because on a shared machine they are steadier. Goal: import rows/s >= 0.5 x
raw rows/s.

``--memory`` runs both sides at each of ``--sizes`` in child processes of their own and reports
each one's peak RSS next to its time (see ``memory``). Goal: the import's peak at 1,000,000
lines at most 100 MiB above its peak at 100,000. ``--kind products`` or ``--kind returns``
measures a catalog or a returns file of that many lines instead (``import_kinds.py``).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import import_kinds

from inspect_tui.sample import write_sample
from inspect_tui.services.importing.bulk import CACHE_KIB
from inspect_tui.services.shared.database import open_store


def fresh_store(path: Path) -> str:
    """A migrated, empty SQLite store at ``path``; its URL."""
    url = f"sqlite:///{path}"
    open_store(url).dispose()
    return url


def run_cli(url: str, *args: str, home: Path) -> tuple[float, float]:
    """Run ``python -m inspect_tui --db URL ARGS``; its (wall, CPU) time in seconds."""
    wall, cpu, _peak, out = run_child(
        [sys.executable, "-m", "inspect_tui", "--db", url, *args], home=home
    )
    print("   ", out.strip().splitlines()[-1])
    return wall, cpu


def run_child(command: list[str], home: Path) -> tuple[float, float, float, str]:
    """Run ``command``; its (wall s, CPU s, peak RSS MiB, stdout), exiting if it fails.

    The peak is the child's own ``ru_maxrss`` (from ``wait4``), not the largest of all the
    children this process ran.
    """
    env = {**os.environ, "INSPECT_TUI_HOME": str(home)}
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        started = time.perf_counter()
        child = subprocess.Popen(command, env=env, stdout=out, stderr=err, text=True)
        _pid, status, usage = os.wait4(child.pid, 0)
        elapsed = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if child.returncode:
            sys.exit(f"{' '.join(command[2:6])} failed ({child.returncode}):\n{err.read()}")
        return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, out.read()


def _utc_text(text: str) -> str | None:
    if not text:
        return None
    value = datetime.fromisoformat(text).astimezone(UTC).replace(tzinfo=None)
    return value.isoformat(sep=" ", timespec="microseconds")


def raw_insert(
    db: Path, shipments_csv: Path, cache_kib: int | None = None
) -> tuple[float, float, float, int]:
    """Read, convert and insert with sqlite3 only: (total s, insert-only s, total CPU s, lines)."""
    started = time.perf_counter()
    cpu_started = time.process_time()
    orders: dict[str, tuple[object, ...]] = {}
    lines: list[tuple[str, int, str, str, int, None, int, str, str]] = []
    counters: dict[str, int] = {}
    with shipments_csv.open(newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        next(reader)
        for row in reader:
            order = row[0]
            if order not in orders:
                orders[order] = (
                    row[1], order, order.casefold(), None, None, row[2], row[3],
                    _utc_text(row[4]), row[5], row[6] or None, row[6].casefold() or None,
                    int(row[7]) if row[7] else None, row[8] or "none", "CNY", "[]",
                )  # fmt: skip
            number = counters[order] = counters.get(order, 0) + 1
            serials = json.dumps(row[13].split(";") if row[13] else [])
            price = int(Decimal(row[14]) * 100) if row[14] else 0
            lines.append(
                (order, number, row[10], row[11], int(row[12]), None, price, serials, "[]")
            )
    converted = time.perf_counter()
    connection = sqlite3.connect(db, isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=NORMAL")
    connection.execute("PRAGMA foreign_keys=ON")
    if cache_kib:
        connection.execute(f"PRAGMA cache_size=-{cache_kib}")
    connection.execute("BEGIN IMMEDIATE")
    connection.executemany(
        "INSERT INTO shipment (platform, order_ref, order_key, package_ref, package_key, "
        "buyer_ref, buyer_name, shipped_at, carrier, tracking_out, tracking_out_key, "
        "shipped_weight_g, risk_level, currency, seal_ids) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        orders.values(),
    )
    ids = dict(connection.execute("SELECT order_ref, id FROM shipment"))
    connection.executemany(
        "INSERT INTO shipment_line (shipment_id, line_no, sku, title, qty, gtin, "
        "unit_price_minor, serials, components) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        ((ids[line[0]], *line[1:]) for line in lines),
    )
    connection.execute("COMMIT")
    connection.close()
    finished = time.perf_counter()
    cpu = time.process_time() - cpu_started
    return finished - started, finished - converted, cpu, len(lines)


def main() -> None:
    """Generate the data, run both sides, print rows/s and the ratio."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000, help="shipment lines (default 100000)")
    parser.add_argument("--dir", type=Path, help="work directory (default: a temporary one)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each side; best counts")
    parser.add_argument(
        "--memory",
        action="store_true",
        help="peak memory and time of each side at --sizes, one child process per run",
    )
    parser.add_argument(
        "--sizes", default="100000,1000000", help="shipment lines for --memory (comma-separated)"
    )
    parser.add_argument(
        "--kind",
        choices=("shipments", "products", "returns"),
        default="shipments",
        help="what --memory imports (default shipments)",
    )
    parser.add_argument("--raw-child", nargs=2, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.raw_child:
        raw = {
            "shipments": raw_insert,
            "products": import_kinds.raw_products,
            "returns": import_kinds.raw_returns,
        }[args.kind]
        print(json.dumps(raw(*args.raw_child, CACHE_KIB)))
        return
    if args.memory:
        memory(args.dir, [int(size) for size in args.sizes.split(",")], args.repeat, args.kind)
        return
    work = args.dir or Path(tempfile.mkdtemp(prefix="bench-import-"))
    work.mkdir(parents=True, exist_ok=True)
    data = work / "data"
    print(f"machine: {platform.node()}, {os.cpu_count()} CPUs, Python {platform.python_version()}")
    started = time.perf_counter()
    write_sample(data, 0, lines=args.n, seed=7)
    print(f"generated {args.n:,} shipment lines in {time.perf_counter() - started:.1f} s")

    imports: list[tuple[float, float]] = []
    raws: list[tuple[float, float, float, int]] = []
    cached: list[tuple[float, float, float, int]] = []
    startups: list[tuple[float, float]] = []  # the 240-product import: mostly start-up
    products = data / "products.csv"
    home = work / "home"
    for attempt in range(1, args.repeat + 1):
        print(f"run {attempt}/{args.repeat}")
        import_db, raw_db = work / f"import{attempt}.db", work / f"raw{attempt}.db"
        cached_db = work / f"cached{attempt}.db"
        url, raw_url = fresh_store(import_db), fresh_store(raw_db)
        cached_url = fresh_store(cached_db)
        for target in (url, raw_url, cached_url):
            startups.append(run_cli(target, "import", "products", str(products), home=home))
        imports.append(run_cli(url, "import", "shipments", str(data / "shipments.csv"), home=home))
        raws.append(raw_insert(raw_db, data / "shipments.csv"))
        cached.append(raw_insert(cached_db, data / "shipments.csv", CACHE_KIB))
        print(
            f"    import {imports[-1][0]:.2f} s (CPU {imports[-1][1]:.2f} s); raw "
            f"{raws[-1][0]:.2f} s (CPU {raws[-1][2]:.2f} s, executemany {raws[-1][1]:.2f} s)"
        )
        print(
            f"    raw with the import's {CACHE_KIB // 1024} MiB page cache: "
            f"{cached[-1][0]:.2f} s (CPU {cached[-1][2]:.2f} s)"
        )
        for db in (import_db, raw_db, cached_db):
            for suffix in ("", "-wal", "-shm"):
                Path(f"{db}{suffix}").unlink(missing_ok=True)
    lines = raws[0][3]
    best = {
        "import": min(wall for wall, _cpu in imports),
        "import CPU": min(cpu for _wall, cpu in imports),
        "raw total": min(r[0] for r in raws),
        "raw CPU": min(r[2] for r in raws),
        "raw executemany": min(r[1] for r in raws),
        "raw, big cache": min(r[0] for r in cached),
        "raw, big cache CPU": min(r[2] for r in cached),
    }
    print(
        f"the command's fixed cost (importing {products.name}, 240 rows): "
        f"{min(w for w, _c in startups):.2f} s wall, {min(c for _w, c in startups):.2f} s CPU"
    )
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"peak memory of the largest import process: {peak:,.0f} MiB")
    print(f"best of {args.repeat} ({lines:,} shipment lines):")
    for name, seconds in best.items():
        print(f"  {name:18} {seconds:7.2f} s  {lines / seconds:10,.0f} lines/s")
    print(
        f"ratio import / raw total (wall): {best['raw total'] / best['import']:.2f}  (goal >= 0.5)"
    )
    print(f"ratio import / raw total (CPU):  {best['raw CPU'] / best['import CPU']:.2f}")
    print(f"ratio import / raw executemany:  {best['raw executemany'] / best['import']:.2f}")
    print(
        f"ratio import / raw with the same page cache (wall): "
        f"{best['raw, big cache'] / best['import']:.2f}"
    )


def memory(directory: Path | None, sizes: list[int], repeat: int, kind: str = "shipments") -> None:
    """Peak RSS and time of the import and of raw executemany at each size, in one run.

    Every run is its own child process, so each peak (``ru_maxrss``) is that run's alone. The
    import's time is the whole command (start-up included); the raw side's is measured inside
    its process, as in the default mode, and it is given the importer's page cache, so the
    memory that cache takes is on both sides. Goals: the import's peak at the largest size at
    most 100 MiB above its peak at the smallest, and the import at least 0.5 x raw's lines/s.
    """
    work = directory or Path(tempfile.mkdtemp(prefix="bench-import-memory-"))
    work.mkdir(parents=True, exist_ok=True)
    home = work / "home"
    print(f"machine: {platform.node()}, {os.cpu_count()} CPUs, Python {platform.python_version()}")
    print(f"{kind}; load average before: {os.getloadavg()[0]:.1f}")
    template = _returns_template(work, home) if kind == "returns" else None
    results: list[tuple[int, float, float, float, float, float, float]] = []
    for size in sizes:
        data = work / f"data-{size}"
        source = _data(data, kind, size, work)
        best: tuple[float, float, float, float, float, float] | None = None
        for attempt in range(repeat):
            import_db, raw_db = work / f"import-{size}.db", work / f"raw-{size}.db"
            for db in (import_db, raw_db):
                for suffix in ("", "-wal", "-shm"):
                    Path(f"{db}{suffix}").unlink(missing_ok=True)
            if template is not None:
                shutil.copyfile(template, import_db)
                shutil.copyfile(template, raw_db)
                url = f"sqlite:///{import_db}"
            else:
                url = fresh_store(import_db)
                fresh_store(raw_db)
            if kind == "shipments":
                run_cli(url, "import", "products", str(data / "products.csv"), home=home)
            command = [sys.executable, "-m", "inspect_tui", "--db", url, "import", kind]
            wall, cpu, peak, _out = run_child([*command, str(source)], home)
            raw_command = [sys.executable, __file__, "--kind", kind, "--raw-child", str(raw_db)]
            _wall, _cpu, raw_peak, out = run_child([*raw_command, str(source)], home)
            raw_wall, _insert, raw_cpu, _lines = json.loads(out)  # in-process, as above
            print(
                f"{size:>9,} lines, run {attempt + 1}: import {wall:.2f} s (CPU {cpu:.2f} s, "
                f"peak {peak:,.0f} MiB); raw executemany {raw_wall:.2f} s (CPU {raw_cpu:.2f} s, "
                f"peak {raw_peak:,.0f} MiB)"
            )
            run = (wall, cpu, peak, raw_wall, raw_cpu, raw_peak)
            best = run if best is None else tuple(map(min, best, run))  # type: ignore[assignment]
        assert best is not None
        results.append((size, *best))
    print(f"load average after: {os.getloadavg()[0]:.1f}")
    print(f"best of {repeat} per size:")
    print("| lines | import s | raw s | ratio wall | ratio CPU | import peak MiB | raw peak MiB |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for size, wall, cpu, peak, raw_wall, raw_cpu, raw_peak in results:
        print(
            f"| {size:,} | {wall:.2f} | {raw_wall:.2f} | {raw_wall / wall:.2f} | "
            f"{raw_cpu / cpu:.2f} | {peak:,.0f} | {raw_peak:,.0f} |"
        )
    growth = results[-1][3] - results[0][3]
    print(
        f"import peak at {results[-1][0]:,} lines minus at {results[0][0]:,}: {growth:,.0f} MiB "
        "(goal <= 100)"
    )


def _data(data: Path, kind: str, size: int, work: Path) -> Path:
    """Write the file ``kind`` imports at ``size`` lines into ``data``; its path."""
    if kind == "shipments":
        write_sample(data, 0, lines=size, seed=7)
        return data / "shipments.csv"
    data.mkdir(parents=True, exist_ok=True)
    path = data / f"{kind}.csv"
    if kind == "products":
        import_kinds.write_products(path, size)
    else:
        import_kinds.write_returns(path, work / "base" / "shipments.csv", size)
    return path


def _returns_template(work: Path, home: Path) -> Path:
    """A store holding the catalog and the shipments the returns files name (checkpointed)."""
    base = work / "base"
    write_sample(base, 0, lines=import_kinds.BASE_LINES, seed=7)
    template = work / "template.db"
    url = fresh_store(template)
    run_cli(url, "import", "products", str(base / "products.csv"), home=home)
    run_cli(url, "import", "shipments", str(base / "shipments.csv"), home=home)
    connection = sqlite3.connect(template)
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    return template


if __name__ == "__main__":
    main()
