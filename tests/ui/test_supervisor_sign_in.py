"""Signing in to the supervisor desk: the queue is ready behind the dialog, shown with its parcels.

The queue screen is built while the dialog waits for the PIN, and read once the PIN is right,
before it is shown: the supervisor's first sight of it already holds the day's parcels.
Same demo store and clerk's parcels as ``test_supervisor``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC
from typing import Any

from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import DataTable

from inspect_tui.services.demo import DEMO_SUPERVISOR_PIN, DemoStore
from inspect_tui.services.inspecting.workstation import Workstation
from inspect_tui.services.review.desk import ReviewDesk
from inspect_tui.services.review.summaries import PendingReview
from inspect_tui.ui.app import InspectApp, build_app
from inspect_tui.ui.screens.review_queue import ReviewQueueScreen
from inspect_tui.ui.screens.scan import ScanScreen
from inspect_tui.ui.screens.supervisor_sign_in import SupervisorSignIn
from inspect_tui.ui.supervisor_mode import QUEUE_SCREEN

from . import test_supervisor as supervisor
from .helpers import NOW, settle
from .test_supervisor import Bench, enter_desk, queue_codes, type_text, wait_for

bench = supervisor.bench
open_review = supervisor.open_review
desk_app = supervisor.desk_app


class CountingDesk(ReviewDesk):
    """A real desk that counts its reads of the queue."""

    reads = 0

    def pending(self, *args: Any, **kwargs: Any) -> tuple[PendingReview, ...]:
        CountingDesk.reads += 1
        return super().pending(*args, **kwargs)


async def give_badge(pilot: Pilot[None]) -> None:
    """The supervisor's name and Enter: the PIN field has the focus."""
    await type_text(pilot, "sam")
    await pilot.press("enter")
    await pilot.pause()
    assert pilot.app.screen.focused is pilot.app.screen.query_one("#pin")


def prepared_queue(app: InspectApp) -> ReviewQueueScreen:
    """The queue built behind the sign-in dialog."""
    queue = app.get_screen(QUEUE_SCREEN)
    assert isinstance(queue, ReviewQueueScreen)
    return queue


async def test_the_queue_is_ready_behind_the_dialog_and_first_shown_with_its_parcels(
    connect: Callable[[str], Workstation], demo: DemoStore, bench: Bench
) -> None:
    def counting_connect(name: str, pin: str) -> ReviewDesk:
        return CountingDesk.connect(
            demo.db_url, operator=name, pin=pin, data_dir=demo.data_dir,
            clock=lambda: NOW, tz=UTC,
        )  # fmt: skip

    CountingDesk.reads = 0
    app = build_app(connect, operator="alice", tz=UTC, review_connect=counting_connect)
    rows_when_shown: list[int] = []

    def screen_changed(screen: Screen[Any]) -> None:
        if isinstance(screen, ReviewQueueScreen):
            rows_when_shown.append(screen.query_one("#queue", DataTable).row_count)

    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        app.screen_change_signal.subscribe(app, screen_changed)
        await pilot.press("f12")
        await pilot.pause()
        assert isinstance(app.screen, SupervisorSignIn)
        assert not app.is_screen_installed(QUEUE_SCREEN)
        await give_badge(pilot)
        # Built and composed while the supervisor types the PIN: not shown, not read.
        queue = prepared_queue(app)
        assert queue.is_mounted and queue not in app.screen_stack
        assert queue.query_one("#queue", DataTable).row_count == 0
        assert CountingDesk.reads == 0
        await type_text(pilot, DEMO_SUPERVISOR_PIN)
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen is queue)
        assert queue_codes(app) == [bench.empty, bench.escalated]
        assert rows_when_shown == [2], "the queue's first sight holds the parcels"
        assert CountingDesk.reads == 1, "read once, before it was shown, not again when shown"
        assert queue.sub_title == "supervisor sam"


async def test_cancelling_the_sign_in_takes_the_queue_built_behind_it_along(
    desk_app: InspectApp, bench: Bench
) -> None:
    app = desk_app
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("f12")
        await pilot.pause()
        await give_badge(pilot)
        queue = prepared_queue(app)
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ScanScreen))
        await pilot.pause()
        assert not queue.is_attached
        assert not app.is_screen_installed(QUEUE_SCREEN)
        assert app.supervisor.desk is None
        # The next sign-in builds a queue of its own and opens on it.
        await enter_desk(pilot)
        await wait_for(pilot, lambda: isinstance(app.screen, ReviewQueueScreen))
        assert app.screen is not queue
        assert queue_codes(app) == [bench.empty, bench.escalated]
