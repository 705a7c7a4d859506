"""Helpers for the Pilot tests: waiting for the app, typing scans, reading the screen."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime

from textual import events
from textual.keys import _character_to_key
from textual.pilot import Pilot

from inspect_tui.ui.app import InspectApp
from inspect_tui.ui.screens.inspect import InspectScreen
from inspect_tui.ui.widgets.status_line import StatusLine

NOW = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
"""The bench's clock in these tests: a few days after the sample returns were requested."""

STATION = "bench-1"

HAPPY = "SF1402590004417"
"""Return tracking of TB-RF-880001: one HP-100 headphones, serial HP100-2411-00871, 520 g."""
HAPPY_GTIN = "6901234567014"
HAPPY_SERIAL = "HP100-2411-00871"
SWAP = "JT5112301188740"
"""Return tracking of KS-TH-7781: one HP-100, serial HP100-2411-00912."""
SMARTWATCH_GTIN = "6901234567021"
EMPTY = "SF1402590055120"
"""Return tracking of TM-RF-55120: a down jacket, shipped at 1150 g."""
MISSING = "YT7512299200020"
"""Return tracking of DY-RT-20102: two phone cases."""
CASE_GTIN = "6901234567106"


async def settle(pilot: Pilot[None], timeout: float = 15.0) -> None:
    """Wait until every workstation call and queued scan has been carried out and drawn."""
    app = pilot.app
    assert isinstance(app, InspectApp)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while loop.time() < deadline:
        await pilot.pause()
        screen = app.screen
        busy = isinstance(screen, InspectScreen) and screen.busy
        if app.is_idle and not busy:
            await pilot.pause()
            if app.is_idle:
                return
        await asyncio.sleep(0.01)
    raise AssertionError("the app did not settle")


def burst(app: InspectApp, text: str) -> None:
    """Send ``text`` through the terminal driver at once, as a scanner types: no gaps at all.

    ``\\r`` is the Enter key. Pilot's ``press`` waits for the app to idle after every key,
    which is how a person types; a scanner does not wait.
    """
    driver = app._driver
    assert driver is not None
    for char in text:
        if char == "\r":
            event = events.Key("enter", "\r")
        else:
            event = events.Key(char if char.isalnum() else _character_to_key(char), char)
        event.set_sender(app)
        driver.send_message(event)


async def scan(pilot: Pilot[None], code: str) -> None:
    """Scan ``code`` (a burst of keys ending with Enter) and wait for its result."""
    assert isinstance(pilot.app, InspectApp)
    burst(pilot.app, code + "\r")
    await settle(pilot)


async def hotkey(pilot: Pilot[None], key: str) -> None:
    """Press a one-key command and wait past the scan field's hold."""
    await pilot.press(key)
    await pilot.pause(0.25)
    await settle(pilot)


def status_text(app: InspectApp) -> str:
    """What the line beside the scan field says."""
    return app.screen.query_one(StatusLine).text


def status_severity(app: InspectApp) -> str:
    """The colour class of the status line: information, success, warning or error."""
    return app.screen.query_one(StatusLine).severity


def notifications(app: InspectApp) -> list[str]:
    """Texts of the notifications raised so far."""
    return [notification.message for notification in app._notifications]


def inspect_screen(app: InspectApp) -> InspectScreen:
    """The inspection screen on top (fails the test when another screen is shown)."""
    screen = app.screen
    assert isinstance(screen, InspectScreen), f"expected the inspection, got {screen!r}"
    return screen


async def wait_until(pilot: Pilot[None], check: Callable[[], bool], what: str) -> None:
    """Let the app run until ``check()`` holds (something a device does in its own time).

    Up to ~15 s on a loaded machine: a bound on waiting, never a timing assertion.
    """
    for _ in range(300):
        await pilot.pause(0.05)
        if check():
            return
    raise AssertionError(f"never happened: {what}")
