"""The scan field on its own: bursts of codes, paste, GS, editing keys, and the hotkey hold."""

from __future__ import annotations

from textual import events, on
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.keys import _character_to_key
from textual.pilot import Pilot
from textual.widgets import Static

from inspect_tui.ui.widgets.scan_field import ScanField

HOLD = 0.08


class FieldApp(App[None]):
    """A screen with a scan field and a one-key binding, recording what happened."""

    BINDINGS = [
        Binding("a", "grade('A')", "Grade A", id="test.grade_a"),
        Binding("f3", "next", "Next", id="test.next"),
    ]

    def __init__(self, hold: float = HOLD) -> None:
        super().__init__()
        self.hold = hold
        self.codes: list[str] = []
        self.actions: list[str] = []

    def compose(self) -> ComposeResult:
        yield ScanField(id="scan", hold_seconds=self.hold)
        yield Static("something else", id="other")

    def on_mount(self) -> None:
        self.query_one(ScanField).focus()

    @on(ScanField.Scanned)
    def scanned(self, message: ScanField.Scanned) -> None:
        self.codes.append(message.code)

    def action_grade(self, grade: str) -> None:
        self.actions.append(f"grade {grade}")

    def action_next(self) -> None:
        self.actions.append("next")


def burst(app: App[None], text: str) -> None:
    """All keys of ``text`` into the driver at once, as a scanner sends them."""
    driver = app._driver
    assert driver is not None
    for char in text:
        if char == "\r":
            key = "enter"
        elif char == "\t":
            key = "tab"
        elif char == "\x1d":
            key = "ctrl+right_square_bracket"
        else:
            key = char if char.isalnum() else _character_to_key(char)
        event = events.Key(key, char)
        event.set_sender(app)
        driver.send_message(event)


async def wait(pilot: Pilot[None], seconds: float = 0.3) -> None:
    await pilot.pause(seconds)
    await pilot.pause()


async def test_back_to_back_codes_with_no_gap_all_arrive_whole_and_in_order() -> None:
    app = FieldApp()
    codes = [f"SN{index:05d}X" for index in range(120)]
    async with app.run_test() as pilot:
        burst(app, "".join(code + "\r" for code in codes))
        await wait(pilot)
        assert app.codes == codes
        assert app.query_one(ScanField).typed == ""


async def test_a_code_starting_with_a_hotkey_letter_is_a_scan_not_a_command() -> None:
    app = FieldApp()
    async with app.run_test() as pilot:
        burst(app, "abc123\r")
        await wait(pilot)
        assert app.codes == ["abc123"]
        assert app.actions == []


async def test_a_lone_hotkey_runs_its_binding_after_the_hold() -> None:
    app = FieldApp(hold=0.5)
    async with app.run_test() as pilot:
        burst(app, "a")
        await pilot.pause(0.1)
        assert app.actions == []  # still holding: it could be a scan
        assert app.query_one(ScanField).typed == "a"
        await wait(pilot, 0.6)
        assert app.actions == ["grade A"]
        assert app.query_one(ScanField).typed == ""
        assert app.codes == []


async def test_a_function_key_after_a_held_key_keeps_their_order() -> None:
    app = FieldApp()
    async with app.run_test() as pilot:
        burst(app, "a")
        await pilot.press("f3")
        await wait(pilot)
        assert app.actions == ["grade A", "next"]


async def test_a_hotkey_in_the_middle_of_a_code_is_just_a_character() -> None:
    app = FieldApp()
    async with app.run_test() as pilot:
        await pilot.press("X", "a", "enter")
        await wait(pilot)
        assert app.codes == ["Xa"]
        assert app.actions == []


async def test_group_separator_arrives_as_the_fnc1_substitute() -> None:
    app = FieldApp()
    async with app.run_test() as pilot:
        burst(app, "0106901234567014\x1d21HP100-2411-00871\r")
        await wait(pilot)
        assert app.codes == ["0106901234567014|21HP100-2411-00871"]


async def test_typed_text_is_shown_and_can_be_corrected() -> None:
    app = FieldApp()
    async with app.run_test() as pilot:
        field = app.query_one(ScanField)
        await pilot.press("7", "6", "9")
        assert field.typed == "769"
        assert "769" in str(field.render())
        await pilot.press("backspace", "0")
        assert field.typed == "760"
        await pilot.press("escape")
        assert field.typed == ""
        await pilot.press("7", "6", "0", "enter")
        assert app.codes == ["760"]


async def test_tab_ends_a_code_and_the_focus_stays_in_the_field() -> None:
    app = FieldApp()
    async with app.run_test() as pilot:
        burst(app, "RMA-1\tRMA-2\t")
        await wait(pilot)
        assert app.codes == ["RMA-1", "RMA-2"]
        assert app.focused is app.query_one(ScanField)


async def test_a_paste_is_split_on_line_breaks() -> None:
    app = FieldApp()
    async with app.run_test() as pilot:
        field = app.query_one(ScanField)
        field.post_message(events.Paste("RMA-1\nRMA-2\r\nRMA-3"))
        await wait(pilot)
        assert app.codes == ["RMA-1", "RMA-2"]
        assert field.typed == "RMA-3"
        await pilot.press("enter")
        assert app.codes == ["RMA-1", "RMA-2", "RMA-3"]


async def test_a_rebound_hotkey_is_held_like_the_original() -> None:
    app = FieldApp()
    async with app.run_test() as pilot:
        app.set_keymap({"test.grade_a": "g"})
        await pilot.press("g")
        await wait(pilot)
        assert app.actions == ["grade A"]
        burst(app, "a1\r")  # "a" is no longer bound: a plain character
        await wait(pilot)
        assert app.codes == ["a1"]
