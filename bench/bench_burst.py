"""A scanner burst through a real pty: does the bench keep up, and is every code applied?

Usage: python bench/bench_burst.py [--parcels 100] [--dir DIR]

A demo store gets ``--parcels`` honest returns (two T-shirts and a phone case each). For every
parcel a scanner sends 10 codes: return tracking, weight, three units, three grades,
``CMD:ACCEPT`` and ``CMD:DONE``. Two runs on copies of the same store, in the same process
run, so their ratio holds on a busy machine:

- services alone: the bench controller fed the codes one by one (every Workstation call the
  app makes, nothing drawn);
- the installed app in a pty: all codes written into the terminal in one write (0 ms between
  codes), timed until the store holds every parcel completed; the terminal's output is read
  and thrown away as a real terminal would.

Prints codes sent, codes applied (opened, weighed, units recorded, graded, decided, completed,
read back from the store), parcels per minute, and the app's time against the services'.
Goal: 0 codes lost and the app within 2x the services' time.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from pty_app import PtyApp

from inspect_tui.sample import write_burst_sample
from inspect_tui.services.bench.controller import BenchController
from inspect_tui.services.inspecting.workstation import Workstation

STATION = "bench-1"
CODES_PER_PARCEL = 10


def make_store(folder: Path, parcels: int) -> list[list[str]]:
    """Demo store plus the burst sample, made by the installed command; the codes to send."""
    command = shutil.which("inspect-tui")
    if command is None:
        sys.exit("inspect-tui is not installed: pip install -e .")
    env = {**os.environ, "INSPECT_TUI_HOME": str(folder / "home")}
    url = f"sqlite:///{folder / 'inspect.db'}"
    plan = write_burst_sample(folder / "burst", parcels, datetime.now(UTC))
    for args in (
        ["demo", "--no-start"],
        ["import", "shipments", str(folder / "burst" / "shipments.csv")],
        ["import", "returns", str(folder / "burst" / "returns.csv")],
    ):
        subprocess.run([command, "--db", url, *args], check=True, env=env, capture_output=True)
    return plan


def applied(db_file: Path) -> tuple[int, int]:
    """Codes whose effect is in the store, and completed parcels."""
    with sqlite3.connect(db_file) as db:
        opened, weighed, decided, done = db.execute(
            "SELECT count(*), count(weight_g), count(outcome), "
            "sum(status = 'completed') FROM inspection"
        ).fetchone()
        units, graded = db.execute("SELECT count(*), count(grade) FROM inspection_unit").fetchone()
    done = int(done or 0)
    return int(opened + weighed + units + graded + decided + done), done


def services_alone(folder: Path, codes: list[str]) -> float:
    os.environ["INSPECT_TUI_HOME"] = str(folder / "home")  # the desk's audit key is there
    bench = BenchController(
        lambda operator: Workstation.connect(
            f"sqlite:///{folder / 'inspect.db'}",
            station=STATION,
            operator=operator,
            data_dir=folder / "home",
        )
    )
    if bench.sign_in("alice").operator is None:
        sys.exit("the services run could not sign in")
    start = time.perf_counter()
    for code in codes:
        state = bench.scan(code)
        if any(notice.severity == "error" for notice in state.notices):
            sys.exit(f"the services run refused {code!r}: {state.notices[-1].text}")
    elapsed = time.perf_counter() - start
    bench.close()
    return elapsed


def app_in_a_pty(folder: Path, codes: list[str], parcels: int, timeout: float) -> float:
    app = PtyApp(
        f"sqlite:///{folder / 'inspect.db'}", folder / "home", station=STATION, operator="alice"
    )
    app.wait_for(b"Scan a return parcel")
    start = time.perf_counter()
    app.type_codes(codes)
    finish = time.monotonic() + timeout
    while time.monotonic() < finish:
        app.drain(0.05)
        if applied(folder / "inspect.db")[1] >= parcels:
            break
    elapsed = time.perf_counter() - start
    app.close()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parcels", type=int, default=100)
    parser.add_argument("--dir", type=Path, default=None)
    args = parser.parse_args()
    root = args.dir or Path(tempfile.mkdtemp(prefix="bench-burst-"))
    app_dir, twin = root / "app", root / "services"
    plan = make_store(app_dir, args.parcels)
    shutil.copytree(app_dir, twin)
    codes = [code for parcel in plan for code in parcel]

    alone = services_alone(twin, codes)
    in_app = app_in_a_pty(app_dir, codes, args.parcels, timeout=max(120.0, 10 * alone))
    got, completed = applied(app_dir / "inspect.db")
    want, twin_completed = applied(twin / "inspect.db")
    load = os.getloadavg()[0]
    print(f"parcels: {args.parcels}, codes sent: {len(codes)}, load {load:.1f}")
    print(f"services alone: {alone:.1f} s, {twin_completed} completed, {want} codes applied")
    print(f"app in a pty:   {in_app:.1f} s, {completed} completed, {got} codes applied")
    print(f"lost: {len(codes) - got}, parcels/minute: {60 * completed / in_app:.0f}")
    print(f"app / services: {in_app / alone:.2f} (goal <= 2)")


if __name__ == "__main__":
    main()
