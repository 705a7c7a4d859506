"""The supervisor records a platform's appeal case: its number, then how it ended."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from inspect_tui.core.translation import N_, _
from inspect_tui.services.appeals.tracking import APPEAL_STATUSES, AppealChange
from inspect_tui.services.importing.values import BadValue, parse_money
from inspect_tui.ui.widgets.appeal_box import appeal_status_label


class AppealDialog(ModalScreen[AppealChange | None]):
    """Ask for the case number, status, money recovered and a note; None when cancelled."""

    CSS_PATH = "../styles/dialogs.tcss"
    BINDINGS = [Binding("escape", "cancel", N_("Cancel"), id="dialog.cancel")]

    def __init__(self, code: str, platform: str) -> None:
        """Create the dialog for inspection ``code`` on ``platform`` (its own by default)."""
        super().__init__()
        self.code = code
        self.platform = platform

    def compose(self) -> ComposeResult:
        """The fields, an error line and the buttons."""
        with Vertical(classes="dialog"):
            yield Label(
                _("Appeal case of {code}").format(code=self.code),
                classes="dialog--title",
                markup=False,
            )
            yield Static(
                _(
                    "When the platform steps in, type its case number: the deadline is its "
                    "response window from now. Later, choose how it ended and the money "
                    "recovered. Empty fields keep what was recorded."
                ),
                classes="dialog--explanation",
                markup=False,
            )
            yield Input(self.platform, placeholder=_("Platform"), id="platform")
            yield Input(placeholder=_("Case number"), id="case")
            yield Select(
                [(appeal_status_label(status), status) for status in APPEAL_STATUSES],
                prompt=_("Status (unchanged)"),
                id="status",
            )
            yield Input(placeholder=_("Money recovered, e.g. 399.00"), id="recovered")
            yield Input(placeholder=_("Note (optional)"), id="note")
            yield Static("", id="problem", classes="dialog--problem", markup=False)
            with Horizontal(classes="dialog--buttons"):
                yield Button(_("Save"), variant="primary", id="submit")
                yield Button(_("Cancel"), id="cancel")

    def on_mount(self) -> None:
        """Start with the case number."""
        self.query_one("#case", Input).focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#submit")
    def submit(self) -> None:
        """Return what was typed, unless the amount cannot be read."""
        text = {name: self.query_one(f"#{name}", Input).value.strip() for name in
                ("platform", "case", "recovered", "note")}  # fmt: skip
        status = self.query_one("#status", Select).value
        try:
            recovered = parse_money(text["recovered"]) if text["recovered"] else None
        except BadValue as error:
            self.query_one("#problem", Static).update(
                _("Money recovered {problem}.").format(problem=error)
            )
            return
        self.dismiss(
            AppealChange(
                platform=text["platform"] or None,
                case_ref=text["case"] or None,
                status=status if isinstance(status, str) else None,
                recovered_minor=recovered,
                note=text["note"] or None,
            )
        )

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close without recording anything."""
        self.dismiss(None)
