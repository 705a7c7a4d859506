"""Deciding other than the suggestion: outcome, reason codes and the justification."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, RadioButton, RadioSet, SelectionList, Static
from textual.widgets.selection_list import Selection

from inspect_tui.core.display_names import policy_text
from inspect_tui.core.policy import ACCEPT_REASONS, OUTCOMES, REJECT_REASONS, Policy
from inspect_tui.core.rules import Suggestion
from inspect_tui.core.translation import _
from inspect_tui.ui import format as fmt
from inspect_tui.ui.screens.held_dialog import Attempt, HeldDialog

NEEDS_REASON = frozenset({"reject", "partial", "refused"})
"""Outcomes that must name at least one reason code."""


@dataclass(frozen=True, slots=True)
class OverrideChoice:
    """The clerk's own decision.

    Attributes:
        outcome: One of the policy outcomes.
        reasons: Reason codes chosen (may be empty for accept/escalate).
        justification: Why the suggestion was not taken; goes to the supervisor.
    """

    outcome: str
    reasons: tuple[str, ...]
    justification: str


class OverrideDialog(HeldDialog[OverrideChoice | None]):
    """Choose another outcome, its reasons, and type why; dismissed with the choice or None."""

    def __init__(
        self,
        suggestion: Suggestion,
        policy: Policy,
        outcome: str | None = None,
        *,
        title: str | None = None,
        explanation: str | None = None,
        placeholder: str | None = None,
        submit_label: str | None = None,
        attempt: Attempt | None = None,
    ) -> None:
        """Create the dialog.

        Args:
            suggestion: The decision being replaced (shown, and not preselected).
            policy: Reason codes and their descriptions.
            outcome: The outcome to preselect (REJECT scanned), else the first other one.
            title: The dialog's title.
            explanation: What the dialog is for (default: the clerk's override).
            placeholder: Shown in the empty "why" field.
            submit_label: The submit button's label.
            attempt: Tries the choice while the dialog stays open (see ``HeldDialog``);
                None closes the dialog with the choice.
        """
        super().__init__()
        self.attempt = attempt
        self.suggestion = suggestion
        self.policy = policy
        self.title_text = title or _("Decide otherwise")
        self.explanation = explanation or (
            _(
                "Suggested: {outcome} ({reasons}). Your decision goes to the supervisor with "
                "your justification."
            ).format(
                outcome=fmt.outcome_label(suggestion.outcome),
                reasons=", ".join(fmt.reason_label(code) for code in suggestion.reasons)
                or _("no reason code"),
            )
        )
        self.placeholder = placeholder or _("Why? (required)")
        self.submit_label = submit_label or _("Decide")
        others = [name for name in OUTCOMES if name != suggestion.outcome]
        self.initial_outcome = outcome if outcome in OUTCOMES else others[0]

    def compose(self) -> ComposeResult:
        """Outcome choices, reason codes, the justification field and the buttons."""
        with Vertical(classes="dialog dialog--wide"):
            yield Label(self.title_text, classes="dialog--title", markup=False)
            yield Static(self.explanation, classes="dialog--explanation", markup=False)
            with Horizontal(classes="dialog--choices"):
                with RadioSet(id="outcome"):
                    for name in OUTCOMES:
                        yield RadioButton(
                            fmt.outcome_label(name), value=name == self.initial_outcome, name=name
                        )
                yield SelectionList[str](
                    *(
                        Selection(
                            f"{fmt.reason_label(reason.code)} — {policy_text(reason.description)}",
                            reason.code,
                            reason.code in self.suggestion.reasons,
                        )
                        for reason in self.policy.reasons
                    ),
                    id="reasons",
                )
            yield Input(placeholder=self.placeholder, id="justification")
            yield Static("", id="problem", classes="dialog--problem", markup=False)
            with Horizontal(classes="dialog--buttons"):
                yield Button(self.submit_label, variant="primary", id="submit")
                yield Button(_("Cancel"), id="cancel")

    def on_mount(self) -> None:
        """The justification is what must be typed: start there."""
        self.outcome_changed()
        self.query_one("#justification", Input).focus()

    @property
    def outcome(self) -> str:
        """The outcome chosen in the radio set."""
        pressed = self.query_one("#outcome", RadioSet).pressed_button
        return pressed.name if pressed is not None and pressed.name else self.initial_outcome

    @on(RadioSet.Changed, "#outcome")
    def outcome_changed(self) -> None:
        """Keep only reasons on the chosen outcome's side (no reject reasons on an accept)."""
        reasons = self.query_one("#reasons", SelectionList)
        wrong_side = ACCEPT_REASONS if self.outcome in NEEDS_REASON else REJECT_REASONS
        for code in wrong_side:
            reasons.deselect(code)

    @on(Input.Submitted, "#justification")
    @on(Button.Pressed, "#submit")
    def submit(self) -> None:
        """Return the choice when it is complete; otherwise say what is missing."""
        justification = self.query_one("#justification", Input).value.strip()
        reasons = tuple(self.query_one("#reasons", SelectionList).selected)
        problem = self.query_one("#problem", Static)
        if not justification:
            problem.update(_("Type why you decide otherwise: the supervisor reads it."))
            return
        if self.outcome in NEEDS_REASON and not reasons:
            problem.update(
                _("Choose at least one reason code for {outcome}.").format(
                    outcome=fmt.outcome_label(self.outcome)
                )
            )
            return
        self.hand_over(OverrideChoice(self.outcome, reasons, justification))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Keep the suggestion; nothing is decided."""
        self.dismiss(None)
