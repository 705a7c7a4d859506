"""Moving between steps, one-key grading and ticking, notes, the palette, and restarts."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC

from textual.widgets import Input

from inspect_tui.services.inspecting.workstation import Workstation
from inspect_tui.services.shared.views import InspectionView
from inspect_tui.ui.app import InspectApp, build_app
from inspect_tui.ui.screens.note_dialog import NoteDialog
from inspect_tui.ui.screens.override_dialog import OverrideDialog
from inspect_tui.ui.screens.scan import ScanScreen
from inspect_tui.ui.widgets.condition_panel import ConditionPanel
from inspect_tui.ui.widgets.contents_panel import ContentsPanel
from inspect_tui.ui.widgets.decision_panel import DecisionPanel
from inspect_tui.ui.widgets.step_bar import StepBar
from inspect_tui.ui.widgets.weight_panel import WeightPanel

from .helpers import (
    CASE_GTIN,
    HAPPY,
    HAPPY_GTIN,
    HAPPY_SERIAL,
    MISSING,
    hotkey,
    inspect_screen,
    scan,
    settle,
    status_text,
)

Reread = Callable[[int], InspectionView]


async def test_a_restarted_app_goes_straight_back_to_the_open_parcel(
    connect: Callable[[str], Workstation], reread: Reread
) -> None:
    first = build_app(connect, operator="alice", tz=UTC)
    async with first.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await scan(pilot, HAPPY)
        await scan(pilot, "520")
        await scan(pilot, HAPPY_GTIN)
        code = inspect_screen(first).view.code

    second = build_app(connect, operator="alice", tz=UTC)
    async with second.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        screen = inspect_screen(second)
        assert status_text(second).startswith(f"Resumed {code}")
        assert screen.view.step == "contents"
        assert HAPPY_GTIN in str(screen.query_one(ContentsPanel).content)
        assert "2 Weigh ✓" in str(screen.query_one(StepBar).content)
        await pilot.press("f2")
        await settle(pilot)
        assert screen.query_one(WeightPanel).banner_text.startswith("WEIGHT OK")


async def test_a_parcel_left_open_is_resumed_when_scanned_again(app: InspectApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await scan(pilot, HAPPY)
        await scan(pilot, "520")
        code = inspect_screen(app).view.code
        await pilot.press("f10")
        await settle(pilot)
        assert isinstance(app.screen, ScanScreen)

        await scan(pilot, HAPPY)
        screen = inspect_screen(app)
        assert screen.view.code == code
        assert status_text(app) == f"Resumed {code}."
        assert screen.view.weight_g == 520


async def test_keys_and_barcodes_move_between_steps_and_the_step_is_recorded(
    app: InspectApp, reread: Reread
) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await scan(pilot, HAPPY)
        screen = inspect_screen(app)
        assert screen.view.step == "card"
        assert "back" not in {b.binding.action for b in screen.active_bindings.values()}

        await pilot.press("f3")
        await settle(pilot)
        assert screen.view.step == "weigh"
        await scan(pilot, "CMD:NEXT")
        assert screen.view.step == "contents"
        await pilot.press("f2")
        await settle(pilot)
        assert screen.view.step == "weigh"
        assert reread(screen.view.inspection_id).step == "weigh"
        await scan(pilot, "CMD:BACK")
        assert screen.view.step == "card"


async def test_grading_checklist_and_note_with_single_keys(app: InspectApp, reread: Reread) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await scan(pilot, MISSING)
        screen = inspect_screen(app)
        await scan(pilot, CASE_GTIN)
        await scan(pilot, CASE_GTIN)
        await scan(pilot, "CMD:NEXT")
        assert screen.view.step == "condition"
        first, second = (unit.unit_id for unit in screen.view.units)
        await pilot.press("up")  # the last scanned is selected: go to the first
        assert screen.selected_unit == first

        await hotkey(pilot, "1")  # seal intact: yes (kept until the grade is given)
        assert "saved with the grade" in str(screen.query_one(ConditionPanel).content)
        await hotkey(pilot, "a")
        assert screen.selected_unit == second  # on to the next ungraded unit
        await hotkey(pilot, "x")

        await pilot.press("f8")
        await pilot.pause()
        assert isinstance(app.screen, NoteDialog)
        app.screen.query_one(Input).value = "Different brand logo on the back"
        await pilot.press("enter")
        await settle(pilot)

        units = reread(screen.view.inspection_id).units
        assert [unit.grade for unit in units] == ["A", "X"]
        assert units[0].checklist.get("seal_intact") is True
        assert units[1].note == "Different brand logo on the back"
        condition = str(screen.query_one(ConditionPanel).content)
        assert "grade A" in condition and "grade X" in condition


async def test_accessories_are_ticked_with_a_key_or_the_tick_barcode(
    app: InspectApp, reread: Reread
) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await scan(pilot, HAPPY)
        screen = inspect_screen(app)
        await scan(pilot, HAPPY_GTIN)
        await scan(pilot, HAPPY_SERIAL)
        assert "[?] charging case" in str(screen.query_one(ContentsPanel).content)

        await hotkey(pilot, "t")
        await scan(pilot, "CMD:TICK")

        contents = str(screen.query_one(ContentsPanel).content)
        assert "[✓] charging case" in contents and "[✓] USB-C cable" in contents
        assert "[ ] manual" in contents
        unit = reread(screen.view.inspection_id).units[0]
        assert unit.components_present == ("charging case", "USB-C cable")


async def test_one_key_grades_only_work_on_the_condition_step(
    app: InspectApp, reread: Reread
) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await scan(pilot, HAPPY)
        screen = inspect_screen(app)
        await scan(pilot, HAPPY_GTIN)
        await hotkey(pilot, "a")  # contents step: "a" is just a typed character
        assert screen.scan_field.typed == "a"
        await pilot.press("escape")
        assert reread(screen.view.inspection_id).units[0].grade is None


async def test_the_command_palette_offers_the_steps_actions(
    app: InspectApp, reread: Reread
) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await scan(pilot, HAPPY)
        screen = inspect_screen(app)
        await scan(pilot, HAPPY_GTIN)
        await scan(pilot, HAPPY_SERIAL)
        await scan(pilot, "CMD:GRADE-A")
        await scan(pilot, "CMD:NEXT")
        await scan(pilot, "CMD:NEXT")
        assert screen.view.step == "decision"

        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Accept")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)

        assert app.screen is screen
        assert screen.query_one(DecisionPanel).banner_text.startswith("DECIDED: ACCEPT")
        assert reread(screen.view.inspection_id).decision is not None


async def test_a_rebound_function_key_accepts(app: InspectApp, reread: Reread) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.set_keymap({"inspect.accept": "f12"})
        await scan(pilot, HAPPY)
        screen = inspect_screen(app)
        await scan(pilot, HAPPY_GTIN)
        await scan(pilot, HAPPY_SERIAL)
        await scan(pilot, "CMD:GRADE-A")
        for _ in range(2):
            await scan(pilot, "CMD:NEXT")

        await pilot.press("f4")  # no longer bound
        await settle(pilot)
        assert screen.view.decision is None
        await pilot.press("f12")
        await settle(pilot)
        assert screen.view.decision is not None
        assert reread(screen.view.inspection_id).decision is not None


async def test_only_the_scan_field_can_take_the_focus(app: InspectApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await scan(pilot, HAPPY)
        screen = inspect_screen(app)
        assert screen.focus_chain == [screen.scan_field]
        await pilot.click("#step-area")
        await pilot.press("tab")
        assert app.focused is screen.scan_field


async def test_the_reject_barcode_opens_the_override_when_the_rules_suggest_otherwise(
    app: InspectApp,
) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await scan(pilot, HAPPY)
        await scan(pilot, HAPPY_GTIN)
        await scan(pilot, HAPPY_SERIAL)
        await scan(pilot, "CMD:GRADE-A")
        assert inspect_screen(app).view.suggested.outcome == "accept"

        await scan(pilot, "CMD:REJECT")
        dialog = app.screen
        assert isinstance(dialog, OverrideDialog)
        assert dialog.outcome == "reject"
        await pilot.press("escape")
        await settle(pilot)
        assert inspect_screen(app).view.decision is None
        assert status_text(app) == "Nothing decided: the suggestion stands."
