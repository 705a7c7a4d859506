"""The done step: the outcome, where each unit goes, and the labels written."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from inspect_tui.core.translation import _
from inspect_tui.core.vocabulary import InspectionStatus
from inspect_tui.services.shared.views import InspectionView
from inspect_tui.ui import format as fmt
from inspect_tui.ui.widgets.decision_panel import OUTCOME_STYLES, currency_of
from inspect_tui.ui.widgets.sized_by_layout import SizedByLayout


def done_text(view: InspectionView) -> Content:
    """Outcome, dispositions per unit, label files, and what to do next."""
    decision = view.decision
    if view.status != InspectionStatus.COMPLETED or decision is None:
        return Content.styled(
            " " + _("Not completed yet: decide (F4/ACCEPT), then F9 or DONE."), "bold $warning"
        )
    rows = [
        Content.assemble(
            (" " + _("{code} completed: ").format(code=view.code), "bold"),
            (
                fmt.outcome_label(decision.outcome).upper(),
                OUTCOME_STYLES.get(decision.outcome, "bold"),
            ),
            "   " + _("refund") + " ",
            (fmt.money(decision.refund, currency_of(view)), "bold"),
        )
    ]
    if view.is_unmatched:
        rows.append(
            Content.assemble(("   " + _("Quarantined with note: "), "bold"), view.note or "—")
        )
    if view.units:
        rows.append(Content.styled(" " + _("Where each unit goes"), "bold"))
        for number, unit in enumerate(view.units, start=1):
            place = fmt.kind_label(unit.disposition or "quarantine")
            rows.append(
                Content.assemble(
                    f"   {number:>3}  {fmt.pad(unit.sku or unit.scanned_code, 18)} ",
                    (place.upper(), "bold $accent"),
                    "   " + _("grade {grade}").format(grade=unit.grade) if unit.grade else "",
                )
            )
    if view.labels:
        rows.append(Content.styled(" " + _("Labels written"), "bold"))
        rows.extend(Content(f"   {path}") for path in view.labels)
    rows.append(
        Content.styled(
            " " + _("Scan the next parcel's label (NEXT goes back to scanning)."), "bold $success"
        )
    )
    return Content("\n").join(rows)


class DonePanel(SizedByLayout, Static):
    """The end of an inspection."""

    DEFAULT_CSS = """
    DonePanel {
        height: auto;
    }
    """

    def show(self, view: InspectionView) -> None:
        """Draw the completed inspection ``view``."""
        self.update(done_text(view))
