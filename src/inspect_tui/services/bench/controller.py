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
from typing import TYPE_CHECKING, Any

from inspect_tui.core.codes import decode
from inspect_tui.core.display_names import outcome_name
from inspect_tui.core.policy import Policy
from inspect_tui.core.translation import _
from inspect_tui.core.vocabulary import InspectionStatus, Step
from inspect_tui.devices.photos import InboxPhoto
from inspect_tui.services.bench.failures import describe_failure
from inspect_tui.services.bench.parcel_commands import PARCEL_COMMANDS, run_command_code
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
    match_label,
    match_severity,
    seals_words,
    step_label,
    verdict_banner,
)
from inspect_tui.services.bench.words import weight as weight_words
from inspect_tui.services.shared.errors import (
    DeskError,
    ForeignItemUnconfirmed,
    ParcelNotFound,
    ParcelOpenElsewhere,
    SerialNeedsProduct,
)
from inspect_tui.services.shared.views import InspectionView

if TYPE_CHECKING:  # the store loads with the first sign-in, not with the scan screen
    from inspect_tui.services.inspecting.workstation import Workstation

Connect = Callable[[str], "Workstation"]
"""Opens the workstation for an operator name (raises UnknownOperator, StoreBusy)."""

TYPED = "manual"
"""The source of a weight typed (or scanned as text): never a scale's name."""

RECENT_PARCELS = 8
"""How many recent parcels the scan screen lists."""


class BenchController:
    """One station's bench: the parcel on it, what the clerk picked, and every input in order."""

    def __init__(self, connect: Connect, speak: Callable[[str | None], None] | None = None) -> None:
        """Create a bench with nobody signed in.

        Args:
            connect: Opens the workstation for an operator name.
            speak: Switches the interface to an operator's language at sign-in (None: the
                desk's); called before anything is said to them.
        """
        self.connect = connect
        self.speak = speak
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
        handler = PARCEL_COMMANDS.get(name) or UNIT_COMMANDS.get(name)
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
            raise DeskError(_("Nobody is signed in: scan your badge first."))
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
            raise DeskError(_("No parcel is open: scan a parcel's label first."))
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
        if step_changed and view.step == Step.EVIDENCE:
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
        if self.state.view is not None and self.state.view.status == InspectionStatus.OPEN:
            self.say(
                _(
                    "Finish this parcel (DONE) or leave it open (F10) before another operator "
                    "signs in."
                ),
                "warning",
            )
            return
        workstation = self.connect(name)
        previous, self.workstation = self.workstation, workstation
        if previous is not None:
            previous.close()
        if self.speak is not None:
            self.speak(workstation.operator_language)
        self.update(operator=workstation.operator, station=workstation.station, view=None)
        if previous is not None:
            self.say(_("Signed in as {operator}.").format(operator=workstation.operator), "success")
        left_open = workstation.resume_open()
        if left_open is not None:
            self._start_parcel(left_open)
            self.say(
                _("Resumed {code}: it was left open at this bench.").format(code=left_open.code),
                "success",
            )
        else:
            self.refresh_summary()

    def _scan(self, code: str) -> None:
        if not code:
            return
        view = self.state.view
        if view is None:
            self._scan_between_parcels(code)
            return
        meaning = read_scan(code, view, self.policy)
        if meaning.action == "refuse":
            self.say(
                meaning.message or _("{code} cannot be used here.").format(code=repr(code)),
                "warning",
            )
        elif meaning.action == "command" and meaning.command:
            self.run_command_code(meaning.command)
        elif meaning.action == "badge":
            self._sign_in(meaning.badge or "")
        elif meaning.action == "parcel":
            self.close_parcel()
            self.open_code(code)
        elif meaning.action == "select_unit":
            self.update(selected_unit=meaning.unit_id, component_cursor=0)
        elif meaning.action == "weight" and meaning.grams is not None:
            grams, source = meaning.grams, TYPED
            weighed = self.call(lambda desk, iid: desk.record_weight(iid, grams, source))
            severity: Severity = {"ok": "success", "unknown": "information", "empty": "error"}.get(  # type: ignore[assignment]
                weighed.weight_verdict, "warning"
            )
            self.say(
                _("Weight recorded: {weight} — {verdict}").format(
                    weight=weight_words(weighed.weight_g), verdict=verdict_banner(weighed)
                ),
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
                self.say(decoded.error or _("This badge could not be read."), "error")
            return
        if decoded.kind == "command":
            self.say(
                _("{command}: no parcel is open. Scan a parcel's label first.").format(
                    command=decoded.value or code
                ),
                "warning",
            )
            return
        self.open_code(code)

    def open_code(self, code: str, *, take_over: bool = False) -> None:
        """Open (or resume, or show as recorded) the parcel ``code`` names."""
        self.update(offer=None)
        try:
            view = self.desk.open_parcel(code, take_over=take_over)
        except ParcelNotFound:
            self.update(offer=Offer("unmatched", code))
            self.say(
                _(
                    "No parcel found for {code}. Scan the label again, or press F4 to open it as "
                    "an unmatched parcel (it goes to quarantine with your note)."
                ).format(code=repr(code)),
                "error",
            )
            return
        except ParcelOpenElsewhere as error:
            self.update(offer=Offer("take_over", code))
            self.say(_("{problem} Press F5 to take it over.").format(problem=error), "warning")
            return
        self._start_parcel(view)
        if view.status != InspectionStatus.OPEN:
            self.say(
                _(
                    "{code} was completed ({outcome}): shown as recorded. A supervisor can "
                    "reopen it; scan the next parcel."
                ).format(
                    code=view.code,
                    outcome=outcome_name(view.decision.outcome) if view.decision else "—",
                ),
                "information",
            )
            return
        started = view.weight_g is not None or bool(view.units) or view.step != Step.CARD
        said = _("Resumed {code}.") if started else _("Opened {code}.")
        self.say(said.format(code=view.code), "success")

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
        if view.step == Step.EVIDENCE:
            self.read_inbox()

    def close_parcel(self, notice: str = "") -> None:
        """Back to scanning parcels (the inspection stays as recorded)."""
        self.update(view=None, selected_unit=None, photos=None, offer=None)
        if notice:
            self.say(notice)
        self.refresh_summary()

    def refresh_summary(self) -> None:
        """Read today's count and the last parcels at this station again."""
        self.update(summary=self.desk.day_summary(RECENT_PARCELS))

    # -- units -----------------------------------------------------------------------------

    def scan_unit(self, code: str, *, foreign_ok: bool = False, line_no: int | None = None) -> None:
        """Record a unit taken out of the parcel and say how it matched.

        A code nobody knows is recorded only when the clerk confirms it (the same code scanned
        again, ``CMD:FOREIGN`` or the key); a serial that could belong to several products of
        the order waits for the clerk to pick the product.
        """
        offer = self.state.offer
        if offer is not None and offer.kind == "foreign" and offer.code == code:
            foreign_ok = True
        self.update(offer=None)
        seals_before = self.view.seals
        try:
            view = self.call(
                lambda desk, iid: desk.scan_item(iid, code, foreign_ok=foreign_ok, line_no=line_no)
            )
        except ForeignItemUnconfirmed as error:
            self.update(offer=Offer("foreign", code))
            self.say(str(error), "warning")
            return
        except SerialNeedsProduct as error:
            choices = tuple((n, f"{sku} {title}") for n, sku, title in error.lines)
            self.update(offer=Offer("serial_product", code, choices))
            picks = "; ".join(
                f"{place}: {what}" for place, (_number, what) in enumerate(choices, 1)
            )
            self.say(
                _("{problem} Press the product's number — {choices}.").format(
                    problem=error, choices=picks
                ),
                "warning",
            )
            return
        if view.seals != seals_before:
            self.say(
                _("{code}: seal checked — {seals}").format(code=code, seals=seals_words(view)),
                "success",
            )
            return
        unit = self.state.selected()
        if unit is None:
            return
        severity = match_severity(unit.match)
        text = f"{unit.scanned_code}: {match_label(unit.match)} — {unit.explanation}"
        if severity == "error":
            expected = "; ".join(
                f"{m.sku} {m.title} ×{m.missing}"
                + (
                    " " + _("(serial {serials})").format(serials=", ".join(m.serials))
                    if m.serials
                    else ""
                )
                for m in view.missing
            )
            if expected:
                text += " " + _("Still expected: {units}.").format(units=expected)
            self.say(text, "error")
        else:
            self.say(text, "success" if severity == "ok" else "warning")

    # -- command barcodes and the keys that do the same ------------------------------------

    def run_command_code(self, command: str) -> None:
        """Do what a command barcode (or the word typed) says on the parcel on the bench."""
        run_command_code(self, command)

    def go_to(self, step: str) -> None:
        """Move the parcel to ``step`` (recorded, so a restart comes back there)."""
        view = self.call(lambda desk, iid: desk.set_step(iid, step))
        self.say(_("{step} step.").format(step=step_label(view.step)))
