"""The bench's commands on units, their condition and the evidence, by key or barcode.

Each is a function of the :class:`~inspect_tui.services.bench.controller.BenchController` and its
arguments, registered in :data:`UNIT_COMMANDS`; the controller runs them in input order.
"""

from __future__ import annotations

from collections.abc import Callable
from types import MappingProxyType
from typing import TYPE_CHECKING

from inspect_tui.core.display_names import evidence_name
from inspect_tui.core.policy import Policy
from inspect_tui.core.translation import _
from inspect_tui.core.vocabulary import InspectionStatus, Step
from inspect_tui.services.shared.views import InspectionView, UnitView

if TYPE_CHECKING:
    from inspect_tui.services.bench.controller import BenchController

TEST_RESULTS: tuple[str | None, ...] = (None, "reproduced", "not_reproduced")
"""The function test's answers, in the order the key cycles through them."""
BOX_STATES: tuple[bool | None, ...] = (None, True, False)
"""The outer box: not recorded, damaged, intact (the order the key cycles through)."""


def unit_components(view: InspectionView, unit: UnitView) -> tuple[str, ...]:
    """The accessories that should come back with ``unit`` (those of its shipment line)."""
    if view.shipment is None or unit.line is None:
        return ()
    line = next((x for x in view.shipment.lines if x.line_no == unit.line), None)
    return line.components if line is not None else ()


def default_kind(view: InspectionView, policy: Policy) -> str:
    """The evidence kind proposed next: the first one the reasons still need."""
    missing = view.suggested.missing_evidence
    if missing:
        return missing[0][1]
    kinds = policy.evidence_kinds
    return "item_photo" if "item_photo" in kinds else kinds[0]


# -- picking ----------------------------------------------------------------------------------


def select(bench: BenchController, delta: int) -> None:
    """Pick the previous/next unit (or photo on the evidence step)."""
    view, state = bench.view, bench.state
    if view.step == Step.EVIDENCE:
        if state.photos:
            bench.update(photo_index=(state.photo_index + delta) % len(state.photos))
    elif view.units:
        ids = [unit.unit_id for unit in view.units]
        index = ids.index(state.selected_unit) if state.selected_unit in ids else 0
        bench.update(selected_unit=ids[(index + delta) % len(ids)], component_cursor=0)


def side(bench: BenchController, delta: int) -> None:
    """Move the accessory cursor (contents) or change the evidence kind (evidence)."""
    view, state = bench.view, bench.state
    if view.step == Step.EVIDENCE:
        kinds = bench.policy.evidence_kinds
        index = kinds.index(state.kind) if state.kind in kinds else 0
        bench.update(kind=kinds[(index + delta) % len(kinds)])
        return
    unit = state.selected()
    components = unit_components(view, unit) if unit else ()
    if components:
        bench.update(component_cursor=(state.component_cursor + delta) % len(components))


# -- contents ---------------------------------------------------------------------------------


def remove_unit(bench: BenchController) -> None:
    """Take back the selected unit (scanned by mistake)."""
    unit = bench.state.selected()
    if unit is None:
        bench.say(_("No unit to remove."), "warning")
        return
    bench.call(lambda desk, iid: desk.remove_unit(iid, unit.unit_id))
    bench.say(_("Removed {code}.").format(code=unit.scanned_code))


def _unit_with_accessories(
    bench: BenchController, refusal: str
) -> tuple[UnitView, tuple[str, ...]] | None:
    """The selected unit and its accessories; None (the clerk told ``refusal``) without."""
    unit = bench.state.selected()
    components = unit_components(bench.view, unit) if unit else ()
    if unit is None or not components:
        bench.say(refusal, "warning")
        return None
    return unit, components


def tick(bench: BenchController) -> None:
    """Tick (or untick) the highlighted accessory of the selected unit, then move on."""
    state = bench.state
    chosen = _unit_with_accessories(bench, _("No accessories to tick: scan a unit that has some."))
    if chosen is None:
        return
    unit, components = chosen
    cursor = state.component_cursor % len(components)
    name = components[cursor]
    present = set(unit.components_present or ())
    present.symmetric_difference_update({name})
    ordered = [item for item in components if item in present]
    bench.call(lambda desk, iid: desk.set_components(iid, unit.unit_id, ordered))
    bench.update(component_cursor=(cursor + 1) % len(components))


def mark_missing(bench: BenchController, name: str | None = None) -> None:
    """Mark an accessory of the selected unit missing (the highlighted one, or ``name``).

    The unit's other accessories count as present and its checklist answers "accessories
    complete" with no: what the rules need to find MISSING_PARTS.
    """
    state = bench.state
    chosen = _unit_with_accessories(bench, _("No accessories to mark: scan a unit that has some."))
    if chosen is None:
        return
    unit, components = chosen
    missing = name if name is not None else components[state.component_cursor % len(components)]
    if missing not in components:
        bench.say(
            _("{part} is not an accessory of {sku}.").format(part=repr(missing), sku=unit.sku),
            "warning",
        )
        return
    had = set(components if unit.components_present is None else unit.components_present)
    present = [c for c in components if c in had and c != missing]
    bench.call(lambda desk, iid: desk.set_components(iid, unit.unit_id, present))
    graded = unit.grade
    if graded is not None:
        answer = {"accessories_complete": False}
        bench.call(lambda desk, iid: desk.grade_unit(iid, unit.unit_id, graded, answer))
    else:  # saved with the unit's grade, like any checklist answer given before it
        pending = {k: dict(v) for k, v in state.pending_checklist.items()}
        pending.setdefault(unit.unit_id, {})["accessories_complete"] = False
        bench.update(pending_checklist=MappingProxyType(pending))
    bench.say(_("{sku}: {part} missing.").format(sku=unit.sku, part=missing), "warning")


# -- condition --------------------------------------------------------------------------------


def grade(bench: BenchController, letter: str) -> None:
    """Grade the selected unit with its checklist answers; then pick the next ungraded."""
    unit = bench.state.selected()
    if unit is None:
        bench.say(_("No unit to grade: scan the unit first."), "warning")
        return
    answers = dict(bench.state.pending_checklist.get(unit.unit_id, {}))
    view = bench.call(lambda desk, iid: desk.grade_unit(iid, unit.unit_id, letter, answers or None))
    pending = {k: v for k, v in bench.state.pending_checklist.items() if k != unit.unit_id}
    bench.update(pending_checklist=MappingProxyType(pending))
    bench.say(
        _("{unit}: grade {grade}.").format(unit=unit.sku or unit.scanned_code, grade=letter),
        "success",
    )
    following = [u for u in view.units if not u.grade]
    if following:
        bench.update(selected_unit=following[0].unit_id)


def check(bench: BenchController, number: int) -> None:
    """Flip checklist answer ``number``: saved at once for a graded unit, else with its grade."""
    unit = bench.state.selected()
    items = bench.policy.checklist
    if unit is None or not 1 <= number <= len(items):
        return
    name = items[number - 1].name
    pending = {k: dict(v) for k, v in bench.state.pending_checklist.items()}
    mine = pending.setdefault(unit.unit_id, {})
    current = mine.get(name, unit.checklist.get(name))
    answer = True if current is None else not current
    if unit.grade is None:
        mine[name] = answer
        bench.update(pending_checklist=MappingProxyType(pending))
        return
    grade_now = unit.grade
    bench.call(lambda desk, iid: desk.grade_unit(iid, unit.unit_id, grade_now, {name: answer}))


def test_result(bench: BenchController) -> None:
    """Cycle the function test result: reproduced, not reproduced, not done."""
    current = bench.state.test_result
    index = TEST_RESULTS.index(current) if current in TEST_RESULTS else 0
    result = TEST_RESULTS[(index + 1) % len(TEST_RESULTS)]
    bench.call(lambda desk, iid: desk.set_test_result(iid, result))
    bench.update(test_result=result)


def test_note(bench: BenchController, text: str) -> None:
    """Keep what the function test showed (the evidence a test note stands for)."""
    result = bench.state.test_result
    bench.call(lambda desk, iid: desk.set_test_result(iid, result, note=text))
    bench.say(_("Test note kept."), "success")


def outer_box(bench: BenchController) -> None:
    """Cycle the outer box: damaged, intact, not recorded."""
    current = bench.state.outer_box_damaged
    damaged = BOX_STATES[(BOX_STATES.index(current) + 1) % len(BOX_STATES)]
    bench.call(lambda desk, iid: desk.set_outer_box(iid, damaged))
    bench.update(outer_box_damaged=damaged)


def unit_note(bench: BenchController, unit_id: int, text: str) -> None:
    """Keep a note with a graded unit."""
    unit = next((u for u in bench.view.units if u.unit_id == unit_id), None)
    if unit is None or unit.grade is None:
        bench.say(_("Grade the unit first, then write its note."), "warning")
        return
    grade_now = unit.grade
    bench.call(lambda desk, iid: desk.grade_unit(iid, unit_id, grade_now, None, text))
    bench.say(_("Note kept with the unit."), "success")


# -- evidence ---------------------------------------------------------------------------------


def refresh_inbox(bench: BenchController) -> None:
    """Read the station's photo inbox again (newest first)."""
    bench.read_inbox()


def photo_arrived(bench: BenchController, name: str) -> None:
    """A photo or clip just landed in the station's inbox: offer it for the evidence missing."""
    if bench.state.view is None or bench.view.status != InspectionStatus.OPEN:
        return
    bench.read_inbox()
    photos = bench.state.photos or ()
    index = next((i for i, photo in enumerate(photos) if photo.name == name), 0)
    kind = default_kind(bench.view, bench.policy)
    bench.update(photo_index=index, kind=kind)
    bench.say(
        _("New photo {name}: F7 or PHOTO attaches it as {kind}.").format(
            name=name, kind=evidence_name(kind)
        ),
        "success",
    )


def attach_photo(bench: BenchController) -> None:
    """Attach the chosen photo as the chosen kind; elsewhere, go to the evidence step first."""
    if bench.view.step != Step.EVIDENCE:
        bench.go_to("evidence")
        return
    photos = bench.state.photos
    if not photos:
        bench.read_inbox()
        photos = bench.state.photos
    if not photos:
        bench.say(
            _("No photo to attach: take it with the bench camera, then F5 to refresh."), "warning"
        )
        return
    photo = photos[bench.state.photo_index % len(photos)]
    kind = bench.state.kind
    try:
        view = bench.call(lambda desk, iid: desk.attach_evidence(iid, photo.path, kind))
    finally:
        bench.read_inbox()
    bench.update(kind=default_kind(view, bench.policy))
    bench.say(
        _("Attached {name} as {kind}.").format(name=photo.name, kind=evidence_name(kind)),
        "success",
    )


UNIT_COMMANDS: dict[str, Callable[..., None]] = {
    "select": select,
    "side": side,
    "remove_unit": remove_unit,
    "tick": tick,
    "grade": grade,
    "check": check,
    "test_result": test_result,
    "outer_box": outer_box,
    "mark_missing": mark_missing,
    "test_note": test_note,
    "unit_note": unit_note,
    "refresh_inbox": refresh_inbox,
    "attach_photo": attach_photo,
    "photo_arrived": photo_arrived,
}
"""Commands on units, condition and evidence, by name."""
