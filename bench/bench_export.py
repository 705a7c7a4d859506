"""Benchmark: `export inspections` to CSV and XLSX against raw sqlite3 + csv.writer.

    python bench/bench_export.py                       # 100,000 inspections
    python bench/bench_export.py --n 1000000           # a million (and 100,000 for memory)

A migrated SQLite store is filled by a bulk insert (SQLAlchemy Core executemany, in one
transaction; no Workstation): every inspection has its own shipment and return request, one
unit (every fifth has two) and, every other one, an evidence row; buyer names and claim text
are Chinese, and every tenth justification starts with ``=`` so the neutralising path runs.

Each measurement runs in a fresh subprocess so its peak memory (``ru_maxrss``) is its own:

* ``export``: ``export_inspections(engine, path, fmt=..., tz=Asia/Shanghai)``, the service
  behind the command, times converted to the desk's local zone;
* ``raw``: ``sqlite3`` executes the same SQL (the service's query compiled for SQLite) and
  ``csv.writer.writerows`` writes what the cursor returns, untouched: the floor for any CSV.

Rates are inspections per second, best of ``--repeat`` runs. Goals: CSV >= 0.5 x raw; peak
memory of the export at the largest size within 50 MB of that at 100,000.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.dialects import sqlite as sqlite_dialect

from inspect_tui.services.shared.database import open_store

CHUNK = 20_000
ZONE = ZoneInfo("Asia/Shanghai")  # the desk's zone: times are converted as the CLI does
START = datetime(2026, 1, 1, tzinfo=UTC)
NAMES = ("王小明", "刘洋", "陈静", "赵磊", "李娜", "张伟")
CLAIMS = ("七天无理由退货", "手表无法开机", "不想要了", "部分按键失灵", "收到时外壳已碎")
OUTCOMES = ("accept", "reject", "partial", "escalate")


# --- data ---------------------------------------------------------------------------------


def fill(url: str, n: int) -> float:
    """Bulk-insert ``n`` completed inspections with their parcels; seconds taken.

    Core ``executemany`` (``Connection.exec_driver_sql``) of rows already in their stored form
    (naive UTC text for times, JSON text for lists), in batches, in one transaction: the
    per-row type conversion of an ORM insert would make the set-up, not the export, the long
    part of the run.
    """
    engine = open_store(url)
    started = time.perf_counter()
    with engine.begin() as connection:
        for first in range(0, n, CHUNK):
            numbers = range(first, min(n, first + CHUNK))
            for table, names, make in TABLES:
                rows = [row for i in numbers for row in make(i)]
                sql = (
                    f"INSERT INTO {table} ({', '.join(names)}) "
                    f"VALUES ({', '.join('?' for _ in names)})"
                )
                connection.exec_driver_sql(sql, rows)
    engine.dispose()
    return time.perf_counter() - started


def _at(i: int) -> datetime:
    """When inspection ``i`` was completed: one every 20 seconds from 1 January 2026 (UTC)."""
    return START + timedelta(seconds=20 * i)


def _text(moment: datetime) -> str:
    return moment.isoformat(sep=" ", timespec="microseconds")


def _shipments(i: int) -> list[tuple[Any, ...]]:
    order = 4_000_000_000 + i
    return [
        (
            i + 1, "taobao", f"TB{order}", f"tb{order}", f"tb_buyer_{i % 50_000}",
            NAMES[i % len(NAMES)], "SF Express", f"SF14{i:011d}", f"sf14{i:011d}", 520, "none",
            "CNY", "[]",
        )
    ]  # fmt: skip


def _claims(i: int) -> list[tuple[Any, ...]]:
    requested = _text(_at(i) - timedelta(days=3))
    return [
        (
            i + 1, f"TB-RF-{i:08d}", f"tb-rf-{i:08d}", i + 1, f"SF15{i:011d}", f"sf15{i:011d}",
            "SF Express", requested, "NO_REASON", CLAIMS[i % len(CLAIMS)], 39_900, i % 3 == 0,
        )
    ]  # fmt: skip


def _inspections(i: int) -> list[tuple[Any, ...]]:
    at = _at(i)
    outcome = OUTCOMES[i % len(OUTCOMES)]
    reject = outcome == "reject"
    return [
        (
            i + 1, f"INS-{at:%Y%m%d}-{i:07d}", i + 1, i + 1, f"SF15{i:011d}",
            f"bench-{i % 4 + 1}", ("alice", "ben")[i % 2], "completed", "done",
            at.date().isoformat(), _text(at - timedelta(minutes=3)), _text(at), 500 + i % 40,
            520, outcome, '["EMPTY_PARCEL"]' if reject else '["NO_REASON_RETURN"]', "{}",
            0 if reject else 39_900, "=HYPERLINK(1)" if i % 10 == 0 else "", reject,
            "pending" if reject else None, "", "", 1,
        )
    ]  # fmt: skip


def _units(i: int) -> list[tuple[Any, ...]]:
    at = _text(_at(i))
    return [
        (
            i + 1, 1, f"HP100-{i:08d}-{number}", "HP-100", f"HP100-{i:08d}-{number}",
            "matched" if number == 1 else "over_quantity", "A", "{}", "", "restock", at,
        )
        for number in ((1, 2) if i % 5 == 0 else (1,))
    ]  # fmt: skip


def _evidence(i: int) -> list[tuple[Any, ...]]:
    if i % 2:
        return []
    digest = f"{i:064x}"
    path = f"{digest[:2]}/{digest}.jpg"
    return [(i + 1, "scale_photo", "scale.jpg", path, digest, 1000, _text(_at(i)))]


TABLES: tuple[tuple[str, tuple[str, ...], Any], ...] = (
    (
        "shipment",
        ("id", "platform", "order_ref", "order_key", "buyer_ref", "buyer_name", "carrier",
         "tracking_out", "tracking_out_key", "shipped_weight_g", "risk_level", "currency",
         "seal_ids"),
        _shipments,
    ),
    (
        "return_request",
        ("id", "rma_ref", "rma_key", "shipment_id", "tracking_return", "tracking_return_key",
         "carrier_return", "requested_at", "reason_code", "reason_text", "refund_minor",
         "freight_insurance"),
        _claims,
    ),
    (
        "inspection",
        ("id", "code", "return_id", "shipment_id", "scanned_code", "station", "inspector",
         "status", "step", "day", "opened_at", "completed_at", "weight_g", "expected_weight_g",
         "outcome", "reasons", "suggested", "refund_minor", "justification", "needs_review",
         "review_state", "review_comment", "note", "version"),
        _inspections,
    ),
    (
        "inspection_unit",
        ("inspection_id", "line_no", "scanned_code", "sku", "serial", "match", "grade",
         "checklist", "note", "disposition", "scanned_at"),
        _units,
    ),
    (
        "evidence",
        ("inspection_id", "kind", "original_name", "stored_path", "sha256", "bytes",
         "captured_at"),
        _evidence,
    ),
)  # fmt: skip
"""Each table, its columns, and the rows made for inspection ``i``."""


# --- the measured runs (each in its own process) -------------------------------------------


def child_export(db: Path, out: Path, fmt: str) -> dict[str, Any]:
    from inspect_tui.services.exporting.inspection_log import export_inspections

    engine = open_store(f"sqlite:///{db}")
    started = time.perf_counter()
    cpu = time.process_time()
    result = export_inspections(engine, out, fmt=fmt, tz=ZONE, overwrite=True)
    return {
        "inspections": result.inspections,
        "rows": result.rows,
        "seconds": time.perf_counter() - started,
        "cpu": time.process_time() - cpu,
    }


def child_raw(db: Path, out: Path) -> dict[str, Any]:
    from inspect_tui.services.exporting.rows import ExportFilter, log_query

    query = log_query(ExportFilter(None, None, (), UTC))
    sql = str(
        query.compile(  # type: ignore[attr-defined]
            dialect=sqlite_dialect.dialect(), compile_kwargs={"literal_binds": True}
        )
    )
    started = time.perf_counter()
    cpu = time.process_time()
    connection = sqlite3.connect(db)
    count = connection.execute("SELECT count(*) FROM inspection WHERE status='completed'")
    inspections = count.fetchone()[0]
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        cursor = connection.execute(sql)
        writer.writerow([column[0] for column in cursor.description])
        writer.writerows(cursor)
    connection.close()
    return {
        "inspections": inspections,
        "seconds": time.perf_counter() - started,
        "cpu": time.process_time() - cpu,
    }


def _peak_rss_mb() -> float:
    """This process's own peak resident memory (VmHWM; ru_maxrss would include the parent's)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_child(*args: str) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, __file__, "--child", *args], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        sys.exit(f"child {args} failed:\n{done.stderr}")
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def child_main(argv: list[str]) -> None:
    kind, db, out = argv[0], Path(argv[1]), Path(argv[2])
    result = child_raw(db, out) if kind == "raw" else child_export(db, out, kind)
    result["peak_rss_mb"] = _peak_rss_mb()
    print(json.dumps(result))


# --- the report ---------------------------------------------------------------------------


def measure(db: Path, work: Path, kinds: list[str], repeat: int) -> dict[str, dict[str, Any]]:
    """Run every kind ``repeat`` times, interleaved (so a busy machine slows all alike)."""
    best: dict[str, dict[str, Any]] = {}
    for _ in range(repeat):
        for kind in kinds:
            suffix = "csv" if kind == "raw" else kind
            out = work / f"{db.stem}-{kind}.{suffix}"
            result = run_child(kind, str(db), str(out))
            result["bytes"] = out.stat().st_size
            out.unlink()
            previous = best.get(kind)
            if previous is None or result["seconds"] < previous["seconds"]:
                best[kind] = {**result, "cpu": min(result["cpu"], (previous or result)["cpu"])}
            elif result["cpu"] < previous["cpu"]:
                previous["cpu"] = result["cpu"]
            print(
                f"    {kind:5} {result['seconds']:7.2f} s wall {result['cpu']:7.2f} s CPU  "
                f"{result['inspections'] / result['seconds']:10,.0f} insp/s  "
                f"peak RSS {result['peak_rss_mb']:6.1f} MB",
                flush=True,
            )
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000, help="inspections (default 100000)")
    parser.add_argument("--base", type=int, default=100_000, help="the size memory is compared to")
    parser.add_argument("--formats", default="csv,xlsx", help="export formats to measure")
    parser.add_argument("--repeat", type=int, default=2, help="runs of each; the fastest counts")
    parser.add_argument("--dir", type=Path, help="work directory (default: a temporary one)")
    parser.add_argument("--reuse", action="store_true", help="keep stores already in --dir")
    args = parser.parse_args()
    work = args.dir or Path(tempfile.mkdtemp(prefix="bench-export-"))
    work.mkdir(parents=True, exist_ok=True)
    formats = [name for name in args.formats.split(",") if name]
    print(
        f"{date.today()}  machine: {platform.node()}, {os.cpu_count()} CPUs, "
        f"{platform.processor() or platform.machine()}, Python {platform.python_version()}, "
        f"SQLite {sqlite3.sqlite_version}"
    )
    results: dict[int, dict[str, dict[str, Any]]] = {}
    for n in sorted({args.base, args.n}):
        db = work / f"inspect-{n}.db"
        if args.reuse and db.exists():
            print(f"{n:,} inspections: reusing {db}", flush=True)
        else:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{db}{suffix}").unlink(missing_ok=True)
            seconds = fill(f"sqlite:///{db}", n)
            print(f"{n:,} inspections: bulk insert {seconds:.1f} s ({n / seconds:,.0f}/s)")
        results[n] = measure(db, work, ["raw", *formats], args.repeat)
    print("\nsummary (best runs; rates by wall time, and by CPU time of the process):")
    for n, kinds in results.items():
        raw = kinds["raw"]
        for kind, result in kinds.items():
            rate = result["inspections"] / result["seconds"]
            cpu_rate = result["inspections"] / result["cpu"]
            ratio = (
                ""
                if kind == "raw"
                else f"  {raw['seconds'] / result['seconds']:.2f} x raw wall, "
                f"{raw['cpu'] / result['cpu']:.2f} x raw CPU"
            )
            print(
                f"  {n:>9,} {kind:5} {rate:9,.0f}/s wall {cpu_rate:9,.0f}/s CPU{ratio}   "
                f"peak RSS {result['peak_rss_mb']:6.1f} MB   {result['bytes'] / 1e6:7.1f} MB file"
            )
    if len(results) > 1:
        small, large = results[min(results)], results[max(results)]
        for kind in formats:
            grew = large[kind]["peak_rss_mb"] - small[kind]["peak_rss_mb"]
            print(
                f"  {kind}: peak RSS grew {grew:+.1f} MB from {min(results):,} to {max(results):,}"
            )


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child_main(sys.argv[2:])
    else:
        main()
