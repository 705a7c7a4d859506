"""Snapshots of the clerk's main screens (fixed clock, UTC, demo data): layout and colours.

Regenerate with ``pytest tests/ui/test_snapshots.py --snapshot-update`` after checking the
new SVGs by eye.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from textual.pilot import Pilot

from inspect_tui.ui.app import InspectApp

from .helpers import EMPTY, HAPPY, HAPPY_GTIN, SMARTWATCH_GTIN, SWAP, scan, settle

SnapCompare = Callable[..., bool]


def steps(*codes: str, keys: tuple[str, ...] = ()) -> Callable[[Pilot[None]], Awaitable[None]]:
    """Sign in, scan ``codes``, press ``keys``, then clear the toasts (they time out)."""

    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        for code in codes:
            await scan(pilot, code)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        pilot.app.clear_notifications()
        await pilot.pause()

    return run_before


def test_scan_screen_with_todays_parcels(snap_compare: SnapCompare, app: InspectApp) -> None:
    assert snap_compare(app, terminal_size=(120, 40), run_before=steps(HAPPY, "520", keys=("f10",)))


def test_parcel_card(snap_compare: SnapCompare, app: InspectApp) -> None:
    assert snap_compare(app, terminal_size=(120, 40), run_before=steps(HAPPY))


def test_contents_with_a_swapped_item_and_a_wrong_serial(
    snap_compare: SnapCompare, app: InspectApp
) -> None:
    assert snap_compare(
        app,
        terminal_size=(120, 40),
        run_before=steps(SWAP, "515", SMARTWATCH_GTIN, HAPPY_GTIN, "HP100-2411-99999"),
    )


def test_decision_on_an_empty_parcel(snap_compare: SnapCompare, app: InspectApp) -> None:
    assert snap_compare(
        app,
        terminal_size=(120, 40),
        run_before=steps(EMPTY, "80", "CMD:NEXT", "CMD:NEXT", "CMD:NEXT", "CMD:NEXT"),
    )


def test_weigh_step_on_a_small_terminal(snap_compare: SnapCompare, app: InspectApp) -> None:
    assert snap_compare(app, terminal_size=(100, 30), run_before=steps(EMPTY, "80"))


def test_contents_on_a_large_terminal_shows_the_card_beside(
    snap_compare: SnapCompare, app: InspectApp
) -> None:
    assert snap_compare(
        app,
        terminal_size=(200, 60),
        run_before=steps(HAPPY, "520", HAPPY_GTIN, "HP100-2411-00871"),
    )
