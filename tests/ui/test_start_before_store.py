"""The scan screen comes up before the store has opened; what is scanned meanwhile is kept.

The app draws its scan screen first and opens the store (and signs the operator in) on a
worker after that first frame. These tests hold the sign-in back on a real store until the
clerk has already scanned, then let it go.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable
from datetime import UTC

from inspect_tui.core.errors import DeskError
from inspect_tui.services.inspecting.workstation import Workstation
from inspect_tui.services.shared.views import InspectionView
from inspect_tui.ui.app import build_app
from inspect_tui.ui.screens.login import LoginScreen
from inspect_tui.ui.screens.scan import ScanScreen
from inspect_tui.ui.widgets.scan_field import ScanField

from .helpers import HAPPY, burst, inspect_screen, scan, settle, status_text, wait_until

Connect = Callable[[str], Workstation]


def held_back(connect: Connect) -> tuple[Connect, threading.Event]:
    """``connect`` that waits for the returned event before it opens the store."""
    go = threading.Event()

    def slow_connect(name: str) -> Workstation:
        assert go.wait(30), "the test never let the sign-in go"
        return connect(name)

    return slow_connect, go


async def test_a_burst_scanned_while_the_store_opens_is_carried_out_after_sign_in(
    connect: Connect, reread: Callable[[int], InspectionView]
) -> None:
    slow_connect, go = held_back(connect)
    app = build_app(slow_connect, operator="alice", tz=UTC)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ScanScreen)
        assert isinstance(app.focused, ScanField)
        assert status_text(app) == "Signing in alice…"

        burst(app, f"{HAPPY}\r520\r")
        await wait_until(pilot, lambda: len(app.held_scans) == 2, "the burst typed")
        assert app.held_scans == (HAPPY, "520")
        assert app.workstation is None  # still signing in: the scans wait
        go.set()
        await settle(pilot)

        screen = inspect_screen(app)
        assert app.sub_title == "bench-1 · alice"
        written = reread(screen.view.inspection_id)
        assert written.scanned_code == HAPPY
        assert written.weight_g == 520


async def test_scans_kept_through_a_refused_sign_in_go_to_the_next_operator(
    connect: Connect, reread: Callable[[int], InspectionView]
) -> None:
    slow_connect, go = held_back(connect)
    app = build_app(slow_connect, operator="mallory", tz=UTC)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.pause()
        burst(app, f"{HAPPY}\r")
        await wait_until(pilot, lambda: app.held_scans == (HAPPY,), "the scan typed")
        go.set()
        await settle(pilot)
        assert isinstance(app.screen, LoginScreen)
        assert "No active operator called 'mallory'" in status_text(app)

        await scan(pilot, "OP:alice")
        screen = inspect_screen(app)
        assert app.sub_title == "bench-1 · alice"
        assert reread(screen.view.inspection_id).scanned_code == HAPPY


async def test_a_store_that_cannot_be_opened_ends_the_app_with_the_reason(
    connect: Connect,
) -> None:
    def wrong_schema() -> str | None:
        raise DeskError("The database is at schema 0002, this program needs 0010")

    opened: list[str] = []

    def connect_and_note(name: str) -> Workstation:
        opened.append(name)
        return connect(name)

    app = build_app(connect_and_note, operator="alice", tz=UTC, check_store=wrong_schema)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: app.start_failure is not None, "the store refused")
    assert app.start_failure == "The database is at schema 0002, this program needs 0010"
    assert app.return_code == 1
    assert opened == []  # nobody was signed in on a store that cannot be used


async def test_the_store_loaded_after_the_first_frame_is_still_set_aside_from_collections(
    connect: Connect,
) -> None:
    """The bench's long-lived objects are frozen once signed in, not at the first frame.

    Frozen too early, the store's objects (loaded on the worker) would be walked by every full
    collection, the 100–300 ms pauses in the middle of a scan that freezing prevents.
    """
    slow_connect, go = held_back(connect)
    app = build_app(slow_connect, operator="alice", tz=UTC)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        go.set()
        await settle(pilot)
        await pilot.pause()
        workstation = app.workstation
        assert workstation is not None and gc.is_tracked(workstation)
        assert not any(thing is workstation for thing in gc.get_objects())  # in the frozen set
