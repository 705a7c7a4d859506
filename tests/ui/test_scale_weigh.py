"""The Weigh step with a connected scale: the weight comes from the scale, no key pressed.

The scale is simulated at the byte level on a pty (a Toledo-style indicator streaming
``US,GS,…`` while the parcel settles, then ``ST,GS,…``); the app reads it through the real
serial driver, as a station whose scale is ``serial://…?protocol=continuous``.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC
from pathlib import Path

from inspect_tui.services.inspecting.workstation import Workstation
from inspect_tui.services.shared.views import InspectionView
from inspect_tui.ui.app import build_app
from inspect_tui.ui.widgets.weight_panel import WeightPanel
from scale_sim import PtyScale

from .helpers import HAPPY, inspect_screen, scan, settle, status_text, wait_until


class Frames:
    """What the simulated indicator sends next (the test changes it)."""

    def __init__(self, frame: bytes) -> None:
        self.frame = frame

    def __call__(self) -> bytes:
        return self.frame


async def test_a_stable_reading_is_recorded_with_the_scale_as_its_source(
    connect: Callable[[str], Workstation],
    reread: Callable[[int], InspectionView],
    tmp_path: Path,
) -> None:
    port = tmp_path / "ttyScale"
    frames = Frames(b"US,GS,+0000.412kg\r\n")  # in motion: the parcel is still settling
    scale = PtyScale(port, frames)
    spec = f"serial://{port}?protocol=continuous&baud=9600"
    app = build_app(connect, operator="alice", tz=UTC, scale_spec=spec)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await scan(pilot, HAPPY)
            screen = inspect_screen(app)
            panel = screen.query_one(WeightPanel)
            await wait_until(pilot, lambda: "IN MOTION" in panel.scale_text, "motion shown")
            assert "412 g" in panel.scale_text
            assert reread(screen.view.inspection_id).weight_g is None  # motion is never kept

            frames.frame = b"ST,GS,+0000.520kg\r\n"
            await wait_until(
                pilot,
                lambda: reread(screen.view.inspection_id).weight_g is not None,
                "the stable weight recorded",
            )
            await settle(pilot)
            stored = reread(screen.view.inspection_id)
            assert stored.weight_g == 520
            assert stored.weight_source is not None
            assert stored.weight_source.startswith("continuous:")
            assert "Weight from the scale: 520 g" in status_text(app)

            frames.frame = b"ST,GS,+0000.900kg\r\n"  # a hand on the pan later changes nothing
            await asyncio.sleep(0.5)
            await settle(pilot)
            assert reread(screen.view.inspection_id).weight_g == 520
    finally:
        scale.close()


async def test_a_silent_scale_says_so_and_the_clerk_types_the_weight(
    connect: Callable[[str], Workstation],
    reread: Callable[[int], InspectionView],
    tmp_path: Path,
) -> None:
    port = tmp_path / "ttyScale"
    frames = Frames(b"ST,GS,+0000.000kg\r\n")
    scale = PtyScale(port, frames)
    scale.sending = False  # plugged in, but it never answers
    spec = f"serial://{port}?protocol=continuous&baud=9600"
    app = build_app(connect, operator="alice", tz=UTC, scale_spec=spec)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await scan(pilot, HAPPY)
            screen = inspect_screen(app)
            panel = screen.query_one(WeightPanel)
            await wait_until(pilot, lambda: "type the weight" in panel.scale_text, panel.scale_text)
            await scan(pilot, "520")
            stored = reread(screen.view.inspection_id)
            assert (stored.weight_g, stored.weight_source) == (520, "manual")
    finally:
        scale.close()
