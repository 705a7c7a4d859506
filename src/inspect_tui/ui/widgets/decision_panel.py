"""The decision step: the suggestion with its reasons and refund, or the decision taken."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from inspect_tui.core.display_names import policy_text
from inspect_tui.core.policy import Policy
from inspect_tui.core.translation import _
from inspect_tui.services.shared.views import InspectionView
from inspect_tui.ui import format as fmt
from inspect_tui.ui.widgets.sized_by_layout import SizedByLayout

OUTCOME_STYLES: dict[str, str] = {
    "accept": "bold $success",
    "partial": "bold $warning",
    "escalate": "bold $warning",
    "reject": "bold $error",
    "refused": "bold $error",
}
"""Colour of each outcome."""


def currency_of(view: InspectionView) -> str:
    """The currency of the order (CNY when the parcel matched nothing)."""
    return view.shipment.currency if view.shipment is not None else "CNY"


def reasons_text(reasons: tuple[str, ...], policy: Policy) -> Content:
    """Each reason code with the policy's description."""
    if not reasons:
        return Content.styled("   " + _("no reason code"), "$text-muted")
    rows = []
    for code in reasons:
        try:
            description = policy_text(policy.reason(code).description)
        except KeyError:
            description = ""
        rows.append(
            Content.assemble(
                "   ", (fmt.reason_label(code), "bold"), f" — {description}" if description else ""
            )
        )
    return Content("\n").join(rows)


def banner_text(view: InspectionView) -> str:
    """``DECIDED: ACCEPT · refund ¥399.00`` once decided, else the suggestion."""
    currency = currency_of(view)
    if view.decision is not None:
        decision = view.decision
        return _("DECIDED: {outcome} · refund {refund}").format(
            outcome=fmt.outcome_label(decision.outcome).upper(),
            refund=fmt.money(decision.refund, currency),
        )
    suggested = view.suggested
    return _("SUGGESTED: {outcome} · refund {refund}").format(
        outcome=fmt.outcome_label(suggested.outcome).upper(),
        refund=fmt.money(suggested.refund_minor, currency),
    )


def suggestion_text(view: InspectionView, policy: Policy) -> Content:
    """The suggestion's refund, reasons, explanations and what is still missing."""
    suggested = view.suggested
    currency = currency_of(view)
    rows = [
        Content.assemble(
            (" " + _("Suggested") + " ", "bold"),
            (fmt.outcome_label(suggested.outcome), OUTCOME_STYLES.get(suggested.outcome, "bold")),
            " · "
            + _("deduction {amount}").format(amount=fmt.money(suggested.deduction_minor, currency))
            if suggested.deduction_minor
            else "",
        ),
        reasons_text(suggested.reasons, policy),
    ]
    if suggested.explanations:
        rows.append(Content.styled(" " + _("Why"), "bold"))
        rows.extend(Content(f"   • {text}") for text in suggested.explanations)
    if suggested.missing_evidence:
        needed = _(", ").join(
            f"{fmt.kind_label(kind)} ({fmt.reason_label(reason)})"
            for reason, kind in suggested.missing_evidence
        )
        rows.append(
            Content.styled(
                " "
                + _("Attach first: {needed} — go to Evidence (PHOTO or F2/BACK)").format(
                    needed=needed
                ),
                "bold $warning",
            )
        )
    if suggested.needs_review:
        rows.append(
            Content.styled(
                " " + _("This outcome goes to the supervisor for review."), "$text-muted"
            )
        )
    return Content("\n").join(rows)


def decision_text(view: InspectionView, policy: Policy) -> Content:
    """The decision taken, or how to take one."""
    decision = view.decision
    if decision is None:
        return Content.assemble(
            (" " + _("Not decided yet: "), "bold"),
            _(
                "F4 or ACCEPT takes the suggestion · F6 or OVERRIDE decides otherwise "
                "(with a reason)"
            ),
        )
    currency = currency_of(view)
    rows = [
        Content.assemble(
            (" " + _("Decided: "), "bold"),
            (
                fmt.outcome_label(decision.outcome).upper(),
                OUTCOME_STYLES.get(decision.outcome, "bold"),
            ),
            "   " + _("refund") + " ",
            (fmt.money(decision.refund, currency), "bold"),
        ),
        reasons_text(decision.reasons, policy),
    ]
    if decision.justification:
        rows.append(
            Content.assemble(("   " + _("Justification: "), "bold"), decision.justification)
        )
    if decision.needs_review:
        rows.append(Content.styled("   " + _("Sent to the supervisor for review."), "$warning"))
    rows.append(
        Content.styled(
            " " + _("F9 or DONE completes the parcel and prints its labels."), "$text-muted"
        )
    )
    return Content("\n").join(rows)


class DecisionPanel(SizedByLayout, Vertical):
    """A banner with the outcome, then the suggestion's reasons and the decision taken."""

    DEFAULT_CSS = """
    DecisionPanel {
        height: auto;
    }
    DecisionPanel > .decision-panel--banner {
        width: 1fr;
        height: 3;
        content-align: center middle;
        text-style: bold;
        margin-bottom: 1;
        background: $panel;
    }
    DecisionPanel > .decision-panel--banner.-accept { background: $success; color: $text; }
    DecisionPanel > .decision-panel--banner.-partial { background: $warning; color: $text; }
    DecisionPanel > .decision-panel--banner.-escalate { background: $warning; color: $text; }
    DecisionPanel > .decision-panel--banner.-reject { background: $error; color: $text; }
    DecisionPanel > .decision-panel--banner.-refused { background: $error; color: $text; }
    DecisionPanel > .decision-panel--body {
        height: auto;
    }
    """

    def compose(self) -> ComposeResult:
        """The banner and the body."""
        yield Static("", classes="decision-panel--banner", markup=False)
        yield Static("", classes="decision-panel--body")

    def show(self, view: InspectionView, policy: Policy) -> None:
        """Draw the suggestion and decision of ``view``."""
        banner = self.query_one(".decision-panel--banner", Static)
        banner.update(banner_text(view))
        outcome = view.decision.outcome if view.decision is not None else view.suggested.outcome
        banner.update_classes({f"-{name}": name == outcome for name in OUTCOME_STYLES})
        self.query_one(".decision-panel--body", Static).update(
            Content("\n\n").join([suggestion_text(view, policy), decision_text(view, policy)])
        )

    @property
    def banner_text(self) -> str:
        """What the banner says now."""
        return str(self.query_one(".decision-panel--banner", Static).content)

    @property
    def body_text(self) -> str:
        """The suggestion and decision as plain text."""
        return str(self.query_one(".decision-panel--body", Static).content)
