"""The inspection screen is built once and brought back for every parcel (it is much quicker).

So each test here opens a parcel after another one and checks that the clerk sees, and the
store gets, only the new parcel: its card, its step, an empty scan field, the right photos, the
current theme and terminal size, and a footer that follows the step.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.color import Color
from textual.pilot import Pilot
from textual.widgets import ContentSwitcher, Static
from textual.widgets._footer import FooterKey

from inspect_tui.services.shared.views import InspectionView
from inspect_tui.ui.app import InspectApp
from inspect_tui.ui.screens.scan import ScanScreen
from inspect_tui.ui.widgets.contents_panel import ContentsPanel
from inspect_tui.ui.widgets.parcel_card import CardText, ParcelCard
from inspect_tui.ui.widgets.photo_strip import PhotoStrip
from inspect_tui.ui.widgets.step_bar import StepBar

from .helpers import (
    EMPTY,
    HAPPY,
    HAPPY_GTIN,
    HAPPY_SERIAL,
    MISSING,
    SWAP,
    burst,
    hotkey,
    inspect_screen,
    scan,
    settle,
    status_text,
)

Reread = Callable[[int], InspectionView]

HAPPY_ORDER = "TB4015528817"
SWAP_ORDER = "KS2411051123"


def card_text(app: InspectApp, card_id: str = "card") -> str:
    card = app.screen.query_one(f"#{card_id}", ParcelCard)
    return str(card.query_one(".parcel-card--text", Static).content)


def footer_keys(app: InspectApp) -> dict[str, FooterKey]:
    return {key.key: key for key in app.screen.query(FooterKey)}


def greyed(key: FooterKey) -> bool:
    """A key the footer shows but that does nothing yet."""
    return key.has_class("-disabled")


async def leave(pilot: Pilot[None], app: InspectApp) -> None:
    """F10: leave the parcel open and go back to the scan screen."""
    await hotkey(pilot, "f10")
    assert isinstance(app.screen, ScanScreen)


async def test_the_next_parcel_starts_clean_and_writes_to_its_own_inspection(
    app: InspectApp, reread: Reread
) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await scan(pilot, HAPPY)
        first = inspect_screen(app)
        happy_id = first.view.inspection_id
        await scan(pilot, "520")
        await scan(pilot, HAPPY_GTIN)
        assert first.view.step == "contents" and first.selected_unit is not None
        burst(app, "12")  # typed, never ended with Enter
        await settle(pilot)
        assert first.scan_field.typed == "12"
        await leave(pilot, app)

        await scan(pilot, SWAP)
        screen = inspect_screen(app)
        assert screen is first  # the same screen, brought back
        assert screen.view.inspection_id != happy_id
        assert screen.view.step == "card"
        assert screen.selected_unit is None
        assert screen.scan_field.typed == ""
        assert f"Opened {screen.view.code}." in status_text(app)
        card = card_text(app)
        assert SWAP_ORDER in card and HAPPY_ORDER not in card
        assert screen.query_one("#panels", ContentSwitcher).current == "card"

        await scan(pilot, "515")
        assert screen.view.weight_g == 515
        await scan(pilot, HAPPY_GTIN)
        assert "Scanned units (1)" in str(screen.query_one(ContentsPanel).content)
        assert reread(screen.view.inspection_id).weight_g == 515
        happy = reread(happy_id)
        assert happy.weight_g == 520 and len(happy.units) == 1


async def test_photos_follow_the_parcel_and_an_unmatched_parcel_has_none(
    app: InspectApp,
) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await scan(pilot, HAPPY)
        strip = inspect_screen(app).query_one("#card").query_one(PhotoStrip)
        assert "hp100_00871.jpg" in strip.listing().plain
        await leave(pilot, app)

        await scan(pilot, "SF9999999999999")
        await pilot.press("f4")
        await pilot.pause()
        burst(app, "No slip; grey T-shirt\r")
        await settle(pilot)
        screen = inspect_screen(app)
        assert screen.view.is_unmatched and screen.view.step == "weigh"
        await scan(pilot, "CMD:BACK")  # the card is drawn when its step comes up
        assert screen.view.step == "card"
        assert "Unmatched parcel" in card_text(app)
        assert not screen.query_one("#card").query_one(PhotoStrip).display
        await leave(pilot, app)

        await scan(pilot, SWAP)
        strip = inspect_screen(app).query_one("#card").query_one(PhotoStrip)
        assert strip.display
        assert "hp100_00871.jpg" not in strip.listing().plain
        assert SWAP_ORDER in card_text(app)


async def test_the_card_takes_the_height_of_each_parcel_s_lines(app: InspectApp) -> None:
    """Laid out once per parcel: the text's height and the photos below it follow each card.

    The card's widgets skip Textual's second layout pass after a size change (see
    ``SizedByLayout``); this checks the one pass leaves nothing of the previous card's size.
    """
    heights = []
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        for code in (HAPPY, EMPTY, MISSING, HAPPY):
            await scan(pilot, code)
            card = inspect_screen(app).query_one("#card", ParcelCard)
            text = card.query_one(CardText)
            strip = card.query_one(PhotoStrip)
            lines = str(text.content).split("\n")
            assert max(len(line) for line in lines) < text.region.width  # nothing wraps
            assert text.region.height == len(lines)
            assert strip.region.y == text.region.bottom + 1  # one blank line between
            assert card.region.bottom == strip.region.bottom
            heights.append(text.region.height)
            await leave(pilot, app)
    assert len(set(heights)) > 1  # the parcels' cards differ in height
    assert heights[0] == heights[-1]


async def test_a_resize_while_scanning_reaches_the_parcel_screen(app: InspectApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await scan(pilot, HAPPY)
        await scan(pilot, "520")
        side = inspect_screen(app).query_one("#side")
        assert not side.display  # too narrow for the card beside the step
        await leave(pilot, app)

        await pilot.resize_terminal(200, 60)
        await settle(pilot)
        await scan(pilot, SWAP)
        assert not side.display  # the card step shows the card itself
        await scan(pilot, "515")
        assert inspect_screen(app).view.step == "weigh"
        assert side.display
        assert SWAP_ORDER in card_text(app, "side-card")

        await leave(pilot, app)
        await pilot.resize_terminal(120, 40)
        await settle(pilot)
        await scan(pilot, HAPPY)
        assert inspect_screen(app).view.step == "weigh"  # resumed where it was left
        assert not side.display


async def test_a_theme_changed_while_scanning_colours_the_next_parcel(app: InspectApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await scan(pilot, HAPPY)
        steps = inspect_screen(app).query_one(StepBar)
        dark = steps.styles.background
        await leave(pilot, app)

        app.theme = "textual-light"
        await settle(pilot)
        await scan(pilot, SWAP)
        assert inspect_screen(app).query_one(StepBar) is steps
        assert steps.styles.background != dark
        assert steps.styles.background == Color.parse(app.theme_variables["panel"])


async def test_the_footer_follows_the_step_and_is_not_rebuilt_for_nothing(
    app: InspectApp,
) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await scan(pilot, HAPPY)
        screen = inspect_screen(app)
        keys = footer_keys(app)
        assert "f4" not in keys  # Accept belongs to the decision step
        screen.refresh_bindings()
        await settle(pilot)
        assert footer_keys(app) == keys  # the same key widgets: nothing changed

        for code in ("520", HAPPY_GTIN, HAPPY_SERIAL, "CMD:GRADE-A"):
            await scan(pilot, code)
        while screen.view.step != "decision":
            await scan(pilot, "CMD:NEXT")
        keys = footer_keys(app)
        assert not greyed(keys["f4"]) and greyed(keys["f9"])  # decide first, then Done

        await scan(pilot, "CMD:ACCEPT")
        assert not greyed(footer_keys(app)["f9"])


def test_snapshot_of_a_parcel_card_after_another_parcel(
    snap_compare: Callable[..., bool], app: InspectApp
) -> None:
    """The second parcel's card looks exactly like a first one (compare test_parcel_card)."""

    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await scan(pilot, HAPPY)
        await scan(pilot, "520")
        await leave(pilot, app)
        await scan(pilot, SWAP)
        app.clear_notifications()
        await pilot.pause()

    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)
