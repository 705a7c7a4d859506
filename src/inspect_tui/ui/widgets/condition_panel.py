"""The condition step: a grade per unit, the checklist answers, the note and the function test."""

from __future__ import annotations

from collections.abc import Mapping

from textual.content import Content
from textual.widgets import Static

from inspect_tui.core.policy import Policy
from inspect_tui.services.shared.views import InspectionView, UnitView
from inspect_tui.ui import format as fmt
from inspect_tui.ui.widgets.contents_panel import unit_window
from inspect_tui.ui.widgets.sized_by_layout import SizedByLayout

TEST_RESULT_WORDS: dict[str | None, str] = {
    None: "not done",
    "reproduced": "defect REPRODUCED",
    "not_reproduced": "defect NOT reproduced",
}
"""The function test of a claimed defect, in words."""

BOX_WORDS: dict[bool | None, str] = {
    None: "not recorded",
    True: "DAMAGED",
    False: "intact",
}
"""The outer box as received, in words."""


def answer_word(answer: bool | None) -> str:
    """``yes``, ``no`` or ``—`` for a checklist answer."""
    return "—" if answer is None else "yes" if answer else "no"


def grades_text(policy: Policy) -> Content:
    """The grade keys: ``A New, sealed · B Opened, like new · …``."""
    return Content("  ·  ").join(
        Content.assemble((grade.code, "bold $accent"), f" {grade.description}")
        for grade in policy.grades
    )


def units_text(view: InspectionView, selected: int | None, policy: Policy) -> Content:
    """Each unit and its grade (with the disposition it implies)."""
    if not view.units:
        return Content.styled(" No units to grade: scan them on the contents step.", "$text-muted")
    start, end = unit_window(view.units, selected)
    rows = [Content.styled(f"   … {start} earlier (↑)", "$text-muted")] if start else []
    for number, unit in enumerate(view.units[start:end], start=start + 1):
        marker = "▶" if unit.unit_id == selected else " "
        if unit.grade:
            grade = policy.grade(unit.grade)
            graded = Content.styled(
                f"grade {unit.grade} · {grade.description} → {fmt.kind_label(grade.disposition)}",
                "bold $error" if unit.grade in ("D", "X") else "bold $success",
            )
        else:
            graded = Content.styled("not graded", "$warning")
        name = unit.sku or unit.scanned_code
        rows.append(Content.assemble(f" {marker}{number:>3}  {name:<16} ", graded))
    if end < len(view.units):
        rows.append(Content.styled(f"   … {len(view.units) - end} later (↓)", "$text-muted"))
    return Content("\n").join(rows)


def checklist_text(unit: UnitView | None, pending: Mapping[str, bool], policy: Policy) -> Content:
    """The selected unit's checklist: number key, question, answer."""
    if unit is None:
        return Content("")
    rows = [Content.styled(f" Checklist for {unit.sku or unit.scanned_code} (keys 1–9)", "bold")]
    for number, item in enumerate(policy.checklist, start=1):
        answer = pending.get(item.name, unit.checklist.get(item.name))
        unsaved = item.name in pending and unit.grade is None
        rows.append(
            Content.assemble(
                (f"  {number}", "bold $accent"),
                f"  {item.question:<48} ",
                (answer_word(answer), "bold"),
                (" (saved with the grade)", "$text-muted") if unsaved else "",
            )
        )
    note = unit.note or "—"
    rows.append(Content.assemble(("  Note: ", "bold"), note, ("   (F8 to write)", "$text-muted")))
    return Content("\n").join(rows)


def parcel_checks_text(test_result: str | None, outer_box_damaged: bool | None) -> Content:
    """Parcel-wide checks: the function test of a claimed defect and the outer box."""
    return Content.assemble(
        (" Function test", "bold"),
        (" (r): ", "$text-muted"),
        TEST_RESULT_WORDS.get(test_result, "not done"),
        ("    Outer box", "bold"),
        (" (o): ", "$text-muted"),
        BOX_WORDS.get(outer_box_damaged, "not recorded"),
    )


class ConditionPanel(SizedByLayout, Static):
    """Grades, the selected unit's checklist and note, the parcel-wide checks."""

    DEFAULT_CSS = """
    ConditionPanel {
        height: auto;
    }
    """

    def show(
        self,
        view: InspectionView,
        selected: int | None,
        pending: Mapping[str, bool],
        policy: Policy,
        test_result: str | None = None,
        outer_box_damaged: bool | None = None,
    ) -> None:
        """Draw ``view`` with unit ``selected`` and its unsaved checklist answers ``pending``."""
        unit = next((u for u in view.units if u.unit_id == selected), None)
        parts = [
            grades_text(policy),
            units_text(view, selected, policy),
            checklist_text(unit, pending, policy),
            parcel_checks_text(test_result, outer_box_damaged),
        ]
        self.update(Content("\n\n").join(part for part in parts if part.plain))
