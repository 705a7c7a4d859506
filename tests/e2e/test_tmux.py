"""The installed ``inspect-tui`` in a real terminal (tmux): restart after a crash, scanner bursts.

Pilot waits for the app after every key, so it cannot show what happens when a scanner types
codes back to back; tmux types into a real pty with no gap. These tests need ``tmux`` and the
``inspect-tui`` command (CI installs both) and are skipped, saying why, without them.
"""

from __future__ import annotations

import itertools
import os
import shutil
import signal
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from tmux_terminal import Terminal

from inspect_tui.services.inspecting.workstation import Workstation
from inspect_tui.services.shared.views import InspectionView

pytestmark = pytest.mark.e2e

TMUX = shutil.which("tmux")
COMMAND = shutil.which("inspect-tui")
STATION = "bench-1"
_sockets = itertools.count()

if TMUX is None:
    pytest.skip("tmux is not installed (CI installs it)", allow_module_level=True)
if COMMAND is None:
    pytest.skip(
        "the inspect-tui command is not installed (pip install -e .)", allow_module_level=True
    )


@pytest.fixture
def store(tmp_path: Path) -> tuple[str, Path]:
    """A demo store made by the installed command (``inspect-tui demo --no-start``)."""
    home = tmp_path / "home"
    url = f"sqlite:///{tmp_path / 'inspect.db'}"
    env = {**os.environ, "INSPECT_TUI_HOME": str(home)}
    assert COMMAND is not None
    subprocess.run(
        [COMMAND, "--db", url, "demo", "--no-start"], check=True, env=env, capture_output=True
    )
    return url, home


@pytest.fixture
def terminal() -> Iterator[Terminal]:
    term = Terminal(f"inspect-e2e-{os.getpid()}-{next(_sockets)}")
    yield term
    term.kill_server()


@pytest.fixture
def app_command(store: tuple[str, Path]) -> str:
    """The shell command that starts the app as alice at bench-1 (photos listed as text)."""
    url, home = store
    return (
        f"exec env INSPECT_TUI_HOME={home} INSPECT_TUI_IMAGES=0 "
        f"{COMMAND} --db {url} --station {STATION} --operator alice"
    )


@pytest.fixture
def current(store: tuple[str, Path]) -> Callable[[], InspectionView | None]:
    """The inspection open at the bench, read through a fresh Workstation."""
    url, home = store

    def read() -> InspectionView | None:
        workstation = Workstation.connect(url, station=STATION, operator="sam", data_dir=home)
        try:
            return workstation.resume_open()
        finally:
            workstation.close()

    return read


def test_killed_app_resumes_the_parcel_with_its_weight(
    terminal: Terminal, app_command: str, current: Callable[[], InspectionView | None]
) -> None:
    terminal.start(app_command)
    terminal.wait_for("Scan a return parcel")
    terminal.keys("SF1402590004417", "Enter")
    terminal.wait_for("TB4015528817")
    terminal.wait_for("王小明")
    terminal.keys("520", "Enter")
    terminal.wait_for("Weight recorded: 520 g")

    os.kill(terminal.pid(), signal.SIGKILL)
    time.sleep(0.5)
    terminal.kill_server()
    opened = current()
    assert opened is not None and opened.weight_g == 520

    terminal.start(app_command)
    shown = terminal.wait_for(f"Resumed {opened.code}")
    assert "TB4015528817" in shown
    assert "WEIGHT OK — 100 % of the expected 520 g" in shown


def test_back_to_back_scans_are_all_recorded_intact(
    terminal: Terminal, app_command: str, current: Callable[[], InspectionView | None]
) -> None:
    terminal.start(app_command)
    terminal.wait_for("Scan a return parcel")
    terminal.keys("EE123499905CN", "Enter")  # the 1688 order: 50 phone cases, 10 returned
    terminal.wait_for("AL1688-77812")
    terminal.keys("CMD:NEXT", "Enter", "CMD:NEXT", "Enter")
    terminal.wait_for("Unit ›")

    codes = [f"UNIT-E2E-{number:04d}" for number in range(1, 61)]
    burst: list[str] = []
    for code in codes:  # nobody knows these codes: each is confirmed by a second scan
        burst += [code, "Enter", code, "Enter"]
    terminal.keys(*burst)  # one send-keys: no gap between the codes

    deadline = time.monotonic() + 90
    recorded: list[str] = []
    while time.monotonic() < deadline:
        opened = current()
        recorded = [unit.scanned_code for unit in opened.units] if opened else []
        if len(recorded) >= len(codes):
            break
        time.sleep(0.5)
    assert recorded == codes
    terminal.wait_for("Scanned units (60)")


def test_the_supervisor_approves_a_reject_in_the_installed_app(
    terminal: Terminal, app_command: str, store: tuple[str, Path], tmp_path: Path
) -> None:
    from PIL import Image

    from stories import empty_parcel_reject

    url, home = store
    photo = tmp_path / "bench.jpg"
    Image.new("RGB", (32, 24), (200, 120, 40)).save(photo, "JPEG")
    workstation = Workstation.connect(url, station=STATION, operator="alice", data_dir=home)
    try:
        code = empty_parcel_reject(workstation, photo)
    finally:
        workstation.close()

    terminal.start(app_command)
    terminal.wait_for("Scan a return parcel")
    terminal.keys("F12")
    terminal.wait_for("Supervisor desk")
    terminal.keys("OP:sam", "Enter")  # the badge scanner's burst
    time.sleep(1.0)  # then a person types the PIN
    terminal.keys("0000", "Enter")
    terminal.wait_for("Wrong PIN")
    terminal.keys("2468", "Enter")
    terminal.wait_for(code)
    terminal.keys("Enter")
    terminal.wait_for("Waiting for your review.")
    terminal.keys("a")
    terminal.wait_for(f"Approve {code}")
    terminal.keys("empty on video", "Enter")
    terminal.wait_for("Nothing waiting for review")
    terminal.keys("F12")
    terminal.wait_for("Scan a return parcel")

    from inspect_tui.services.review.desk import ReviewDesk

    desk = ReviewDesk.connect(url, operator="sam", pin="2468", data_dir=home)
    try:
        detail = desk.detail(code)
    finally:
        desk.close()
    assert detail.review is not None
    assert (detail.review_state, detail.review.by, detail.review.comment) == (
        "approved", "sam", "empty on video"
    )  # fmt: skip
