"""The parcel screen's core: one parcel on the bench, drawn step by step, intents in order.

:class:`ParcelScreen` lays out the inspection and carries out what the clerk asks for; the
actions behind keys and command barcodes are added by ``InspectScreen`` in ``inspect.py``.

Every scan and every key that changes the inspection becomes an *intent*, queued and carried out
strictly in order: an intent looks at the inspection as the previous one left it, and at most
one call to the workstation is under way. So a burst of scans (units, then ACCEPT, then DONE)
is applied exactly as scanned, and a step is shown as done only once the workstation has
written it.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.timer import Timer
from textual.widgets import ContentSwitcher, Header, Static

from inspect_tui.core.policy import Policy
from inspect_tui.devices.photos import InboxPhoto
from inspect_tui.services.views import InspectionView, UnitView
from inspect_tui.ui import format as fmt
from inspect_tui.ui.desk import AnyJob, DeskJob
from inspect_tui.ui.screens.base import DeskScreen
from inspect_tui.ui.widgets.condition_panel import ConditionPanel
from inspect_tui.ui.widgets.contents_panel import ContentsPanel
from inspect_tui.ui.widgets.decision_panel import DecisionPanel
from inspect_tui.ui.widgets.desk_footer import DeskFooter
from inspect_tui.ui.widgets.done_panel import DonePanel
from inspect_tui.ui.widgets.evidence_panel import EvidencePanel
from inspect_tui.ui.widgets.parcel_card import ParcelCard, risk_flags
from inspect_tui.ui.widgets.scan_field import ScanField
from inspect_tui.ui.widgets.sized_by_layout import SizedByLayout
from inspect_tui.ui.widgets.status_line import StatusLine
from inspect_tui.ui.widgets.step_bar import StepBar
from inspect_tui.ui.widgets.weight_panel import WeightPanel

Intent = Callable[[], AnyJob | None]


@dataclass(frozen=True, slots=True)
class ParcelClosed:
    """Why the parcel screen closed: what the scan screen says, and the next parcel to open.

    Attributes:
        notice: A line for the scan screen's status line (``INS-… left open``).
        next_code: A parcel label scanned on the done step, to open next.
    """

    notice: str = ""
    next_code: str | None = None


"""Something the clerk asked for: run on the UI thread, may return a workstation call."""

REDRAW_EVERY = 0.25
"""While scans are queued, the screen is redrawn at most this often (seconds)."""

PROMPTS: dict[str, tuple[str, str]] = {
    "card": ("Weight/unit", "type the weight (760, 0.76 kg) or scan the first unit"),
    "weigh": ("Weight", "type the weight shown on the scale (760, 0.76 kg), or scan a unit"),
    "contents": ("Unit", "scan every unit: its barcode, then its serial"),
    "condition": ("Grade", "press A–D or X (or scan GRADE-…), scan a unit to pick it"),
    "evidence": ("Evidence", "F7 or PHOTO attaches the chosen photo"),
    "decision": ("Decide", "F4 or ACCEPT takes the suggestion, F9 or DONE completes"),
    "done": ("Next parcel", "scan the next parcel's label"),
}
"""The scan field's prompt and hint at each step."""


def header_text(view: InspectionView) -> Content:
    """The line above the steps: inspection code, order, buyer and the risk flags."""
    shipment = view.shipment
    where = (
        f"{shipment.platform} · order {shipment.order_ref} · {shipment.buyer_name}"
        if shipment is not None
        else f"unmatched parcel {view.scanned_code}"
    )
    return Content.assemble((view.code, "bold $accent"), "  ", where, "   ", risk_flags(view))


class StepPanels(SizedByLayout, ContentSwitcher):
    """One panel per step; the current step's is shown, and its height follows that panel."""


class ParcelScreen(DeskScreen):
    """The inspection of one parcel; dismissed with a :class:`ParcelClosed`."""

    CSS_PATH = "../styles/inspect.tcss"

    def __init__(self, view: InspectionView, notice: str = "") -> None:
        """Create the screen for ``view``.

        Args:
            view: The inspection as opened or resumed.
            notice: First line beside the scan field (``Resumed INS-…``).
        """
        super().__init__()
        self.view = view
        self.notice = notice
        self.selected_unit: int | None = None
        self.component_cursor = 0
        self.photos: list[InboxPhoto] | None = None
        self.photo_index = 0
        self.kind = ""
        self.pending_checklist: dict[int, dict[str, bool]] = {}
        self.test_result: str | None = None
        self.outer_box_damaged: bool | None = None
        self._intents: deque[Intent] = deque()
        self._busy = False
        self._dirty = False
        self._redraw_timer: Timer | None = None
        self._styled_for: tuple[object, bool] | None = None
        """The stylesheet's rules and the app's focus when the screen was last on top."""
        self._start_parcel(view)

    def _start_parcel(self, view: InspectionView) -> None:
        """Forget what the clerk chose on the previous parcel; ``view`` is the one on the bench."""
        self.view = view
        self.selected_unit = view.units[-1].unit_id if view.units else None
        self.component_cursor = 0
        self.photos = None
        self.photo_index = 0
        self.kind = self._default_kind(view)
        self.pending_checklist = {}
        self.test_result = None
        self.outer_box_damaged = None
        self._intents.clear()
        self._busy = False
        self._dirty = False
        if self._redraw_timer is not None:
            self._redraw_timer.stop()
            self._redraw_timer = None

    def compose(self) -> ComposeResult:
        """Header, steps, the step's panel (with the card beside it on wide screens), scan field."""
        yield Header()
        yield Static(id="parcel-header")
        yield StepBar(id="steps")
        with Horizontal(id="inspect-body"):
            with (
                VerticalScroll(id="step-area", can_focus=False),
                StepPanels(initial=self.view.step, id="panels"),
            ):
                yield ParcelCard(
                    self.view,
                    tz=self.desk.tz,
                    image_factory=self.desk.image_factory,
                    id="card",
                )
                yield WeightPanel(id="weigh")
                yield ContentsPanel(id="contents")
                yield ConditionPanel(id="condition")
                yield EvidencePanel(id="evidence")
                yield DecisionPanel(id="decision")
                yield DonePanel(id="done")
            with VerticalScroll(id="side", can_focus=False):
                yield ParcelCard(self.view, tz=self.desk.tz, id="side-card")
        yield StatusLine()
        yield ScanField(id="scan", hold_seconds=self.desk.hold_seconds)
        yield DeskFooter()

    def close(self, notice: str = "") -> None:
        """Back to scanning parcels, with ``notice`` on the scan screen's status line."""
        self.dismiss(ParcelClosed(notice=notice))

    def on_mount(self) -> None:
        """Draw the parcel and say how it was opened."""
        self.redraw()
        if self.notice:
            self.desk.show_notice(self.notice, "success")

    def show_parcel(self, view: InspectionView, notice: str = "") -> None:
        """Take the next parcel on this screen as it stands, without building it again.

        The scan screen keeps one parcel screen and brings it back for every parcel: updating
        its widgets is much quicker than mounting and styling a new screen (see
        ``bench/bench_scan.py``). Whatever the clerk chose on the previous parcel is forgotten.

        Args:
            view: The inspection as opened or resumed.
            notice: First line beside the scan field (``Resumed INS-…``).
        """
        self._start_parcel(view)
        self.notice = notice
        self.scan_field.clear()
        self.status.show(notice, "success" if notice else "information")
        for area in self.query("#step-area, #side"):
            if area.scroll_offset:
                area.scroll_home(animate=False)
        self.redraw()
        if notice:
            self.app.notify(notice, timeout=4)

    def on_screen_resume(self, event: events.ScreenResume | None = None) -> None:
        """Back on top: focus the scan field, restyle only if the styles may have changed.

        Textual restyles every widget of a screen that comes back; brought back for the
        next parcel, nothing this screen's styles depend on has changed (same stylesheet,
        same app focus), and skipping that restyle is a good part of opening a parcel
        quickly. A theme or stylesheet change while hidden is still applied (a resize is
        handled by Textual's own layout on resume).
        """
        rules, focus = self.app.stylesheet.rules, self.app.app_focus
        if event is not None and self._styled_for is not None:
            styled_rules, styled_focus = self._styled_for
            event.refresh_styles = styled_rules is not rules or styled_focus != focus
        self._styled_for = (rules, focus)
        super().on_screen_resume()

    # -- drawing ---------------------------------------------------------------------------

    @property
    def policy(self) -> Policy:
        """The seller's policy in force at this bench."""
        return self.desk.require_workstation().policy

    def show_view(self, view: InspectionView) -> None:
        """Take a fresh view from the workstation and redraw."""
        before = {unit.unit_id: unit for unit in self.view.units}
        if view.inspection_id != self.view.inspection_id:
            self.pending_checklist.clear()
            self.test_result = None
            self.outer_box_damaged = None
            before = {}
        changed = [
            unit
            for unit in view.units
            if unit.unit_id not in before or before[unit.unit_id].serial != unit.serial
        ]
        step_changed = view.step != self.view.step
        self.view = view
        if changed:
            self.selected_unit = changed[-1].unit_id
            self.component_cursor = 0
        elif self.selected_unit not in {unit.unit_id for unit in view.units}:
            self.selected_unit = view.units[-1].unit_id if view.units else None
        if step_changed and view.step == "evidence":
            self.kind = self._default_kind(view)
            self.action_refresh_inbox()
        self._schedule_redraw()

    def _schedule_redraw(self) -> None:
        """Redraw now, or, while a burst of scans is queued, at most every REDRAW_EVERY."""
        if not self._intents:
            self.redraw()
            return
        self._dirty = True
        if self._redraw_timer is None:
            self._redraw_timer = self.set_timer(REDRAW_EVERY, self._redraw_if_dirty)

    def _redraw_if_dirty(self) -> None:
        self._redraw_timer = None
        if self._dirty:
            self.redraw()

    def redraw(self) -> None:
        """Draw the header, the steps and the current step's panel from the view.

        Only the panel on show is drawn (plus the side card on wide screens); a panel is
        drawn afresh when its step comes up, so a burst of scans redraws one panel per scan.
        """
        self._dirty = False
        view = self.view
        self.query_one("#parcel-header", Static).update(header_text(view))
        self.query_one(StepBar).show(view)
        self.query_one(StepPanels).current = view.step
        self.query_one("#side").set_class(view.step != "card", "-beside")
        self._draw_panel(view.step)
        if self.has_class("-wide"):
            self.query_one("#side-card", ParcelCard).show(view)
        prompt, hint = PROMPTS.get(view.step, ("Scan", ""))
        self.scan_field.prompt = prompt
        self.scan_field.hint = hint
        self.refresh_bindings()

    def _draw_panel(self, step: str) -> None:
        view = self.view
        if step == "card":
            self.query_one("#card", ParcelCard).show(view)
        elif step == "weigh":
            self.query_one(WeightPanel).show(view)
        elif step == "contents":
            self.query_one(ContentsPanel).show(view, self.selected_unit, self.component_cursor)
        elif step == "condition":
            self.query_one(ConditionPanel).show(
                view,
                self.selected_unit,
                self.pending_checklist.get(self.selected_unit or -1, {}),
                self.policy,
                self.test_result,
                self.outer_box_damaged,
            )
        elif step == "evidence":
            self.query_one(EvidencePanel).show(
                view, self.photos, self.photo_index, self.kind, self.desk.tz
            )
        elif step == "decision":
            self.query_one(DecisionPanel).show(view, self.policy)
        elif step == "done":
            self.query_one(DonePanel).show(view)

    def on_resize(self) -> None:
        """The side card appears on wide screens: bring it up to date."""
        if self.has_class("-wide"):
            self.query_one("#side-card", ParcelCard).show(self.view)

    def selected(self) -> UnitView | None:
        """The unit the clerk is working on (the last scanned, or picked with ↑/↓)."""
        return next((u for u in self.view.units if u.unit_id == self.selected_unit), None)

    def _default_kind(self, view: InspectionView) -> str:
        missing = view.suggested.missing_evidence
        if missing:
            return missing[0][1]
        kinds = self.desk.require_workstation().policy.evidence_kinds
        return "item_photo" if "item_photo" in kinds else kinds[0]

    # -- the queue of intents --------------------------------------------------------------

    def enqueue(self, intent: Intent) -> None:
        """Carry out ``intent`` after everything asked for before it."""
        self._intents.append(intent)
        self._pump()

    def _pump(self) -> None:
        while not self._busy and self._intents:
            job = self._intents.popleft()()
            if job is None:
                continue
            self._busy = True
            self.desk.run_desk(
                DeskJob(
                    job.call, done=job.done, failed=job.failed, after=self._job_over, what=job.what
                )
            )

    def _job_over(self) -> None:
        self._busy = False
        self._pump()
        if not self.busy and self._dirty:
            self.redraw()

    def call(
        self,
        what: str,
        call: Callable[[], InspectionView],
        done: Callable[[InspectionView], None] | None = None,
    ) -> AnyJob:
        """A workstation call whose new view is shown (then ``done`` runs, if given)."""

        def shown(view: InspectionView) -> None:
            self.show_view(view)
            if done is not None:
                done(view)

        return DeskJob(call, done=shown, what=what)

    @property
    def busy(self) -> bool:
        """True while a call is under way or intents wait."""
        return self._busy or bool(self._intents)

    def step_intent(self, step: str) -> AnyJob:
        """Move the inspection to ``step`` (recorded, so a restart comes back there)."""
        workstation = self.desk.require_workstation()
        iid = self.view.inspection_id
        return self.call(
            f"go to {step}",
            lambda: workstation.set_step(iid, step),
            done=lambda view: self.tell(f"{fmt.STEP_LABELS[view.step]} step."),
        )

    def command_intent(self, command: str) -> AnyJob | None:
        """What a command barcode does (``NEXT``, ``ACCEPT``, ``GRADE-A``…); see InspectScreen."""
        raise NotImplementedError

    def action_refresh_inbox(self) -> None:
        """Read the station's photo inbox again; see InspectScreen."""
        raise NotImplementedError
