"""A photo the bench camera writes into the inbox reaches the open parcel by itself."""

from __future__ import annotations

from pathlib import Path

from PIL import Image

from inspect_tui.services.demo import DemoStore
from inspect_tui.ui.app import InspectApp

from .helpers import EMPTY, inspect_screen, scan, settle, status_text, wait_until


async def test_a_new_photo_in_the_inbox_is_offered_without_a_key(
    app: InspectApp, demo: DemoStore, tmp_path: Path
) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await scan(pilot, EMPTY)
        await scan(pilot, "35")  # an empty parcel: the rules want photos
        screen = inspect_screen(app)
        wanted = screen.view.suggested.missing_evidence[0][1]
        shot = tmp_path / "bench_0001.jpg"
        Image.new("RGB", (64, 48), (90, 140, 200)).save(shot, "JPEG")
        shot.replace(demo.data_dir / "inbox" / "bench-1" / "bench_0001.jpg")  # the camera's write

        await wait_until(pilot, lambda: "New photo bench_0001.jpg" in status_text(app), "offered")
        await settle(pilot)
        assert screen.photos is not None and screen.photos[screen.state.photo_index].name == (
            "bench_0001.jpg"
        )
        assert screen.kind == wanted
        await scan(pilot, "CMD:PHOTO")  # to the Evidence step
        await scan(pilot, "CMD:PHOTO")  # and attach it
        assert any(item.kind == wanted for item in screen.view.evidence)
