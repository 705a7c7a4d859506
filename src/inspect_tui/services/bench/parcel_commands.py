"""The bench's commands on the parcel as a whole: steps, deciding, completing, leaving, offers.

Each is a function of the :class:`~inspect_tui.services.bench.controller.BenchController` and its
arguments, registered in :data:`PARCEL_COMMANDS`; :func:`run_command_code` maps the command
barcodes (``CMD:ACCEPT``, ``CMD:REFUSE``…) to them. The controller runs them in input order.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from inspect_tui.core.display_names import outcome_name
from inspect_tui.core.translation import _
from inspect_tui.core.vocabulary import STEPS, InspectionStatus, Outcome, Step
from inspect_tui.services.bench.unit_commands import UNIT_COMMANDS
from inspect_tui.services.bench.words import seals_words, verdict_banner
from inspect_tui.services.bench.words import weight as weight_words
from inspect_tui.services.shared.views import InspectionView

if TYPE_CHECKING:
    from inspect_tui.services.bench.controller import BenchController
    from inspect_tui.services.bench.state import Offer, OfferKind


def run_command_code(bench: BenchController, command: str) -> None:
    """Do what a command barcode (or the word typed) says on the parcel on the bench."""
    if command.startswith("GRADE-"):
        UNIT_COMMANDS["grade"](bench, command.removeprefix("GRADE-"))
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
        "REFUSE": lambda bench: bench.ask("override", "refused"),
        "FOREIGN": _foreign,
        "SEAL-MISSING": _seal_missing,
        "SHIPPED-THIS": lambda bench: _seller_error(bench, True),
        "NOT-SHIPPED": lambda bench: _seller_error(bench, False),
        "TEST-WORKS": lambda bench: _test(bench, "not_reproduced"),
        "TEST-FAILS": lambda bench: _test(bench, "reproduced"),
        "BOX-DAMAGED": lambda bench: _box(bench, True),
        "BOX-INTACT": lambda bench: _box(bench, False),
    }
    handler = simple.get(command)
    if handler is None:
        bench.say(_("{command} does nothing on this step.").format(command=command), "warning")
        return
    handler(bench)


def _next(bench: BenchController) -> None:
    view = bench.view
    if view.status != InspectionStatus.OPEN:
        bench.close_parcel()
        return
    if view.step == Step.DECISION:
        bench.say(_("This is the last step: F9 or DONE completes the parcel."), "warning")
        return
    index = STEPS.index(view.step)
    bench.go_to(STEPS[min(index + 1, len(STEPS) - 1)])


def _back(bench: BenchController) -> None:
    view = bench.view
    if view.status != InspectionStatus.OPEN:
        bench.say(_("This parcel is completed; a supervisor can reopen it."), "error")
        return
    index = STEPS.index(view.step)
    if index > 0:
        bench.go_to(STEPS[index - 1])


def _accept(bench: BenchController) -> None:
    if bench.view.status != InspectionStatus.OPEN:
        bench.say(_("This parcel is completed: scan the next parcel."), "warning")
        return
    _say_decided(bench, bench.call(lambda desk, iid: desk.decide(iid)))


def _reject(bench: BenchController) -> None:
    if bench.view.suggested.outcome == Outcome.REJECT:
        _accept(bench)
    else:
        bench.ask("override", "reject")


def _decide(
    bench: BenchController, outcome: str, reasons: tuple[str, ...], justification: str
) -> None:
    if outcome == Outcome.REFUSED:
        refused = bench.call(lambda desk, iid: desk.refuse(iid, reasons, justification))
        bench.say(
            _(
                "{code} refused at receipt: it goes back with the courier. Scan the next parcel."
            ).format(code=refused.code),
            "success",
        )
        return
    _say_decided(
        bench, bench.call(lambda desk, iid: desk.decide(iid, outcome, reasons, justification))
    )


def _say_decided(bench: BenchController, view: InspectionView) -> None:
    """Tell the clerk the decision the store now holds, and what comes next."""
    if view.decision is not None:
        bench.say(
            _("Decided: {outcome}. F9 or DONE completes the parcel.").format(
                outcome=outcome_name(view.decision.outcome)
            ),
            "success",
        )


def _complete(bench: BenchController) -> None:
    if bench.view.status != InspectionStatus.OPEN:
        bench.close_parcel()
        return
    folder = bench.desk.recording_folder()
    view = bench.call(lambda desk, iid: desk.complete(iid, folder))
    for notice in view.notices:
        bench.say(notice, "warning")
    bench.say(_("{code} completed. Scan the next parcel.").format(code=view.code), "success")


def _foreign(bench: BenchController) -> None:
    refusal = _("Nothing to record as a foreign item: scan the item first.")
    if offer := _offer(bench, "foreign", refusal):
        bench.scan_unit(offer.code, foreign_ok=True)


def _offer(bench: BenchController, kind: OfferKind, refusal: str) -> Offer | None:
    """The bench's offer when it is of ``kind``; else the clerk is told ``refusal``."""
    offer = bench.state.offer
    if offer is None or offer.kind != kind:
        bench.say(refusal, "warning")
        return None
    return offer


def _choose(bench: BenchController, place: int) -> None:
    offer = bench.state.offer
    if offer is None or offer.kind != "serial_product" or not 1 <= place <= len(offer.choices):
        bench.say(_("Nothing to choose here."), "warning")
        return
    bench.scan_unit(offer.code, line_no=offer.choices[place - 1][0])


def _seal_missing(bench: BenchController) -> None:
    view = bench.call(lambda desk, iid: desk.mark_seal_missing(iid))
    bench.say(_("Seal marked missing — {seals}").format(seals=seals_words(view)), "warning")


def _seller_error(bench: BenchController, shipped_this: bool) -> None:
    view = bench.call(lambda desk, iid: desk.answer_seller_error(iid, shipped_this))
    said = _("what we shipped: a seller error") if shipped_this else _("not what we shipped")
    bench.say(
        _("Recorded: {answer}. Suggested: {outcome}.").format(
            answer=said, outcome=outcome_name(view.suggested.outcome)
        ),
        "success",
    )


def _test(bench: BenchController, result: str) -> None:
    bench.call(lambda desk, iid: desk.set_test_result(iid, result))
    bench.update(test_result=result)
    words = _("defect reproduced") if result == "reproduced" else _("defect not reproduced")
    bench.say(_("Function test: {result}.").format(result=words), "success")


def _box(bench: BenchController, damaged: bool) -> None:
    bench.call(lambda desk, iid: desk.set_outer_box(iid, damaged))
    bench.update(outer_box_damaged=damaged)
    bench.say(
        _("Outer box: {state}.").format(state=_("damaged") if damaged else _("intact")), "success"
    )


SCALE_SOURCE_LENGTH = 40
"""A scale's source as stored with the weight (the column's width)."""


def _scale_weight(bench: BenchController, grams: int, source: str) -> None:
    """A stable reading from the station's scale: the parcel's weight, unless one is recorded."""
    view = bench.state.view
    if view is None or view.status != InspectionStatus.OPEN or view.weight_g is not None:
        return
    if view.step not in (Step.CARD, Step.WEIGH):
        return
    weighed = bench.call(
        lambda desk, iid: desk.record_weight(iid, grams, source[:SCALE_SOURCE_LENGTH])
    )
    bench.say(
        _("Weight from the scale: {weight} — {verdict}").format(
            weight=weight_words(weighed.weight_g), verdict=verdict_banner(weighed)
        ),
        "success" if weighed.weight_verdict in ("ok", "unknown") else "warning",
    )


def _leave(bench: BenchController) -> None:
    view = bench.view
    if view.status != InspectionStatus.OPEN:
        bench.close_parcel()
        return
    bench.desk.cancel(view.inspection_id)
    bench.close_parcel(_("{code} left open: scan its label again to go on.").format(code=view.code))


def _note(bench: BenchController, text: str) -> None:
    bench.call(lambda desk, iid: desk.set_note(iid, text))
    bench.say(_("Note kept with the parcel."), "success")


def _open_unmatched(bench: BenchController, note: str) -> None:
    offer = _offer(bench, "unmatched", _("Scan the unknown parcel's label first."))
    if offer is None:
        return
    if not note.strip():
        bench.say(_("Not opened: no note was given."), "warning")
        return
    view = bench.desk.open_unmatched(offer.code, note)
    bench.show(view)
    bench.say(_("Opened {code} as an unmatched parcel.").format(code=view.code), "success")


def _take_over(bench: BenchController) -> None:
    refusal = _("No parcel to take over: scan its label first.")
    if offer := _offer(bench, "take_over", refusal):
        bench.open_code(offer.code, take_over=True)


def _refresh_summary(bench: BenchController) -> None:
    bench.refresh_summary()


def _goto(bench: BenchController, step: str) -> None:
    bench.go_to(step)


PARCEL_COMMANDS: dict[str, Callable[..., None]] = {
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
    "foreign": _foreign,
    "choose": _choose,
    "seal_missing": _seal_missing,
    "seller_error": _seller_error,
    "scale_weight": _scale_weight,
    "go_to": _goto,
}
"""Commands on the parcel as a whole (the unit-level ones are in ``unit_commands``)."""
