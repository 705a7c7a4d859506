"""The supervisor desk in the app: badge + PIN, the queue, a parcel's story, the decisions.

The clerk (alice) really inspects parcels through the Workstation first; sam, the demo
supervisor, then reviews them through the real app on the same SQLite file. What the screens
do is checked against what a fresh ReviewDesk reads back from the store.
"""

from __future__ import annotations

import asyncio
import json
import threading
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from textual.pilot import Pilot
from textual.widgets import (
    Button,
    DataTable,
    Header,
    Input,
    Select,
    SelectionList,
    Static,
)

from inspect_tui.services.demo import DEMO_SUPERVISOR_PIN, DemoStore
from inspect_tui.services.inspecting.workstation import Workstation
from inspect_tui.services.review.desk import ReviewDesk
from inspect_tui.services.review.summaries import PendingReview, RepeatOffender
from inspect_tui.ui.app import InspectApp, build_app
from inspect_tui.ui.screens.override_dialog import OverrideDialog
from inspect_tui.ui.screens.review_detail import ReviewDetailScreen
from inspect_tui.ui.screens.review_queue import ReviewQueueScreen
from inspect_tui.ui.screens.scan import ScanScreen
from inspect_tui.ui.screens.supervisor_sign_in import SupervisorSignIn
from inspect_tui.ui.widgets.review_story import ReviewStory
from stories import accepted_defect, empty_parcel_reject, escalated_seller_error

from .helpers import EMPTY, NOW, settle, status_text


@dataclass(frozen=True)
class Bench:
    """The codes the clerk left for review, and the one that needed none."""

    empty: str
    escalated: str
    accepted: str


@pytest.fixture
def bench(connect: Callable[[str], Workstation], tmp_path: Path) -> Bench:
    """Alice inspects three parcels: an empty parcel, an escalation, an accepted defect."""
    photo = tmp_path / "bench.jpg"
    Image.new("RGB", (32, 24), (200, 120, 40)).save(photo, "JPEG")
    workstation = connect("alice")
    try:
        return Bench(
            empty=empty_parcel_reject(workstation, photo),
            escalated=escalated_seller_error(workstation, photo),
            accepted=accepted_defect(workstation, photo),
        )
    finally:
        workstation.close()


@pytest.fixture
def open_review(demo: DemoStore) -> ReviewConnect:
    """What the command line injects for the supervisor desk, with the bench's clock."""

    def review_connect(name: str, pin: str) -> ReviewDesk:
        return ReviewDesk.connect(
            demo.db_url, operator=name, pin=pin, data_dir=demo.data_dir,
            clock=lambda: NOW, tz=UTC,
        )  # fmt: skip

    return review_connect


ReviewConnect = Callable[[str, str], ReviewDesk]


@pytest.fixture
def reviewer(open_review: ReviewConnect) -> Iterator[ReviewDesk]:
    """A second, independent desk that reads back what the app wrote."""
    desk = open_review("sam", DEMO_SUPERVISOR_PIN)
    yield desk
    desk.close()


@pytest.fixture
def desk_app(connect: Callable[[str], Workstation], open_review: ReviewConnect) -> InspectApp:
    """The app with alice at the bench and the supervisor desk behind F12."""
    return build_app(connect, operator="alice", tz=UTC, review_connect=open_review)


async def type_text(pilot: Pilot[None], text: str) -> None:
    await pilot.press(*(" " if char == " " else char for char in text))


async def enter_desk(pilot: Pilot[None], name: str = "sam", pin: str = DEMO_SUPERVISOR_PIN) -> None:
    """F12, badge, PIN, Enter: as a supervisor does it."""
    await settle(pilot)
    await pilot.press("f12")
    await pilot.pause()
    assert isinstance(pilot.app.screen, SupervisorSignIn)
    await give_badge_and_pin(pilot, name, pin)
    await settle(pilot)


async def give_badge_and_pin(
    pilot: Pilot[None], name: str = "sam", pin: str = DEMO_SUPERVISOR_PIN
) -> None:
    """On the sign-in dialog: the name (a badge scan ends the same way), Enter, PIN, Enter."""
    await type_text(pilot, name)
    await pilot.press("enter")
    await type_text(pilot, pin)
    await pilot.press("enter")


def queue_codes(app: InspectApp) -> list[str]:
    table = app.screen.query_one("#queue", DataTable)
    return [str(table.coordinate_to_cell_key((row, 0))[0].value) for row in range(table.row_count)]


async def wait_for(pilot: Pilot[None], test: Callable[[], bool], timeout: float = 15.0) -> None:
    for _ in range(int(timeout / 0.05)):
        await settle(pilot)
        if test():
            return
        await asyncio.sleep(0.05)
    raise AssertionError("the screen did not get there")


async def open_detail(pilot: Pilot[None], code: str) -> ReviewDetailScreen:
    app = pilot.app
    assert isinstance(app, InspectApp)
    table = app.screen.query_one("#queue", DataTable)
    table.move_cursor(row=table.get_row_index(code))
    await pilot.press("enter")
    await wait_for(pilot, lambda: isinstance(app.screen, ReviewDetailScreen))
    screen = app.screen
    assert isinstance(screen, ReviewDetailScreen)
    await wait_for(pilot, lambda: screen.detail is not None)
    return screen


async def overturn_to_reject(pilot: Pilot[None], code: str) -> OverrideDialog:
    """Open ``code``'s detail and ask to overturn it to a reject for a worn sole (Enter pressed)."""
    await open_detail(pilot, code)
    await pilot.press("o")
    await pilot.pause()
    dialog = pilot.app.screen
    assert isinstance(dialog, OverrideDialog)
    reject = next(b for b in dialog.query("RadioButton") if b.name == "reject")
    reject.value = True  # type: ignore[attr-defined]
    dialog.query_one("#reasons", SelectionList).select("USED_OR_WORN")
    await pilot.pause()
    await type_text(pilot, "sole is worn")
    await pilot.press("enter")
    return dialog


async def test_a_wrong_pin_is_refused_and_the_right_one_opens_the_queue(
    desk_app: InspectApp, bench: Bench
) -> None:
    app = desk_app
    async with app.run_test(size=(160, 45)) as pilot:
        await enter_desk(pilot, pin="0000")
        dialog = app.screen
        assert isinstance(dialog, SupervisorSignIn)
        problem = str(dialog.query_one("#problem", Static).render())
        assert "PIN" in problem
        assert dialog.query_one("#pin").value == ""  # type: ignore[attr-defined]
        await type_text(pilot, DEMO_SUPERVISOR_PIN)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReviewQueueScreen)
        assert app.supervisor.desk is not None and app.supervisor.desk.operator == "sam"
        assert sorted(queue_codes(app)) == sorted([bench.empty, bench.escalated])
        assert bench.accepted not in queue_codes(app)


async def test_a_clerks_badge_does_not_open_the_desk(desk_app: InspectApp) -> None:
    app = desk_app
    async with app.run_test(size=(160, 45)) as pilot:
        await enter_desk(pilot, name="OP:alice", pin="1234")
        assert isinstance(app.screen, SupervisorSignIn)
        assert "supervisor" in str(app.screen.query_one("#problem", Static).render()).lower()
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ScanScreen)
        assert app.supervisor.desk is None


async def test_filters_and_sorting_work_from_the_keyboard(
    desk_app: InspectApp, bench: Bench
) -> None:
    app = desk_app
    async with app.run_test(size=(160, 45)) as pilot:
        await enter_desk(pilot)
        screen = app.screen
        assert isinstance(screen, ReviewQueueScreen)
        reason = screen.query_one("#reason", Select)
        reason.value = "EMPTY_PARCEL"
        await settle(pilot)
        assert queue_codes(app) == [bench.empty]
        summary = str(screen.query_one("#queue-summary", Static).render())
        assert "2 waiting" in summary and "1 shown" in summary
        reason.clear()
        await settle(pilot)
        assert len(queue_codes(app)) == 2
        await pilot.press("s")  # by inspection code
        await settle(pilot)
        assert queue_codes(app) == sorted([bench.empty, bench.escalated])
        await pilot.press("v")
        await settle(pilot)
        assert queue_codes(app) == sorted([bench.empty, bench.escalated], reverse=True)


async def test_a_bad_day_in_the_filter_is_a_message(desk_app: InspectApp, bench: Bench) -> None:
    app = desk_app
    async with app.run_test(size=(160, 45)) as pilot:
        await enter_desk(pilot)
        await pilot.press("slash")
        await pilot.press("ctrl+a", "ctrl+k")
        await type_text(pilot, "2026-13-01")
        await pilot.press("enter")
        await settle(pilot)
        assert "2026-13-01" in status_text(app)
        assert len(queue_codes(app)) == 2


async def test_approve_from_the_detail_takes_it_out_of_the_queue(
    desk_app: InspectApp,
    bench: Bench,
    reviewer: ReviewDesk,
) -> None:
    app = desk_app
    async with app.run_test(size=(160, 45)) as pilot:
        await enter_desk(pilot)
        detail = await open_detail(pilot, bench.empty)
        story = str(detail.query_one("#story-head", Static).render())
        assert bench.empty in story and "Reject" in story
        timeline = detail.query_one("#story-timeline", DataTable)
        assert timeline.row_count >= 5
        await pilot.press("a")
        await pilot.pause()
        await type_text(pilot, "box was empty on video")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ReviewQueueScreen))
        await wait_for(pilot, lambda: queue_codes(app) == [bench.escalated])
    stored = reviewer.detail(bench.empty)
    assert stored.review_state == "approved"
    assert stored.review is not None
    assert (stored.review.by, stored.review.comment) == ("sam", "box was empty on video")


async def test_overturn_replaces_the_clerks_decision(
    desk_app: InspectApp,
    bench: Bench,
    reviewer: ReviewDesk,
) -> None:
    app = desk_app
    async with app.run_test(size=(160, 45)) as pilot:
        await enter_desk(pilot)
        await open_detail(pilot, bench.escalated)
        await pilot.press("o")
        await pilot.pause()
        dialog = app.screen
        accept = next(b for b in dialog.query("RadioButton") if b.name == "accept")
        accept.value = True  # type: ignore[attr-defined]
        await pilot.pause()
        await type_text(pilot, "seller sent the wrong size")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ReviewQueueScreen))
    stored = reviewer.detail(bench.escalated)
    assert stored.review_state == "overturned"
    assert stored.view.decision is not None and stored.view.decision.outcome == "accept"


async def test_a_refused_overturn_keeps_the_dialog_and_says_what_is_missing(
    desk_app: InspectApp,
    bench: Bench,
    reviewer: ReviewDesk,
) -> None:
    app = desk_app
    async with app.run_test(size=(160, 45)) as pilot:
        await enter_desk(pilot)
        dialog = await overturn_to_reject(pilot, bench.escalated)

        def refused() -> bool:
            text = str(dialog.query_one("#problem", Static).render())
            return "still needed" in text

        await wait_for(pilot, refused)
        assert app.screen is dialog
        problem = str(dialog.query_one("#problem", Static).render())
        assert "a photo of the item and its accessories" in problem
        assert "item_photo" not in problem and "USED_OR_WORN" not in problem
        assert dialog.query_one("#justification", Input).value == "sole is worn"
        assert dialog.outcome == "reject"
        assert dialog.query_one("#reasons", SelectionList).selected == ["USED_OR_WORN"]
        assert not dialog.query_one("#submit", Button).disabled
        # corrected in place: an accept needs no photo
        accept = next(b for b in dialog.query("RadioButton") if b.name == "accept")
        accept.value = True  # type: ignore[attr-defined]
        await pilot.pause()
        dialog.query_one("#justification", Input).focus()
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ReviewQueueScreen))
    stored = reviewer.detail(bench.escalated)
    assert stored.review_state == "overturned"
    assert stored.view.decision is not None and stored.view.decision.outcome == "accept"


async def test_reopen_sends_it_back_and_needs_a_comment(
    desk_app: InspectApp,
    bench: Bench,
    reviewer: ReviewDesk,
) -> None:
    app = desk_app
    async with app.run_test(size=(160, 45)) as pilot:
        await enter_desk(pilot)
        await open_detail(pilot, bench.empty)
        await pilot.press("r")
        await pilot.pause()
        await pilot.press("enter")  # no comment: refused by the dialog
        await pilot.pause()
        assert "note" in str(app.screen.query_one("#problem", Static).render()).lower()
        await type_text(pilot, "weigh it again")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ReviewQueueScreen))
    stored = reviewer.detail(bench.empty)
    assert stored.review_state == "reopened"
    assert stored.view.status == "open"


async def test_the_evidence_pack_is_written_from_the_detail(
    desk_app: InspectApp,
    bench: Bench,
    demo: DemoStore,
) -> None:
    app = desk_app
    async with app.run_test(size=(160, 45)) as pilot:
        await enter_desk(pilot)
        await open_detail(pilot, bench.empty)
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("enter")  # the offered path
        target = demo.data_dir / "evidence-packs" / f"{bench.empty}.zip"
        await wait_for(pilot, lambda: "Evidence pack written" in status_text(app))
    with zipfile.ZipFile(target) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        names = set(archive.namelist())
    assert manifest["inspection"]["code"] == manifest["pack"]["inspection"] == bench.empty
    assert {entry["path"] for entry in manifest["files"]} <= names


async def test_the_desk_closes_itself_when_left_alone(desk_app: InspectApp, bench: Bench) -> None:
    app = desk_app
    async with app.run_test(size=(160, 45)) as pilot:
        await enter_desk(pilot)
        assert isinstance(app.screen, ReviewQueueScreen)
        before = app.supervisor.last_input
        await pilot.press("v")  # any key counts as the supervisor being there
        assert app.supervisor.last_input > before
        app.supervisor.idle_seconds = 0.5  # instead of the policy's minutes
        await wait_for(pilot, lambda: isinstance(app.screen, ScanScreen), timeout=10)
        assert app.supervisor.desk is None
        assert any("without a key" in n.message for n in app._notifications)


async def test_f12_leaves_the_desk_and_the_bench_is_as_it_was(
    desk_app: InspectApp, bench: Bench
) -> None:
    app = desk_app
    async with app.run_test(size=(160, 45)) as pilot:
        await enter_desk(pilot)
        await open_detail(pilot, bench.empty)
        await pilot.press("f12")
        await settle(pilot)
        assert isinstance(app.screen, ScanScreen)
        assert app.supervisor.desk is None
        assert app.workstation is not None and app.workstation.operator == "alice"


SnapCompare = Callable[..., bool]


def test_queue_snapshot(
    snap_compare: SnapCompare,
    desk_app: InspectApp,
    bench: Bench,
) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await enter_desk(pilot)
        pilot.app.clear_notifications()
        await pilot.pause()

    app = desk_app
    assert snap_compare(app, terminal_size=(150, 30), run_before=run_before)


def test_detail_snapshot(
    snap_compare: SnapCompare,
    desk_app: InspectApp,
    bench: Bench,
) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await enter_desk(pilot)
        await open_detail(pilot, bench.empty)
        pilot.app.clear_notifications()
        await pilot.pause()

    app = desk_app
    assert snap_compare(app, terminal_size=(150, 50), run_before=run_before)


def test_queue_snapshot_at_80x24(
    snap_compare: SnapCompare,
    desk_app: InspectApp,
    bench: Bench,
) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await enter_desk(pilot)
        pilot.app.clear_notifications()
        await pilot.pause()

    assert snap_compare(desk_app, terminal_size=(80, 24), run_before=run_before)


def test_detail_snapshot_at_80x24(
    snap_compare: SnapCompare,
    desk_app: InspectApp,
    bench: Bench,
) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await enter_desk(pilot)
        await open_detail(pilot, bench.empty)
        pilot.app.clear_notifications()
        await pilot.pause()

    assert snap_compare(desk_app, terminal_size=(80, 24), run_before=run_before)


def test_overturn_dialog_snapshot_at_80x24(
    snap_compare: SnapCompare,
    desk_app: InspectApp,
    bench: Bench,
) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await enter_desk(pilot)
        await open_detail(pilot, bench.escalated)
        await pilot.press("o")
        await pilot.pause()
        pilot.app.clear_notifications()
        await pilot.pause()

    assert snap_compare(desk_app, terminal_size=(80, 24), run_before=run_before)


async def test_at_80_columns_the_queue_fits_the_screen_and_widens_with_it(
    desk_app: InspectApp, bench: Bench
) -> None:
    app = desk_app
    async with app.run_test(size=(80, 24)) as pilot:
        await enter_desk(pilot)
        table = app.screen.query_one("#queue", DataTable)
        assert [str(column.label) for column in table.ordered_columns] == [
            "Completed", "Inspection", "Outcome", "Reasons", "At stake",
        ]  # fmt: skip
        assert table.virtual_size.width <= table.scrollable_content_region.width
        assert queue_codes(app) == [bench.empty, bench.escalated]
        await pilot.resize_terminal(160, 40)
        await wait_for(pilot, lambda: len(table.ordered_columns) == 10)
        assert table.virtual_size.width <= table.scrollable_content_region.width
        assert queue_codes(app) == [bench.empty, bench.escalated]


def jacket_came_back_empty(connect: Callable[[str], Workstation], photo: Path) -> str:
    """Alice rejects another parcel (TM-RF-55120, a down jacket, came back at 80 g)."""
    workstation = connect("alice")
    try:
        view = workstation.open_parcel(EMPTY)
        view = workstation.record_weight(view.inspection_id, 80)
        workstation.attach_evidence(view.inspection_id, photo, "scale_photo")
        workstation.attach_evidence(view.inspection_id, photo, "open_box_photo")
        workstation.decide(view.inspection_id)
        return workstation.complete(view.inspection_id).code
    finally:
        workstation.close()


def review_counts(screen: Any) -> dict[str, int]:
    """The dashboard's parcels by review state, as it last read them."""
    return {count.name: count.count for count in screen.figures.review}


async def test_the_desks_screens_are_built_once_and_read_afresh_on_every_visit(
    desk_app: InspectApp,
    bench: Bench,
    connect: Callable[[str], Workstation],
    tmp_path: Path,
) -> None:
    from inspect_tui.ui.screens.dashboard import DashboardScreen

    app = desk_app
    photo = tmp_path / "bench.jpg"

    def dashboard_read() -> bool:
        screen = app.screen
        return (
            isinstance(screen, DashboardScreen)
            and not screen.busy
            and screen.figures is not None
            and screen.offenders is not None
        )

    async with app.run_test(size=(160, 45)) as pilot:
        await enter_desk(pilot)
        queue = app.screen
        assert queue_codes(app) == [bench.empty, bench.escalated]
        await open_detail(pilot, bench.empty)
        await pilot.press("a")
        await pilot.pause()
        await type_text(pilot, "box was empty on video")
        await pilot.press("enter")
        await wait_for(pilot, lambda: queue_codes(app) == [bench.escalated])
        assert app.screen is queue
        await pilot.press("d")
        await wait_for(pilot, dashboard_read)
        dashboard = app.screen
        assert isinstance(dashboard, DashboardScreen) and dashboard.figures is not None
        assert dashboard.figures.completed == 3
        assert review_counts(dashboard) == {"pending": 1, "approved": 1, "none": 1}
        await pilot.press("m")
        await wait_for(pilot, lambda: dashboard_read() and "30 days" in str(app.screen.title))
        # Meanwhile alice rejects another parcel at the bench.
        another = jacket_came_back_empty(connect, photo)
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is queue)
        await wait_for(pilot, lambda: queue_codes(app) == [bench.escalated, another])
        await pilot.press("d")
        await wait_for(pilot, dashboard_read)
        assert app.screen is dashboard, "the session's dashboard is shown again, not rebuilt"
        assert dashboard.title == "Desk figures · Today"
        assert dashboard.figures is not None and dashboard.figures.completed == 4
        assert review_counts(dashboard) == {"pending": 2, "approved": 1, "none": 1}
        # Leaving the desk takes its screens along; the next session builds its own.
        await pilot.press("f12")
        await wait_for(pilot, lambda: isinstance(app.screen, ScanScreen))
        assert not queue.is_attached and not dashboard.is_attached
        await enter_desk(pilot)
        await wait_for(pilot, lambda: queue_codes(app) == [bench.escalated, another])
        assert app.screen is not queue
        await pilot.press("d")
        await wait_for(pilot, dashboard_read)
        assert app.screen is not dashboard


async def test_the_queue_opens_the_dashboard_and_the_export(
    desk_app: InspectApp, bench: Bench
) -> None:
    from inspect_tui.ui.screens.dashboard import DashboardScreen
    from inspect_tui.ui.screens.export_screen import ExportScreen

    app = desk_app
    async with app.run_test(size=(160, 45)) as pilot:
        await enter_desk(pilot)
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, ExportScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ReviewQueueScreen)


async def test_the_appeal_kit_is_written_from_the_detail(
    desk_app: InspectApp, bench: Bench, demo: DemoStore
) -> None:
    app = desk_app
    async with app.run_test(size=(160, 45)) as pilot:
        await enter_desk(pilot)
        await open_detail(pilot, bench.empty)
        await pilot.press("k")
        await pilot.pause()
        await pilot.press("enter")  # the parcel's own platform, offered
        await wait_for(pilot, lambda: "Appeal kit written" in status_text(app), timeout=30)
    folder = demo.data_dir / "appeal-kits" / f"{bench.empty}-taobao"
    manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
    assert manifest["kit"] == manifest["kit"] | {"inspection": bench.empty, "platform": "taobao"}
    assert "空包" in (folder / "statement.txt").read_text("utf-8")


async def test_the_appeal_case_is_recorded_from_the_detail_and_shown_on_the_dashboard(
    desk_app: InspectApp, bench: Bench, reviewer: ReviewDesk
) -> None:
    from inspect_tui.ui.screens.dashboard import DashboardScreen

    app = desk_app
    async with app.run_test(size=(160, 45)) as pilot:
        await enter_desk(pilot)
        await open_detail(pilot, bench.empty)
        await pilot.press("c")
        await pilot.pause()
        await type_text(pilot, "TB-CASE-42")
        await pilot.press("enter")
        await wait_for(pilot, lambda: "Appeal TB-CASE-42 on taobao" in status_text(app))
        assert "submitted" in status_text(app)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("d")
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen))
        box = app.screen.query_one("#appeals", Static)
        await wait_for(pilot, lambda: "submitted 1" in str(box.render()))
        assert "Due within 48 h: 0" in str(box.render())  # taobao gives 72 h
    summary = reviewer.appeals()
    assert [(item.code, item.case_ref, item.recorded_by) for item in summary.appeals] == [
        (bench.empty, "TB-CASE-42", "sam")
    ]


class SlowQueueDesk(ReviewDesk):
    """A real desk whose queue read waits until the test lets it go on."""

    go_on: threading.Event

    def pending(self, *args: Any, **kwargs: Any) -> tuple[PendingReview, ...]:
        self.go_on.wait(timeout=30)
        return super().pending(*args, **kwargs)


@pytest.mark.parametrize("size", [(160, 45), (80, 24)])
async def test_the_queue_says_it_is_loading_until_the_parcels_are_read(
    connect: Callable[[str], Workstation], demo: DemoStore, bench: Bench, size: tuple[int, int]
) -> None:
    go_on = threading.Event()

    def slow_connect(name: str, pin: str) -> ReviewDesk:
        desk = SlowQueueDesk.connect(
            demo.db_url, operator=name, pin=pin, data_dir=demo.data_dir,
            clock=lambda: NOW, tz=UTC,
        )  # fmt: skip
        assert isinstance(desk, SlowQueueDesk)
        desk.go_on = go_on
        return desk

    app = build_app(connect, operator="alice", tz=UTC, review_connect=slow_connect)
    try:
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            await pilot.press("f12")
            await pilot.pause()
            await type_text(pilot, "sam")
            await pilot.press("enter")
            await type_text(pilot, DEMO_SUPERVISOR_PIN)
            await pilot.press("enter")
            for _ in range(300):  # the app is busy reading: wait for the screen, not for idle
                if isinstance(app.screen, ReviewQueueScreen):
                    break
                await pilot.pause(0.05)
            screen = app.screen
            assert isinstance(screen, ReviewQueueScreen)
            await pilot.pause()
            summary = screen.query_one("#queue-summary", Static)
            assert str(summary.render()).startswith("Loading…")
            assert screen.query_one("#queue", DataTable).row_count == 0
            go_on.set()
            await wait_for(pilot, lambda: "2 waiting" in str(summary.render()))
            assert screen.query_one("#queue", DataTable).row_count == 2
    finally:
        go_on.set()


async def test_the_supervisor_screens_name_the_supervisor(
    desk_app: InspectApp, bench: Bench
) -> None:
    from inspect_tui.ui.screens.dashboard import DashboardScreen
    from inspect_tui.ui.screens.export_screen import ExportScreen

    app = desk_app

    def header_text() -> str:
        return app.screen.query_one(Header).format_title().plain

    async with app.run_test(size=(160, 45)) as pilot:
        await enter_desk(pilot)
        assert "alice" in app.sub_title  # the bench stays signed in underneath
        assert "sam" in header_text() and "alice" not in header_text()
        await open_detail(pilot, bench.empty)
        assert "sam" in header_text() and "alice" not in header_text()
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ReviewQueueScreen))
        await pilot.press("d")
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen))
        assert "sam" in header_text() and "alice" not in header_text()
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ReviewQueueScreen))
        await pilot.press("x")
        await wait_for(pilot, lambda: isinstance(app.screen, ExportScreen))
        assert "sam" in header_text() and "alice" not in header_text()


@pytest.mark.parametrize("size", [(80, 24), (120, 30)])
async def test_the_detail_scrolls_from_the_keyboard_without_tab(
    desk_app: InspectApp, bench: Bench, size: tuple[int, int]
) -> None:
    app = desk_app
    async with app.run_test(size=size) as pilot:
        await enter_desk(pilot)
        detail = await open_detail(pilot, bench.empty)
        await settle(pilot)
        story = detail.query_one(ReviewStory)
        assert story.max_scroll_y > 0  # longer than the screen
        await pilot.press("down")
        await settle(pilot)
        assert story.scroll_y == 1
        await pilot.press("pagedown")
        await settle(pilot)
        assert story.scroll_y > 1
        await pilot.press("end")
        await settle(pilot)
        assert story.scroll_y == story.max_scroll_y
        await pilot.press("home")
        await settle(pilot)
        assert story.scroll_y == 0


class HeldOffendersDesk(ReviewDesk):
    """A real desk whose repeat-offender read waits until the test lets it go on."""

    go_on: threading.Event

    def repeat_offenders(self, *args: Any, **kwargs: Any) -> tuple[RepeatOffender, ...]:
        self.go_on.wait(timeout=30)
        return super().repeat_offenders(*args, **kwargs)


async def test_a_read_that_ends_after_the_desk_closed_is_dropped(
    connect: Callable[[str], Workstation], demo: DemoStore, bench: Bench
) -> None:
    from inspect_tui.ui.screens.dashboard import DashboardScreen

    go_on = threading.Event()

    def held_connect(name: str, pin: str) -> ReviewDesk:
        desk = HeldOffendersDesk.connect(
            demo.db_url, operator=name, pin=pin, data_dir=demo.data_dir,
            clock=lambda: NOW, tz=UTC,
        )  # fmt: skip
        assert isinstance(desk, HeldOffendersDesk)
        desk.go_on = go_on
        return desk

    app = build_app(connect, operator="alice", tz=UTC, review_connect=held_connect)
    try:
        async with app.run_test(size=(160, 45)) as pilot:
            await enter_desk(pilot)
            await pilot.press("d")
            for _ in range(300):  # the offenders are held: wait for the figures, not for idle
                screen = app.screen
                if isinstance(screen, DashboardScreen) and screen.figures is not None:
                    break
                await pilot.pause(0.05)
            dashboard = app.screen
            assert isinstance(dashboard, DashboardScreen) and dashboard.busy
            await pilot.press("f12")  # the supervisor leaves while the offenders are read
            go_on.set()
            await wait_for(pilot, lambda: isinstance(app.screen, ScanScreen))
            await settle(pilot)
            assert app.is_running and not dashboard.is_attached
            assert isinstance(app.screen, ScanScreen)
    finally:
        go_on.set()
