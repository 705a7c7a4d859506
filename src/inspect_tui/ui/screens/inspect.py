"""The inspection screen: keys and command barcodes for every step of one parcel.

Function keys work on every step they apply to and show in the footer; single letters and
digits (grades, ticking an accessory, checklist answers) are held briefly by the scan field so
a scan that starts with the same character is not mistaken for them (see ``ScanField``). Each
command barcode does what its key does, so the happy path needs no keyboard at all.
"""

from __future__ import annotations

from textual.binding import Binding

from inspect_tui.services.views import InspectionView
from inspect_tui.ui.desk import AnyJob, DeskJob
from inspect_tui.ui.format import STEPS
from inspect_tui.ui.screens.override_dialog import OverrideChoice, OverrideDialog
from inspect_tui.ui.screens.unit_actions import UnitActions

GRADE_KEYS = Binding.Group("Grade")
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


class InspectScreen(UnitActions):
    """One parcel, every step, driven by the scan field, function keys and command barcodes."""

    BINDINGS = [
        Binding("f2", "back", "Back", id="inspect.back"),
        Binding("f3", "next", "Next", id="inspect.next"),
        Binding("f4", "accept", "Accept", id="inspect.accept"),
        Binding("f5", "refresh_inbox", "Refresh photos", id="inspect.refresh_inbox"),
        Binding("f6", "override", "Override", id="inspect.override"),
        Binding("f7", "attach_photo", "Attach photo", id="inspect.attach_photo"),
        Binding("f8", "note", "Note", id="inspect.note"),
        Binding("f9", "complete", "Done", id="inspect.complete"),
        Binding("f10", "leave", "Leave parcel", id="inspect.leave"),
        Binding("delete", "remove_unit", "Remove unit", id="inspect.remove_unit"),
        Binding("up", "select(-1)", "Previous", show=False, id="inspect.previous"),
        Binding("down", "select(1)", "Next item", show=False, id="inspect.next_item"),
        Binding("left", "side(-1)", "Previous choice", show=False, id="inspect.left"),
        Binding("right", "side(1)", "Next choice", show=False, id="inspect.right"),
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
        Binding("t", "tick", "Tick accessory", id="inspect.tick"),
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
        Binding("r", "test_result", "Test", id="inspect.test_result"),
        Binding("o", "outer_box", "Outer box", id="inspect.outer_box"),
    ]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Offer each action only where it applies (hidden elsewhere)."""
        view = self.view
        if view.status != "open":
            return action in ("next", "select", "side")
        steps = _STEP_ACTIONS.get(action)
        if steps is not None and view.step not in steps:
            return False
        if action == "back":
            return view.step != "card"
        if action == "check":
            number = parameters[0] if parameters else 0
            return isinstance(number, int) and 1 <= number <= len(self.policy.checklist)
        if action in ("tick", "remove_unit", "grade") and not view.units:
            return None
        if action == "complete":
            return True if view.decision is not None else None
        return True

    # -- command barcodes ------------------------------------------------------------------

    def command_intent(self, command: str) -> AnyJob | None:
        """Do what a command barcode says."""
        if command.startswith("GRADE-"):
            return self.grade_intent(command.removeprefix("GRADE-"))
        simple = {
            "NEXT": self.next_intent,
            "BACK": self.back_intent,
            "ACCEPT": self.accept_intent,
            "DONE": self.complete_intent,
            "TICK": self.tick_intent,
            "PHOTO": self.photo_intent,
            "CANCEL": self.leave_intent,
        }
        if command in simple:
            return simple[command]()
        if command == "OVERRIDE":
            self.open_override(None)
        elif command == "REJECT":
            if self.view.suggested.outcome == "reject":
                return self.accept_intent()
            self.open_override("reject")
        else:
            self.desk.show_problem(f"{command} does nothing on this screen.", "warning")
        return None

    # -- moving between steps --------------------------------------------------------------

    def action_next(self) -> None:
        """Go to the next step (from Done: back to scanning parcels)."""
        self.enqueue(self.next_intent)

    def action_back(self) -> None:
        """Go back one step to change something."""
        self.enqueue(self.back_intent)

    def next_intent(self) -> AnyJob | None:
        """The next step, or back to scanning when the parcel is completed."""
        if self.view.status != "open":
            self.close()
            return None
        index = STEPS.index(self.view.step)
        if self.view.step == "decision":
            self.desk.show_problem(
                "This is the last step: F9 or DONE completes the parcel.", "warning"
            )
            return None
        return self.step_intent(STEPS[min(index + 1, len(STEPS) - 1)])

    def back_intent(self) -> AnyJob | None:
        """The step before the current one."""
        if self.view.status != "open":
            self.desk.show_problem("This parcel is completed; a supervisor can reopen it.")
            return None
        index = STEPS.index(self.view.step)
        if index == 0:
            return None
        return self.step_intent(STEPS[index - 1])

    # -- deciding and completing -----------------------------------------------------------

    def action_accept(self) -> None:
        """Decide as suggested."""
        self.enqueue(self.accept_intent)

    def accept_intent(self) -> AnyJob:
        """Take the suggestion."""
        workstation = self.desk.require_workstation()
        iid = self.view.inspection_id
        return self.call(
            "accept suggestion",
            lambda: workstation.decide(iid),
            done=self._decided,
        )

    def _decided(self, view: InspectionView) -> None:
        if view.decision is not None:
            self.desk.show_notice(
                f"Decided: {view.decision.outcome}. F9 or DONE completes the parcel.", "success"
            )

    def action_override(self) -> None:
        """Decide otherwise: choose the outcome and reasons, type why."""
        self.open_override(None)

    def open_override(self, outcome: str | None) -> None:
        """Show the override dialog; its choice is decided in turn with other intents."""
        dialog = OverrideDialog(self.view.suggested, self.policy, outcome)
        self.app.push_screen(dialog, callback=self._override_chosen)

    def _override_chosen(self, choice: OverrideChoice | None) -> None:
        if choice is None:
            self.tell("Nothing decided: the suggestion stands.")
            return
        workstation = self.desk.require_workstation()
        iid = self.view.inspection_id
        self.enqueue(
            lambda: self.call(
                f"decide {choice.outcome}",
                lambda: workstation.decide(
                    iid, choice.outcome, choice.reasons, choice.justification
                ),
                done=self._decided,
            )
        )

    def action_complete(self) -> None:
        """Complete the parcel: dispositions, labels, frozen."""
        self.enqueue(self.complete_intent)

    def complete_intent(self) -> AnyJob | None:
        """Complete, or go back to scanning when already completed."""
        if self.view.status != "open":
            self.close()
            return None
        workstation = self.desk.require_workstation()
        iid = self.view.inspection_id
        return self.call(
            "complete",
            lambda: workstation.complete(iid),
            done=lambda view: self.desk.show_notice(
                f"{view.code} completed. Scan the next parcel.", "success"
            ),
        )

    def action_leave(self) -> None:
        """Leave the parcel open (nothing is lost) and go back to scanning."""
        self.enqueue(self.leave_intent)

    def leave_intent(self) -> AnyJob | None:
        """Park the inspection and close the screen."""
        if self.view.status != "open":
            self.close()
            return None
        workstation = self.desk.require_workstation()
        view = self.view

        def left(_: None) -> None:
            self.close(f"{view.code} left open: scan its label again to go on.")

        return DeskJob(lambda: workstation.cancel(view.inspection_id), done=left, what="leave")
