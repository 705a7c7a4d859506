"""The supervisor's dashboard: today, or the last 30 days, at a glance.

Completed parcels, outcomes, the reject rate, refund money, the reject rate by reason as a bar
chart, the clerks' work, the most rejected SKUs and the repeat offenders. The review desk is
blocking, so every read runs in a thread worker of this screen: first the figures without the
repeat offenders (quick), then the offenders in a second worker (seconds over a month of a busy
desk), their table saying "loading…" meanwhile. A failed read is a one-line notification and
a sentence on the screen, never a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Header
from textual.worker import Worker, WorkerState

from inspect_tui.core.translation import N_, _
from inspect_tui.services.appeals.tracking import AppealSummary
from inspect_tui.services.review.desk import ReviewDesk
from inspect_tui.services.review.summaries import Figures, RepeatOffender
from inspect_tui.ui import format as fmt
from inspect_tui.ui.compact import follow_width
from inspect_tui.ui.desk import describe_failure
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

MONTH_DAYS = 30
"""The long period: this many local days, today included."""

FIGURES_GROUP = "dashboard.figures"
OFFENDERS_GROUP = "dashboard.offenders"
UNREAD = N_("not read")
"""What a table says when its read failed."""


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
    """A worker's result with the period it was read for (a stale one is dropped)."""

    period: Period
    figures: Figures | None = None
    offenders: tuple[RepeatOffender, ...] | None = None
    appeals: AppealSummary | None = None


class DashboardScreen(Screen[None]):
    """The desk's figures for today or the last 30 days, for a signed-in supervisor."""

    CSS_PATH = "../styles/dashboard.tcss"
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
        """Name the boxes and read today's figures."""
        self.query_one("#dashboard-summary").border_title = _("Parcels")
        self.query_one("#reason-chart").border_title = _("Reject rate by reason")
        self.query_one("#inspectors").border_title = _("Inspectors")
        self.query_one("#reject-skus").border_title = _("Most rejected SKUs")
        self.query_one("#offenders").border_title = _("Repeat offenders")
        self.query_one("#appeals").border_title = _("Appeals")
        self.load()

    @property
    def busy(self) -> bool:
        """True while a read of this screen is waiting or running."""
        return any(worker.node is self and not worker.is_finished for worker in self.workers)

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
        self.workers.cancel_group(self, OFFENDERS_GROUP)
        self._read_figures(period)

    @work(thread=True, exclusive=True, exit_on_error=False, group=FIGURES_GROUP)
    def _read_figures(self, period: Period) -> _Read:
        """The figures without the repeat offenders: one quick aggregate read."""
        figures = self.desk.figures(period.start, period.end, offenders=False)
        return _Read(period, figures=figures, appeals=self.desk.appeals())

    @work(thread=True, exclusive=True, exit_on_error=False, group=OFFENDERS_GROUP)
    def _read_offenders(self, period: Period) -> _Read:
        """The repeat offenders: one probe per buyer at the desk, slow over a month."""
        offenders = self.desk.repeat_offenders(period.start, period.end)
        return _Read(period, offenders=offenders)

    @on(Worker.StateChanged)
    def _read_finished(self, event: Worker.StateChanged) -> None:
        """The one place where this screen's reads come back, or fail."""
        worker = event.worker
        if worker.node is not self:
            return
        event.stop()
        if event.state == WorkerState.SUCCESS and isinstance(worker.result, _Read):
            self._show_read(worker.result)
        elif event.state == WorkerState.ERROR and worker.error is not None:
            self._show_failure(worker.group, describe_failure(worker.error))

    def _show_read(self, read: _Read) -> None:
        if read.period != self.period:
            return
        if read.appeals is not None:
            self.query_one(AppealBox).show(read.appeals, self.desk.tz)
        if read.figures is not None:
            self._show_figures(read.figures)
            self._read_offenders(read.period)
        elif read.offenders is not None:
            self.offenders = read.offenders
            self.query_one(OffenderTable).show(read.offenders)

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

    def _show_failure(self, group: str, text: str) -> None:
        self.failure = text
        self.notify(text, severity="error", timeout=8)
        self.query_one(OffenderTable).say(_(UNREAD))
        if group == FIGURES_GROUP:
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
