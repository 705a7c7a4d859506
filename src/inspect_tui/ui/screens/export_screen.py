"""The back office's export of the inspection log: a form, a progress bar and a cancel key.

The screen reads the form into an :class:`ExportRequest`, runs the supervisor desk's
``export_log`` on the app's ordered call queue (the one worker path of every screen, see
``ui.desk``) and shows the progress the service reports. Escape
while the export runs asks the service to stop (it then leaves no file); escape when idle goes
back. Every failure is one line on the status line and a notification, and the form keeps what
was typed.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, cast

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.reactive import reactive
from textual.screen import Screen
from textual.validation import Function
from textual.widgets import (
    Button,
    Header,
    Input,
    Label,
    ProgressBar,
    Select,
    SelectionList,
    Static,
    Switch,
)
from textual.widgets.selection_list import Selection

from inspect_tui.core.policy import OUTCOMES
from inspect_tui.core.translation import N_, _, ngettext
from inspect_tui.services.exporting.inspection_log import (
    FORMATS,
    ExportCancelled,
    ExportError,
    ExportResult,
    format_for,
    parse_day,
)
from inspect_tui.services.review.desk import ReviewDesk
from inspect_tui.ui import format as fmt
from inspect_tui.ui.compact import follow_width
from inspect_tui.ui.desk import DeskJob, describe_failure
from inspect_tui.ui.messages import DeskNotice, DeskProblem
from inspect_tui.ui.screens.supervisor_base import signed_in
from inspect_tui.ui.widgets.desk_footer import DeskFooter
from inspect_tui.ui.widgets.status_line import StatusLine

if TYPE_CHECKING:
    from inspect_tui.ui.app import InspectApp

CANCELLED = N_("Export cancelled: no file was written.")
"""What the back office reads after escape stopped an export (English; shown through ``_``)."""


@dataclass(frozen=True, slots=True)
class ExportRequest:
    """The form, read and checked: what ``ReviewDesk.export_log`` is asked to write.

    Attributes:
        path: The file to write.
        fmt: ``csv``, ``jsonl`` or ``xlsx``.
        start: First day of completion included.
        end: Last day of completion included.
        outcomes: Only these outcomes; empty for all.
        units: One row per unit instead of one per inspection.
        bom: Start a CSV with a UTF-8 byte-order mark.
        overwrite: Replace the file if it exists.
    """

    path: Path
    fmt: str
    start: date
    end: date
    outcomes: tuple[str, ...]
    units: bool
    bom: bool
    overwrite: bool


def _is_day(text: str) -> bool:
    try:
        parse_day(text)
    except ExportError:
        return False
    return True


class ExportScreen(Screen[None]):
    """Export completed inspections to CSV, JSON Lines or XLSX, with progress and cancel."""

    CSS_PATH = "../styles/export.tcss"
    AUTO_FOCUS = "#start"
    BINDINGS = [
        Binding("ctrl+s", "export", N_("Export"), id="export.start"),
        Binding("escape", "back_or_cancel", N_("Back / cancel export"), id="export.back"),
    ]

    exporting: reactive[bool] = reactive(False)
    """True while an export runs (escape then cancels it instead of going back)."""

    def __init__(self, desk: ReviewDesk, *, folder: Path) -> None:
        """Create the screen.

        Args:
            desk: The signed-in supervisor's desk that writes the export.
            folder: Where the file goes unless the user types another path; a name typed
                without a folder goes here too.
        """
        super().__init__()
        self.desk = desk
        self.title = _("Export log")
        self.sub_title = signed_in(desk)
        self.folder = folder
        self._cancel = threading.Event()
        self._suggested_path = ""
        self._path_edited = False

    # -- the form ---------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        """The form, the progress bar, the status line and the footer."""
        today = self.desk.today().isoformat()
        yield Header()
        with VerticalScroll(id="export-form"):
            yield Static(_("Export the inspection log"), classes="export--title")
            with Horizontal(classes="export--row"):
                yield Label(_("Completed from"), classes="export--label")
                yield self._day_input(today, "start")
                yield Label(_("to"), classes="export--between")
                yield self._day_input(today, "end")
            with Horizontal(classes="export--row"):
                yield Label(_("Outcomes\n(none ticked: all)"), classes="export--label")
                yield SelectionList[str](
                    *(Selection(fmt.outcome_label(name), name) for name in OUTCOMES),
                    id="outcomes",
                )
            with Horizontal(classes="export--row"):
                yield Label(_("Format"), classes="export--label")
                yield Select[str](
                    ((name.upper() if name != "jsonl" else "JSON Lines", name) for name in FORMATS),
                    value="csv",
                    allow_blank=False,
                    id="format",
                )
                yield Label(_("Byte-order mark (Excel)"), classes="export--between")
                yield Switch(value=True, id="bom")
            with Horizontal(classes="export--row"):
                yield Label(_("One row per unit"), classes="export--label")
                yield Switch(value=False, id="units")
            with Horizontal(classes="export--row"):
                yield Label(_("File"), classes="export--label")
                yield Input(id="path", placeholder=_("where to write the export"))
            with Horizontal(classes="export--row"):
                yield Label(_("Replace an existing file"), classes="export--label")
                yield Switch(value=False, id="overwrite")
            with Horizontal(classes="export--row"):
                yield Static("", classes="export--label")
                yield Button(_("Export"), variant="primary", id="export")
        yield ProgressBar(id="export-progress", show_eta=False)
        yield StatusLine(id="export-status")
        yield DeskFooter()

    @staticmethod
    def _day_input(value: str, id: str) -> Input:
        return Input(
            value=value,
            placeholder="YYYY-MM-DD",
            max_length=10,
            validators=[Function(_is_day, _("write the day as YYYY-MM-DD"))],
            validate_on=["changed", "blur"],
            id=id,
            classes="export--day",
        )

    def on_resize(self) -> None:
        """Compact layout below a width (see ``ui.compact``)."""
        follow_width(self)

    def on_mount(self) -> None:
        """Fill in the default file name and say how to start."""
        self._suggest_path()
        self.query_one(ProgressBar).display = False
        self._tell(_("Fill in the form, then ctrl+s (or Export) writes the file."))

    def on_unmount(self) -> None:
        """Leaving (or quitting) stops a running export; the service then writes no file."""
        self._cancel.set()

    @property
    def status(self) -> StatusLine:
        """The line under the form that says what happened."""
        return self.query_one("#export-status", StatusLine)

    @on(Input.Changed, ".export--day")
    @on(Select.Changed, "#format")
    def _form_changed(self) -> None:
        self.query_one("#bom", Switch).disabled = self._format() != "csv"
        self._suggest_path()

    @on(Input.Changed, "#path")
    def _path_changed(self, event: Input.Changed) -> None:
        self._path_edited = event.value != self._suggested_path

    @on(Input.Submitted, ".export--day")
    def _next_field(self) -> None:
        self.focus_next()

    def _format(self) -> str:
        value = self.query_one("#format", Select).value
        return value if isinstance(value, str) else "csv"

    def _suggest_path(self) -> None:
        """Name the file after the period and format, unless the user typed their own name."""
        if self._path_edited:
            return
        try:
            start = parse_day(self.query_one("#start", Input).value)
            end = parse_day(self.query_one("#end", Input).value)
        except ExportError:
            return
        self._suggested_path = str(self.folder / f"inspections-{start}_{end}.{self._format()}")
        self.query_one("#path", Input).value = self._suggested_path

    def read_form(self) -> ExportRequest:
        """The form as an export request.

        Raises:
            ExportError: A date is not a date, no file is named, or the file's suffix names
                another format than the one chosen.
        """
        start = parse_day(self.query_one("#start", Input).value, _("From"))
        end = parse_day(self.query_one("#end", Input).value, _("To"))
        chosen = self._format()
        text = self.query_one("#path", Input).value.strip()
        if not text:
            raise ExportError(_("Name the file to write, e.g. inspections.csv."))
        try:
            path = Path(text).expanduser()
        except RuntimeError:
            raise ExportError(
                _("Cannot tell which folder {path} means: write it in full.").format(
                    path=repr(text)
                )
            ) from None
        if not path.is_absolute():
            path = self.folder / path
        named = format_for(path)
        if named is not None and named != chosen:
            raise ExportError(
                _(
                    "The file name ends in {suffix} but the format is {format}: "
                    "change the name or the format."
                ).format(suffix=path.suffix, format=chosen)
            )
        return ExportRequest(
            path=path,
            fmt=chosen,
            start=start,
            end=end,
            outcomes=tuple(
                str(name) for name in self.query_one("#outcomes", SelectionList).selected
            ),
            units=self.query_one("#units", Switch).value,
            bom=self.query_one("#bom", Switch).value,
            overwrite=self.query_one("#overwrite", Switch).value,
        )

    # -- running the export -----------------------------------------------------------------

    @property
    def calls(self) -> InspectApp:
        """The app, whose ordered call queue runs the export off the UI thread."""
        return cast("InspectApp", self.app)

    @on(Button.Pressed, "#export")
    @on(Input.Submitted, "#path")
    def action_export(self) -> None:
        """Check the form and queue the export on the app's call queue."""
        if self.exporting:
            self._tell(_("An export is already running: escape cancels it."), "warning")
            return
        try:
            request = self.read_form()
        except ExportError as error:
            self._fail(describe_failure(error))
            return
        self._cancel.clear()
        self.exporting = True
        bar = self.query_one(ProgressBar)
        bar.update(total=None, progress=0)
        bar.display = True
        self._tell(_("Exporting to {path}… escape cancels.").format(path=request.path))
        self.calls.run_desk(
            DeskJob(
                lambda: self._export(request),
                done=self._export_done,
                failed=self._export_failed,
                after=self._export_over,
                what=f"export {request.path.name}",
            )
        )

    def action_back_or_cancel(self) -> None:
        """Cancel the running export, or go back when none runs."""
        if not self.exporting:
            self.dismiss()
            return
        if not self._cancel.is_set():
            self._cancel.set()
            self._tell(_("Cancelling the export…"), "warning")

    def _export(self, request: ExportRequest) -> ExportResult | None:
        """Runs on the worker thread: the export, or None when escape stopped it."""
        try:
            return self.desk.export_log(
                request.path,
                fmt=request.fmt,
                start=request.start,
                end=request.end,
                outcomes=request.outcomes,
                units=request.units,
                bom=request.bom,
                overwrite=request.overwrite,
                progress=self._report_progress,
                cancelled=self._cancel.is_set,
            )
        except ExportCancelled:
            return None

    def _report_progress(self, done: int, total: int) -> None:
        """Runs on the worker thread: hand the numbers to the UI thread."""
        self.app.call_from_thread(self._show_progress, done, total)

    def _show_progress(self, done: int, total: int) -> None:
        if not self.is_attached:
            return
        self.query_one(ProgressBar).update(total=total, progress=done)
        if not self._cancel.is_set():
            self._tell(
                _("Exporting: {done} of {total} inspections… escape cancels.").format(
                    done=f"{done:,}", total=f"{total:,}"
                )
            )

    def _export_done(self, result: ExportResult | None) -> None:
        if not self.is_attached:
            return
        if result is not None:
            self._exported(result)
            return
        self.query_one(ProgressBar).display = False
        self._fail(_(CANCELLED), "warning")

    def _export_failed(self, error: BaseException) -> None:
        """The app has said what went wrong; no bar runs on as if it were still at work."""
        if self.is_attached:
            self.query_one(ProgressBar).display = False

    def _export_over(self) -> None:
        if self.is_attached:
            self.exporting = False

    def _exported(self, result: ExportResult) -> None:
        rows = ngettext("{count} row", "{count} rows", result.rows).format(count=result.rows)
        inspections = ngettext(
            "{count} inspection", "{count} inspections", result.inspections
        ).format(count=result.inspections)
        text = _("Exported {rows} ({inspections}) to {path}.").format(
            rows=rows, inspections=inspections, path=result.path
        )
        self._tell(text, "success")
        self.notify(text, timeout=6)

    def watch_exporting(self, exporting: bool) -> None:
        """One export at a time: the Export button waits while one runs."""
        self.query_one("#export", Button).disabled = exporting

    # -- telling the back office ------------------------------------------------------------

    def _tell(self, text: str, severity: str = "information") -> None:
        self.status.show(text, severity)

    def _fail(self, text: str, severity: str = "error") -> None:
        """One line on the status line and a notification; the form keeps what was typed."""
        self._tell(text, severity)
        self.app.clear_notifications()
        self.notify(text, severity="error" if severity == "error" else "warning", timeout=8)

    @on(DeskProblem)
    @on(DeskNotice)
    def _show_app_message(self, message: DeskProblem | DeskNotice) -> None:
        self._tell(message.text, message.severity)
