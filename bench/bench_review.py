"""Benchmark: the supervisor's review queue and ``report daily`` over a million inspections.

    python bench/bench_review.py                        # 1,000,000 inspections, SQLite
    python bench/bench_review.py --n 200000             # smaller
    python bench/bench_review.py --pg postgresql+psycopg://inspect:inspect@127.0.0.1/bench

A fresh store is migrated to head (the review indexes of migration 0002, the buyer on the
inspection of 0003 and on the return request of 0004) and filled with SQLAlchemy Core
``executemany`` in one transaction: N shipments (one line each), N return requests (one line
each, with their shipment's buyer, as the importer writes them) and N completed
inspections (with their shipment's buyer, as the Workstation sets it) spread over ``--days``
days of desk hours (09:00-18:00 in the desk's zone, Asia/Shanghai), with a realistic mix of
outcomes, overrides and reviews: everything older than two days is reviewed, the last two days
wait in the queue. Buyers repeat on a skewed curve, so repeat offenders exist. PostgreSQL is
vacuumed and analysed after the fill (as autovacuum does on a live store: index-only scans
need the visibility map), SQLite analysed.

Then, with the store warm (best of ``--repeat`` runs, the first, cold run reported apart):

- the review queue: ``ReviewDesk.pending()`` for today (the service call a screen's worker
  makes), and the time to the first screen's data: ``ReviewDesk.connect`` (PIN check included)
  plus that first ``pending()``;
- the day's figures and 30-day figures: ``ReviewDesk.figures`` (what ``report daily`` runs);
- ``report rejects`` for today: ``ReviewDesk.rejects``;
- ``inspect-tui report daily --json`` as a real subprocess (interpreter start-up included);
- the next inspection code for today (``next_code``, which every ``open_parcel`` runs), against
  the same query without the day's index (a ``LIKE`` on the code alone) as a baseline.

Goal: under 200 ms for a day's queue, under 1 s for 30-day figures.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, func, insert, select, text
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session, col

from inspect_tui.services.inspecting.inspection_codes import next_code
from inspect_tui.services.review.desk import ReviewDesk
from inspect_tui.services.review.operators import bootstrap_supervisor
from inspect_tui.services.shared.database import open_store
from inspect_tui.store import migrate
from inspect_tui.store.engine import make_engine
from inspect_tui.store.models import (
    AuditEvent,
    Inspection,
    ReturnLine,
    ReturnRequest,
    Shipment,
    ShipmentLine,
)

DESK = ZoneInfo("Asia/Shanghai")
PIN = "2468"
PLATFORMS = (("taobao", "CNY"), ("tmall", "CNY"), ("douyin", "CNY"), ("kuaishou", "CNY"),
             ("1688", "CNY"), ("shopify", "USD"), ("tiktok", "USD"))  # fmt: skip
SKUS = tuple(f"SKU-{n:03d}" for n in range(200))
CLERKS = tuple(f"clerk{n:02d}" for n in range(20))
STATIONS = tuple(f"bench-{n}" for n in range(1, 9))
# (outcome, share, reasons)
OUTCOMES = (
    ("accept", 0.62, ("NO_REASON_RETURN",)),
    ("accept", 0.04, ("DEFECT_CONFIRMED",)),
    ("partial", 0.10, ("NO_REASON_RETURN", "MISSING_PARTS")),
    ("reject", 0.06, ("EMPTY_PARCEL",)),
    ("reject", 0.04, ("SWAPPED_ITEM", "SERIAL_MISMATCH")),
    ("reject", 0.04, ("USED_OR_WORN",)),
    ("escalate", 0.05, ()),
    ("refused", 0.05, ("EMPTY_PARCEL",)),
)
BATCH = 50_000


def buyer_of(rnd: random.Random) -> str:
    """Most buyers return once; a few thousand return now and then; a few hundred abuse it."""
    draw = rnd.random()
    if draw < 0.01:
        return f"abuser{rnd.randrange(300):03d}"
    if draw < 0.15:
        return f"repeat{rnd.randrange(20_000):05d}"
    return f"buyer{rnd.randrange(5_000_000):07d}"


def rows(n: int, days: int, today: date, seed: int) -> Iterator[tuple[dict[str, Any], ...]]:
    """Shipment, line, return, return line and inspection rows, in the order they happen.

    Inspections are made day by day, in time order, as a desk makes them: ids grow with time.
    """
    rnd = random.Random(seed)
    weights = [share for _o, share, _r in OUTCOMES]
    first = today - timedelta(days=days - 1)
    i = 0
    for offset in range(days):
        day = first + timedelta(days=offset)
        opens = datetime(day.year, day.month, day.day, 9, tzinfo=DESK).astimezone(UTC)
        count = n // days + (1 if offset < n % days else 0)
        for second in sorted(rnd.randrange(9 * 3600) for _ in range(count)):
            i += 1
            yield _parcel(rnd, i, day, opens + timedelta(seconds=second), today, weights)


def _parcel(
    rnd: random.Random, i: int, day: date, done: datetime, today: date, weights: list[float]
) -> tuple[dict[str, Any], ...]:
    plat, currency = PLATFORMS[min(int(rnd.paretovariate(1.2)) - 1, len(PLATFORMS) - 1)]
    buyer = buyer_of(rnd)
    sku = SKUS[min(int(rnd.paretovariate(0.6)) - 1, len(SKUS) - 1)]
    outcome, _share, reasons = rnd.choices(OUTCOMES, weights)[0]
    claimed = rnd.randrange(2_000, 200_000)
    refund = {"accept": claimed, "partial": claimed * 9 // 10, "escalate": None}.get(outcome, 0)
    override = rnd.random() < 0.05
    suggested = ("accept" if outcome != "accept" else "reject") if override else outcome
    needs_review = override or outcome in ("reject", "refused", "escalate")
    state = None
    if needs_review:
        age = (today - day).days
        state = "pending" if age < 2 else rnd.choices(("approved", "overturned"), (0.92, 0.08))[0]
    reviewed = state not in (None, "pending")
    return (
        {"id": i, "platform": plat, "order_ref": f"O{i:08d}", "order_key": f"o{i:08d}",
         "buyer_ref": buyer, "buyer_name": f"Buyer {buyer}", "currency": currency,
         "shipped_at": done - timedelta(days=9), "seal_ids": []},
        {"shipment_id": i, "line_no": 1, "sku": sku, "qty": 1, "unit_price_minor": claimed,
         "serials": [], "components": []},
        {"id": i, "rma_ref": f"R{i:08d}", "rma_key": f"r{i:08d}", "shipment_id": i,
         "platform": plat, "buyer_ref": buyer, "requested_at": done - timedelta(days=3),
         "refund_minor": claimed},
        {"return_id": i, "sku": sku, "qty": 1},
        {"id": i, "code": f"INS-{day:%Y%m%d}-{i:07d}", "return_id": i, "shipment_id": i,
         "platform": plat, "buyer_ref": buyer,
         "station": rnd.choice(STATIONS), "inspector": rnd.choice(CLERKS),
         "status": "completed", "step": "done", "day": day,
         "opened_at": done - timedelta(seconds=rnd.randrange(120, 900)),
         "completed_at": done, "decided_at": done, "outcome": outcome,
         "reasons": list(reasons), "refund_minor": refund,
         "suggested": {"outcome": suggested, "reasons": list(reasons),
                       "refund_minor": refund, "needs_review": needs_review},
         "needs_review": needs_review, "review_state": state,
         "reviewed_by": "sam" if reviewed else None,
         "reviewed_at": done + timedelta(hours=20) if reviewed else None,
         "justification": "clerk's reason" if override else ""},
    )  # fmt: skip


def fill(engine: Engine, n: int, days: int, today: date, seed: int) -> float:
    """Insert the rows with Core executemany, in batches; seconds taken."""
    started = time.perf_counter()
    tables = (Shipment, ShipmentLine, ReturnRequest, ReturnLine, Inspection)
    batches: list[list[dict[str, Any]]] = [[] for _ in tables]
    decided: list[dict[str, Any]] = []
    with engine.begin() as connection:
        for produced in rows(n, days, today, seed):
            for batch, row in zip(batches, produced, strict=True):
                batch.append(row)
            inspection = produced[-1]
            if inspection["review_state"] == "overturned":
                decided.append(inspection)
            if len(batches[0]) >= BATCH:
                _flush(connection, tables, batches)
        _flush(connection, tables, batches)
        # The overturned parcels' decide events, which the override rate reads back.
        head = connection.execute(text("SELECT COALESCE(MAX(seq), 0) FROM audit_event")).scalar()
        events = [
            {"seq": int(head or 0) + k + 1, "at": row["decided_at"], "actor": row["inspector"],
             "station": row["station"], "action": "inspection.decide",
             "entity": f"inspection:{row['code']}", "prev_hash": "0" * 64, "hash": "0" * 64,
             "payload": json.dumps({"outcome": row["suggested"]["outcome"],
                                    "suggested": row["outcome"]})}
            for k, row in enumerate(decided)
        ]  # fmt: skip
        if events:
            connection.execute(insert(AuditEvent.__table__), events)  # type: ignore[attr-defined]
    return time.perf_counter() - started


def _flush(connection: Any, tables: tuple[Any, ...], batches: list[list[dict[str, Any]]]) -> None:
    for table, batch in zip(tables, batches, strict=True):
        if batch:
            connection.execute(insert(table.__table__), batch)
            batch.clear()


def timed(call: Callable[[], Any], repeat: int) -> tuple[float, float, float, Any]:
    """(cold ms, best warm ms, CPU ms of that warm run in this process, result) of ``call``."""
    started = time.perf_counter()
    result = call()
    cold = (time.perf_counter() - started) * 1000
    best, cpu = float("inf"), 0.0
    for _ in range(repeat):
        started, ticks = time.perf_counter(), time.process_time()
        result = call()
        wall = (time.perf_counter() - started) * 1000
        if wall < best:
            best, cpu = wall, (time.process_time() - ticks) * 1000
    return cold, best, cpu, result


def measure(url: str, today: date, repeat: int, data_dir: Path) -> dict[str, float]:
    """Time the service calls and the CLI on the store at ``url``."""
    clock = lambda: datetime(today.year, today.month, today.day, 8, tzinfo=UTC)  # noqa: E731
    results: dict[str, float] = {}

    def first_screen() -> int:
        desk = ReviewDesk.connect(url, operator="sam", pin=PIN, data_dir=data_dir,
                                  clock=clock, tz=DESK)  # fmt: skip
        try:
            return len(desk.pending())
        finally:
            desk.close()

    desk = ReviewDesk.connect(url, operator="sam", pin=PIN, data_dir=data_dir, clock=clock, tz=DESK)
    try:
        month = today - timedelta(days=29)
        cases: list[tuple[str, Callable[[], Any]]] = [
            ("queue: pending() today", desk.pending),
            ("queue: first screen (connect + PIN + pending)", first_screen),
            ("rejects today (report rejects)", desk.rejects),
            ("figures: today, with repeat offenders", desk.figures),
            (
                "figures: 30 days, offenders=False",
                lambda: desk.figures(month, today, offenders=False),
            ),
            ("repeat offenders: today", desk.repeat_offenders),
            ("repeat offenders: 30 days", lambda: desk.repeat_offenders(month, today)),
        ]
        for name, call in cases:
            cold, warm, cpu, result = timed(call, repeat)
            size = result if isinstance(result, int) else getattr(result, "completed", None)
            if size is None and isinstance(result, tuple):
                size = len(result)
            print(f"  {name:44s} cold {cold:7.0f} ms  warm {warm:7.0f} ms  "
                  f"(CPU here {cpu:5.0f} ms)  {size} rows")  # fmt: skip
            results[name] = warm
    finally:
        desk.close()
    env = {**os.environ, "TZ": "Asia/Shanghai", "INSPECT_TUI_HOME": str(data_dir)}
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "inspect_tui", "--db", url, "report", "daily", "--json",
         "--date", today.isoformat()],
        capture_output=True, text=True, check=False, env=env,
    )  # fmt: skip
    elapsed = (time.perf_counter() - started) * 1000
    if done.returncode != 0:
        sys.exit(f"report daily failed: {done.stderr}")
    print(f"  {'CLI: inspect-tui report daily --json':44s} {elapsed:8.1f} ms (whole process)")
    results["cli"] = elapsed
    results.update(time_next_code(url, today, repeat))
    return results


def time_next_code(url: str, today: date, repeat: int) -> dict[str, float]:
    """Today's next inspection code, and the code-only ``LIKE`` as the baseline."""
    engine = make_engine(url)
    prefix = f"INS-{today:%Y%m%d}-"
    like_only = (
        select(col(Inspection.code))
        .where(col(Inspection.code).startswith(prefix))
        .order_by(func.length(Inspection.code).desc(), col(Inspection.code).desc())
        .limit(1)
    )
    results: dict[str, float] = {}
    try:
        with Session(engine) as session:
            cases: list[tuple[str, Callable[[], Any]]] = [
                ("next code: next_code() (the day's index)", lambda: next_code(session, today)),
                ("next code: baseline, LIKE on the code alone", lambda: session.scalar(like_only)),
            ]
            for name, call in cases:
                cold, warm, cpu, result = timed(call, repeat)
                print(f"  {name:44s} cold {cold:7.1f} ms  warm {warm:7.1f} ms  -> {result}")
                results[name] = warm
    finally:
        engine.dispose()
    return results


def settle(engine: Engine) -> None:
    """Statistics for the planner; on PostgreSQL also the visibility map (VACUUM)."""
    if engine.dialect.name != "postgresql":
        with engine.begin() as connection:
            connection.execute(text("ANALYZE"))
        return
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("VACUUM ANALYZE"))


def _filled(url: str) -> bool:
    """True when the store at ``url`` exists and already holds inspections."""
    if url.startswith("sqlite") and not Path(url.removeprefix("sqlite:///")).exists():
        return False
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return bool(connection.execute(text("SELECT count(*) FROM inspection")).scalar())
    except SQLAlchemyError:  # no schema yet: not filled
        return False
    finally:
        engine.dispose()


def main() -> None:
    """Build the store, fill it, time the queue and the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000_000, help="inspections (default 1M)")
    parser.add_argument("--days", type=int, default=365, help="days they spread over")
    parser.add_argument("--repeat", type=int, default=5, help="warm runs; the best counts")
    parser.add_argument("--dir", type=Path, help="work directory (default: a temporary one)")
    parser.add_argument("--pg", help="also run on this (empty) PostgreSQL database URL")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--reuse", action="store_true", help="time the SQLite store in --dir again")
    args = parser.parse_args()
    work = args.dir or Path(tempfile.mkdtemp(prefix="bench-review-"))
    work.mkdir(parents=True, exist_ok=True)
    today = datetime.now(DESK).date()
    print(f"machine: {platform.node()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
          f"SQLite {sqlite3.sqlite_version}, load average {os.getloadavg()[0]:.1f}")  # fmt: skip
    print(f"{args.n:,} inspections over {args.days} days ending {today}")
    targets = [("sqlite", f"sqlite:///{work / 'review.db'}")]
    if args.pg:
        targets.append(("postgresql", args.pg))
    for name, url in targets:
        print(f"{name}:")
        if args.reuse and _filled(url):
            print("  reusing the filled store")
            measure(url, today, args.repeat, work / "home")
            continue
        if name == "sqlite":
            Path(work / "review.db").unlink(missing_ok=True)
            engine = open_store(url)
        else:
            engine = make_engine(url)
            migrate.upgrade(engine)
        bootstrap_supervisor(engine, "sam", PIN, actor="bench")
        seconds = fill(engine, args.n, args.days, today, args.seed)
        print(f"  filled in {seconds:.1f} s ({5 * args.n / seconds:,.0f} rows/s)")
        settle(engine)
        engine.dispose()
        measure(url, today, args.repeat, work / "home")
        if name == "sqlite":
            size = sum(p.stat().st_size for p in work.glob("review.db*"))
            print(f"  database size {size / 1e9:.2f} GB")


if __name__ == "__main__":
    main()
