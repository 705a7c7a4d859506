"""What frames one parcel on the bench: the header line, the step panels, the scan prompts."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import ContentSwitcher

from inspect_tui.core.translation import N_, _
from inspect_tui.core.vocabulary import InspectionStatus
from inspect_tui.services.shared.views import InspectionView
from inspect_tui.ui import format as fmt
from inspect_tui.ui.widgets.parcel_card import risk_flags
from inspect_tui.ui.widgets.sized_by_layout import SizedByLayout

PROMPTS: dict[str, tuple[str, str]] = {
    "card": (N_("Weight/unit"), N_("type the weight (760, 0.76 kg) or scan the first unit")),
    "weigh": (
        N_("Weight"),
        N_("type the weight shown on the scale (760, 0.76 kg), or scan a unit"),
    ),
    "contents": (N_("Unit"), N_("scan every unit: its barcode, then its serial")),
    "condition": (N_("Grade"), N_("press A–D or X (or scan GRADE-…), scan a unit to pick it")),
    "evidence": (N_("Evidence"), N_("F7 or PHOTO attaches the chosen photo")),
    "decision": (N_("Decide"), N_("F4 or ACCEPT takes the suggestion, F9 or DONE completes")),
    "done": (N_("Next parcel"), N_("scan the next parcel's label")),
}
"""The scan field's prompt and hint at each step (English; see :func:`prompt_for`)."""


def prompt_for(step: str) -> tuple[str, str]:
    """The scan field's prompt and hint at ``step``, in the language in use."""
    prompt, hint = PROMPTS.get(step, (N_("Scan"), ""))
    return _(prompt), _(hint) if hint else hint


def header_text(view: InspectionView) -> Content:
    """The line above the steps: inspection code, order, buyer and the risk flags."""
    shipment = view.shipment
    where = (
        _("{platform} · order {order} · {buyer}").format(
            platform=fmt.platform_label(shipment.platform),
            order=shipment.order_ref,
            buyer=shipment.buyer_name,
        )
        if shipment is not None
        else _("unmatched parcel {code}").format(code=view.scanned_code)
    )
    return Content.assemble((view.code, "bold $accent"), "  ", where, "   ", risk_flags(view))


class StepPanels(SizedByLayout, ContentSwitcher):
    """One panel per step; the current step's is shown, and its height follows that panel."""


def bench_notes(view: InspectionView) -> Content:
    """What must stay in view on every step: the supervisor's reopen note, an open question."""
    lines: list[Content] = []
    if view.status == InspectionStatus.OPEN and view.review_note:
        lines.append(Content.assemble((_("Supervisor: "), "bold $warning"), view.review_note))
    if view.question is not None:
        lines.append(
            Content.assemble(
                (_("Question: "), "bold $warning"),
                view.question.text,
                _("  S = this is what we shipped · N = not what we shipped"),
            )
        )
    return Content("\n").join(lines)
