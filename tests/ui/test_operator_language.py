"""The bench switches to the signed-in operator's language, and back for the next one."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static

from inspect_tui.services.demo import DEMO_SUPERVISOR_PIN, DemoStore
from inspect_tui.services.review.operators import Supervisor, set_operator_language
from inspect_tui.store.engine import make_engine
from inspect_tui.ui.app import InspectApp
from inspect_tui.ui.widgets.scan_field import ScanField

from .helpers import HAPPY, hotkey, inspect_screen, scan, settle, status_text


def unit_word(app: InspectApp) -> str:
    return str(inspect_screen(app).query_one(".weight-panel--unit", Static).content)


def title(app: InspectApp) -> str:
    return str(app.screen.query_one("#scan-title", Static).content)


async def test_alice_works_in_chinese_on_an_english_desk_and_sam_in_english(
    demo: DemoStore, app: InspectApp, tmp_path: Path
) -> None:
    engine = make_engine(demo.db_url)
    try:
        set_operator_language(engine, "alice", "zh_CN", by=Supervisor("sam", DEMO_SUPERVISOR_PIN))
    finally:
        engine.dispose()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert title(app) == "扫描退货包裹"
        assert app.screen.query_one(ScanField).prompt == "包裹"

        await scan(pilot, HAPPY)
        assert unit_word(app) == "克"
        await hotkey(pilot, "f10")

        await scan(pilot, "OP:sam")  # sam takes the bench: alice's open parcel comes back
        assert status_text(app).endswith(": it was left open at this bench.")
        assert unit_word(app) == "grams"
        assert app.screen.query_one(ScanField).prompt == "Weight/unit"
        await hotkey(pilot, "f10")
        assert title(app) == "Scan a return parcel"
        assert app.screen.query_one(ScanField).prompt == "Parcel"
