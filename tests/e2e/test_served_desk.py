"""The supervisor desk in a real browser: ``inspect-tui serve`` driven by headless Chromium.

The installed command serves a demo store in which alice left two parcels for review; Debian's
Chromium (driven by Playwright, no browser download) opens the page, and everything happens as
a supervisor would do it: keys typed into the page's terminal (xterm.js), the screen read back
from xterm's own buffer. What the browser did is then checked through a fresh ``ReviewDesk``
on the same store. A screenshot of the served queue is left for people to look at, under the
test's directory and in ``tests/output/``.

To read the screen, the test makes the page's terminal object reachable from the page
(``window.deskTerminals``) by adding one statement to textual-serve's script as it is loaded;
the page behaves exactly as served.
"""

from __future__ import annotations

import shutil
import time
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import Browser, Download, Page, Route, sync_playwright

from inspect_tui.services.demo import DEMO_SUPERVISOR, DEMO_SUPERVISOR_PIN, DemoStore, load_demo
from inspect_tui.services.inspecting.workstation import Workstation
from inspect_tui.services.review.desk import ReviewDesk
from served import WAIT, Serving, serving
from stories import empty_parcel_reject, escalated_seller_error

CHROMIUM = Path("/usr/bin/chromium")
OUTPUT = Path(__file__).resolve().parents[1] / "output"
"""Where a copy of the screenshot is kept for people (ignored by git)."""
TERMINAL_HOOK = "const t=new w(e,{ping:r});"
"""Where textual-serve's script (1.1.3) creates the page's terminal."""

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="Debian's chromium is not installed (.ci/run installs it)"
    ),
]


@dataclass(frozen=True)
class Served:
    """The desk being served, and the store behind it."""

    server: Serving
    demo: DemoStore
    empty: str
    escalated: str


@pytest.fixture
def served(tmp_path: Path, _isolated_home: Path) -> Iterator[Served]:
    """``inspect-tui serve`` on a free port, on a demo store with two parcels waiting.

    The store, its evidence and its audit key are in the test's data dir, which the server
    (and every desk it starts) is given too.
    """
    data = _isolated_home
    data.mkdir(parents=True, exist_ok=True)
    demo = load_demo(f"sqlite:///{data / 'inspect.db'}", data)
    photo = tmp_path / "bench.jpg"
    Image.new("RGB", (64, 48), (200, 120, 40)).save(photo, "JPEG")
    clerk = Workstation.connect(
        demo.db_url, station="bench-1", operator="alice", data_dir=demo.data_dir
    )
    try:
        empty = empty_parcel_reject(clerk, photo)
        escalated = escalated_seller_error(clerk, photo)
    finally:
        clerk.close()
    with serving(demo.db_url, data, tmp_path / "serve.log") as server:
        yield Served(server=server, demo=demo, empty=empty, escalated=escalated)


@pytest.fixture
def browser() -> Iterator[Browser]:
    """Debian's headless Chromium (as root it needs ``--no-sandbox``)."""
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox"], headless=True
        )
        try:
            yield chromium
        finally:
            chromium.close()


def test_a_supervisor_reviews_a_parcel_in_the_browser(
    served: Served, browser: Browser, tmp_path: Path
) -> None:
    context = browser.new_context(viewport={"width": 1600, "height": 900})
    page = open_desk(context.new_page(), served.server.url)
    wait_for_screen(page, "Scan your supervisor badge")

    page.keyboard.type(DEMO_SUPERVISOR, delay=20)
    page.keyboard.press("Tab")  # on to the PIN
    # A hand moving from the name to the PIN: Textual hands each key to the field focused when
    # the key is dispatched, so a key typed within milliseconds of Tab, on a loaded machine, can
    # still reach the name field (seen once in CI as "sam0").
    page.wait_for_timeout(300)
    type_line(page, "0000")
    wait_for_screen(page, f"Wrong PIN for {DEMO_SUPERVISOR}")
    assert served.empty not in screen_text(page)

    type_line(page, DEMO_SUPERVISOR_PIN)
    queue = wait_for_screen(page, "2 waiting for review")
    assert served.empty in queue and served.escalated in queue
    assert "Wrong PIN" not in queue  # said while it mattered, gone once the desk is open
    page.wait_for_timeout(500)  # the last frame painted, for the people looking at the picture
    shot = tmp_path / "served-queue.png"
    page.screenshot(path=str(shot))
    assert shot.read_bytes().startswith(b"\x89PNG") and Image.open(shot).size == (1600, 900)
    OUTPUT.mkdir(exist_ok=True)
    shutil.copy(shot, OUTPUT / shot.name)

    assert served.server.desks() == 1
    other = open_desk(context.new_page(), served.server.url)  # another tab: a desk of its own
    wait_for_screen(other, "Scan your supervisor badge")
    assert served.server.desks() == 2
    other.close()
    wait_until(page, lambda: served.server.desks() == 1)  # closing the tab ended its desk

    page.bring_to_front()
    page.keyboard.press("Enter")  # the oldest parcel: the empty one
    wait_for_screen(page, "Timeline")
    assert f"Review {served.empty}" in screen_text(page)

    with context.expect_page(timeout=WAIT * 1000) as opened:
        page.keyboard.press("p")
    photos = opened.value
    photos.wait_for_load_state()
    assert photos.title() == f"Photos of {served.empty}"
    widths = photos.evaluate("Array.from(document.images).map(i => i.naturalWidth)")
    assert widths.count(64) == 2  # the bench's scale and open-box photos, beside the packing ones
    assert all(width > 0 for width in widths)  # every photo shows
    photos.close()

    page.bring_to_front()
    downloads: list[Download] = []
    page.on("download", lambda got: downloads.append(got))  # the tab it opens becomes it
    page.keyboard.press("e")
    wait_for_screen(page, f"Evidence pack for {served.empty}")
    page.keyboard.press("Enter")  # the path offered: <data dir>/evidence-packs/CODE.zip
    wait_until(page, lambda: bool(downloads))
    assert downloads[0].suggested_filename == f"{served.empty}.zip"
    pack = tmp_path / "downloaded.zip"
    downloads[0].save_as(pack)
    with zipfile.ZipFile(pack) as archive:
        assert "manifest.json" in archive.namelist()
    written = served.demo.data_dir / "evidence-packs" / f"{served.empty}.zip"
    assert pack.read_bytes() == written.read_bytes()  # the pack on the server, in the browser

    page.bring_to_front()
    page.keyboard.press("a")
    wait_for_screen(page, f"Approve {served.empty}")
    type_line(page, "Checked from the browser")
    wait_for_screen(page, "1 waiting for review")

    desk = ReviewDesk.connect(
        served.demo.db_url,
        operator=DEMO_SUPERVISOR,
        pin=DEMO_SUPERVISOR_PIN,
        data_dir=served.demo.data_dir,
    )
    try:
        detail = desk.detail(served.empty)
        assert detail.review_state == "approved"
        assert detail.record.review.comment == "Checked from the browser"
        assert detail.record.review.by == DEMO_SUPERVISOR
        assert [row.code for row in desk.pending()] == [served.escalated]
    finally:
        desk.close()
    context.close()


def test_the_bench_is_served_with_bench(
    browser: Browser, sqlite_url: str, _isolated_home: Path, tmp_path: Path
) -> None:
    with serving(sqlite_url, _isolated_home, tmp_path / "serve.log", "--bench") as server:
        page = open_desk(browser.new_page(), server.url)
        wait_for_screen(page, "Who is at the bench?")
        assert "Scan your operator badge" in screen_text(page)
        page.close()


# -- driving the page -------------------------------------------------------------------------


def open_desk(page: Page, url: str) -> Page:
    """Open the served page, with its terminal readable and nothing fetched off this machine."""
    page.route("**/static/js/textual.js", _expose_terminal)
    page.route(lambda address: not address.startswith(url), lambda route: route.abort())
    page.goto(url, wait_until="domcontentloaded")
    page.wait_for_function("() => (window.deskTerminals || []).length > 0")
    page.focus(".xterm-helper-textarea")
    return page


def _expose_terminal(route: Route) -> None:
    script = route.fetch().text()
    assert TERMINAL_HOOK in script, "textual-serve's script changed: update TERMINAL_HOOK"
    exposed = TERMINAL_HOOK + "(window.deskTerminals=window.deskTerminals||[]).push(t);"
    route.fulfill(
        body=script.replace(TERMINAL_HOOK, exposed), content_type="application/javascript"
    )


def screen_text(page: Page) -> str:
    """The terminal's rows as text, read from xterm's buffer."""
    text: str = page.evaluate(
        """() => {
            const term = window.deskTerminals[0].terminal;
            const buffer = term.buffer.active;
            const rows = [];
            for (let y = 0; y < term.rows; y++) {
                const line = buffer.getLine(buffer.viewportY + y);
                rows.push(line ? line.translateToString(true) : "");
            }
            return rows.join("\\n");
        }"""
    )
    return text


def wait_for_screen(page: Page, wanted: str, timeout: float = WAIT) -> str:
    """The screen once it shows ``wanted`` (fails with the screen as it was)."""
    deadline = time.monotonic() + timeout
    text = ""
    while time.monotonic() < deadline:
        text = screen_text(page)
        if wanted in text:
            return text
        page.wait_for_timeout(100)
    raise AssertionError(f"the desk never showed {wanted!r}; the screen was:\n{text}")


def wait_until(page: Page, test: Callable[[], bool], timeout: float = WAIT) -> None:
    """Wait for ``test`` while the browser's events (downloads, new tabs) keep arriving."""
    deadline = time.monotonic() + timeout
    while not test():
        assert time.monotonic() < deadline, "it never happened"
        page.wait_for_timeout(100)


def type_line(page: Page, text: str) -> None:
    """Type ``text`` and Enter into the page's terminal, as a keyboard would."""
    page.keyboard.type(text, delay=20)
    page.keyboard.press("Enter")
