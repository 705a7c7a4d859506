"""Waiting for a parcel: today's count, the last parcels, and the scan field.

Every scan goes to the bench controller, which opens (or resumes) the parcel; the app then
shows the inspection screen on top of this one. A code that matches nothing can be opened as an
unmatched parcel with a note; a parcel open at another bench can be taken over. Both need a
deliberate key, so the focus never leaves the scan field while more scans may be on their way.
"""

from __future__ import annotations

import gc

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Header, Static

from inspect_tui.core.translation import N_, _
from inspect_tui.services.bench.state import BenchState
from inspect_tui.services.shared.views import DaySummary
from inspect_tui.ui.screens.base import DeskScreen
from inspect_tui.ui.screens.note_dialog import NoteDialog
from inspect_tui.ui.widgets.day_summary_panel import DaySummaryPanel
from inspect_tui.ui.widgets.desk_footer import DeskFooter
from inspect_tui.ui.widgets.status_line import StatusLine


class ScanScreen(DeskScreen):
    """The bench between parcels."""

    CSS_PATH = "../styles/scan.tcss"
    BINDINGS = [
        Binding("f4", "open_unmatched", N_("Open as unmatched"), id="scan.open_unmatched"),
        Binding("f5", "take_over", N_("Take over parcel"), id="scan.take_over"),
        Binding("f6", "refresh", N_("Refresh"), id="scan.refresh"),
    ]

    def __init__(self, state: BenchState) -> None:
        """Create the screen for the bench's state (nobody's parcel on the bench)."""
        super().__init__()
        self.state = state
        self._set_aside = False

    def compose(self) -> ComposeResult:
        """Title, summary, status line and the scan field."""
        yield Header()
        with VerticalScroll(id="scan-body", can_focus=False):
            yield Static(_("Scan a return parcel"), id="scan-title")
            yield Static(
                _(
                    "Scan the return label (return tracking, RMA or order number). "
                    "Without a label: type the number and press Enter."
                ),
                id="scan-help",
            )
            yield DaySummaryPanel(id="summary")
        yield StatusLine()
        yield self.make_scan_field(_("Parcel"), _("scan the parcel's label"))
        yield DeskFooter()

    def on_mount(self) -> None:
        """Show the day's parcels."""
        self.redraw()

    def _set_aside_long_lived(self) -> None:
        """Keep what lives as long as the bench (app, store, styles) out of full collections.

        A full pass of the garbage collector walks every object the app holds (some 200,000)
        and took 100–300 ms, every few parcels, in the middle of a scan. Collecting once the
        operator is signed in (the store loaded) and freezing what survives leaves those
        passes only the objects made since (undone when the screen goes, see ``on_unmount``).
        """
        if self.is_attached:
            gc.collect()
            gc.freeze()

    def on_unmount(self) -> None:
        """The bench is closing: the collector may look at everything again."""
        gc.unfreeze()

    @property
    def summary(self) -> DaySummary | None:
        """Today's count and the last parcels, as last read."""
        return self.state.summary

    def show_state(self, state: BenchState) -> None:
        """Take the bench's newest state and draw it (once mounted)."""
        self.state = state
        if self.is_mounted:
            self.redraw()

    def redraw(self) -> None:
        """The day's summary and the keys the last scan offers."""
        self.query_one(DaySummaryPanel).show(self.state.summary, self.desk.tz)
        self.refresh_bindings()
        if not self._set_aside and self.state.operator is not None:
            self._set_aside = True
            self.call_after_refresh(self._set_aside_long_lived)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Offer F4/F5 only when the last scan needs them."""
        offer = self.state.offer
        if action == "open_unmatched":
            return offer is not None and offer.kind == "unmatched"
        if action == "take_over":
            return offer is not None and offer.kind == "take_over"
        return True

    # -- actions ---------------------------------------------------------------------------

    def action_refresh(self) -> None:
        """Read today's count and the recent parcels again."""
        self.desk.bench_command("refresh_summary")

    def action_open_unmatched(self) -> None:
        """Ask for a note, then open the last unknown code as an unmatched parcel."""
        offer = self.state.offer
        if offer is None or offer.kind != "unmatched":
            return
        dialog = NoteDialog(
            _("Open as unmatched parcel"),
            _(
                "{code} matches no shipment or return. Describe the parcel (sender, what is "
                "inside): it goes to quarantine with your note until someone identifies it."
            ).format(code=repr(offer.code)),
            placeholder=_("e.g. no return slip, sender Zhang, one grey T-shirt"),
            submit_label=_("Open"),
        )
        self.app.push_screen(dialog, callback=self._open_unmatched)

    def _open_unmatched(self, note: str | None) -> None:
        if not note:
            self.tell(_("Not opened: no note was given."), "warning")
            return
        self.desk.bench_command("open_unmatched", note)

    def action_take_over(self) -> None:
        """Take over the parcel that is open at another bench."""
        self.desk.bench_command("take_over")
