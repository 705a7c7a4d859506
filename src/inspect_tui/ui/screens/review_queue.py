"""The supervisor's review queue: the period's rejects and overrides, filtered and sorted.

The queue loads the waiting parcels of the chosen days once (one indexed query) and filters
and sorts them in memory as the supervisor changes a filter, so every key answers at once.
Enter opens the parcel's detail; coming back reloads, so a decided parcel has left the queue.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import DataTable, Header, Input, Select, Static

from inspect_tui.core.translation import N_, _
from inspect_tui.services.exporting.inspection_log import parse_day
from inspect_tui.services.review.desk import ReviewDesk
from inspect_tui.services.review.summaries import PendingReview
from inspect_tui.services.shared.errors import DeskError
from inspect_tui.ui import format as fmt
from inspect_tui.ui.desk import DeskJob
from inspect_tui.ui.review_filter import (
    COLUMNS,
    FIELDS,
    Column,
    QueueFilter,
    at_stake,
    choices,
    columns_for,
    shown,
)
from inspect_tui.ui.screens.supervisor_base import SupervisorScreen
from inspect_tui.ui.widgets.desk_footer import DeskFooter
from inspect_tui.ui.widgets.fitted_table import FittedTable, fill_table
from inspect_tui.ui.widgets.status_line import StatusLine

ANY = {
    "reason": N_("Any reason"),
    "platform": N_("Any platform"),
    "station": N_("Any station"),
    "inspector": N_("Any inspector"),
}

OUTCOME_STYLES = {"reject": "$error", "refused": "$error", "partial": "$warning"}

TABLE_MARGIN = 2
"""Columns of the screen the table cannot use for cells (its vertical scrollbar)."""
MIN_REASONS = 12
"""The reasons column of a compact queue is never cut narrower than this."""


class ReviewQueueScreen(SupervisorScreen):
    """Inspections waiting for a supervisor, as a keyboard-driven table."""

    CSS_PATH = "../styles/review.tcss"
    BINDINGS = [
        Binding("s", "sort", N_("Sort by next column"), id="queue.sort"),
        Binding("v", "reverse", N_("Reverse order"), id="queue.reverse"),
        Binding("slash", "filters", N_("Filters"), id="queue.filters"),
        Binding("f6", "refresh", N_("Refresh"), id="queue.refresh"),
        Binding("d", "dashboard", N_("Dashboard"), id="queue.dashboard"),
        Binding("x", "export", N_("Export log"), id="queue.export"),
        Binding("escape", "table", N_("To the table"), show=False, id="queue.table"),
    ]

    def __init__(self, review: ReviewDesk | None = None) -> None:
        """Create the queue (for today, sorted oldest first, once it has the desk).

        Args:
            review: The open desk; None: the queue is built while the sign-in dialog waits
                and given the desk with :meth:`open_for` before it is shown.
        """
        self.start: date | None = None
        self.end: date | None = None
        self.rows: tuple[PendingReview, ...] = ()
        self.wanted = QueueFilter()
        self.sort_column = "completed"
        self.reverse = False
        self._reading = 0
        """Reads of the queue asked for and not over yet."""
        self._read_when_shown = True
        """False when the queue was read just before it was first shown (:meth:`read_first`)."""
        super().__init__(review)

    def open_for(self, review: ReviewDesk) -> None:
        """The signed-in supervisor's desk: the queue shows today's parcels."""
        super().open_for(review)
        self.start = self.end = review.today()
        if self.is_mounted:
            self._show_period()

    def compose(self) -> ComposeResult:
        """Filters, the table, a summary, the status line."""
        yield Header()
        with Horizontal(id="queue-filters"):
            yield Input(placeholder=_("from YYYY-MM-DD"), id="from")
            yield Input(placeholder=_("to YYYY-MM-DD"), id="to")
            for name in FIELDS:
                yield Select[str]([], prompt=_(ANY[name]), id=name)
        table: FittedTable[Content] = FittedTable(id="queue", cursor_type="row", zebra_stripes=True)
        yield table
        yield Static("", id="queue-summary")
        yield StatusLine()
        yield DeskFooter()

    def on_mount(self) -> None:
        """The columns (the queue is read when the screen is shown)."""
        self.title = _("Review queue")
        table = self.query_one("#queue", DataTable)
        fill_table(table, [(column.key, _(column.label)) for column in self.columns], [])
        table.focus()
        self._show_period()
        self.note_styled()  # built behind the sign-in dialog: shown without a second styling

    def _show_period(self) -> None:
        """The chosen days in the period fields (none before the desk is open)."""
        if self.start is not None and self.end is not None:
            self.query_one("#from", Input).value = self.start.isoformat()
            self.query_one("#to", Input).value = self.end.isoformat()

    def on_resize(self) -> None:
        """Compact layout below a width: the compact column set, so nothing scrolls sideways."""
        compact = self.has_class("-compact")
        super().on_resize()
        if compact != self.has_class("-compact") or compact:
            self.show_rows(keep_summary=self.reading)

    @property
    def columns(self) -> tuple[Column, ...]:
        """The columns the table shows at the screen's width."""
        return columns_for(self.has_class("-compact"))

    def on_screen_resume(self, event: events.ScreenResume | None = None) -> None:
        """Shown (first, or back from a detail or the dashboard): read the queue afresh, so
        what was decided has left it and what was recorded meanwhile is in it (unless the
        desk is closing). Restyled only if its styles may have changed since they were applied.
        """
        self.restyle_if_changed(event)
        if not self._read_when_shown:
            self._read_when_shown = True
            return
        if self.has_desk and self.desk.supervisor.desk is self.review:
            self.load()

    # -- loading ------------------------------------------------------------------------------

    def read_first(self, then: Callable[[], None]) -> None:
        """Read today's queue before the screen is first shown (it is not read again then).

        Args:
            then: Called once the read is over (its rows are in the table, or it failed).
        """
        self._read_when_shown = False
        self.load(then)

    def load(self, then: Callable[[], None] | None = None) -> None:
        """Read the waiting parcels of the chosen days (off the UI thread).

        Args:
            then: Called once the read is over, whatever became of it.
        """
        (start, end), review = self.days, self.review
        self._reading += 1

        def over() -> None:
            self._read_over()
            if then is not None:
                then()

        self.desk.run_lookup(
            DeskJob(
                lambda: review.pending(start=start, end=end),
                done=self._loaded,
                failed=self._not_loaded,
                after=over,
                what="review queue",
            )
        )
        self.query_one("#queue-summary", Static).update(
            _("Loading… the parcels waiting for review on {period}").format(
                period=self._period_text()
            )
        )

    def _read_over(self) -> None:
        """A read is over: done, failed or replaced by a newer lookup."""
        self._reading -= 1

    @property
    def reading(self) -> bool:
        """True while the queue is being read (its summary says so)."""
        return self._reading > 0

    def _not_loaded(self, _error: BaseException) -> None:
        if self.is_attached:
            self.query_one("#queue-summary", Static).update(
                "The queue could not be read: F6 tries again."
            )

    def _loaded(self, rows: tuple[PendingReview, ...]) -> None:
        if not self.is_attached:
            return
        self.rows = rows
        options = choices(rows)
        with self.prevent(Select.Changed):
            for name in FIELDS:
                select = self.query_one(f"#{name}", Select)
                keep = select.value
                select.set_options((value, value) for value in options[name])
                if isinstance(keep, str) and keep in options[name]:
                    select.value = keep
        self.show_rows()

    def show_rows(self, *, keep_summary: bool = False) -> None:
        """Fill the table with the rows that pass the filters, in the chosen order.

        Args:
            keep_summary: Leave the summary line as it is (it says the queue is loading).
        """
        table = self.query_one("#queue", DataTable)
        current = self.current_code
        rows = shown(self.rows, self.wanted, self.sort_column, self.reverse)
        columns = self.columns
        cells = [self._cells(row) for row in rows]
        picked = [[row[column.key] for column in columns] for row in cells]
        if columns is not COLUMNS:
            self._fit_reasons(columns, picked)
        fill_table(
            table,
            [(column.key, _(column.label)) for column in columns],
            picked,
            [row.code for row in rows],
        )
        if current is not None and current in {row.code for row in rows}:
            table.move_cursor(row=table.get_row_index(current))
        if not keep_summary:
            self._summarise(len(rows))

    def _fit_reasons(self, columns: tuple[Column, ...], rows: list[list[Content]]) -> None:
        """Cut the reasons (with "…") to the room the other columns leave on the screen."""
        where = next(i for i, column in enumerate(columns) if column.key == "reasons")
        others = sum(
            max([Content(_(column.label)).cell_length, *(row[i].cell_length for row in rows)]) + 2
            for i, column in enumerate(columns)
            if i != where
        )
        room = max(MIN_REASONS, self.size.width - TABLE_MARGIN - others - 2)
        for row in rows:
            if row[where].cell_length > room:
                row[where] = row[where].truncate(room, ellipsis=True)

    def _cells(self, row: PendingReview) -> dict[str, Content]:
        """The row's cells by column key, as plain content: never read as markup, and cheap
        to measure."""
        start, end = self.days
        multi_day = start != end
        when = (fmt.local_date_time if multi_day else fmt.local_time)(
            row.completed_at, self.desk.tz
        )
        outcome = Content.styled(
            fmt.outcome_label(row.outcome), OUTCOME_STYLES.get(row.outcome, "")
        )
        return {
            "completed": Content(when),
            "code": Content(row.code),
            "outcome": outcome,
            "reasons": Content(_(", ").join(fmt.claim_label(code) for code in row.reasons) or "—"),
            "override": Content.styled(_("override"), "$warning") if row.override else Content(""),
            "inspector": Content(row.inspector),
            "station": Content(row.station),
            "platform": Content(fmt.platform_label(row.platform)),
            "buyer": Content(row.buyer_name or row.buyer_ref),
            "refund": Content(fmt.money(at_stake(row), row.currency)),
        }

    @property
    def days(self) -> tuple[date, date]:
        """The first and last day shown (both included)."""
        assert self.start is not None and self.end is not None, "the days come with the desk"
        return self.start, self.end

    def _period_text(self) -> str:
        start, end = self.days
        if start == end:
            return fmt.day_label(start)
        return _("{first} to {last}").format(first=fmt.day_label(start), last=fmt.day_label(end))

    def _summarise(self, count: int) -> None:
        period = self._period_text()
        label = _(next(c.label for c in COLUMNS if c.key == self.sort_column))
        arrow = "↓" if self.reverse else "↑"
        waiting = len(self.rows)
        text = (
            _("{count} waiting for review on {period}").format(count=waiting, period=period)
            + (" · " + _("{count} shown").format(count=count) if count != waiting else "")
            + " · "
            + _("sorted by {column} {arrow}").format(column=label, arrow=arrow)
        )
        if not waiting:
            text = _("Nothing waiting for review on {period}.").format(period=period)
        self.query_one("#queue-summary", Static).update(text)

    @property
    def current_code(self) -> str | None:
        """The inspection code under the cursor."""
        table = self.query_one("#queue", DataTable)
        if not table.row_count:
            return None
        key, _column = table.coordinate_to_cell_key(table.cursor_coordinate)
        return key.value

    # -- filters and order ---------------------------------------------------------------------

    @on(Select.Changed)
    def filter_changed(self) -> None:
        """A filter changed: show the rows that pass (no reload)."""
        values: dict[str, str | None] = {}
        for name in FIELDS:
            value = self.query_one(f"#{name}", Select).value
            values[name] = value if isinstance(value, str) else None
        self.wanted = QueueFilter(**values)
        self.show_rows()

    @on(Input.Submitted, "#from, #to")
    def period_changed(self) -> None:
        """New days: check them, then reload."""
        try:
            start = parse_day(self.query_one("#from", Input).value.strip(), "from")
            end_text = self.query_one("#to", Input).value.strip()
            end = parse_day(end_text, "to") if end_text else start
        except DeskError as error:
            self.desk.show_problem(str(error))
            return
        if end < start:
            self.desk.show_problem(
                _("The first day comes after the last: give the earlier day first.")
            )
            return
        self.start, self.end = start, end
        self.query_one("#queue", DataTable).focus()
        self.load()

    def action_sort(self) -> None:
        """Sort by the next column (of those shown)."""
        keys = [column.key for column in COLUMNS]
        shown_keys = {column.key for column in self.columns}
        at = keys.index(self.sort_column)
        for step in range(1, len(keys) + 1):
            key = keys[(at + step) % len(keys)]
            if key in shown_keys:
                break
        self.sort_column = key
        self.show_rows()

    def action_reverse(self) -> None:
        """Reverse the order."""
        self.reverse = not self.reverse
        self.show_rows()

    @on(DataTable.HeaderSelected)
    def header_clicked(self, event: DataTable.HeaderSelected) -> None:
        """A click on a header sorts by it; a second click reverses."""
        key = event.column_key.value
        if key == self.sort_column:
            self.reverse = not self.reverse
        elif key is not None:
            self.sort_column, self.reverse = key, False
        self.show_rows()

    def action_filters(self) -> None:
        """Jump to the first filter."""
        self.query_one("#from", Input).focus()

    def action_table(self) -> None:
        """Back to the table from a filter."""
        self.query_one("#queue", DataTable).focus()

    def action_refresh(self) -> None:
        """Read the queue again."""
        self.load()

    # -- elsewhere -----------------------------------------------------------------------------

    @on(DataTable.RowSelected, "#queue")
    def open_detail(self, event: DataTable.RowSelected) -> None:
        """Enter: the parcel's whole story."""
        # Loaded on first use, not at app start (charts, spreadsheets, PDF).
        from inspect_tui.ui.screens.review_detail import ReviewDetailScreen

        code = event.row_key.value
        if code is not None:
            self.app.push_screen(ReviewDetailScreen(self.review, code))

    def action_dashboard(self) -> None:
        """The day and the month at a glance (the session's one dashboard, read afresh)."""
        self.desk.supervisor.show_dashboard()

    def action_export(self) -> None:
        """Export the inspection log."""
        # Loaded on first use, not at app start (charts, spreadsheets, PDF).
        from inspect_tui.ui.screens.export_screen import ExportScreen

        self.app.push_screen(ExportScreen(self.review, folder=self.review.data_dir / "exports"))
