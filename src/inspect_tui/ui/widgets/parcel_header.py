"""What frames one parcel on the bench: the header line, the step panels, the scan prompts."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import ContentSwitcher

from inspect_tui.services.shared.views import InspectionView
from inspect_tui.ui.widgets.parcel_card import risk_flags
from inspect_tui.ui.widgets.sized_by_layout import SizedByLayout

PROMPTS: dict[str, tuple[str, str]] = {
    "card": ("Weight/unit", "type the weight (760, 0.76 kg) or scan the first unit"),
    "weigh": ("Weight", "type the weight shown on the scale (760, 0.76 kg), or scan a unit"),
    "contents": ("Unit", "scan every unit: its barcode, then its serial"),
    "condition": ("Grade", "press A–D or X (or scan GRADE-…), scan a unit to pick it"),
    "evidence": ("Evidence", "F7 or PHOTO attaches the chosen photo"),
    "decision": ("Decide", "F4 or ACCEPT takes the suggestion, F9 or DONE completes"),
    "done": ("Next parcel", "scan the next parcel's label"),
}
"""The scan field's prompt and hint at each step."""


def header_text(view: InspectionView) -> Content:
    """The line above the steps: inspection code, order, buyer and the risk flags."""
    shipment = view.shipment
    where = (
        f"{shipment.platform} · order {shipment.order_ref} · {shipment.buyer_name}"
        if shipment is not None
        else f"unmatched parcel {view.scanned_code}"
    )
    return Content.assemble((view.code, "bold $accent"), "  ", where, "   ", risk_flags(view))


class StepPanels(SizedByLayout, ContentSwitcher):
    """One panel per step; the current step's is shown, and its height follows that panel."""


def bench_notes(view: InspectionView) -> Content:
    """What must stay in view on every step: the supervisor's reopen note, an open question."""
    lines: list[Content] = []
    if view.status == "open" and view.review_note:
        lines.append(Content.assemble(("Supervisor: ", "bold $warning"), view.review_note))
    if view.question is not None:
        lines.append(
            Content.assemble(
                ("Question: ", "bold $warning"),
                view.question.text,
                "  S = this is what we shipped · N = not what we shipped",
            )
        )
    return Content("\n").join(lines)
