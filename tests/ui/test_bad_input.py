"""Wrong scans, impossible weights, vanished photos, a locked database: a message, nothing lost."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from PIL import Image

from inspect_tui.services.demo import DemoStore
from inspect_tui.services.inspecting.workstation import Workstation
from inspect_tui.services.shared.views import InspectionView
from inspect_tui.store import engine as store_engine
from inspect_tui.ui.app import InspectApp, build_app
from inspect_tui.ui.screens.login import LoginScreen
from inspect_tui.ui.screens.scan import ScanScreen
from inspect_tui.ui.widgets.day_summary_panel import DaySummaryPanel
from inspect_tui.ui.widgets.weight_panel import WeightPanel

from .helpers import (
    HAPPY,
    HAPPY_GTIN,
    HAPPY_SERIAL,
    SWAP,
    burst,
    inspect_screen,
    notifications,
    scan,
    settle,
    status_severity,
    status_text,
)

Reread = Callable[[int], InspectionView]


async def test_a_product_barcode_where_a_parcel_is_expected_is_explained(
    app: InspectApp,
) -> None:
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        await scan(pilot, HAPPY_GTIN)

        assert isinstance(app.screen, ScanScreen)
        assert status_severity(app) == "error"
        assert f"{HAPPY_GTIN!r} is" in status_text(app)
        assert "not a parcel. Scan the return label" in status_text(app)
        assert any("not a parcel" in text for text in notifications(app))
        await settle(pilot)
        summary = str(app.screen.query_one(DaySummaryPanel).content)
        assert "Today 0 parcels opened" in summary


async def test_a_command_barcode_on_the_scan_screen_says_to_scan_a_parcel(
    app: InspectApp,
) -> None:
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        await scan(pilot, "CMD:ACCEPT")
        assert isinstance(app.screen, ScanScreen)
        assert "no parcel is open" in status_text(app)


async def test_a_parcel_code_in_the_contents_step_is_not_taken_for_a_unit(
    app: InspectApp, reread: Reread
) -> None:
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        await scan(pilot, HAPPY)
        screen = inspect_screen(app)
        await scan(pilot, HAPPY_GTIN)

        await scan(pilot, SWAP)  # another parcel's return label
        assert "parcel or order code, not a unit" in status_text(app)
        await scan(pilot, HAPPY)  # this parcel's own label
        assert "label of the parcel on the bench" in status_text(app)

        assert inspect_screen(app) is screen
        assert len(reread(screen.view.inspection_id).units) == 1


async def test_the_same_unit_twice_is_recorded_and_flagged(app: InspectApp, reread: Reread) -> None:
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        await scan(pilot, HAPPY)
        screen = inspect_screen(app)
        await scan(pilot, HAPPY_GTIN)
        await scan(pilot, HAPPY_SERIAL)
        await scan(pilot, HAPPY_SERIAL)

        assert "SCANNED TWICE" in status_text(app)
        assert status_severity(app) == "error"
        units = reread(screen.view.inspection_id).units
        assert [unit.match for unit in units] == ["matched", "duplicate"]


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("-5", "must be more than 0"),
        ("760 xyz", "Cannot read '760 xyz' as a weight"),
        ("0", "must be more than 0"),
        ("900 kg", "parcel limit"),
    ],
)
async def test_an_impossible_weight_is_refused_with_what_to_type(
    app: InspectApp, reread: Reread, typed: str, said: str
) -> None:
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        await scan(pilot, HAPPY)
        screen = inspect_screen(app)
        await scan(pilot, "CMD:NEXT")
        assert screen.view.step == "weigh"

        await scan(pilot, typed)
        assert said in status_text(app)
        assert status_severity(app) in ("warning", "error")
        assert screen.query_one(WeightPanel).banner_text == "NOT WEIGHED YET"
        assert reread(screen.view.inspection_id).weight_g is None

        await scan(pilot, "760")
        assert reread(screen.view.inspection_id).weight_g == 760


async def test_a_photo_that_vanished_is_explained_and_nothing_is_attached(
    app: InspectApp, demo: DemoStore, reread: Reread
) -> None:
    photo = demo.photo_inbox / "zz_gone.jpg"
    Image.new("RGB", (8, 8)).save(photo, "JPEG")
    os.utime(photo, (2_000_000_000, 2_000_000_000))
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        await scan(pilot, HAPPY)
        screen = inspect_screen(app)
        await scan(pilot, "CMD:PHOTO")
        await settle(pilot)
        assert screen.photos is not None and screen.photos[0].name == "zz_gone.jpg"

        photo.unlink()
        await pilot.press("f7")
        await settle(pilot)

        assert "zz_gone.jpg is no longer there" in status_text(app)
        assert any("no longer there" in text for text in notifications(app))
        assert reread(screen.view.inspection_id).evidence == ()
        assert all(item.name != "zz_gone.jpg" for item in screen.photos or [])


@contextmanager
def locked(db_file: Path) -> Iterator[None]:
    """Hold the database's write lock, as another program stuck mid-write would."""
    connection = sqlite3.connect(db_file, isolation_level=None)
    try:
        connection.execute("BEGIN IMMEDIATE")
        yield
    finally:
        connection.execute("ROLLBACK")
        connection.close()


async def test_a_locked_database_says_try_again_and_the_retry_works(
    demo: DemoStore, monkeypatch: pytest.MonkeyPatch, reread: Reread
) -> None:
    from datetime import UTC

    monkeypatch.setattr(store_engine, "BUSY_TIMEOUT_MS", 200)

    def connect(operator: str) -> Workstation:
        return Workstation.connect(
            demo.db_url, station="bench-1", operator=operator, data_dir=demo.data_dir
        )

    app = build_app(connect, operator="alice", tz=UTC)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        await scan(pilot, HAPPY)
        screen = inspect_screen(app)
        with locked(demo.data_dir / "inspect.db"):
            await scan(pilot, "520")
            assert "busy" in status_text(app) and "try" in status_text(app)
            assert "Traceback" not in status_text(app)
        assert reread(screen.view.inspection_id).weight_g is None

        await scan(pilot, "520")
        assert reread(screen.view.inspection_id).weight_g == 520


async def test_a_lookup_held_up_by_a_locked_database_says_it_is_looking(
    demo: DemoStore, reread: Reread
) -> None:
    """A quick lookup opens the card without a word; a slow one says what it is doing."""
    import asyncio
    from datetime import UTC

    def connect(operator: str) -> Workstation:
        return Workstation.connect(
            demo.db_url, station="bench-1", operator=operator, data_dir=demo.data_dir
        )

    app = build_app(connect, operator="alice", tz=UTC)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        with locked(demo.data_dir / "inspect.db"):
            burst(app, HAPPY + "\r")
            for _ in range(200):  # up to 2 s; the store waits 5 s for its lock
                await asyncio.sleep(0.01)
                if "Looking up" in status_text(app):
                    break
            assert isinstance(app.screen, ScanScreen)
            assert status_text(app) == f"Looking up {HAPPY}…"
        await settle(pilot)
        screen = inspect_screen(app)
        assert f"Opened {screen.view.code}." in status_text(app)
        assert reread(screen.view.inspection_id).scanned_code == HAPPY


async def test_an_unknown_operator_is_asked_again(
    connect: Callable[[str], Workstation],
) -> None:
    from datetime import UTC

    app = build_app(connect, operator="mallory", tz=UTC)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, LoginScreen)
        assert "No active operator called 'mallory'" in status_text(app)

        await scan(pilot, "OP:alice")
        assert isinstance(app.screen, ScanScreen)
        assert app.sub_title == "bench-1 · alice"


async def test_an_unreadable_product_code_is_explained(app: InspectApp, reread: Reread) -> None:
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        await scan(pilot, HAPPY)
        screen = inspect_screen(app)
        await scan(pilot, "6901234567015")  # wrong check digit

        assert "check digit" in status_text(app)
        assert reread(screen.view.inspection_id).units == ()


async def test_an_unexpected_failure_is_one_calm_line_and_the_retry_works(
    app: InspectApp, monkeypatch: pytest.MonkeyPatch, reread: Reread
) -> None:
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        await scan(pilot, HAPPY)
        screen = inspect_screen(app)
        workstation = app.workstation
        assert workstation is not None
        real = workstation.record_weight

        def broken(*args: object, **kwargs: object) -> InspectionView:
            raise RuntimeError("scale cable chewed by the office cat")

        monkeypatch.setattr(workstation, "record_weight", broken)
        await scan(pilot, "520")
        assert status_text(app) == (
            "Something went wrong: scale cable chewed by the office cat; "
            "nothing was lost, try again."
        )
        assert inspect_screen(app) is screen

        monkeypatch.setattr(workstation, "record_weight", real)
        await scan(pilot, "520")
        assert reread(screen.view.inspection_id).weight_g == 520
