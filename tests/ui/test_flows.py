"""Whole parcels through the real app: what the clerk sees at each step, and what was written."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PIL import Image
from textual.widgets import Digits, Static

from inspect_tui.services.demo import DemoStore
from inspect_tui.services.shared.views import InspectionView
from inspect_tui.ui.app import InspectApp
from inspect_tui.ui.screens.override_dialog import OverrideDialog
from inspect_tui.ui.screens.scan import ScanScreen
from inspect_tui.ui.widgets.contents_panel import ContentsPanel
from inspect_tui.ui.widgets.day_summary_panel import DaySummaryPanel
from inspect_tui.ui.widgets.decision_panel import DecisionPanel
from inspect_tui.ui.widgets.done_panel import DonePanel
from inspect_tui.ui.widgets.parcel_card import ParcelCard
from inspect_tui.ui.widgets.step_bar import StepBar
from inspect_tui.ui.widgets.weight_panel import WeightPanel

from .helpers import (
    CASE_GTIN,
    EMPTY,
    HAPPY,
    HAPPY_GTIN,
    HAPPY_SERIAL,
    MISSING,
    SMARTWATCH_GTIN,
    SWAP,
    burst,
    hotkey,
    inspect_screen,
    notifications,
    scan,
    settle,
    status_severity,
    status_text,
)

Reread = Callable[[int], InspectionView]


def card_text(app: InspectApp) -> str:
    card = app.screen.query_one("#card", ParcelCard)
    return str(card.query_one(".parcel-card--text", Static).content)


def contents_text(app: InspectApp) -> str:
    return str(app.screen.query_one(ContentsPanel).content)


def put_photo(folder: Path, name: str, mtime: float) -> Path:
    """A small JPEG in the station's photo inbox, as the bench camera writes it."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    Image.new("RGB", (8, 8), (200, 30, 30)).save(path, "JPEG")
    import os

    os.utime(path, (mtime, mtime))
    return path


async def test_happy_path_needs_only_the_scanner_and_a_typed_weight(
    app: InspectApp, demo: DemoStore, reread: Reread
) -> None:
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ScanScreen)

        await scan(pilot, HAPPY)
        screen = inspect_screen(app)
        card = card_text(app)
        assert "taobao" in card and "TB4015528817" in card and "王小明" in card
        assert "NO_REASON" in card and "5 days left" in card
        assert "HP100-2411-00871" in card and "charging case" in card
        assert "Expected weight 520 g" in card
        photos = screen.query_one("#card").query_one(".photo-strip--list", Static)
        assert "hp100_00871.jpg" in str(photos.content)
        assert "freight insurance" in card

        await scan(pilot, "0.52kg")
        assert (
            screen.query_one(WeightPanel).banner_text == "WEIGHT OK — 100 % of the expected 520 g"
        )
        assert "Weight recorded: 520 g" in status_text(app)

        await scan(pilot, HAPPY_GTIN)
        await scan(pilot, HAPPY_SERIAL)
        assert screen.view.step == "contents"
        assert "as shipped" in contents_text(app)
        assert "1 ✓" in contents_text(app)

        await scan(pilot, "CMD:GRADE-A")
        await scan(pilot, "CMD:ACCEPT")
        panel = screen.query_one(DecisionPanel)
        assert screen.view.step == "decision"
        assert panel.banner_text == "DECIDED: ACCEPT · refund ¥399.00"
        assert panel.query_one(".decision-panel--banner").has_class("-accept")
        assert "NO_REASON_RETURN" in panel.body_text

        await scan(pilot, "CMD:DONE")
        done = str(screen.query_one(DonePanel).content)
        assert "completed" in done and "RESTOCK" in done
        assert any("completed" in text for text in notifications(app))
        inspection_id = screen.view.inspection_id
        assert screen.view.labels and all(path.is_file() for path in screen.view.labels)

        written = reread(inspection_id)
        assert written.status == "completed"
        assert written.weight_g == 520
        assert written.decision is not None and written.decision.outcome == "accept"
        assert [(u.grade, u.disposition) for u in written.units] == [("A", "restock")]

        # The next parcel's label, scanned on the done step, opens the next parcel.
        await scan(pilot, EMPTY)
        assert inspect_screen(app).view.shipment is not None
        shipment = inspect_screen(app).view.shipment
        assert shipment is not None and shipment.order_ref == "TM3882001945"


async def test_empty_parcel_is_caught_on_the_scale_and_rejected_with_evidence(
    app: InspectApp, demo: DemoStore, reread: Reread
) -> None:
    put_photo(demo.photo_inbox, "zz_scale.jpg", 2_000_000_000)
    put_photo(demo.photo_inbox, "zz_open_box.jpg", 2_000_000_100)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        await scan(pilot, EMPTY)
        screen = inspect_screen(app)

        await scan(pilot, "80")
        weight = screen.query_one(WeightPanel)
        assert weight.banner_text.startswith("EMPTY PARCEL — 7 % of the expected 1.15 kg")
        banner = weight.query_one(".weight-panel--banner")
        assert banner.has_class("-empty")
        assert weight.query_one(Digits).value == "80"

        # Accepting the suggestion (reject EMPTY_PARCEL) needs its photos first.
        await scan(pilot, "CMD:ACCEPT")
        assert "scale_photo" in status_text(app) and status_severity(app) == "error"
        assert any("Evidence still needed" in text for text in notifications(app))
        assert reread(screen.view.inspection_id).decision is None

        await scan(pilot, "CMD:PHOTO")  # on another step, PHOTO goes to the evidence step
        assert screen.view.step == "evidence"
        await settle(pilot)
        assert screen.photos is not None and screen.photos[0].name == "zz_open_box.jpg"
        assert screen.kind == "scale_photo"
        await pilot.press("down")  # the older photo is the one of the scale
        await scan(pilot, "CMD:PHOTO")
        assert "Attached zz_scale.jpg as scale photo" in status_text(app)
        assert screen.kind == "open_box_photo"
        await pilot.press("up")
        await pilot.press("f7")
        await settle(pilot)
        kinds = sorted(item.kind for item in screen.view.evidence)
        assert "open_box_photo" in kinds and "scale_photo" in kinds
        assert not screen.view.suggested.missing_evidence

        await scan(pilot, "CMD:ACCEPT")
        assert screen.query_one(DecisionPanel).banner_text.startswith("DECIDED: REJECT")
        await scan(pilot, "CMD:DONE")
        written = reread(screen.view.inspection_id)
        assert written.status == "completed"
        assert written.decision is not None
        assert written.decision.outcome == "reject"
        assert "EMPTY_PARCEL" in written.decision.reasons


async def test_swapped_item_and_wrong_serial_are_shown_in_the_error_colour(
    app: InspectApp, reread: Reread
) -> None:
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        await scan(pilot, SWAP)
        screen = inspect_screen(app)

        await scan(pilot, SMARTWATCH_GTIN)
        assert status_severity(app) == "error"
        assert "NOT ON ORDER" in status_text(app)
        assert "Still expected: HP-100" in status_text(app)
        assert "HP100-2411-00912" in status_text(app)
        assert any("NOT ON ORDER" in text for text in notifications(app))
        assert "NOT ON ORDER" in contents_text(app)

        await scan(pilot, HAPPY_GTIN)
        await scan(pilot, "HP100-2411-99999")
        assert "WRONG SERIAL" in status_text(app)
        assert "shipped: HP100-2411-00912" in status_text(app)
        assert status_severity(app) == "error"
        assert "✗ 1 wrong serial" in contents_text(app)
        assert "3 Contents !" in str(screen.query_one(StepBar).content)

        written = reread(screen.view.inspection_id)
        assert [unit.match for unit in written.units] == ["unexpected", "serial_mismatch"]
        assert "SWAPPED_ITEM" in written.suggested.reasons or "SERIAL_MISMATCH" in (
            written.suggested.reasons
        )


async def test_a_missing_unit_is_listed_with_what_is_still_expected(
    app: InspectApp, reread: Reread
) -> None:
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        await scan(pilot, MISSING)
        screen = inspect_screen(app)
        await scan(pilot, "110")
        await scan(pilot, CASE_GTIN)

        text = contents_text(app)
        assert "Still missing: line 1 LP-CASE ×1" in text
        assert "1 …" in text  # one of two in the box

        await scan(pilot, "CMD:NEXT")
        assert screen.view.step == "condition"
        await hotkey(pilot, "b")
        await scan(pilot, "CMD:NEXT")
        await scan(pilot, "CMD:NEXT")
        assert screen.view.step == "decision"
        assert "MISSING_ITEMS" in screen.query_one(DecisionPanel).body_text
        assert screen.query_one(DecisionPanel).banner_text.startswith("SUGGESTED: REJECT")

        written = reread(screen.view.inspection_id)
        assert written.missing and written.missing[0].missing == 1
        assert [unit.grade for unit in written.units] == ["B"]


async def test_override_needs_a_justification_and_goes_to_review(
    app: InspectApp, reread: Reread
) -> None:
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        await scan(pilot, HAPPY)
        screen = inspect_screen(app)
        await scan(pilot, "520")
        await scan(pilot, HAPPY_GTIN)
        await scan(pilot, HAPPY_SERIAL)
        await scan(pilot, "CMD:GRADE-C")
        await scan(pilot, "CMD:NEXT")
        await scan(pilot, "CMD:NEXT")
        assert screen.view.step == "decision"
        suggested = screen.view.suggested.outcome
        assert suggested != "accept"

        await scan(pilot, "CMD:OVERRIDE")
        dialog = app.screen
        assert isinstance(dialog, OverrideDialog)
        await pilot.click("#outcome RadioButton")  # the first outcome: accept
        dialog.query_one("#justification").focus()
        await pilot.press("enter")  # nothing typed yet
        await pilot.pause()
        assert "Type why" in str(dialog.query_one("#problem", Static).content)
        assert isinstance(app.screen, OverrideDialog)

        burst(app, "Loyal buyer, cable was in the box after all\r")
        await settle(pilot)
        assert inspect_screen(app) is screen
        panel = screen.query_one(DecisionPanel)
        assert panel.banner_text == "DECIDED: ACCEPT · refund ¥399.00"
        assert "Loyal buyer" in panel.body_text
        assert "Sent to the supervisor for review." in panel.body_text

        written = reread(screen.view.inspection_id)
        assert written.decision is not None
        assert written.decision.outcome == "accept"
        assert written.decision.justification == "Loyal buyer, cable was in the box after all"
        assert written.decision.needs_review
        assert written.suggested.outcome == suggested


async def test_unmatched_parcel_goes_to_quarantine_with_the_clerks_note(
    app: InspectApp, reread: Reread
) -> None:
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        await scan(pilot, "SF9999999999999")
        assert isinstance(app.screen, ScanScreen)
        assert "F4" in status_text(app) and status_severity(app) == "error"
        assert any("No parcel found" in text for text in notifications(app))

        await pilot.press("f4")
        await pilot.pause()
        await pilot.press("enter")  # an empty note is refused
        await pilot.pause()
        assert "Type a note" in str(app.screen.query_one("#problem", Static).content)
        burst(app, "No slip; grey T-shirt, sender Zhang\r")
        await settle(pilot)

        screen = inspect_screen(app)
        assert screen.view.is_unmatched
        assert "Unmatched parcel" in card_text(app) or screen.view.step == "weigh"
        await scan(pilot, "300")
        await scan(pilot, "CMD:ACCEPT")
        await scan(pilot, "CMD:DONE")
        done = str(screen.query_one(DonePanel).content)
        assert "Quarantined with note: No slip; grey T-shirt, sender Zhang" in done

        written = reread(screen.view.inspection_id)
        assert written.status == "completed"
        assert written.note == "No slip; grey T-shirt, sender Zhang"
        assert written.weight_g == 300


async def test_scan_screen_lists_todays_parcels_with_their_outcomes(app: InspectApp) -> None:
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        summary = str(app.screen.query_one(DaySummaryPanel).content)
        assert "Today 0 parcels opened" in summary

        await scan(pilot, HAPPY)
        await scan(pilot, "520")
        await pilot.press("f10")  # leave it open
        await settle(pilot)
        assert isinstance(app.screen, ScanScreen)
        assert "left open" in status_text(app)
        summary = str(app.screen.query_one(DaySummaryPanel).content)
        assert "Today 1 parcel opened, 0 completed" in summary
        assert "TB4015528817" in summary and "open" in summary
