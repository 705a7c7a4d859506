"""Waiting for a parcel: today's count, the last parcels, and the scan field.

Scanning a parcel's label opens (or resumes) its inspection on top of this screen. A code that
matches nothing can be opened as an unmatched parcel with a note; a parcel open at another bench
can be taken over. Both need a deliberate key, so the focus never leaves the scan field while
more scans may be on their way.
"""

from __future__ import annotations

import gc

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Header, Static

from inspect_tui.core.codes import decode
from inspect_tui.services.errors import ParcelNotFound, ParcelOpenElsewhere
from inspect_tui.services.views import DaySummary, InspectionView
from inspect_tui.ui.desk import DeskJob
from inspect_tui.ui.screens.base import DeskScreen
from inspect_tui.ui.screens.inspect import InspectScreen
from inspect_tui.ui.screens.note_dialog import NoteDialog
from inspect_tui.ui.screens.parcel_screen import ParcelClosed
from inspect_tui.ui.widgets.day_summary_panel import DaySummaryPanel
from inspect_tui.ui.widgets.desk_footer import DeskFooter
from inspect_tui.ui.widgets.scan_field import ScanField
from inspect_tui.ui.widgets.status_line import StatusLine

RECENT_PARCELS = 8
"""How many recent parcels the screen lists."""

LOOKING_UP_AFTER = 0.25
"""Seconds a parcel lookup may take before the status line says it is looking."""

INSPECTION_SCREEN = "inspection"
"""The name the one parcel screen is installed under (it stays mounted between parcels)."""


class ScanScreen(DeskScreen):
    """The bench between parcels."""

    CSS_PATH = "../styles/scan.tcss"
    BINDINGS = [
        Binding("f4", "open_unmatched", "Open as unmatched", id="scan.open_unmatched"),
        Binding("f5", "take_over", "Take over parcel", id="scan.take_over"),
        Binding("f6", "refresh", "Refresh", id="scan.refresh"),
    ]

    def __init__(self) -> None:
        """Create the screen; it reads the day's summary and any parcel left open on mount."""
        super().__init__()
        self.summary: DaySummary | None = None
        self.unmatched_code: str | None = None
        """The last code that matched no parcel (F4 opens it as unmatched)."""
        self.open_elsewhere_code: str | None = None
        """The last parcel found open at another bench (F5 takes it over)."""

    def compose(self) -> ComposeResult:
        """Title, summary, status line and the scan field."""
        yield Header()
        with VerticalScroll(id="scan-body", can_focus=False):
            yield Static("Scan a return parcel", id="scan-title")
            yield Static(
                "Scan the return label (return tracking, RMA or order number). "
                "Without a label: type the number and press Enter.",
                id="scan-help",
            )
            yield DaySummaryPanel(id="summary")
        yield StatusLine()
        field = ScanField(id="scan", hold_seconds=self.desk.hold_seconds)
        field.prompt = "Parcel"
        field.hint = "scan the parcel's label"
        yield field
        yield DeskFooter()

    def on_mount(self) -> None:
        """Show the day's parcels and go back to a parcel left open at this bench."""
        self.query_one(DaySummaryPanel).show(None)
        workstation = self.desk.require_workstation()
        self.desk.run_desk(
            DeskJob(workstation.resume_open, done=self._resumed, what="resume open parcel")
        )
        self.call_after_refresh(self._set_aside_long_lived)

    def _set_aside_long_lived(self) -> None:
        """Keep what lives as long as the bench (app, store, styles) out of full collections.

        A full pass of the garbage collector walks every object the app holds (some 200,000)
        and took 100–300 ms, every few parcels, in the middle of a scan. Collecting once now
        and freezing what survives leaves those passes only the objects made since (undone
        when the screen goes, see ``on_unmount``).
        """
        if self.is_attached:
            gc.collect()
            gc.freeze()

    def on_unmount(self) -> None:
        """The bench is closing: the collector may look at everything again."""
        gc.unfreeze()

    def on_screen_resume(self) -> None:
        """Back from an inspection: refresh the list and take scans again."""
        super().on_screen_resume()
        self.action_refresh()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Offer F4/F5 only when the last scan needs them."""
        if action == "open_unmatched":
            return self.unmatched_code is not None
        if action == "take_over":
            return self.open_elsewhere_code is not None
        return True

    # -- scans -----------------------------------------------------------------------------

    @on(ScanField.Scanned)
    def parcel_scanned(self, message: ScanField.Scanned) -> None:
        """Open the parcel, switch operator on a badge, explain anything else."""
        self.open_code(message.code)

    def open_code(self, code: str, *, take_over: bool = False) -> None:
        """Open (or resume) the inspection of the parcel ``code`` names."""
        workstation = self.desk.require_workstation()
        decoded = decode(code, reference_patterns=workstation.policy.reference_patterns)
        if decoded.kind == "badge":
            if decoded.valid and decoded.badge:
                self.desk.sign_in(decoded.badge)
            else:
                self.desk.show_problem(decoded.error or "This badge could not be read.")
            return
        if decoded.kind == "command":
            self.desk.show_problem(
                f"{decoded.value or code}: no parcel is open. Scan a parcel's label first.",
                "warning",
            )
            return
        self._forget_offers()
        # Said only when the lookup is slow (a busy or locked store): a quick one would only
        # flash past, and its frame would slow the card down.
        slow = self.set_timer(LOOKING_UP_AFTER, lambda: self.tell(f"Looking up {code}…"))
        self.desk.run_desk(
            DeskJob(
                lambda: workstation.open_parcel(code, take_over=take_over),
                done=self._opened,
                failed=lambda error: self._not_opened(code, error),
                after=slow.stop,
                what=f"open parcel {code}",
            )
        )

    def _opened(self, view: InspectionView) -> None:
        resumed = view.weight_g is not None or bool(view.units) or view.step != "card"
        verb = "Resumed" if resumed else "Opened"
        self.show_inspection(view, f"{verb} {view.code}.")

    def _resumed(self, view: InspectionView | None) -> None:
        if view is None:
            self.action_refresh()
            return
        self.show_inspection(view, f"Resumed {view.code}: it was left open at this bench.")

    def _not_opened(self, code: str, error: BaseException) -> None:
        if isinstance(error, ParcelNotFound):
            self.unmatched_code = code
            self.tell(
                f"No parcel found for {code!r}. Scan the label again, or press F4 to open it as "
                "an unmatched parcel (it goes to quarantine with your note).",
                "error",
            )
        elif isinstance(error, ParcelOpenElsewhere):
            self.open_elsewhere_code = code
            self.tell(f"{error} Press F5 to take it over.", "warning")
        self.refresh_bindings()

    def show_inspection(self, view: InspectionView, notice: str) -> None:
        """Put the inspection screen on top; when it closes, open the next parcel it names.

        The first parcel builds the inspection screen and installs it, so closing it keeps it
        mounted; every later parcel brings the same screen back and redraws it in place, which
        is what makes the card appear quickly after the scan (see ``bench/bench_scan.py``).
        """
        self._forget_offers()
        app = self.app
        if not app.is_screen_installed(INSPECTION_SCREEN):
            app.install_screen(InspectScreen(view, notice), INSPECTION_SCREEN)
            app.push_screen(INSPECTION_SCREEN, callback=self._inspection_closed)
            return
        screen = app.get_screen(INSPECTION_SCREEN, InspectScreen)
        if screen in app.screen_stack:
            # Still showing a parcel (not expected): a screen of its own, as a screen can be
            # on the stack only once.
            app.push_screen(InspectScreen(view, notice), callback=self._inspection_closed)
            return
        # Drawn while still hidden, then brought on top: its widgets have asked for their
        # layout by the time it is resumed, so its first frame is the finished card.
        screen.show_parcel(view, notice)
        app.push_screen(screen, callback=self._inspection_closed)

    def _inspection_closed(self, closed: ParcelClosed | None) -> None:
        if closed is None:
            return
        if closed.notice:
            self.tell(closed.notice)
        if closed.next_code:
            self.open_code(closed.next_code)

    def _forget_offers(self) -> None:
        self.unmatched_code = None
        self.open_elsewhere_code = None
        self.refresh_bindings()

    # -- actions ---------------------------------------------------------------------------

    def action_refresh(self) -> None:
        """Read today's count and the recent parcels again."""
        workstation = self.desk.require_workstation()
        self.desk.run_lookup(
            DeskJob(
                lambda: workstation.day_summary(RECENT_PARCELS),
                done=self._show_summary,
                what="day summary",
            )
        )

    def _show_summary(self, summary: DaySummary) -> None:
        self.summary = summary
        self.query_one(DaySummaryPanel).show(summary, self.desk.tz)

    def action_open_unmatched(self) -> None:
        """Ask for a note, then open the last unknown code as an unmatched parcel."""
        code = self.unmatched_code
        if code is None:
            return
        dialog = NoteDialog(
            "Open as unmatched parcel",
            f"{code!r} matches no shipment or return. Describe the parcel (sender, what is "
            "inside): it goes to quarantine with your note until someone identifies it.",
            placeholder="e.g. no return slip, sender Zhang, one grey T-shirt",
            submit_label="Open",
        )
        self.app.push_screen(dialog, callback=lambda note: self._open_unmatched(code, note))

    def _open_unmatched(self, code: str, note: str | None) -> None:
        if not note:
            self.tell("Not opened: no note was given.", "warning")
            return
        workstation = self.desk.require_workstation()
        self.desk.run_desk(
            DeskJob(
                lambda: workstation.open_unmatched(code, note),
                done=lambda view: self.show_inspection(
                    view, f"Opened {view.code} as an unmatched parcel."
                ),
                what=f"open unmatched {code}",
            )
        )

    def action_take_over(self) -> None:
        """Take over the parcel that is open at another bench."""
        if self.open_elsewhere_code is not None:
            self.open_code(self.open_elsewhere_code, take_over=True)
