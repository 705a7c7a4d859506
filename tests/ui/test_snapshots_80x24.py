"""Every screen of the desk at 80×24 (a laptop's default terminal, an SSH session).

Clerk and supervisor screens alike must read without wrapped words or controls cut off at the
edge; long screens scroll. Regenerate with ``--snapshot-update`` after checking the SVGs by eye.
"""

from __future__ import annotations

from collections.abc import Callable

from inspect_tui.ui.app import InspectApp

from .helpers import EMPTY, HAPPY, HAPPY_GTIN, SMARTWATCH_GTIN, SWAP
from .test_snapshots import steps

SnapCompare = Callable[..., bool]
SMALL = (80, 24)


def test_scan_screen(snap_compare: SnapCompare, app: InspectApp) -> None:
    assert snap_compare(app, terminal_size=SMALL, run_before=steps(HAPPY, "520", keys=("f10",)))


def test_parcel_card(snap_compare: SnapCompare, app: InspectApp) -> None:
    assert snap_compare(app, terminal_size=SMALL, run_before=steps(HAPPY))


def test_contents(snap_compare: SnapCompare, app: InspectApp) -> None:
    assert snap_compare(
        app,
        terminal_size=SMALL,
        run_before=steps(SWAP, "515", SMARTWATCH_GTIN, HAPPY_GTIN, "HP100-2411-99999"),
    )


def test_decision(snap_compare: SnapCompare, app: InspectApp) -> None:
    assert snap_compare(
        app,
        terminal_size=SMALL,
        run_before=steps(EMPTY, "80", "CMD:NEXT", "CMD:NEXT", "CMD:NEXT", "CMD:NEXT"),
    )
