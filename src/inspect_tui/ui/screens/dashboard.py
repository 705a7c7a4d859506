"""The supervisor's dashboard: today, or the last 30 days, at a glance.

Completed parcels, outcomes, the reject rate, refund money, the reject rate by reason as a bar
chart, the clerks' work, the most rejected SKUs and the repeat offenders. The review desk is
blocking, so every read goes through the app's one worker path (``run_lookup``): the figures
without the repeat offenders, and beside them (in a lane of their own, on a second connection)
the offenders, the slow part of a month of a busy desk. Each is shown as soon as it is read,
the offenders' table saying "loading…" meanwhile. A failed read is a one-line notification and
a sentence on the screen, never a traceback.

The screen is built once per supervisor session and shown again on every visit: each visit
reads today's figures afresh.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, cast

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Header

from inspect_tui.core.translation import N_, _
from inspect_tui.services.appeals.tracking import AppealSummary
from inspect_tui.services.review.desk import ReviewDesk
from inspect_tui.services.review.summaries import Figures, RepeatOffender
from inspect_tui.services.shared.errors import DeskError
from inspect_tui.ui import format as fmt
from inspect_tui.ui.compact import follow_width
from inspect_tui.ui.desk import DeskJob, describe_failure
from inspect_tui.ui.screens.supervisor_base import signed_in
from inspect_tui.ui.widgets.appeal_box import AppealBox
from inspect_tui.ui.widgets.desk_footer import DeskFooter
from inspect_tui.ui.widgets.figure_summary import FigureSummary
from inspect_tui.ui.widgets.figure_tables import (
    LOADING,
    InspectorTable,
    OffenderTable,
    SkuTable,
)
from inspect_tui.ui.widgets.reason_chart import ReasonChart, reason_bars

if TYPE_CHECKING:
    from inspect_tui.ui.app import InspectApp

MONTH_DAYS = 30
"""The long period: this many local days, today included."""

UNREAD = N_("not read")
"""What a table says when its read failed."""

OFFENDERS_LANE = "dashboard.offenders"
"""The repeat offenders are read in a lane of their own, beside the figures."""


@dataclass(frozen=True, slots=True)
class Period:
    """The local days the dashboard shows.

    Attributes:
        name: ``today`` or ``month`` (the last 30 days).
        start: The first local day.
        end: The last local day (today).
    """

    name: str
    start: date
    end: date

    @property
    def title(self) -> str:
        """The period as the screen's title names it: ``Today``, ``Last 30 days``."""
        return _("Today") if self.name == "today" else _("Last {days} days").format(days=MONTH_DAYS)

    @property
    def words(self) -> str:
        """The period as it ends a sentence: ``today``, ``in the last 30 days``."""
        if self.name == "today":
            return _("today")
        return _("in the last {days} days").format(days=MONTH_DAYS)

    @property
    def days(self) -> str:
        """The calendar days: ``2026-11-20``, ``2026-10-22 to 2026-11-20``."""
        if self.start == self.end:
            return fmt.day_label(self.start)
        return _("{start} to {end}").format(
            start=fmt.day_label(self.start), end=fmt.day_label(self.end)
        )


def period_ending(name: str, today: date) -> Period:
    """The period ``name`` (``today`` or ``month``) ending on ``today``."""
    if name == "today":
        return Period(name, today, today)
    return Period(name, today - timedelta(days=MONTH_DAYS - 1), today)


@dataclass(frozen=True, slots=True)
class _Read:
    """A read's result with the visit it was read for (a stale one is dropped)."""

    visit: int
    figures: Figures | None = None
    offenders: tuple[RepeatOffender, ...] | None = None
    appeals: AppealSummary | None = None
    offenders_failure: str | None = None
    """Why the repeat offenders could not be read (told here, not by the app: see
    ``_read_offenders``)."""


class DashboardScreen(Screen[None]):
    """The desk's figures for today or the last 30 days, for a signed-in supervisor."""

    CSS_PATH = "../styles/dashboard.tcss"
    AUTO_FOCUS = ""
    """The clerks' table takes the focus on each visit, without scrolling to it (below)."""
    BINDINGS = [
        Binding("t", "period('today')", N_("Today"), id="dashboard.today"),
        Binding("m", "period('month')", N_("Last 30 days"), id="dashboard.month"),
        Binding("r", "refresh", N_("Refresh"), id="dashboard.refresh"),
        Binding("escape", "close", N_("Back to the queue"), id="dashboard.close"),
    ]

    def __init__(self, desk: ReviewDesk) -> None:
        """Create the screen; it reads today's figures when mounted.

        Args:
            desk: The signed-in supervisor's review desk (the screen does not close it).
        """
        super().__init__()
        self.desk = desk
        self.period = period_ending("today", desk.today())
        """The period on show."""
        self.figures: Figures | None = None
        """The period's figures, None until read."""
        self.offenders: tuple[RepeatOffender, ...] | None = None
        """The period's repeat offenders, None until read."""
        self.failure: str | None = None
        """The last read's failure in words, None when it succeeded."""
        self._visit = 0
        """Counts the reads started (a read for an earlier one is dropped)."""
        self._reading = 0
        """Reads asked for and not over yet."""

    def compose(self) -> ComposeResult:
        """Headline figures beside the chart; the clerks; the buyers beside the SKUs."""
        yield Header()
        with VerticalScroll(id="dashboard-body", can_focus=False):
            with Horizontal(id="dashboard-top"):
                yield FigureSummary(id="dashboard-summary")
                yield ReasonChart(id="reason-chart")
            yield InspectorTable(id="inspectors")
            yield AppealBox(_(LOADING), id="appeals", markup=False)
            with Horizontal(id="dashboard-buyers"):
                yield OffenderTable(id="offenders")
                yield SkuTable(id="reject-skus")
        yield DeskFooter()

    def on_resize(self) -> None:
        """Compact layout below a width (see ``ui.compact``), and a title that fits it."""
        follow_width(self)
        self._name_period()

    def _name_period(self) -> None:
        """The period and the supervisor in the header (shorter on a compact screen)."""
        period = self.period
        compact = self.has_class("-compact")
        self.title = (
            period.title if compact else _("Desk figures · {period}").format(period=period.title)
        )
        self.sub_title = f"{period.days} · {signed_in(self.desk)}"

    def on_mount(self) -> None:
        """Name the boxes (the figures are read when the screen is shown)."""
        self.query_one("#dashboard-summary").border_title = _("Parcels")
        self.query_one("#reason-chart").border_title = _("Reject rate by reason")
        self.query_one("#inspectors").border_title = _("Inspectors")
        self.query_one("#reject-skus").border_title = _("Most rejected SKUs")
        self.query_one("#offenders").border_title = _("Repeat offenders")
        self.query_one("#appeals").border_title = _("Appeals")

    def on_screen_resume(self) -> None:
        """Every visit (the first one too) starts at the top, on today's figures read afresh.

        The clerks' table gets the keys, but the page is not scrolled to show it: on a small
        screen (80×24) it starts below the first screenful, and scrolling to it would hide
        the top of the page.
        """
        self.query_one("#dashboard-body", VerticalScroll).scroll_home(animate=False)
        if self.focused is None:
            self.set_focus(self.query_one(InspectorTable), scroll_visible=False)
        self.action_period("today")

    @property
    def busy(self) -> bool:
        """True while a read of this screen is waiting or running."""
        return self._reading > 0

    # -- reading ---------------------------------------------------------------------------

    def load(self) -> None:
        """Read the current period's figures again (the offenders follow in a second read)."""
        period = self.period
        self._name_period()
        self.figures, self.offenders, self.failure = None, None, None
        self.query_one(FigureSummary).show(None, period.words)
        self.query_one(ReasonChart).show((), _("Reading the figures…"))
        for table in (self.query_one(InspectorTable), self.query_one(SkuTable)):
            table.say(_(LOADING))
        self.query_one(OffenderTable).show(None)
        self._visit += 1
        visit, desk = self._visit, self.desk

        def read() -> _Read:
            figures = desk.figures(period.start, period.end, offenders=False)
            return _Read(visit, figures=figures, appeals=desk.appeals())

        self._run(read, "dashboard figures", figures=True)
        self._read_offenders(period)

    def _read_offenders(self, period: Period) -> None:
        """The repeat offenders, beside the figures: one probe per parcel of the period.

        Their failure comes back as a value: when the store is gone both reads fail, and the
        supervisor is told once, about the figures (the offenders' failure is told only when
        the figures were read).
        """
        visit, desk = self._visit, self.desk

        def read() -> _Read:
            try:
                return _Read(visit, offenders=desk.repeat_offenders(period.start, period.end))
            except DeskError as error:
                return _Read(visit, offenders_failure=describe_failure(error))

        self._run(read, "dashboard repeat offenders", figures=False, lane=OFFENDERS_LANE)

    def _run(self, call: Callable[[], _Read], what: str, *, figures: bool, lane: str = "") -> None:
        """Read through the app's one worker path; a newer read replaces one still running."""
        self._reading += 1
        visit = self._visit
        cast("InspectApp", self.app).run_lookup(
            DeskJob(
                call,
                done=self._show_read,
                failed=lambda error: self._show_failure(visit, figures, describe_failure(error)),
                after=self._read_over,
                what=what,
            ),
            lane=lane,
        )

    def _read_over(self) -> None:
        self._reading -= 1

    def _stale(self, visit: int) -> bool:
        """True when a read is for an earlier visit, or the screen left with its session."""
        return visit != self._visit or not self.is_attached

    def _show_read(self, read: _Read) -> None:
        if self._stale(read.visit):
            return
        if read.appeals is not None:
            self.query_one(AppealBox).show(read.appeals, self.desk.tz)
        if read.figures is not None:
            self._show_figures(read.figures)
        if read.offenders is not None:
            self.offenders = read.offenders
            self.query_one(OffenderTable).show(read.offenders)
        if read.offenders_failure is not None:
            self.query_one(OffenderTable).say(_(UNREAD))
            if self.failure is None:
                self.failure = read.offenders_failure
                cast("InspectApp", self.app).show_problem(read.offenders_failure)

    def _show_figures(self, figures: Figures) -> None:
        self.figures = figures
        period = self.period
        self.query_one(FigureSummary).show(figures, period.words)
        if not figures.completed:
            empty = _("No parcels were completed {period}: nothing to chart.").format(
                period=period.words
            )
        else:
            empty = _("No parcel was rejected {period}.").format(period=period.words)
        self.query_one(ReasonChart).show(reason_bars(figures), empty)
        self.query_one(InspectorTable).show(figures.inspectors)
        self.query_one(SkuTable).show(figures.top_reject_skus)
        offenders = self.query_one(OffenderTable)
        offenders.border_title = _("Repeat offenders ({days}-day window)").format(
            days=figures.repeat_window_days
        )

    def _show_failure(self, visit: int, figures: bool, text: str) -> None:
        """A read failed (the app has already told the supervisor): say so in its boxes."""
        if self._stale(visit):
            return
        self.failure = text
        if not figures:
            self.query_one(OffenderTable).say(_(UNREAD))
        else:
            self.query_one(FigureSummary).show_failure(text)
            self.query_one(ReasonChart).show((), _("No chart: the figures could not be read."))
            for table in (self.query_one(InspectorTable), self.query_one(SkuTable)):
                table.say(_(UNREAD))

    # -- actions ---------------------------------------------------------------------------

    def action_period(self, name: str) -> None:
        """Show today (``today``) or the last 30 days (``month``), read afresh.

        Args:
            name: ``today`` or ``month``.
        """
        self.period = period_ending(name, self.desk.today())
        self.load()

    def action_refresh(self) -> None:
        """Read the current period again (today may have become tomorrow)."""
        self.action_period(self.period.name)

    def action_close(self) -> None:
        """Back to the screen underneath."""
        self.dismiss(None)
