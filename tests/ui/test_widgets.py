"""Widgets on their own: photo previews that fail safely, and taking over another bench's parcel."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC
from pathlib import Path

from textual.app import App, ComposeResult
from textual.widget import Widget
from textual.widgets import Static

from inspect_tui.services.inspecting.workstation import Workstation
from inspect_tui.services.shared.views import EvidenceView, InspectionView
from inspect_tui.ui.app import InspectApp, build_app
from inspect_tui.ui.screens.scan import ScanScreen
from inspect_tui.ui.widgets.photo_strip import PhotoStrip

from .helpers import HAPPY, inspect_screen, scan, settle, status_text


def photo(path: Path) -> EvidenceView:
    return EvidenceView(1, "pre_shipment", path, "0" * 64, 10, path.name, None)


class StripApp(App[None]):
    def __init__(self, strip: PhotoStrip) -> None:
        super().__init__()
        self.strip = strip

    def compose(self) -> ComposeResult:
        yield self.strip


async def test_a_missing_photo_is_listed_as_missing_not_an_error(tmp_path: Path) -> None:
    there = tmp_path / "there.jpg"
    there.write_bytes(b"not really a jpeg")
    made: list[Path] = []

    def factory(path: Path) -> Widget:
        made.append(path)
        return Static(f"image of {path.name}")

    strip = PhotoStrip("Pre-shipment photos", [photo(there), photo(tmp_path / "gone.jpg")], factory)
    app = StripApp(strip)
    async with app.run_test() as pilot:
        await pilot.pause()
        listing = str(strip.query_one(".photo-strip--list", Static).content)
        assert listing == "Pre-shipment photos: there.jpg, gone.jpg (photo missing)"
        assert made == [there]  # no preview attempted for the missing one


async def test_an_unreadable_photo_says_so_instead_of_crashing(tmp_path: Path) -> None:
    broken = tmp_path / "broken.jpg"
    broken.write_bytes(b"\x00")

    def factory(path: Path) -> Widget:
        raise OSError("cannot identify image file")

    strip = PhotoStrip("Pre-shipment photos", [photo(broken)], factory)
    app = StripApp(strip)
    async with app.run_test() as pilot:
        await pilot.pause()
        shown = [
            str(widget.content)
            for widget in strip.query(".photo-strip--unreadable").results(Static)
        ]
        assert shown == ["broken.jpg: cannot show this photo (cannot identify image file)"]


async def test_a_parcel_open_at_another_bench_can_be_taken_over(
    connect: Callable[[str], Workstation],
    demo_connect_elsewhere: Callable[[], Workstation],
    reread: Callable[[int], InspectionView],
) -> None:
    elsewhere = demo_connect_elsewhere()
    try:
        other = elsewhere.open_parcel(HAPPY)
    finally:
        elsewhere.close()

    app: InspectApp = build_app(connect, operator="alice", tz=UTC)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await scan(pilot, HAPPY)
        assert isinstance(app.screen, ScanScreen)
        assert "bench-2" in status_text(app) and "F5" in status_text(app)

        await pilot.press("f5")
        await settle(pilot)
        assert inspect_screen(app).view.code == other.code
        assert reread(other.inspection_id).station == "bench-1"
