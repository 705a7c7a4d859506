"""Benchmark: N stations inspecting parcels from one shared pool, on PostgreSQL and SQLite.

    python bench/bench_load.py                                   # SQLite, 1 2 4 8 16 stations
    python bench/bench_load.py --pg postgresql+psycopg://inspect:inspect@127.0.0.1/inspect_test
    python bench/bench_load.py --stations 1 8 --parcels 400

Each station is a process of its own with a ``Workstation`` (as a bench PC runs one), all on
one store. A pool of parcels (one unit each) is imported first; the stations then take parcels
from one shared hand-out list and inspect each through the whole flow: open the parcel, weigh,
scan the unit, grade it, decide (the suggestion), complete. One parcel in three is handed out
twice in a row, so two stations race to open it: the loser is told it is open elsewhere (or
finds it completed) and goes on to the next.

A step that raises ``StoreBusy`` is what a clerk would see as "busy": it is counted as a
clerk-visible message and tried again. Reported per run: parcels/s (from the moment every
station is connected to the last completion), p50/p95 per step, busy retries (steps that
waited quietly for another station's write, ``store.session.busy_counts``), clerk-visible
messages, double inspections (a shipment with more than one inspection, or a parcel two
stations both completed), lost writes (a completion a station was told of that the store does
not hold as it was told, and parcels nobody finished), then ``audit verify`` of the store.

Goals: 0 double, 0 lost, 0 busy messages at 8 stations on PostgreSQL and 4 on SQLite;
PostgreSQL at 8 stations >= 4x one station's parcels/s (see bench/README.md for what a
2-core machine allows).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import statistics
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

WEIGHT_G = 350
STEPS = ("open", "weigh", "scan", "grade", "decide", "complete")


@dataclass
class LoadResult:
    """What one run measured (see the module docstring)."""

    backend: str
    stations: int
    parcels: int
    completed: int
    seconds: float
    parcels_per_s: float
    step_ms: dict[str, tuple[float, float]]
    station_cpu_s: float
    busy_retries: int
    busy_messages: int
    message_texts: dict[str, int]
    races_lost: int
    double: int
    lost: int
    audit_ok: bool
    audit_problems: list[str] = field(default_factory=list)
    slowest_step_ms: float = 0.0
    load_average: tuple[float, float] = (0.0, 0.0)
    import_s: float | None = None


def make_pool(url: str, work: Path, parcels: int) -> list[str]:
    """Import ``parcels`` one-unit shipments and a clerk for each station; their tracking codes."""
    from inspect_tui.services.importing import import_file
    from inspect_tui.services.review.operators import bootstrap_supervisor
    from inspect_tui.services.shared.database import open_store

    work.mkdir(parents=True, exist_ok=True)
    products = work / "load_products.csv"
    products.write_text(
        "sku,gtin,title,unit_weight_g,serialized,components\n"
        "LOAD-1,6901234599992,Phone case LOAD-1,300,no,\n",
        encoding="utf-8",
    )
    shipments = work / "load_shipments.csv"
    rows = ["order_ref,platform,buyer_ref,buyer_name,shipped_at,carrier,tracking_out,"
            "shipped_weight_g,sku,qty,unit_price"]  # fmt: skip
    codes = []
    for n in range(parcels):
        tracking = f"SF88{n:09d}"
        codes.append(tracking)
        rows.append(f"LD{n:07d},taobao,buyer{n % 97},Buyer {n % 97},2026-11-10T10:00:00+08:00,"
                    f"SF Express,{tracking},{WEIGHT_G},LOAD-1,1,29.00")  # fmt: skip
    shipments.write_text("\n".join(rows) + "\n", encoding="utf-8")
    engine = open_store(url)
    try:
        evidence = Path(os.environ["INSPECT_TUI_HOME"]) / "evidence"
        import_file(engine, "products", products, evidence_dir=evidence)
        import_file(engine, "shipments", shipments, evidence_dir=evidence)
        bootstrap_supervisor(engine, "clerk", "2468")
    finally:
        engine.dispose()
    return codes


def handout(codes: list[str]) -> list[str]:
    """The shared hand-out order: every third parcel twice in a row (two stations race)."""
    order: list[str] = []
    for n, code in enumerate(codes):
        order.append(code)
        if n % 3 == 0:
            order.append(code)
    return order


def station_main(url: str, name: str, order: list[str], cursor: Any, ready: Any, go: Any,
                 out: Any) -> None:  # fmt: skip
    """One station process: take parcels from the shared cursor until the pool is empty."""
    try:
        _station(url, name, order, cursor, ready, go, out)
    except BaseException as error:
        ready.put(name)
        out.put({"station": name, "error": f"{type(error).__name__}: {error}"})
        raise


def _station(url: str, name: str, order: list[str], cursor: Any, ready: Any, go: Any,
             out: Any) -> None:  # fmt: skip
    from inspect_tui.services.inspecting.workstation import Workstation
    from inspect_tui.services.shared.errors import ParcelOpenElsewhere, StoreBusy
    from inspect_tui.store import session as store_session

    times: dict[str, list[float]] = defaultdict(list)
    messages = races = 0
    texts: Counter[str] = Counter()
    done: list[tuple[str, int]] = []

    def step(label: str, call: Any) -> Any:
        nonlocal messages
        while True:
            started = time.perf_counter()
            try:
                value = call()
            except StoreBusy as error:
                messages += 1  # the clerk would read "busy" and scan again
                texts[str(error)] += 1
                continue
            times[label].append(time.perf_counter() - started)
            return value

    ws = step("connect", lambda: Workstation.connect(url, station=name, operator="clerk"))
    ready.put(name)
    go.wait()
    cpu_start = time.process_time()
    while True:
        with cursor.get_lock():
            index = cursor.value
            cursor.value += 1
        if index >= len(order):
            break
        code = order[index]
        try:
            view = step("open", lambda: ws.open_parcel(code))  # noqa: B023
        except ParcelOpenElsewhere:
            races += 1
            continue
        if view.status != "open":
            races += 1
            continue
        ident = view.inspection_id
        step("weigh", lambda: ws.record_weight(ident, WEIGHT_G))  # noqa: B023
        scanned = step("scan", lambda: ws.scan_item(ident, "LOAD-1"))  # noqa: B023
        unit = scanned.units[0].unit_id
        step("grade", lambda: ws.grade_unit(ident, unit, "A"))  # noqa: B023
        step("decide", lambda: ws.decide(ident))  # noqa: B023
        step("complete", lambda: ws.complete(ident))  # noqa: B023
        done.append((code, ident))
    ws.close()
    counts = store_session.busy_counts
    out.put({"station": name, "times": dict(times), "messages": messages, "races": races,
             "done": done, "retries": counts.retries, "end": time.time(), "texts": dict(texts),
             "cpu": time.process_time() - cpu_start})  # fmt: skip


def import_main(url: str, path: str, out: Any) -> None:
    """A back-office import running while the stations work: its wall time."""
    from inspect_tui.services.importing import import_file
    from inspect_tui.services.shared.database import open_store

    engine = open_store(url)
    started = time.perf_counter()
    evidence = Path(os.environ["INSPECT_TUI_HOME"]) / "evidence"
    import_file(engine, "shipments", Path(path), evidence_dir=evidence)
    out.put(time.perf_counter() - started)
    engine.dispose()


def big_shipments(work: Path, rows: int) -> Path:
    """A shipments file of ``rows`` one-line orders that no station will open."""
    path = work / "big_shipments.csv"
    with path.open("w", encoding="utf-8") as handle:
        handle.write("order_ref,platform,buyer_ref,buyer_name,shipped_at,carrier,tracking_out,"
                     "shipped_weight_g,sku,qty,unit_price\n")  # fmt: skip
        for n in range(rows):
            buyer = n % 991
            handle.write(f"BG{n:08d},taobao,bulk{buyer},Bulk {buyer},2026-11-09T10:00:00+08:00,"
                         f"YTO,YT9{n:011d},{WEIGHT_G},LOAD-1,1,29\n")  # fmt: skip
    return path


def run_load(url: str, stations: int, parcels: int, work: Path, import_rows: int = 0) -> LoadResult:
    """Fill a fresh store at ``url`` with a pool, run ``stations`` processes, check the store.

    With ``import_rows``, a shipments import of that many rows starts as the stations do.
    """
    codes = make_pool(url, work, parcels)
    big = big_shipments(work, import_rows) if import_rows else None
    order = handout(codes)
    context = multiprocessing.get_context("spawn")
    cursor, go = context.Value("i", 0), context.Event()
    ready, out = context.Queue(), context.Queue()
    processes = [
        context.Process(
            target=station_main, args=(url, f"bench-{n + 1}", order, cursor, ready, go, out)
        )
        for n in range(stations)
    ]
    for process in processes:
        process.start()
    for _ in processes:
        ready.get(timeout=300)
    load_before = os.getloadavg()[0]
    started = time.time()
    go.set()
    importer, imported = None, context.Queue()
    if big is not None:
        importer = context.Process(target=import_main, args=(url, str(big), imported))
        importer.start()
    reports = [out.get(timeout=900) for _ in processes]
    for process in processes:
        process.join(timeout=60)
    import_s = imported.get(timeout=900) if importer is not None else None
    if importer is not None:
        importer.join(timeout=60)
    failed = [f"{r['station']}: {r['error']}" for r in reports if "error" in r]
    if failed:
        raise RuntimeError("stations failed: " + "; ".join(failed))
    seconds = max(r["end"] for r in reports) - started
    result = _check(url, stations, codes, reports, seconds)
    result.load_average = (round(load_before, 1), round(os.getloadavg()[0], 1))
    result.import_s = round(import_s, 1) if import_s is not None else None
    return result


def _check(url: str, stations: int, codes: list[str], reports: list[dict[str, Any]],
           seconds: float) -> LoadResult:  # fmt: skip
    from inspect_tui.services.shared.database import open_store
    from inspect_tui.store.audit_verify import verify_store
    from inspect_tui.store.models import Inspection, Shipment
    from inspect_tui.store.session import reading

    told = [(r["station"], code, ident) for r in reports for code, ident in r["done"]]
    by_code = Counter(code for _, code, _ in told)
    engine = open_store(url)
    try:
        with reading(engine) as session:
            per_shipment = session.execute(
                select(Inspection.shipment_id, func.count()).group_by(Inspection.shipment_id)
            ).all()
            rows = {
                row.id: row
                for row in session.execute(
                    select(
                        Inspection.id,
                        Inspection.station,
                        Inspection.status,
                        Inspection.weight_g,
                        Shipment.tracking_out,
                    ).join(Shipment, Shipment.id == Inspection.shipment_id)  # fmt: skip  # type: ignore[arg-type]
                ).all()
            }
        double = sum(1 for _, n in per_shipment if n > 1)
        double += sum(1 for n in by_code.values() if n > 1)
        lost = sum(
            1
            for station, code, ident in told
            if ident not in rows
            or (
                rows[ident].station,
                rows[ident].status,
                rows[ident].weight_g,
                rows[ident].tracking_out,
            )
            != (station, "completed", WEIGHT_G, code)  # fmt: skip
        )
        lost += len(set(codes) - set(by_code))
        report = verify_store(engine, evidence_dir=None)
    finally:
        engine.dispose()
    times: dict[str, list[float]] = defaultdict(list)
    for r in reports:
        for label, values in r["times"].items():
            times[label].extend(values)
    step_ms = {
        label: (
            round(statistics.median(times[label]) * 1000, 1),
            round(_p95(times[label]) * 1000, 1),
        )
        for label in STEPS
        if times[label]
    }
    return LoadResult(
        backend=make_url(url).get_backend_name(),
        stations=stations,
        parcels=len(codes),
        completed=len(told),
        seconds=round(seconds, 2),
        parcels_per_s=round(len(told) / seconds, 2) if seconds > 0 else 0.0,
        step_ms=step_ms,
        station_cpu_s=round(sum(r["cpu"] for r in reports), 1),
        busy_retries=sum(r["retries"] for r in reports),
        busy_messages=sum(r["messages"] for r in reports),
        message_texts=dict(sum((Counter(r["texts"]) for r in reports), Counter())),
        races_lost=sum(r["races"] for r in reports),
        double=double,
        lost=lost,
        audit_ok=report.intact,
        audit_problems=list(report.problems),
        slowest_step_ms=round(max((max(v) for v in times.values() if v), default=0) * 1000),
    )


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


def fresh_pg(admin_url: str, name: str) -> str:
    """Create (or re-create) an empty database ``name`` on the server; its URL."""
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    url = make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    from inspect_tui.store import migrate
    from inspect_tui.store.engine import make_engine

    engine = make_engine(url)
    migrate.upgrade(engine)
    engine.dispose()
    return url


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pg", help="PostgreSQL admin URL (a database per run is created)")
    parser.add_argument("--stations", type=int, nargs="+", default=[1, 2, 4, 8, 16])
    parser.add_argument("--parcels", type=int, default=240)
    parser.add_argument("--json", action="store_true", help="one JSON line per run")
    parser.add_argument("--import-rows", type=int, default=0,
                        help="import this many shipments while the stations work")  # fmt: skip
    args = parser.parse_args()
    from inspect_tui.store.engine import normalise_url

    for count in args.stations:
        with tempfile.TemporaryDirectory(prefix="inspect-load-") as folder:
            work = Path(folder)
            os.environ["INSPECT_TUI_HOME"] = str(work / "home")
            if args.pg:
                url = fresh_pg(normalise_url(args.pg), f"inspect_load_{os.getpid()}_{count}")
            else:
                url = f"sqlite:///{work / 'inspect.db'}"
            result = run_load(url, count, args.parcels, work, args.import_rows)
        if args.json:
            print(json.dumps(asdict(result)), flush=True)
            continue
        steps = "  ".join(f"{k} {p50:.0f}/{p95:.0f}" for k, (p50, p95) in result.step_ms.items())
        print(
            f"{result.backend:10} {count:2d} stations: {result.parcels_per_s:6.2f} parcels/s "
            f"({result.completed}/{result.parcels} in {result.seconds:.1f} s, stations' CPU "
            f"{result.station_cpu_s:.0f} s)  "
            f"busy retries {result.busy_retries}  busy messages {result.busy_messages}  "
            f"races lost {result.races_lost}  double {result.double}  lost {result.lost}  "
            f"audit {'ok' if result.audit_ok else result.audit_problems}",
            flush=True,
        )
        print(f"{'':10} p50/p95 ms: {steps}; slowest step {result.slowest_step_ms:.0f} ms; "
              f"load {result.load_average[0]} -> {result.load_average[1]}", flush=True)  # fmt: skip
        if result.import_s is not None:
            print(f"{'':10} import of {args.import_rows} shipments alongside: {result.import_s} s",
                  flush=True)  # fmt: skip
        for message, times in result.message_texts.items():
            print(f"{'':10} {times} x {message}", flush=True)
    when = f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC"
    print(f"# {when}, {os.cpu_count()} cores, Python {sys.version.split()[0]}")


if __name__ == "__main__":
    main()
