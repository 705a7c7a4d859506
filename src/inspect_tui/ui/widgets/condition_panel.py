"""The condition step: a grade per unit, the checklist answers, the note and the function test."""

from __future__ import annotations

from collections.abc import Mapping

from textual.content import Content
from textual.widgets import Static

from inspect_tui.core.display_names import policy_text
from inspect_tui.core.policy import Policy
from inspect_tui.core.translation import N_, _
from inspect_tui.core.vocabulary import Grade
from inspect_tui.services.shared.views import InspectionView, UnitView
from inspect_tui.ui import format as fmt
from inspect_tui.ui.widgets.contents_panel import unit_window
from inspect_tui.ui.widgets.sized_by_layout import SizedByLayout

TEST_RESULT_WORDS: dict[str | None, str] = {
    None: N_("not done"),
    "reproduced": N_("defect REPRODUCED"),
    "not_reproduced": N_("defect NOT reproduced"),
}
"""The function test of a claimed defect, in words."""

BOX_WORDS: dict[bool | None, str] = {
    None: N_("not recorded"),
    True: N_("DAMAGED"),
    False: N_("intact"),
}
"""The outer box as received, in words."""


def answer_word(answer: bool | None) -> str:
    """``yes``, ``no`` or ``—`` for a checklist answer."""
    return "—" if answer is None else _("yes") if answer else _("no")


def grades_text(policy: Policy) -> Content:
    """The grade keys: ``A New, sealed · B Opened, like new · …``."""
    return Content("  ·  ").join(
        Content.assemble((grade.code, "bold $accent"), f" {policy_text(grade.description)}")
        for grade in policy.grades
    )


def units_text(view: InspectionView, selected: int | None, policy: Policy) -> Content:
    """Each unit and its grade (with the disposition it implies)."""
    if not view.units:
        return Content.styled(
            " " + _("No units to grade: scan them on the contents step."), "$text-muted"
        )
    start, end = unit_window(view.units, selected)
    rows = (
        [Content.styled("   … " + _("{count} earlier (↑)").format(count=start), "$text-muted")]
        if start
        else []
    )
    for number, unit in enumerate(view.units[start:end], start=start + 1):
        marker = "▶" if unit.unit_id == selected else " "
        if unit.grade:
            grade = policy.grade(unit.grade)
            graded = Content.styled(
                _("grade {grade} · {description} → {disposition}").format(
                    grade=unit.grade,
                    description=policy_text(grade.description),
                    disposition=fmt.kind_label(grade.disposition),
                ),
                "bold $error" if unit.grade in (Grade.D, Grade.X) else "bold $success",
            )
        else:
            graded = Content.styled(_("not graded"), "$warning")
        name = unit.sku or unit.scanned_code
        rows.append(Content.assemble(f" {marker}{number:>3}  {fmt.pad(name, 16)} ", graded))
    if end < len(view.units):
        rows.append(
            Content.styled(
                "   … " + _("{count} later (↓)").format(count=len(view.units) - end), "$text-muted"
            )
        )
    return Content("\n").join(rows)


def checklist_text(unit: UnitView | None, pending: Mapping[str, bool], policy: Policy) -> Content:
    """The selected unit's checklist: number key, question, answer."""
    if unit is None:
        return Content("")
    rows = [
        Content.styled(
            " " + _("Checklist for {unit} (keys 1–9)").format(unit=unit.sku or unit.scanned_code),
            "bold",
        )
    ]
    for number, item in enumerate(policy.checklist, start=1):
        answer = pending.get(item.name, unit.checklist.get(item.name))
        unsaved = item.name in pending and unit.grade is None
        rows.append(
            Content.assemble(
                (f"  {number}", "bold $accent"),
                f"  {fmt.pad(policy_text(item.question), 48)} ",
                (answer_word(answer), "bold"),
                (" " + _("(saved with the grade)"), "$text-muted") if unsaved else "",
            )
        )
    note = unit.note or "—"
    rows.append(
        Content.assemble(
            ("  " + _("Note: "), "bold"), note, ("   " + _("(F8 to write)"), "$text-muted")
        )
    )
    return Content("\n").join(rows)


def parcel_checks_text(test_result: str | None, outer_box_damaged: bool | None) -> Content:
    """Parcel-wide checks: the function test of a claimed defect and the outer box."""
    return Content.assemble(
        (" " + _("Function test"), "bold"),
        (" (r): ", "$text-muted"),
        _(TEST_RESULT_WORDS.get(test_result, N_("not done"))),
        ("    " + _("Outer box"), "bold"),
        (" (o): ", "$text-muted"),
        _(BOX_WORDS.get(outer_box_damaged, N_("not recorded"))),
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
