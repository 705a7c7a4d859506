"""Whole inspections sent as one scanner burst to the installed app on a real pty.

A scanner in batch mode types every code of a parcel — label, weight, units, grades, ACCEPT,
DONE — and the next parcel's, with no gap at all, while the screens change under it. What the
app records from such a burst must be exactly what the same codes give one at a time: the
second run feeds them, one by one, to the bench controller on a copy of the same store.
"""

from __future__ import annotations

import itertools
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from inspect_tui.sample import write_burst_sample

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from pty_app import PtyApp  # noqa: E402  (the bench's pty runner, shared)

from inspect_tui.services.bench.controller import BenchController
from inspect_tui.services.inspecting.workstation import Workstation

pytestmark = pytest.mark.e2e

COMMAND = shutil.which("inspect-tui")
STATION = "bench-1"
PARCELS = 100

if COMMAND is None:
    pytest.skip(
        "the inspect-tui command is not installed (pip install -e .)", allow_module_level=True
    )


def _cli(home: Path, url: str, *args: str) -> None:
    assert COMMAND is not None
    env = {**os.environ, "INSPECT_TUI_HOME": str(home)}
    subprocess.run([COMMAND, "--db", url, *args], check=True, env=env, capture_output=True)


def make_store(folder: Path, parcels: int) -> tuple[str, Path, list[list[str]]]:
    """The demo store plus ``parcels`` honest returns, made by the installed command."""
    home = folder / "home"
    url = f"sqlite:///{folder / 'inspect.db'}"
    _cli(home, url, "demo", "--no-start")
    plan = write_burst_sample(folder / "burst", parcels, datetime.now(UTC))
    _cli(home, url, "import", "shipments", str(folder / "burst" / "shipments.csv"))
    _cli(home, url, "import", "returns", str(folder / "burst" / "returns.csv"))
    return url, home, plan


def recorded(db_file: Path) -> dict[str, tuple[Any, ...]]:
    """Every inspection by the code scanned to open it: what a burst must not change."""
    with sqlite3.connect(db_file) as db:
        rows = db.execute(
            "SELECT i.scanned_code, i.status, i.outcome, i.weight_g, i.reasons, i.step, "
            "(SELECT group_concat(u.sku || '/' || u.match || '/' || coalesce(u.grade, '-'), ' ') "
            " FROM inspection_unit u WHERE u.inspection_id = i.id) "
            "FROM inspection i"
        ).fetchall()
    return {row[0]: tuple(row[1:]) for row in rows}


def wait_until(check: Any, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.5)
    raise AssertionError(f"timed out waiting for {what}")


def completed(db_file: Path) -> int:
    with sqlite3.connect(db_file) as db:
        return int(
            db.execute("SELECT count(*) FROM inspection WHERE status = 'completed'").fetchone()[0]
        )


def test_a_hundred_inspections_in_one_burst_are_recorded_as_if_scanned_one_by_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url, home, plan = make_store(tmp_path / "burst", PARCELS)
    twin = tmp_path / "twin"
    shutil.copytree(tmp_path / "burst", twin)
    db_file = tmp_path / "burst" / "inspect.db"

    app = PtyApp(url, home, station=STATION, operator="alice")
    try:
        app.wait_for(b"Scan a return parcel")
        app.type_codes(list(itertools.chain.from_iterable(plan)))  # no gap between codes
        wait_until(
            lambda: app.drain(0) or completed(db_file) >= PARCELS,
            600,
            f"{PARCELS} completed inspections",
        )
        assert app.alive
    finally:
        app.close()

    monkeypatch.setenv("INSPECT_TUI_HOME", str(twin / "home"))  # the desk's audit key is there
    bench = BenchController(
        lambda operator: Workstation.connect(
            f"sqlite:///{twin / 'inspect.db'}",
            station=STATION,
            operator=operator,
            data_dir=twin / "home",
        )
    )
    bench.sign_in("alice")
    for code in itertools.chain.from_iterable(plan):
        bench.scan(code)
    bench.close()

    from_burst, one_by_one = recorded(db_file), recorded(twin / "inspect.db")
    assert len(from_burst) == PARCELS
    assert all(row[0] == "completed" and row[1] == "accept" for row in one_by_one.values())
    assert from_burst == one_by_one


def test_parcels_opened_and_left_in_one_burst_never_crash_the_app(tmp_path: Path) -> None:
    url, home, plan = make_store(tmp_path / "leave", 200)
    db_file = tmp_path / "leave" / "inspect.db"
    app = PtyApp(url, home, station=STATION, operator="alice")
    try:
        app.wait_for(b"Scan a return parcel")
        app.type_codes([code for codes in plan for code in (codes[0], "CMD:CANCEL")])

        def all_opened() -> bool:
            app.drain(0)
            with sqlite3.connect(db_file) as db:
                count = db.execute("SELECT count(*) FROM inspection").fetchone()[0]
            return int(count) >= len(plan)

        wait_until(all_opened, 600, "every parcel opened")
        with sqlite3.connect(db_file) as db:
            rows = db.execute("SELECT scanned_code, status FROM inspection").fetchall()
        assert sorted(code for code, _ in rows) == sorted(codes[0] for codes in plan)
        assert {status for _, status in rows} == {"open"}
        app.output = b""
        app.type_codes([plan[0][0]])  # the app is still there to take the next parcel
        app.wait_for(b"BURST0000001")
        assert app.alive
        assert b"Traceback" not in app.output
    finally:
        app.close()
