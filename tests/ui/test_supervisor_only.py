"""The supervisor desk alone (``inspect-tui desk``, each tab of ``inspect-tui serve``).

There is no bench behind it: the app starts at the supervisor's badge and PIN, comes back to
them when the desk is left or closes itself after the idle time, and Cancel ends the session.
The served extras (photos and evidence packs handed to the browser) stay out of a terminal.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC
from pathlib import Path

import pytest
from PIL import Image
from textual.pilot import Pilot

from inspect_tui.services.demo import DEMO_SUPERVISOR_PIN, DemoStore
from inspect_tui.services.inspecting.workstation import Workstation
from inspect_tui.services.review.desk import ReviewDesk
from inspect_tui.ui.app import InspectApp, build_app
from inspect_tui.ui.screens.review_detail import ReviewDetailScreen
from inspect_tui.ui.screens.review_queue import ReviewQueueScreen
from inspect_tui.ui.screens.supervisor_sign_in import SupervisorSignIn
from stories import empty_parcel_reject

from .helpers import NOW, settle
from .test_supervisor import open_detail, type_text, wait_for


@pytest.fixture
def waiting(connect: Callable[[str], Workstation], tmp_path: Path) -> str:
    """Alice leaves an empty parcel for review; its inspection code."""
    photo = tmp_path / "bench.jpg"
    Image.new("RGB", (32, 24), (200, 120, 40)).save(photo, "JPEG")
    workstation = connect("alice")
    try:
        return empty_parcel_reject(workstation, photo)
    finally:
        workstation.close()


@pytest.fixture
def desk_alone(demo: DemoStore, connect: Callable[[str], Workstation]) -> InspectApp:
    """What ``inspect-tui desk`` builds."""

    def review_connect(name: str, pin: str) -> ReviewDesk:
        return ReviewDesk.connect(
            demo.db_url, operator=name, pin=pin, data_dir=demo.data_dir,
            clock=lambda: NOW, tz=UTC,
        )  # fmt: skip

    return build_app(connect, tz=UTC, review_connect=review_connect, supervisor_only=True)


async def sign_in(pilot: Pilot[None], pin: str = DEMO_SUPERVISOR_PIN) -> None:
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, SupervisorSignIn))
    await type_text(pilot, "sam")
    await pilot.press("tab")
    await type_text(pilot, pin)
    await pilot.press("enter")
    await settle(pilot)


async def test_the_desk_alone_starts_at_the_pin_and_comes_back_to_it(
    desk_alone: InspectApp, waiting: str
) -> None:
    app = desk_alone
    async with app.run_test(size=(160, 45)) as pilot:
        await sign_in(pilot)
        assert isinstance(app.screen, ReviewQueueScreen)
        assert app.workstation is None  # nobody signed in at a bench
        await pilot.press("f12")
        await settle(pilot)
        assert isinstance(app.screen, SupervisorSignIn)
        assert app.supervisor.desk is None
        await sign_in(pilot)
        assert isinstance(app.screen, ReviewQueueScreen)
        app.supervisor.idle_seconds = 0.5
        await wait_for(pilot, lambda: isinstance(app.screen, SupervisorSignIn))
        assert app.supervisor.desk is None


async def test_cancel_at_the_pin_ends_the_desk_alone(desk_alone: InspectApp) -> None:
    app = desk_alone
    async with app.run_test(size=(160, 45)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, SupervisorSignIn))
        await pilot.press("escape")
        await pilot.pause()
    assert app.return_code == 0
    assert not app.is_running


async def test_in_a_terminal_the_detail_offers_no_browser_photos(
    desk_alone: InspectApp, waiting: str
) -> None:
    app = desk_alone
    async with app.run_test(size=(160, 45)) as pilot:
        await sign_in(pilot)
        screen = await open_detail(pilot, waiting)
        assert isinstance(screen, ReviewDetailScreen)
        assert screen.check_action("photos", ()) is False
        assert screen.check_action("pack", ()) is True
