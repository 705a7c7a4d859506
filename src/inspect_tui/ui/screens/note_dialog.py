"""A dialog asking for one line of text: the unmatched parcel's note, a unit's note."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Static

from inspect_tui.core.translation import _
from inspect_tui.ui.screens.held_dialog import Attempt, HeldDialog


class NoteDialog(HeldDialog[str | None]):
    """Ask for a note; dismissed with the text, or None when cancelled."""

    def __init__(
        self,
        title: str,
        explanation: str,
        *,
        initial: str = "",
        placeholder: str = "",
        required: bool = True,
        submit_label: str | None = None,
        attempt: Attempt | None = None,
    ) -> None:
        """Create the dialog.

        Args:
            title: What is asked (``Open as unmatched parcel``).
            explanation: Why, and what happens with the note.
            initial: Text already in the field.
            placeholder: Shown dimmed while the field is empty.
            required: Whether an empty note is refused.
            submit_label: The submit button's label.
            attempt: Tries the note while the dialog stays open (see ``HeldDialog``); None
                closes the dialog with the note.
        """
        super().__init__()
        self.attempt = attempt
        self.title_text = title
        self.explanation = explanation
        self.initial = initial
        self.placeholder = placeholder
        self.required = required
        self.submit_label = submit_label or _("Save")

    def compose(self) -> ComposeResult:
        """Title, explanation, the field, an error line and the buttons."""
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog--title", markup=False)
            yield Static(self.explanation, classes="dialog--explanation", markup=False)
            yield Input(self.initial, placeholder=self.placeholder, id="note")
            yield Static("", id="problem", classes="dialog--problem", markup=False)
            with Horizontal(classes="dialog--buttons"):
                yield Button(self.submit_label, variant="primary", id="submit")
                yield Button(_("Cancel"), id="cancel")

    def on_mount(self) -> None:
        """Start typing straight away."""
        self.query_one("#note", Input).focus()

    @on(Input.Submitted, "#note")
    @on(Button.Pressed, "#submit")
    def submit(self) -> None:
        """Return the note, unless it is required and empty."""
        text = self.query_one("#note", Input).value.strip()
        if self.required and not text:
            self.query_one("#problem", Static).update(_("Type a note first (or Escape to cancel)."))
            return
        self.hand_over(text)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close without a note."""
        self.dismiss(None)
