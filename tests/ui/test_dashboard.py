"""The supervisor's dashboard over parcels a clerk really completed at the bench.

Ben completed an accepted defect two days ago; Alice completed an empty-parcel reject and an
escalated seller error this morning. Sam (the supervisor) opens the dashboard through a real
``ReviewDesk`` on the demo SQLite store, with the clock fixed and times in UTC.
"""

from __future__ import annotations

import asyncio
import re
import shutil
import threading
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from rich.text import Text
from textual import events
from textual.app import App, ComposeResult
from textual.containers import VerticalScroll
from textual.pilot import Pilot
from textual.widgets import Static
from textual_plotext import PlotextPlot

from inspect_tui.core.policy import REJECT_REASONS, Policy, policy_from_toml
from inspect_tui.services.demo import DEMO_SUPERVISOR_PIN, DemoStore
from inspect_tui.services.inspecting.workstation import Workstation
from inspect_tui.services.review.desk import ReviewDesk
from inspect_tui.services.review.summaries import Figures, RepeatOffender
from inspect_tui.ui import app as inspect_app_module
from inspect_tui.ui import format as fmt
from inspect_tui.ui.app import InspectApp
from inspect_tui.ui.screens.dashboard import DashboardScreen
from inspect_tui.ui.widgets.figure_summary import FigureSummary
from inspect_tui.ui.widgets.figure_tables import InspectorTable, OffenderTable, SkuTable
from inspect_tui.ui.widgets.reason_chart import MAX_BARS, ReasonBar, ReasonChart
from stories import accepted_defect, empty_parcel_reject, escalated_seller_error

from .helpers import NOW, STATION

SnapCompare = Callable[..., bool]

TODAY = NOW.date()
"""2026-11-20: Alice's two parcels."""
BEN_DAY = datetime(2026, 11, 18, 10, 0, tzinfo=UTC)
"""When Ben completed the accepted defect."""
QUIET_DAY = datetime(2026, 11, 19, 15, 0, tzinfo=UTC)
"""A day nobody completed a parcel (but within 30 days of both that did)."""
LOOSE = policy_from_toml("[repeat_returner]\nreturns = 1\nrejects = 1\ndays = 30\n")
"""One return with one reject makes a repeat offender: the empty-parcel buyer is one."""


def no_bench(name: str) -> Workstation:
    raise AssertionError(f"the dashboard's host has no bench ({name} tried to sign in)")


class Host(InspectApp):
    """The app with the dashboard over an empty screen and no bench (its reads run through
    the app's one worker path, as at the desk)."""

    CSS_PATH = Path(inspect_app_module.__file__).parent / InspectApp.CSS_PATH

    def __init__(self, desk: ReviewDesk) -> None:
        super().__init__(no_bench, tz=UTC)
        self.review = desk

    def on_mount(self, event: events.Mount) -> None:
        event.prevent_default()  # no badge to ask for: straight to the dashboard
        self.push_screen(DashboardScreen(self.review))


class HeldDesk(ReviewDesk):
    """The real desk, whose repeat-offender read waits until the test lets it go.

    Over a large store that read takes seconds; holding it shows what the supervisor sees
    meanwhile without a large store.
    """

    release: threading.Event

    def repeat_offenders(
        self, start: date | None = None, end: date | None = None
    ) -> tuple[RepeatOffender, ...]:
        if not self.release.wait(timeout=20):
            raise AssertionError("the test never released the repeat-offender read")
        return super().repeat_offenders(start, end)


class SideBySideDesk(ReviewDesk):
    """The real desk, whose figures are read only once the repeat offenders are being read:
    the dashboard gets its figures only if it reads both at the same time."""

    offenders_asked: threading.Event

    def figures(
        self, start: date | None = None, end: date | None = None, *, offenders: bool = True
    ) -> Figures:
        if not self.offenders_asked.wait(timeout=10):
            raise AssertionError("the figures were read alone, the offenders not beside them")
        return super().figures(start, end, offenders=offenders)

    def repeat_offenders(
        self, start: date | None = None, end: date | None = None
    ) -> tuple[RepeatOffender, ...]:
        self.offenders_asked.set()
        return super().repeat_offenders(start, end)


@pytest.fixture
def photo(tmp_path: Path) -> Path:
    """A real (tiny) JPEG taken at the bench."""
    from PIL import Image

    path = tmp_path / "bench_photo.jpg"
    Image.new("RGB", (32, 24), (200, 120, 40)).save(path, "JPEG")
    return path


def bench(demo: DemoStore, operator: str, at: datetime) -> Workstation:
    return Workstation.connect(
        demo.db_url, station=STATION, operator=operator, data_dir=demo.data_dir,
        clock=lambda: at,
    )  # fmt: skip


@pytest.fixture
def worked(demo: DemoStore, photo: Path) -> DemoStore:
    """The demo store after Ben's parcel (two days ago) and Alice's two (this morning)."""
    ws = bench(demo, "ben", BEN_DAY)
    try:
        accepted_defect(ws, photo)
    finally:
        ws.close()
    ws = bench(demo, "alice", NOW - timedelta(minutes=20))
    try:
        empty_parcel_reject(ws, photo)
        escalated_seller_error(ws, photo)
    finally:
        ws.close()
    return demo


def open_desk(
    demo: DemoStore,
    *,
    at: datetime = NOW,
    policy: Policy | None = None,
    kind: type[ReviewDesk] = ReviewDesk,
) -> ReviewDesk:
    return kind.connect(
        demo.db_url, operator="sam", pin=DEMO_SUPERVISOR_PIN, data_dir=demo.data_dir,
        clock=lambda: at, tz=UTC, policy=policy,
    )  # fmt: skip


@pytest.fixture
def sam(worked: DemoStore) -> Iterator[ReviewDesk]:
    """Sam's desk at 09:30 on the 20th, with the loose repeat-returner rule."""
    desk = open_desk(worked, policy=LOOSE)
    yield desk
    desk.close()


def dashboard(app: App[None]) -> DashboardScreen:
    screen = app.screen
    assert isinstance(screen, DashboardScreen), f"expected the dashboard, got {screen!r}"
    return screen


async def until(pilot: Pilot[None], done: Callable[[], bool], timeout: float = 15.0) -> None:
    """Let the app run until ``done()`` holds, then once more so it is drawn."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not done():
        if loop.time() > deadline:
            raise AssertionError("the dashboard did not finish reading")
        await pilot.pause(0.02)
    await pilot.pause()


async def read_all(pilot: Pilot[None]) -> DashboardScreen:
    """Wait until the figures and the repeat offenders (or a failure) are on screen."""

    def finished() -> bool:
        screen = pilot.app.screen
        return (
            isinstance(screen, DashboardScreen)
            and not screen.busy
            and (screen.offenders is not None or screen.failure is not None)
        )

    await until(pilot, finished)
    return dashboard(pilot.app)


def summary(screen: DashboardScreen) -> str:
    return str(screen.query_one(FigureSummary).content)


def plot_text(screen: DashboardScreen) -> str:
    """The chart as drawn: plotext's rendering of the bars, labels and axis."""
    drawn = screen.query_one(PlotextPlot).render()
    assert isinstance(drawn, Text)
    return drawn.plain


def assert_shows(screen: DashboardScreen, figures: Figures) -> None:
    """The numbers on screen are the service's figures for the period."""
    text = summary(screen)
    assert re.search(rf"Completed\s+{figures.completed} parcels", text)
    for count in figures.by_outcome:
        assert re.search(rf"{fmt.outcome_label(count.name)}\s+{count.count}\n", text)
    assert fmt.percent(figures.reject_rate) in text
    for money in figures.money:
        assert f"kept {fmt.money(money.kept_minor, money.currency)}" in text
        assert f"paid {fmt.money(money.paid_minor, money.currency)}" in text
        assert f"open {fmt.money(money.open_minor, money.currency)}" in text
    assert screen.query_one(InspectorTable).texts() == [
        [
            clerk.inspector,
            str(clerk.completed),
            str(clerk.rejects),
            str(clerk.overrides),
            fmt.percent(clerk.override_rate),
            str(clerk.overturned),
            f"{clerk.avg_minutes:.1f}",
        ]
        for clerk in figures.inspectors
    ]
    assert screen.query_one(SkuTable).texts() == [
        [sku.name, str(sku.count)] for sku in figures.top_reject_skus
    ]


# -- what the supervisor reads -------------------------------------------------------------


async def test_today_shows_the_desks_figures_and_the_reason_bars(sam: ReviewDesk) -> None:
    figures = sam.figures(TODAY, TODAY)
    async with Host(sam).run_test(size=(120, 40)) as pilot:
        screen = await read_all(pilot)
        assert screen.title == "Desk figures · Today"
        assert screen.sub_title.startswith("2026-11-20 · ")
        assert figures.completed == 2
        assert_shows(screen, figures)
        text = summary(screen)
        assert "Escalate to supervisor  1" in text and "Reject                  1" in text
        assert "50 %  (1 of 2 parcels)" in text
        assert "kept ¥399.00 · paid ¥0.00" in text and "open ¥359.00" in text
        assert [row[0] for row in screen.query_one(InspectorTable).texts()] == ["alice"]
        # One reject-side reason, on one of today's two parcels: a 50 % bar, labelled so.
        chart = screen.query_one(ReasonChart)
        assert chart.bars == (ReasonBar("EMPTY_PARCEL", 1, 0.5),)
        assert chart.empty_text == ""
        assert chart.query_one(PlotextPlot).display
        drawn = plot_text(screen)
        assert "EMPTY_PARCEL 50 %" in drawn and "█" in drawn and "50 %" in drawn.splitlines()[-1]


async def test_the_repeat_offenders_follow_the_figures_and_say_loading_meanwhile(
    worked: DemoStore,
) -> None:
    desk = open_desk(worked, policy=LOOSE, kind=HeldDesk)
    assert isinstance(desk, HeldDesk)
    desk.release = threading.Event()
    try:
        async with Host(desk).run_test(size=(120, 40)) as pilot:
            await until(pilot, lambda: dashboard(pilot.app).figures is not None)
            screen = dashboard(pilot.app)
            assert re.search(r"Completed\s+2 parcels", summary(screen))
            assert screen.query_one(OffenderTable).texts() == [["loading…", "", "", "", ""]]
            assert screen.busy
            desk.release.set()
            screen = await read_all(pilot)
            expected = desk.repeat_offenders(TODAY, TODAY)
            assert [b.buyer_ref for b in expected] == ["tb_wangxm", "tb_xuyan"]
            rows = screen.query_one(OffenderTable).texts()
            assert rows == [
                [
                    f"{buyer.buyer_name} ({buyer.buyer_ref})",
                    buyer.platform,
                    str(buyer.returns),
                    str(buyer.rejects),
                    fmt.money(buyer.value_minor, buyer.currency),
                ]
                for buyer in expected
            ]
            assert rows[0] == ["王小明 (tb_wangxm)", "taobao", "1", "1", "¥399.00"]
            assert screen.query_one(OffenderTable).border_title == (
                "Repeat offenders (30-day window)"
            )
    finally:
        desk.release.set()
        desk.close()


async def test_the_figures_and_the_repeat_offenders_are_read_side_by_side(
    worked: DemoStore,
) -> None:
    desk = open_desk(worked, policy=LOOSE, kind=SideBySideDesk)
    assert isinstance(desk, SideBySideDesk)
    desk.offenders_asked = threading.Event()
    try:
        async with Host(desk).run_test(size=(120, 40)) as pilot:
            for key in ("", "m"):
                if key:
                    desk.offenders_asked = threading.Event()
                    await pilot.press(key)
                screen = await read_all(pilot)
                assert screen.failure is None
                assert screen.figures is not None and screen.figures.completed >= 2
                offenders = screen.query_one(OffenderTable).texts()
                assert offenders[0][0] == "王小明 (tb_wangxm)"
    finally:
        desk.close()


async def test_m_shows_the_last_30_days_and_t_goes_back_to_today(sam: ReviewDesk) -> None:
    month = sam.figures(date(2026, 10, 22), TODAY)
    today = sam.figures(TODAY, TODAY)
    async with Host(sam).run_test(size=(120, 40)) as pilot:
        await read_all(pilot)
        await pilot.press("m")
        screen = await read_all(pilot)
        assert screen.title == "Desk figures · Last 30 days"
        assert screen.sub_title.startswith("2026-10-22 to 2026-11-20 · ")
        assert month.completed == 3
        assert_shows(screen, month)
        assert "Accept                  1" in summary(screen)
        assert [row[0] for row in screen.query_one(InspectorTable).texts()] == ["alice", "ben"]
        # Ben's accept (DEFECT_CONFIRMED) is no reject reason: the one bar is now 1 of 3.
        chart = screen.query_one(ReasonChart)
        assert chart.bars == (ReasonBar("EMPTY_PARCEL", 1, 1 / 3),)
        assert "EMPTY_PARCEL 33 %" in plot_text(screen)
        assert "DEFECT_CONFIRMED" not in plot_text(screen)
        await pilot.press("t")
        screen = await read_all(pilot)
        assert screen.title == "Desk figures · Today"
        assert_shows(screen, today)
        assert screen.query_one(ReasonChart).bars == (ReasonBar("EMPTY_PARCEL", 1, 0.5),)


async def test_an_empty_day_says_so_instead_of_an_empty_chart(worked: DemoStore) -> None:
    desk = open_desk(worked, at=QUIET_DAY)
    try:
        async with Host(desk).run_test(size=(120, 40)) as pilot:
            screen = await read_all(pilot)
            assert screen.sub_title.startswith("2026-11-19 · ")
            assert "No parcels were completed today." in summary(screen)
            chart = screen.query_one(ReasonChart)
            assert chart.bars == ()
            assert not chart.query_one(PlotextPlot).display
            shown = str(chart.query_one("#reason-empty", Static).content)
            assert shown == "No parcels were completed today: nothing to chart."
            assert screen.query_one(InspectorTable).texts() == [["nobody", "", "", "", "", "", ""]]
            assert screen.query_one(OffenderTable).texts() == [
                ["no repeat offenders", "", "", "", ""]
            ]
            # The last 30 days hold Ben's accepted parcel: counted, but no reject to chart.
            await pilot.press("m")
            screen = await read_all(pilot)
            assert re.search(r"Completed\s+1 parcel\n", summary(screen))
            chart = screen.query_one(ReasonChart)
            assert chart.bars == ()
            assert chart.empty_text == "No parcel was rejected in the last 30 days."
            assert not chart.query_one(PlotextPlot).display
    finally:
        desk.close()


async def test_a_month_without_parcels_says_so(worked: DemoStore) -> None:
    desk = open_desk(worked, at=datetime(2027, 3, 1, 9, 0, tzinfo=UTC))
    try:
        async with Host(desk).run_test(size=(120, 40)) as pilot:
            await read_all(pilot)
            await pilot.press("m")
            screen = await read_all(pilot)
            assert "No parcels were completed in the last 30 days." in summary(screen)
            assert screen.query_one(ReasonChart).empty_text == (
                "No parcels were completed in the last 30 days: nothing to chart."
            )
    finally:
        desk.close()


async def test_escape_goes_back_to_the_screen_underneath(sam: ReviewDesk) -> None:
    async with Host(sam).run_test(size=(120, 40)) as pilot:
        await read_all(pilot)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(pilot.app.screen, DashboardScreen)
        assert pilot.app.is_running


async def test_at_80x24_the_page_opens_at_its_top(sam: ReviewDesk) -> None:
    """The clerks' table has the keys, but the page is not scrolled down to it."""
    async with Host(sam).run_test(size=(80, 24)) as pilot:
        for key in ("", "m"):
            if key:
                await pilot.press(key)
            screen = await read_all(pilot)
            await pilot.pause(0.3)  # a scroll to the focused table would be animated
            assert screen.query_one("#dashboard-body", VerticalScroll).scroll_y == 0
            # The "Parcels" box's top border is the first line under the header.
            assert screen.query_one(FigureSummary).region.y == 1
            assert screen.focused is screen.query_one(InspectorTable)


# -- when the store fails --------------------------------------------------------------------


async def test_a_lost_store_is_one_line_of_error_and_no_crash(worked: DemoStore) -> None:
    desk = open_desk(worked)
    # The database file is gone (a deleted data folder, an unmounted disk): every read fails.
    desk.close()
    shutil.rmtree(worked.data_dir)
    async with Host(desk).run_test(size=(120, 40)) as pilot:
        screen = await read_all(pilot)
        errors = [n for n in pilot.app._notifications if n.severity == "error"]
        assert len(errors) == 1
        message = errors[0].message
        assert message.startswith("The figures could not be read:")
        assert "\n" not in message and "Traceback" not in message
        assert screen.failure == message
        assert summary(screen) == f"{message}\nNo figures to show: press r to try again."
        assert screen.query_one(ReasonChart).bars == ()
        assert screen.query_one(OffenderTable).texts() == [["not read", "", "", "", ""]]
        # Trying again fails the same way, and the dashboard stays up.
        pilot.app.clear_notifications()
        await pilot.press("r")
        screen = await read_all(pilot)
        assert [n.message for n in pilot.app._notifications] == [message]
        assert pilot.app.is_running and isinstance(pilot.app.screen, DashboardScreen)


# -- how it looks --------------------------------------------------------------------------


def test_snapshot_of_the_last_30_days(snap_compare: SnapCompare, sam: ReviewDesk) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await read_all(pilot)
        await pilot.press("m")
        await read_all(pilot)

    assert snap_compare(Host(sam), terminal_size=(120, 40), run_before=run_before)


def test_snapshot_of_the_last_30_days_at_80x24(snap_compare: SnapCompare, sam: ReviewDesk) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await read_all(pilot)
        await pilot.press("m")
        await read_all(pilot)

    assert snap_compare(Host(sam), terminal_size=(80, 24), run_before=run_before)


# -- the chart on its own ------------------------------------------------------------------


class ChartHost(App[None]):
    """The chart in a box as tall as the dashboard gives it."""

    CSS = "ReasonChart { height: 12; }"

    def compose(self) -> ComposeResult:
        yield ReasonChart()


async def test_nine_reject_reasons_fit_the_chart_one_row_a_bar() -> None:
    bars = tuple(
        ReasonBar(reason, 10 - rank, (10 - rank) / 40)
        for rank, reason in enumerate(REJECT_REASONS[:MAX_BARS])
    )
    async with ChartHost().run_test(size=(80, 20)) as pilot:
        chart = pilot.app.query_one(ReasonChart)
        chart.show(bars, "unused")
        await pilot.pause()
        drawn = chart.query_one(PlotextPlot).render()
        assert isinstance(drawn, Text)
        lines = drawn.plain.splitlines()
        labelled = [line for line in lines if "┤" in line]
        # Largest on top, every label with its rate, and the axis in whole percents.
        assert [line.split("┤")[0].strip() for line in labelled] == [bar.label for bar in bars]
        assert bars[0].label == "EMPTY_PARCEL 25 %" and bars[-1].label == "BUYER_DAMAGE 5 %"
        assert re.findall(r"\d+ %", lines[-1]) == ["0 %", "5 %", "10 %", "15 %", "20 %", "25 %"]
