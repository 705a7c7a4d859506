"""The bench controller: every scan and command of one station, applied in order.

A scanner in burst mode sends a parcel label, its weight, every unit, ``CMD:ACCEPT`` and
``DONE`` with no gap at all; the screen that shows the parcel comes up somewhere in the middle.
So what a scan means cannot depend on which screen happens to be on top: it depends on the
parcel on the bench and the step it is at, which this controller owns. Each input is read
against the parcel as the previous input left it, applied through the
:class:`~inspect_tui.services.workstation.Workstation` (written to disk before anything says
it is done) and published as a :class:`~inspect_tui.services.bench.state.BenchState`.

The controller is synchronous and not thread-safe: the app feeds it from one worker thread, in
the order the inputs arrived (see ``ui/bench_feed.py``); tests and scripts call it directly.
Errors never escape it: each becomes a line for the clerk in the published state.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from types import MappingProxyType
from typing import Any

from inspect_tui.core.codes import decode
from inspect_tui.core.policy import Policy
from inspect_tui.devices.photos import InboxPhoto
from inspect_tui.services.bench.failures import describe_failure
from inspect_tui.services.bench.reading import read_scan
from inspect_tui.services.bench.state import (
    BenchState,
    DialogKind,
    DialogRequest,
    Notice,
    Offer,
    Severity,
)
from inspect_tui.services.bench.unit_commands import UNIT_COMMANDS, default_kind
from inspect_tui.services.bench.words import (
    STEP_LABELS,
    STEPS,
    match_label,
    match_severity,
    verdict_banner,
)
from inspect_tui.services.bench.words import weight as weight_words
from inspect_tui.services.errors import DeskError, ParcelNotFound, ParcelOpenElsewhere
from inspect_tui.services.views import InspectionView
from inspect_tui.services.workstation import Workstation

Connect = Callable[[str], Workstation]
"""Opens the workstation for an operator name (raises UnknownOperator, StoreBusy)."""

RECENT_PARCELS = 8
"""How many recent parcels the scan screen lists."""


class BenchController:
    """One station's bench: the parcel on it, what the clerk picked, and every input in order."""

    def __init__(self, connect: Connect, *, scale_name: str = "manual") -> None:
        """Create a bench with nobody signed in.

        Args:
            connect: Opens the workstation for an operator name.
            scale_name: Recorded as the source of weights read from scans and typing.
        """
        self.connect = connect
        self.scale_name = scale_name
        self.workstation: Workstation | None = None
        self.state = BenchState()
        self._notices: list[Notice] = []
        self._dialogs = 0

    # -- inputs ----------------------------------------------------------------------------

    def sign_in(self, name: str) -> BenchState:
        """Open the workstation for ``name``; the parcel left open at this bench comes back."""
        return self._apply(lambda: self._sign_in(name))

    def scan(self, code: str) -> BenchState:
        """A whole code from the scanner (or typed and entered), read at the current step."""
        return self._apply(lambda: self._scan(code.strip()))

    def command(self, name: str, *args: Any) -> BenchState:
        """A key-level command (``grade``, ``tick``, ``accept``, ``select``…); see COMMANDS."""
        handler = COMMANDS.get(name) or UNIT_COMMANDS.get(name)
        if handler is None:
            raise ValueError(f"unknown bench command {name!r}")
        return self._apply(lambda: handler(self, *args))

    def close(self) -> None:
        """Release the workstation's database connections."""
        if self.workstation is not None:
            self.workstation.close()
            self.workstation = None

    # -- what inputs share -----------------------------------------------------------------

    def _apply(self, action: Callable[[], None]) -> BenchState:
        self._notices = []
        self.state = dataclasses.replace(self.state, dialog=None)
        try:
            action()
        except DeskError as error:
            self.say(str(error), "error")
        except Exception as error:  # a fault of the program: words, never a traceback
            self.say(describe_failure(error), "error")
        self.state = dataclasses.replace(
            self.state, notices=tuple(self._notices), revision=self.state.revision + 1
        )
        return self.state

    def say(self, text: str, severity: Severity = "information") -> None:
        """Tell the clerk what the input came to."""
        self._notices.append(Notice(text, severity))

    def update(self, **changes: Any) -> None:
        """Change what the bench holds (the fields of :class:`BenchState`)."""
        self.state = dataclasses.replace(self.state, **changes)

    def ask(self, kind: DialogKind, outcome: str | None = None) -> None:
        """Ask the screen to open a dialog (its answer comes back as a command)."""
        self._dialogs += 1
        self.update(dialog=DialogRequest(kind, outcome, self._dialogs))

    @property
    def desk(self) -> Workstation:
        """The signed-in workstation."""
        if self.workstation is None:
            raise DeskError("Nobody is signed in: scan your badge first.")
        return self.workstation

    @property
    def policy(self) -> Policy:
        """The seller's policy in force at this bench."""
        return self.desk.policy

    @property
    def view(self) -> InspectionView:
        """The parcel on the bench (commands that need one are refused without it)."""
        view = self.state.view
        if view is None:
            raise DeskError("No parcel is open: scan a parcel's label first.")
        return view

    def show(self, view: InspectionView) -> None:
        """Take a fresh view from the workstation: pick the unit just scanned, and so on."""
        state = self.state
        before = {u.unit_id: u for u in state.view.units} if state.view is not None else {}
        same_parcel = state.view is not None and state.view.inspection_id == view.inspection_id
        if not same_parcel:
            self._start_parcel(view)
            return
        changed = [
            u for u in view.units if u.unit_id not in before or before[u.unit_id].serial != u.serial
        ]
        selected, cursor = state.selected_unit, state.component_cursor
        if changed:
            selected, cursor = changed[-1].unit_id, 0
        elif selected not in {u.unit_id for u in view.units}:
            selected = view.units[-1].unit_id if view.units else None
        assert state.view is not None
        step_changed = view.step != state.view.step
        self.update(view=view, selected_unit=selected, component_cursor=cursor)
        if step_changed and view.step == "evidence":
            self.update(kind=default_kind(view, self.policy))
            self.read_inbox()

    def call(self, step: Callable[[Workstation, int], InspectionView]) -> InspectionView:
        """Run one workstation step on the parcel on the bench and show its result."""
        view = step(self.desk, self.view.inspection_id)
        self.show(view)
        return view

    def read_inbox(self) -> None:
        """Read the station's photo inbox again (newest first)."""
        photos: tuple[InboxPhoto, ...] = tuple(self.desk.inbox_photos())
        index = min(self.state.photo_index, max(len(photos) - 1, 0))
        self.update(photos=photos, photo_index=index)

    # -- signing in and parcels ------------------------------------------------------------

    def _sign_in(self, name: str) -> None:
        if self.state.view is not None and self.state.view.status == "open":
            self.say(
                "Finish this parcel (DONE) or leave it open (F10) before another operator "
                "signs in.",
                "warning",
            )
            return
        workstation = self.connect(name)
        previous, self.workstation = self.workstation, workstation
        if previous is not None:
            previous.close()
        self.update(operator=workstation.operator, station=workstation.station, view=None)
        if previous is not None:
            self.say(f"Signed in as {workstation.operator}.", "success")
        left_open = workstation.resume_open()
        if left_open is not None:
            self._start_parcel(left_open)
            self.say(f"Resumed {left_open.code}: it was left open at this bench.", "success")
        else:
            self._refresh_summary()

    def _scan(self, code: str) -> None:
        if not code:
            return
        view = self.state.view
        if view is None:
            self._scan_between_parcels(code)
            return
        meaning = read_scan(code, view, self.policy)
        if meaning.action == "refuse":
            self.say(meaning.message or f"{code!r} cannot be used here.", "warning")
        elif meaning.action == "command" and meaning.command:
            self.run_command_code(meaning.command)
        elif meaning.action == "badge":
            self._sign_in(meaning.badge or "")
        elif meaning.action == "parcel":
            self.close_parcel()
            self._open(code)
        elif meaning.action == "select_unit":
            self.update(selected_unit=meaning.unit_id, component_cursor=0)
        elif meaning.action == "weight" and meaning.grams is not None:
            grams, source = meaning.grams, self.scale_name
            weighed = self.call(lambda desk, iid: desk.record_weight(iid, grams, source))
            severity: Severity = {"ok": "success", "unknown": "information", "empty": "error"}.get(  # type: ignore[assignment]
                weighed.weight_verdict, "warning"
            )
            self.say(
                f"Weight recorded: {weight_words(weighed.weight_g)} — {verdict_banner(weighed)}",
                severity,
            )
        else:
            self.scan_unit(code)

    def _scan_between_parcels(self, code: str) -> None:
        decoded = decode(code, reference_patterns=self.policy.reference_patterns)
        if decoded.kind == "badge":
            if decoded.valid and decoded.badge:
                self._sign_in(decoded.badge)
            else:
                self.say(decoded.error or "This badge could not be read.", "error")
            return
        if decoded.kind == "command":
            self.say(
                f"{decoded.value or code}: no parcel is open. Scan a parcel's label first.",
                "warning",
            )
            return
        self._open(code)

    def _open(self, code: str, *, take_over: bool = False) -> None:
        self.update(offer=None)
        try:
            view = self.desk.open_parcel(code, take_over=take_over)
        except ParcelNotFound:
            self.update(offer=Offer("unmatched", code))
            self.say(
                f"No parcel found for {code!r}. Scan the label again, or press F4 to open it as "
                "an unmatched parcel (it goes to quarantine with your note).",
                "error",
            )
            return
        except ParcelOpenElsewhere as error:
            self.update(offer=Offer("take_over", code))
            self.say(f"{error} Press F5 to take it over.", "warning")
            return
        self._start_parcel(view)
        if view.status != "open":
            self.say(
                f"{view.code} was completed ({view.decision.outcome if view.decision else '—'}): "
                "shown as recorded. A supervisor can reopen it; scan the next parcel.",
                "information",
            )
            return
        started = view.weight_g is not None or bool(view.units) or view.step != "card"
        self.say(f"{'Resumed' if started else 'Opened'} {view.code}.", "success")

    def _start_parcel(self, view: InspectionView) -> None:
        """The parcel on the bench is ``view``: forget what was picked on the one before."""
        self.update(
            view=view,
            selected_unit=view.units[-1].unit_id if view.units else None,
            component_cursor=0,
            photos=None,
            photo_index=0,
            kind=default_kind(view, self.policy),
            pending_checklist=MappingProxyType({}),
            test_result=view.test_result,
            outer_box_damaged=view.outer_box_damaged,
            offer=None,
        )
        if view.step == "evidence":
            self.read_inbox()

    def close_parcel(self, notice: str = "") -> None:
        """Back to scanning parcels (the inspection stays as recorded)."""
        self.update(view=None, selected_unit=None, photos=None, offer=None)
        if notice:
            self.say(notice)
        self._refresh_summary()

    def _refresh_summary(self) -> None:
        self.update(summary=self.desk.day_summary(RECENT_PARCELS))

    # -- units -----------------------------------------------------------------------------

    def scan_unit(self, code: str) -> None:
        """Record a unit taken out of the parcel and say how it matched."""
        view = self.call(lambda desk, iid: desk.scan_item(iid, code))
        unit = self.state.selected()
        if unit is None:
            return
        severity = match_severity(unit.match)
        text = f"{unit.scanned_code}: {match_label(unit.match)} — {unit.explanation}"
        if severity == "error":
            expected = "; ".join(
                f"{m.sku} {m.title} ×{m.missing}"
                + (f" (serial {', '.join(m.serials)})" if m.serials else "")
                for m in view.missing
            )
            if expected:
                text += f" Still expected: {expected}."
            self.say(text, "error")
        else:
            self.say(text, "success" if severity == "ok" else "warning")

    # -- command barcodes and the keys that do the same ------------------------------------

    def run_command_code(self, command: str) -> None:
        """Do what a command barcode (or the word typed) says on the parcel on the bench."""
        if command.startswith("GRADE-"):
            UNIT_COMMANDS["grade"](self, command.removeprefix("GRADE-"))
            return
        simple: dict[str, Callable[[BenchController], None]] = {
            "NEXT": _next,
            "BACK": _back,
            "ACCEPT": _accept,
            "DONE": _complete,
            "TICK": UNIT_COMMANDS["tick"],
            "PHOTO": UNIT_COMMANDS["attach_photo"],
            "CANCEL": _leave,
            "OVERRIDE": lambda bench: bench.ask("override"),
            "REJECT": _reject,
        }
        handler = simple.get(command)
        if handler is None:
            self.say(f"{command} does nothing on this step.", "warning")
            return
        handler(self)

    def go_to(self, step: str) -> None:
        """Move the parcel to ``step`` (recorded, so a restart comes back there)."""
        view = self.call(lambda desk, iid: desk.set_step(iid, step))
        self.say(f"{STEP_LABELS[view.step]} step.")


# -- commands on the parcel as a whole ---------------------------------------------------------


def _next(bench: BenchController) -> None:
    view = bench.view
    if view.status != "open":
        bench.close_parcel()
        return
    if view.step == "decision":
        bench.say("This is the last step: F9 or DONE completes the parcel.", "warning")
        return
    index = STEPS.index(view.step)
    bench.go_to(STEPS[min(index + 1, len(STEPS) - 1)])


def _back(bench: BenchController) -> None:
    view = bench.view
    if view.status != "open":
        bench.say("This parcel is completed; a supervisor can reopen it.", "error")
        return
    index = STEPS.index(view.step)
    if index > 0:
        bench.go_to(STEPS[index - 1])


def _accept(bench: BenchController) -> None:
    if bench.view.status != "open":
        bench.say("This parcel is completed: scan the next parcel.", "warning")
        return
    view = bench.call(lambda desk, iid: desk.decide(iid))
    if view.decision is not None:
        bench.say(f"Decided: {view.decision.outcome}. F9 or DONE completes the parcel.", "success")


def _reject(bench: BenchController) -> None:
    if bench.view.suggested.outcome == "reject":
        _accept(bench)
    else:
        bench.ask("override", "reject")


def _decide(
    bench: BenchController, outcome: str, reasons: tuple[str, ...], justification: str
) -> None:
    view = bench.call(lambda desk, iid: desk.decide(iid, outcome, reasons, justification))
    if view.decision is not None:
        bench.say(f"Decided: {view.decision.outcome}. F9 or DONE completes the parcel.", "success")


def _complete(bench: BenchController) -> None:
    if bench.view.status != "open":
        bench.close_parcel()
        return
    view = bench.call(lambda desk, iid: desk.complete(iid))
    bench.say(f"{view.code} completed. Scan the next parcel.", "success")


def _leave(bench: BenchController) -> None:
    view = bench.view
    if view.status != "open":
        bench.close_parcel()
        return
    bench.desk.cancel(view.inspection_id)
    bench.close_parcel(f"{view.code} left open: scan its label again to go on.")


def _note(bench: BenchController, text: str) -> None:
    bench.call(lambda desk, iid: desk.set_note(iid, text))
    bench.say("Note kept with the parcel.", "success")


def _open_unmatched(bench: BenchController, note: str) -> None:
    offer = bench.state.offer
    if offer is None or offer.kind != "unmatched":
        bench.say("Scan the unknown parcel's label first.", "warning")
        return
    if not note.strip():
        bench.say("Not opened: no note was given.", "warning")
        return
    view = bench.desk.open_unmatched(offer.code, note)
    bench.show(view)
    bench.say(f"Opened {view.code} as an unmatched parcel.", "success")


def _take_over(bench: BenchController) -> None:
    offer = bench.state.offer
    if offer is None or offer.kind != "take_over":
        bench.say("No parcel to take over: scan its label first.", "warning")
        return
    bench._open(offer.code, take_over=True)


def _refresh_summary(bench: BenchController) -> None:
    bench._refresh_summary()


def _goto(bench: BenchController, step: str) -> None:
    bench.go_to(step)


COMMANDS: dict[str, Callable[..., None]] = {
    "next": _next,
    "back": _back,
    "accept": _accept,
    "reject": _reject,
    "decide": _decide,
    "complete": _complete,
    "leave": _leave,
    "note": _note,
    "open_unmatched": _open_unmatched,
    "take_over": _take_over,
    "refresh_summary": _refresh_summary,
    "go_to": _goto,
}
"""Commands on the parcel as a whole (the unit-level ones are in ``unit_commands``)."""
