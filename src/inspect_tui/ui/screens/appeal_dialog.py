"""The supervisor records a platform's appeal case: its number, then how it ended."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from inspect_tui.services.appeals.tracking import APPEAL_STATUSES, AppealChange
from inspect_tui.services.importing.values import BadValue, parse_money


class AppealDialog(ModalScreen[AppealChange | None]):
    """Ask for the case number, status, money recovered and a note; None when cancelled."""

    CSS_PATH = "../styles/dialogs.tcss"
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="dialog.cancel")]

    def __init__(self, code: str, platform: str) -> None:
        """Create the dialog for inspection ``code`` on ``platform`` (its own by default)."""
        super().__init__()
        self.code = code
        self.platform = platform

    def compose(self) -> ComposeResult:
        """The fields, an error line and the buttons."""
        with Vertical(classes="dialog"):
            yield Label(f"Appeal case of {self.code}", classes="dialog--title", markup=False)
            yield Static(
                "When the platform steps in, type its case number: the deadline is its response "
                "window from now. Later, choose how it ended and the money recovered. Empty "
                "fields keep what was recorded.",
                classes="dialog--explanation",
                markup=False,
            )
            yield Input(self.platform, placeholder="Platform", id="platform")
            yield Input(placeholder="Case number", id="case")
            yield Select(
                [(status, status) for status in APPEAL_STATUSES],
                prompt="Status (unchanged)",
                id="status",
            )
            yield Input(placeholder="Money recovered, e.g. 399.00", id="recovered")
            yield Input(placeholder="Note (optional)", id="note")
            yield Static("", id="problem", classes="dialog--problem", markup=False)
            with Horizontal(classes="dialog--buttons"):
                yield Button("Save", variant="primary", id="submit")
                yield Button("Cancel", id="cancel")

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
            self.query_one("#problem", Static).update(f"Money recovered {error}.")
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
