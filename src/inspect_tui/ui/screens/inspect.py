"""The inspection screen: draws the parcel on the bench and forwards every key to the bench.

The bench controller (``services/bench``) owns what the parcel is and what each input means;
this screen only draws the :class:`~inspect_tui.services.bench.state.BenchState` it is given and
turns keys into bench commands. Function keys work on every step they apply to and show in the
footer; single letters and digits (grades, ticking an accessory, checklist answers) are held
briefly by the scan field so a scan that starts with the same character is not mistaken for
them (see ``ScanField``). Each command barcode does what its key does, so the happy path needs
no keyboard at all.
"""

from __future__ import annotations

from typing import Any

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Header, Static

from inspect_tui.core.translation import N_, NP_, _
from inspect_tui.core.vocabulary import InspectionStatus, Step
from inspect_tui.devices.photos import InboxPhoto
from inspect_tui.devices.scales import ScaleState
from inspect_tui.services.bench.state import BenchState
from inspect_tui.services.shared.views import InspectionView, UnitView
from inspect_tui.ui.screens.base import DeskScreen
from inspect_tui.ui.screens.note_dialog import NoteDialog
from inspect_tui.ui.screens.override_dialog import OverrideChoice, OverrideDialog
from inspect_tui.ui.widgets.condition_panel import ConditionPanel
from inspect_tui.ui.widgets.contents_panel import ContentsPanel
from inspect_tui.ui.widgets.decision_panel import DecisionPanel
from inspect_tui.ui.widgets.desk_footer import DeskFooter
from inspect_tui.ui.widgets.done_panel import DonePanel
from inspect_tui.ui.widgets.evidence_panel import EvidencePanel
from inspect_tui.ui.widgets.parcel_card import ParcelCard
from inspect_tui.ui.widgets.parcel_header import StepPanels, bench_notes, header_text, prompt_for
from inspect_tui.ui.widgets.status_line import StatusLine
from inspect_tui.ui.widgets.step_bar import StepBar
from inspect_tui.ui.widgets.weight_panel import WeightPanel

GRADE_KEYS = Binding.Group(N_("Grade"))
"""Footer group of the one-key grades."""

_STEP_ACTIONS: dict[str, frozenset[str]] = {
    "accept": frozenset({"decision"}),
    "override": frozenset({"decision"}),
    "complete": frozenset({"decision"}),
    "refresh_inbox": frozenset({"evidence"}),
    "attach_photo": frozenset({"evidence"}),
    "tick": frozenset({"contents"}),
    "remove_unit": frozenset({"contents"}),
    "grade": frozenset({"condition"}),
    "check": frozenset({"condition"}),
    "test_result": frozenset({"condition"}),
    "outer_box": frozenset({"condition"}),
}
"""Actions offered only on some steps (the rest are offered on every step)."""


class InspectScreen(DeskScreen):
    """One parcel, every step, drawn from the bench's state."""

    CSS_PATH = "../styles/inspect.tcss"
    BINDINGS = [
        Binding("f2", "back", N_("Back"), id="inspect.back"),
        Binding("f3", "next", N_("Next"), id="inspect.next"),
        Binding("f4", "accept", NP_("key", "Accept"), id="inspect.accept"),
        Binding("f5", "refresh_inbox", N_("Refresh photos"), id="inspect.refresh_inbox"),
        Binding("f6", "override", N_("Override"), id="inspect.override"),
        Binding("f7", "attach_photo", N_("Attach photo"), id="inspect.attach_photo"),
        Binding("f8", "note", N_("Note"), id="inspect.note"),
        Binding("f9", "complete", N_("Done"), id="inspect.complete"),
        Binding("f10", "leave", N_("Leave parcel"), id="inspect.leave"),
        Binding("delete", "remove_unit", N_("Remove unit"), id="inspect.remove_unit"),
        Binding("up", "select(-1)", N_("Previous"), show=False, id="inspect.previous"),
        Binding("down", "select(1)", N_("Next item"), show=False, id="inspect.next_item"),
        Binding("left", "side(-1)", N_("Previous choice"), show=False, id="inspect.left"),
        Binding("right", "side(1)", N_("Next choice"), show=False, id="inspect.right"),
        *(
            Binding(
                grade.lower(),
                f"grade('{grade}')",
                grade,
                group=GRADE_KEYS,
                id=f"inspect.grade_{grade.lower()}",
            )
            for grade in "ABCDX"
        ),
        Binding("t", "tick", N_("Tick accessory"), id="inspect.tick"),
        *(
            Binding(
                str(number),
                f"check({number})",
                f"Checklist {number}",
                show=False,
                id=f"inspect.check_{number}",
            )
            for number in range(1, 10)
        ),
        Binding("r", "test_result", N_("Test"), id="inspect.test_result"),
        Binding("o", "outer_box", N_("Outer box"), id="inspect.outer_box"),
        Binding("f", "foreign", N_("Foreign item"), id="inspect.foreign"),
        Binding("s", "seller_error(True)", N_("Shipped this"), id="inspect.shipped_this"),
        Binding("n", "seller_error(False)", N_("Not shipped"), id="inspect.not_shipped"),
        Binding("f11", "refuse", N_("Refuse at receipt"), show=False, id="inspect.refuse"),
    ]

    def __init__(self, state: BenchState) -> None:
        """Create the screen for the bench's state (which has a parcel on it)."""
        super().__init__()
        assert state.view is not None
        self.state = state
        self._last_view: InspectionView = state.view

    def compose(self) -> ComposeResult:
        """Header, steps, the step's panel (with the card beside it on wide screens), scan field."""
        yield Header()
        yield Static(id="parcel-header")
        yield Static(id="bench-notes")
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
        yield self.make_scan_field()
        yield DeskFooter()

    def on_mount(self) -> None:
        """Draw the parcel (and the scale's reading, when the station has a scale)."""
        self.redraw()
        if self.desk.scale_state is not None:
            self.show_scale(self.desk.scale_state)

    # -- what the tests and the app read ---------------------------------------------------

    @property
    def view(self) -> InspectionView:
        """The parcel drawn (the last one, while the screen gives way to the scan screen)."""
        return self.state.view or self._last_view

    @property
    def selected_unit(self) -> int | None:
        """The unit the clerk works on."""
        return self.state.selected_unit

    @property
    def photos(self) -> tuple[InboxPhoto, ...] | None:
        """The station's photo inbox as last read."""
        return self.state.photos

    @property
    def kind(self) -> str:
        """The evidence kind the next photo is attached as."""
        return self.state.kind

    @property
    def busy(self) -> bool:
        """True while the bench still has inputs to apply."""
        return not self.desk.is_idle

    def selected(self) -> UnitView | None:
        """The unit the clerk is working on."""
        return self.state.selected()

    # -- drawing ---------------------------------------------------------------------------

    def show_state(self, state: BenchState, *, reset_scroll: bool = False) -> None:
        """Take the bench's newest state and draw it (once mounted)."""
        self.state = state
        if state.view is not None:
            self._last_view = state.view
        if not self.is_mounted:
            return
        if reset_scroll:
            for area in self.query("#step-area, #side"):
                if area.scroll_offset:
                    area.scroll_home(animate=False)
        self.redraw()

    def redraw(self) -> None:
        """Draw the header, the steps and the current step's panel from the state.

        Only the panel on show is drawn (plus the side card on wide screens).
        """
        view = self.view
        self.query_one("#parcel-header", Static).update(header_text(view))
        notes = bench_notes(view)
        self.query_one("#bench-notes", Static).update(notes)
        self.query_one("#bench-notes").display = bool(notes)
        self.query_one(StepBar).show(view)
        self.query_one(StepPanels).current = view.step
        self.query_one("#side").set_class(view.step != "card", "-beside")
        self._draw_panel(view.step)
        if self.has_class("-wide"):
            self.query_one("#side-card", ParcelCard).show(view)
        prompt, hint = prompt_for(view.step)
        self.scan_field.prompt = prompt
        self.scan_field.hint = hint
        self.refresh_bindings()

    def _draw_panel(self, step: str) -> None:
        view, state = self.view, self.state
        if step == Step.CARD:
            self.query_one("#card", ParcelCard).show(view)
        elif step == Step.WEIGH:
            self.query_one(WeightPanel).show(view)
        elif step == Step.CONTENTS:
            self.query_one(ContentsPanel).show(view, state.selected_unit, state.component_cursor)
        elif step == Step.CONDITION:
            self.query_one(ConditionPanel).show(
                view,
                state.selected_unit,
                dict(state.pending_checklist.get(state.selected_unit or -1, {})),
                self.desk.require_workstation().policy,
                state.test_result,
                state.outer_box_damaged,
            )
        elif step == Step.EVIDENCE:
            self.query_one(EvidencePanel).show(
                view,
                list(state.photos) if state.photos is not None else None,
                state.photo_index,
                state.kind,
                self.desk.tz,
            )
        elif step == Step.DECISION:
            self.query_one(DecisionPanel).show(view, self.desk.require_workstation().policy)
        elif step == Step.DONE:
            self.query_one(DonePanel).show(view)

    def show_scale(self, state: ScaleState) -> None:
        """The station scale's live reading on the Weigh step."""
        self.query_one(WeightPanel).show_scale(state)

    def on_resize(self) -> None:
        """The side card appears on wide screens: bring it up to date."""
        if self.has_class("-wide"):
            self.query_one("#side-card", ParcelCard).show(self.view)

    def on_screen_resume(self, event: events.ScreenResume | None = None) -> None:
        """Back on top: focus the scan field, restyle only if the styles may have changed.

        Brought back for the next parcel, nothing this screen's styles depend on has changed,
        and skipping Textual's restyle is a good part of opening a parcel quickly.
        """
        self.restyle_if_changed(event)
        super().on_screen_resume()

    # -- keys ------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Offer each action only where it applies (hidden elsewhere)."""
        view = self.view
        if view.status != InspectionStatus.OPEN:
            return action in ("next", "select", "side")
        offer = self.state.offer
        if action == "foreign":
            return offer is not None and offer.kind == "foreign"
        if action == "seller_error":
            return view.question is not None
        if action == "check" and offer is not None and offer.kind == "serial_product":
            number = parameters[0] if parameters else 0
            return isinstance(number, int) and 1 <= number <= len(offer.choices)
        steps = _STEP_ACTIONS.get(action)
        if steps is not None and view.step not in steps:
            return False
        if action == "back":
            return view.step != Step.CARD
        if action == "check":
            number = parameters[0] if parameters else 0
            checklist = self.desk.require_workstation().policy.checklist
            return isinstance(number, int) and 1 <= number <= len(checklist)
        if action in ("tick", "remove_unit", "grade") and not view.units:
            return None
        if action == "complete":
            return True if view.decision is not None else None
        return True

    def _bench(self, name: str, *args: Any) -> None:
        self.desk.bench_command(name, *args)

    def action_next(self) -> None:
        """Go to the next step (from a completed parcel: back to scanning parcels)."""
        self._bench("next")

    def action_back(self) -> None:
        """Go back one step to change something."""
        self._bench("back")

    def action_accept(self) -> None:
        """Decide as suggested."""
        self._bench("accept")

    def action_complete(self) -> None:
        """Complete the parcel: dispositions, labels, frozen."""
        self._bench("complete")

    def action_leave(self) -> None:
        """Leave the parcel open (nothing is lost) and go back to scanning."""
        self._bench("leave")

    def action_select(self, delta: int) -> None:
        """Pick the previous/next unit (or photo on the evidence step)."""
        self._bench("select", delta)

    def action_side(self, delta: int) -> None:
        """Move the accessory cursor (contents) or change the evidence kind (evidence)."""
        self._bench("side", delta)

    def action_remove_unit(self) -> None:
        """Take back the selected unit (scanned by mistake)."""
        self._bench("remove_unit")

    def action_tick(self) -> None:
        """Tick (or untick) the highlighted accessory, then move to the next."""
        self._bench("tick")

    def action_grade(self, grade: str) -> None:
        """Grade the selected unit."""
        self._bench("grade", grade)

    def action_check(self, number: int) -> None:
        """Answer checklist question ``number`` (or pick the product a serial belongs to)."""
        offer = self.state.offer
        if offer is not None and offer.kind == "serial_product":
            self._bench("choose", number)
        else:
            self._bench("check", number)

    def action_foreign(self) -> None:
        """Record the code just refused as a foreign item (the clerk confirms it is one)."""
        self._bench("foreign")

    def action_seller_error(self, shipped_this: bool) -> None:
        """Answer "is this what we shipped?" after comparing the pre-shipment photo."""
        self._bench("seller_error", shipped_this)

    def action_refuse(self) -> None:
        """Refuse the parcel at receipt: choose reasons, say why; it goes back with the courier."""
        self.open_override("refused")

    def action_test_result(self) -> None:
        """Record the function test: reproduced, not reproduced, not done."""
        self._bench("test_result")

    def action_outer_box(self) -> None:
        """Record the outer box: damaged, intact, not recorded."""
        self._bench("outer_box")

    def action_refresh_inbox(self) -> None:
        """Read the station's photo inbox again (newest first)."""
        self._bench("refresh_inbox")

    def action_attach_photo(self) -> None:
        """Attach the chosen inbox photo as the chosen kind of evidence."""
        self._bench("attach_photo")

    # -- dialogs ---------------------------------------------------------------------------

    def action_override(self) -> None:
        """Decide otherwise: choose the outcome and reasons, type why."""
        self.open_override(None)

    def open_override(self, outcome: str | None) -> None:
        """Show the override dialog; its choice is decided in turn with other inputs."""
        policy = self.desk.require_workstation().policy
        dialog = OverrideDialog(self.view.suggested, policy, outcome)
        self.app.push_screen(dialog, callback=self._override_chosen)

    def _override_chosen(self, choice: OverrideChoice | None) -> None:
        if choice is None:
            self.tell(_("Nothing decided: the suggestion stands."))
            return
        self._bench("decide", choice.outcome, choice.reasons, choice.justification)

    def action_note(self) -> None:
        """Write the selected unit's note (condition step) or the parcel's note."""
        view = self.view
        unit = self.selected() if view.step == Step.CONDITION else None
        if view.step == Step.CONDITION and unit is not None:
            if unit.grade is None:
                self.desk.show_problem(_("Grade the unit first, then write its note."), "warning")
                return
            unit_id = unit.unit_id
            dialog = NoteDialog(
                _("Note for {unit}").format(unit=unit.sku or unit.scanned_code),
                _("What you see on this unit (kept with its grade)."),
                initial=unit.note,
                required=False,
            )
            self.app.push_screen(
                dialog,
                callback=lambda text: (
                    self._bench("unit_note", unit_id, text) if text is not None else None
                ),
            )
            return
        dialog = NoteDialog(
            _("Note for {unit}").format(unit=view.code),
            _("Anything about the parcel the record should keep."),
            initial=view.note,
            required=False,
        )
        self.app.push_screen(
            dialog,
            callback=lambda text: self._bench("note", text) if text is not None else None,
        )
