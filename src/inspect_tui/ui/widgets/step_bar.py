"""The row of inspection steps: where the parcel is, and which steps already have their data."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from inspect_tui.core.vocabulary import Grade, InspectionStatus
from inspect_tui.services.bench.words import step_label
from inspect_tui.services.shared.views import InspectionView
from inspect_tui.ui import format as fmt
from inspect_tui.ui.format import STEPS


def troubled_steps(view: InspectionView) -> frozenset[str]:
    """Recorded steps whose data is a problem: a weight off, a wrong or missing unit."""
    troubled = set()
    if view.weight_g is not None and view.weight_verdict in ("empty", "light", "heavy"):
        troubled.add("weigh")
    wrong = any(fmt.match_severity(unit.match) == "error" for unit in view.units)
    if view.units and (view.missing or wrong):
        troubled.add("contents")
    if any(unit.grade in (Grade.D, Grade.X) for unit in view.units):
        troubled.add("condition")
    return frozenset(troubled)


def finished_steps(view: InspectionView) -> frozenset[str]:
    """Steps whose data is recorded (on disk), whatever step the clerk is on now."""
    done = {"card"}
    if view.weight_g is not None:
        done.add("weigh")
    if view.units and not view.missing:
        done.add("contents")
    if view.units and all(unit.grade for unit in view.units):
        done.add("condition")
    if view.evidence and not view.suggested.missing_evidence:
        done.add("evidence")
    if view.decision is not None:
        done.add("decision")
    if view.status == InspectionStatus.COMPLETED:
        done.add("done")
    return frozenset(done)


class StepBar(Static):
    """``1 Parcel ✓ · 2 Weigh ! · [3 Contents] · 4 Condition …`` for one inspection.

    ✓ marks a step whose data is recorded, ! one whose data is a problem (weight off, a wrong
    or missing unit, a damaged or foreign unit); the current step is highlighted.
    """

    DEFAULT_CSS = """
    StepBar {
        height: 1;
        padding: 0 1;
        background: $panel;
    }
    """

    _view: InspectionView | None = None

    def show(self, view: InspectionView) -> None:
        """Draw the steps of ``view``, the current one highlighted.

        When the steps do not fit the width (an 80-column terminal), only the current step
        keeps its name; the others show their number and mark.
        """
        self._view = view
        full = self._steps(view, compact=False)
        width = self.content_region.width
        fits = not width or full.cell_length <= width
        self.update(full if fits else self._steps(view, compact=True))

    def on_resize(self) -> None:
        """A new width: names or numbers again."""
        if self._view is not None:
            self.show(self._view)

    @staticmethod
    def _steps(view: InspectionView, *, compact: bool) -> Content:
        finished = finished_steps(view)
        troubled = troubled_steps(view)
        parts: list[Content] = []
        for number, step in enumerate(STEPS, start=1):
            mark = "!" if step in troubled else "✓" if step in finished else ""
            named = not compact or step == view.step
            if named:
                label = f" {number} {step_label(step)}{' ' + mark if mark else ''} "
            else:
                label = f" {number}{mark} "
            if step == view.step:
                parts.append(Content.styled(label, "bold reverse $accent"))
            elif step in troubled:
                parts.append(Content.styled(label, "bold $error"))
            elif step in finished:
                parts.append(Content.styled(label, "$success"))
            else:
                parts.append(Content.styled(label, "$text-muted"))
        return Content("·").join(parts)
