"""The back office's export screen, driven by keys through Pilot over a real supervisor desk.

A clerk completes three demo parcels through the Workstation (a reject, an escalation, an
accept) on a SQLite file; the supervisor's ``ReviewDesk`` then exports them from the screen
and every file is read back with an independent reader (csv, openpyxl).
"""

from __future__ import annotations

import asyncio
import csv
import inspect
import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from textual import events
from textual.pilot import Pilot
from textual.widgets import Input, ProgressBar, SelectionList, Switch

from inspect_tui.core.policy import OUTCOMES
from inspect_tui.services.demo import DEMO_SUPERVISOR_PIN, DemoStore
from inspect_tui.services.exporting.inspection_log import ExportResult
from inspect_tui.services.inspecting.workstation import Workstation
from inspect_tui.services.review.desk import ReviewDesk
from inspect_tui.ui.app import InspectApp
from inspect_tui.ui.screens.export_screen import CANCELLED, ExportScreen
from inspect_tui.ui.widgets.status_line import StatusLine
from stories import accepted_defect, empty_parcel_reject, escalated_seller_error

BENCH_TIME = datetime(2026, 11, 18, 10, 0, tzinfo=UTC)
"""When the clerk completed the parcels."""
DESK_TIME = datetime(2026, 11, 18, 16, 0, tzinfo=UTC)
"""The supervisor's clock: later the same day, so "today" holds the three inspections."""
DAY = "2026-11-18"

SnapCompare = Callable[..., bool]


def no_bench(name: str) -> Workstation:
    raise AssertionError(f"the export screen opened the bench for {name}")


class ExportHost(InspectApp):
    """The real app, whose call queue runs the export, showing only the export screen."""

    CSS_PATH = Path(inspect.getfile(InspectApp)).parent / str(InspectApp.CSS_PATH)

    def __init__(self, screen: ExportScreen) -> None:
        super().__init__(no_bench)
        self.export_screen = screen

    def on_mount(self, event: events.Mount) -> None:
        event.prevent_default()  # no badge screen first: the export screen alone
        self.push_screen(self.export_screen)


class HeldDesk(ReviewDesk):
    """A real desk whose export pauses inside its first progress report until told to go on.

    The real service writes the file; the pause only makes the moment of pressing escape
    certain to fall while the export runs.
    """

    reached: threading.Event
    go_on: threading.Event

    def export_log(self, path: Path, **options: Any) -> ExportResult:
        report = options["progress"]

        def held(done: int, total: int) -> None:
            report(done, total)
            if not self.reached.is_set():
                self.reached.set()
                self.go_on.wait(timeout=30)

        options["progress"] = held
        return super().export_log(path, **options)


@pytest.fixture
def photo(tmp_path: Path) -> Path:
    """A real (tiny) JPEG taken at the bench."""
    from PIL import Image

    path = tmp_path / "bench_photo.jpg"
    Image.new("RGB", (32, 24), (200, 120, 40)).save(path, "JPEG")
    return path


@pytest.fixture
def completed(demo: DemoStore, photo: Path) -> dict[str, str]:
    """Outcome -> code of the three parcels alice completed at the bench."""
    ws = Workstation.connect(
        demo.db_url,
        station="bench-1",
        operator="alice",
        data_dir=demo.data_dir,
        clock=lambda: BENCH_TIME,
    )
    try:
        return {
            "reject": empty_parcel_reject(ws, photo),
            "escalate": escalated_seller_error(ws, photo),
            "accept": accepted_defect(ws, photo),
        }
    finally:
        ws.close()


def connect_desk(demo: DemoStore, cls: type[ReviewDesk] = ReviewDesk) -> ReviewDesk:
    """Sam, the demo supervisor, signed in with a fixed clock, days in UTC."""
    return cls.connect(
        demo.db_url,
        operator="sam",
        pin=DEMO_SUPERVISOR_PIN,
        data_dir=demo.data_dir,
        clock=lambda: DESK_TIME,
        tz=UTC,
    )


@pytest.fixture
def desk(demo: DemoStore, completed: dict[str, str]) -> Iterator[ReviewDesk]:
    """The supervisor's desk over the store with the three completed inspections."""
    review = connect_desk(demo)
    yield review
    review.close()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """The back office's export folder (empty)."""
    path = tmp_path / "exports"
    path.mkdir()
    return path


def host(desk: ReviewDesk, folder: Path) -> ExportHost:
    """The export screen on its host app, writing to ``folder`` by default."""
    return ExportHost(ExportScreen(desk, folder=folder))


def screen_of(pilot: Pilot[None]) -> ExportScreen:
    screen = pilot.app.screen
    assert isinstance(screen, ExportScreen), f"expected the export screen, got {screen!r}"
    return screen


def status(pilot: Pilot[None]) -> StatusLine:
    return screen_of(pilot).query_one("#export-status", StatusLine)


def notifications(pilot: Pilot[None]) -> list[str]:
    return [notification.message for notification in pilot.app._notifications]


async def fill(pilot: Pilot[None], selector: str, text: str) -> None:
    """Focus an input, clear it with keys and type ``text``."""
    screen_of(pilot).query_one(selector, Input).focus()
    await pilot.press("end", "ctrl+u", *text)


async def tick(pilot: Pilot[None], outcome: str) -> None:
    """Tick one outcome in the list with the cursor keys and space."""
    outcomes = screen_of(pilot).query_one("#outcomes", SelectionList)
    outcomes.focus()
    await pilot.pause()
    await pilot.press("home", *["down"] * OUTCOMES.index(outcome), "space")


async def finished(pilot: Pilot[None], timeout: float = 20.0) -> None:
    """Wait until the export ended and its result is on the screen."""
    screen = screen_of(pilot)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    await pilot.pause()
    while screen.exporting:
        if loop.time() > deadline:
            raise AssertionError("the export did not finish")
        await asyncio.sleep(0.02)
        await pilot.pause()
    await pilot.pause()


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


# -- exports that work ------------------------------------------------------------------------


async def test_csv_export_of_today_holds_every_completed_inspection(
    desk: ReviewDesk, folder: Path, completed: dict[str, str]
) -> None:
    async with host(desk, folder).run_test(size=(110, 40)) as pilot:
        await pilot.press("ctrl+s")
        await finished(pilot)

        expected = folder / f"inspections-{DAY}_{DAY}.csv"
        assert status(pilot).severity == "success"
        assert status(pilot).text == f"Exported 3 rows (3 inspections) to {expected}."
        assert expected.read_bytes().startswith(b"\xef\xbb\xbf")
        rows = read_csv(expected)
        assert len(rows) == 3
        assert {row["code"]: row["outcome"] for row in rows} == {
            code: outcome for outcome, code in completed.items()
        }
        assert sorted(path.name for path in folder.iterdir()) == [expected.name]


async def test_xlsx_chosen_with_the_keyboard_renames_the_file(
    desk: ReviewDesk, folder: Path, completed: dict[str, str]
) -> None:
    async with host(desk, folder).run_test(size=(110, 40)) as pilot:
        screen_of(pilot).query_one("#format").focus()
        await pilot.press("enter", "down", "down", "enter")
        expected = folder / f"inspections-{DAY}_{DAY}.xlsx"
        assert screen_of(pilot).query_one("#path", Input).value == str(expected)
        assert screen_of(pilot).query_one("#bom", Switch).disabled  # a CSV-only choice

        await pilot.click("#export")
        await finished(pilot)

        assert status(pilot).severity == "success", status(pilot).text
        sheet = openpyxl.load_workbook(expected, read_only=True).active
        assert sheet is not None
        table = [list(row) for row in sheet.iter_rows(values_only=True)]
        header, data = table[0], table[1:]
        assert header[0] == "code"
        outcome = header.index("outcome")
        assert {row[0]: row[outcome] for row in data} == {
            code: outcome for outcome, code in completed.items()
        }


async def test_outcome_filter_and_a_typed_file_name(
    desk: ReviewDesk, folder: Path, completed: dict[str, str]
) -> None:
    async with host(desk, folder).run_test(size=(110, 40)) as pilot:
        await tick(pilot, "reject")
        assert screen_of(pilot).query_one("#outcomes", SelectionList).selected == ["reject"]
        await fill(pilot, "#path", "rejects.csv")  # a name alone goes in the folder
        await fill(pilot, "#start", "2026-11-17")  # the path was typed: it stays as it is
        assert screen_of(pilot).query_one("#path", Input).value == "rejects.csv"

        screen_of(pilot).query_one("#path", Input).focus()
        await pilot.press("enter")
        await finished(pilot)

        rows = read_csv(folder / "rejects.csv")
        assert [(row["code"], row["outcome"]) for row in rows] == [(completed["reject"], "reject")]
        assert "Exported 1 row (1 inspection)" in status(pilot).text


async def test_a_period_without_inspections_exports_only_the_header(
    desk: ReviewDesk, folder: Path
) -> None:
    async with host(desk, folder).run_test(size=(110, 40)) as pilot:
        await fill(pilot, "#start", "2026-11-19")
        await fill(pilot, "#end", "2026-11-20")
        expected = folder / "inspections-2026-11-19_2026-11-20.csv"
        assert screen_of(pilot).query_one("#path", Input).value == str(expected)

        await pilot.press("ctrl+s")
        await finished(pilot)

        assert read_csv(expected) == []
        assert "Exported 0 rows (0 inspections)" in status(pilot).text


async def test_progress_bar_reaches_the_total(desk: ReviewDesk, folder: Path) -> None:
    async with host(desk, folder).run_test(size=(110, 40)) as pilot:
        bar = screen_of(pilot).query_one(ProgressBar)
        assert not bar.display  # nothing to show before the first export

        await pilot.press("ctrl+s")
        await finished(pilot)

        assert bar.display
        assert (bar.progress, bar.total, bar.percentage) == (3, 3, 1.0)


# -- refusals and failures --------------------------------------------------------------------


async def test_a_bad_date_is_refused_in_words_and_nothing_is_written(
    desk: ReviewDesk, folder: Path
) -> None:
    async with host(desk, folder).run_test(size=(110, 40)) as pilot:
        await fill(pilot, "#start", "2026-13-01")
        start = screen_of(pilot).query_one("#start", Input)
        assert start.has_class("-invalid")

        await pilot.press("ctrl+s")
        await pilot.pause()

        expected = "From '2026-13-01' is not a date: write it as YYYY-MM-DD, e.g. 2026-11-18."
        assert status(pilot).text == expected
        assert status(pilot).severity == "error"
        assert notifications(pilot) == [expected]
        assert not screen_of(pilot).exporting
        assert start.value == "2026-13-01"  # the form keeps what was typed
        assert list(folder.iterdir()) == []


async def test_an_existing_file_is_left_alone_unless_replace_is_on(
    desk: ReviewDesk, folder: Path
) -> None:
    existing = folder / f"inspections-{DAY}_{DAY}.csv"
    existing.write_text("yesterday's work\n", encoding="utf-8")
    async with host(desk, folder).run_test(size=(110, 40)) as pilot:
        await pilot.press("ctrl+s")
        await finished(pilot)

        assert "already exists" in status(pilot).text
        assert "\n" not in status(pilot).text
        assert status(pilot).severity == "error"
        assert not screen_of(pilot).query_one(ProgressBar).display  # stopped, not "--%"
        assert existing.read_text(encoding="utf-8") == "yesterday's work\n"
        assert sorted(path.name for path in folder.iterdir()) == [existing.name]

        screen_of(pilot).query_one("#overwrite", Switch).focus()
        await pilot.press("space")
        await pilot.press("ctrl+s")
        await finished(pilot)

        assert status(pilot).severity == "success"
        assert len(read_csv(existing)) == 3


async def test_a_missing_folder_is_created(desk: ReviewDesk, tmp_path: Path) -> None:
    folder = tmp_path / "exports" / "2026-11"
    async with host(desk, folder).run_test(size=(110, 40)) as pilot:
        await pilot.press("ctrl+s")
        await finished(pilot)

        assert status(pilot).severity == "success", status(pilot).text
        assert len(read_csv(folder / f"inspections-{DAY}_{DAY}.csv")) == 3


async def test_a_folder_that_cannot_be_made_is_one_line(desk: ReviewDesk, tmp_path: Path) -> None:
    in_the_way = tmp_path / "exports"
    in_the_way.write_text("a file where the folder should be\n", encoding="utf-8")
    async with host(desk, in_the_way / "2026-11").run_test(size=(110, 40)) as pilot:
        await pilot.press("ctrl+s")
        await finished(pilot)

        text = status(pilot).text
        assert text.startswith(f"Cannot create the folder {in_the_way / '2026-11'}"), text
        assert "\n" not in text and "Traceback" not in text
        assert status(pilot).severity == "error"
        assert notifications(pilot) == [text]
        assert in_the_way.read_text(encoding="utf-8") == "a file where the folder should be\n"


# -- cancelling and leaving -------------------------------------------------------------------


async def test_escape_cancels_a_running_export_and_leaves_no_file(
    demo: DemoStore, completed: dict[str, str], folder: Path
) -> None:
    held = connect_desk(demo, HeldDesk)
    assert isinstance(held, HeldDesk)
    held.reached = threading.Event()
    held.go_on = threading.Event()
    try:
        async with host(held, folder).run_test(size=(110, 40)) as pilot:
            await pilot.press("ctrl+s")
            for _ in range(500):
                if held.reached.is_set():
                    break
                await asyncio.sleep(0.01)
            await pilot.pause()
            screen = screen_of(pilot)
            assert screen.exporting
            bar = screen.query_one(ProgressBar)
            assert (bar.progress, bar.total) == (0, 3)

            await pilot.press("escape")
            assert screen_of(pilot) is screen  # escape cancels; it does not leave
            assert status(pilot).text == "Cancelling the export…"
            held.go_on.set()
            await finished(pilot)

            assert status(pilot).text == CANCELLED
            assert status(pilot).severity == "warning"
            assert CANCELLED in notifications(pilot)
            assert list(folder.iterdir()) == []  # neither the file nor a partial one

            await pilot.press("ctrl+s")  # the form is still there: export again
            await finished(pilot)
            assert status(pilot).severity == "success"
            assert len(read_csv(folder / f"inspections-{DAY}_{DAY}.csv")) == 3
    finally:
        held.go_on.set()
        held.close()


async def test_escape_when_idle_goes_back(desk: ReviewDesk, folder: Path) -> None:
    async with host(desk, folder).run_test(size=(110, 40)) as pilot:
        assert isinstance(pilot.app.screen, ExportScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(pilot.app.screen, ExportScreen)
        assert list(folder.iterdir()) == []


# -- how it looks -----------------------------------------------------------------------------


def test_idle_form_snapshot(snap_compare: SnapCompare, demo: DemoStore) -> None:
    review = connect_desk(demo)
    try:
        app = host(review, Path("/srv/returns/exports"))
        assert snap_compare(app, terminal_size=(100, 36))
    finally:
        review.close()


def test_idle_form_snapshot_at_80x24(snap_compare: SnapCompare, demo: DemoStore) -> None:
    review = connect_desk(demo)
    try:
        app = host(review, Path("/srv/returns/exports"))
        assert snap_compare(app, terminal_size=(80, 24))
    finally:
        review.close()
