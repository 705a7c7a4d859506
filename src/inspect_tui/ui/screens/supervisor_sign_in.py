"""Entering the supervisor desk: a supervisor's badge (or name) and PIN.

The dialog stays open until the desk opens: a wrong PIN clears the PIN field and says how many
tries are left (or until when the supervisor is locked), so nobody has to start over. Once the
PIN is right it stays up a moment longer, while the queue built behind it is read (at most
``SHOW_QUEUE_AFTER``), so the queue is first drawn with its parcels.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from inspect_tui.core.codes import decode
from inspect_tui.core.translation import N_, _
from inspect_tui.ui.desk import DeskJob, describe_failure

if TYPE_CHECKING:  # the review desk and its store load when a PIN is checked
    from inspect_tui.services.review.desk import ReviewDesk
    from inspect_tui.ui.app import InspectApp


class SupervisorSignIn(ModalScreen["ReviewDesk | None"]):
    """Ask for a supervisor badge and PIN; dismissed with the open desk, or None."""

    CSS_PATH = ["../styles/dialogs.tcss", "../styles/review.tcss", "../styles/dashboard.tcss"]
    """The desk's stylesheets come with the dialog that opens it: the app's styles are parsed
    again and applied to every widget whenever a screen brings a new stylesheet, so the queue
    and the dashboard, which use them, do not each pay that again while the supervisor waits."""
    BINDINGS = [Binding("escape", "cancel", N_("Cancel"), id="dialog.cancel")]

    def compose(self) -> ComposeResult:
        """Title, explanation, badge and PIN fields, an error line and the buttons."""
        with Vertical(classes="dialog"):
            yield Label(_("Supervisor desk"), classes="dialog--title")
            yield Static(
                _("Scan your supervisor badge (or type your name), then type your PIN."),
                classes="dialog--explanation",
            )
            yield Input(placeholder=_("Badge or name"), id="badge")
            yield Input(placeholder="PIN", password=True, id="pin")
            yield Static("", id="problem", classes="dialog--problem", markup=False)
            with Horizontal(classes="dialog--buttons"):
                yield Button(_("Open"), variant="primary", id="submit")
                yield Button(_("Cancel"), id="cancel")

    def on_mount(self) -> None:
        """The badge scan comes first."""
        self.query_one("#badge", Input).focus()

    @property
    def name_given(self) -> str:
        """The supervisor's name: the badge's (``OP:sam``) or what was typed."""
        text = self.query_one("#badge", Input).value.strip()
        decoded = decode(text)
        if decoded.kind == "badge" and decoded.valid and decoded.badge:
            return decoded.badge
        return text

    @on(events.DescendantFocus)
    def _focus_moved(self, event: events.DescendantFocus) -> None:
        """The PIN field has the focus: the badge is given, the queue can be built meanwhile."""
        if event.widget.id == "pin":
            cast("InspectApp", self.app).supervisor.prepare_queue()

    @on(Input.Submitted, "#badge")
    def badge_given(self) -> None:
        """A badge scan ends with Enter: on to the PIN."""
        if self.name_given:
            self.query_one("#pin", Input).focus()

    @on(Input.Submitted, "#pin")
    @on(Button.Pressed, "#submit")
    def submit(self) -> None:
        """Open the desk for this supervisor and PIN (off the UI thread: the PIN hash is slow)."""
        if self.query_one("#submit", Button).disabled:
            return  # the desk is being opened
        name, pin = self.name_given, self.query_one("#pin", Input).value
        if not name:
            self._problem(_("Scan your badge or type your name first."), "#badge")
            return
        if not pin:
            self._problem(_("Type your PIN."), "#pin")
            return
        self.query_one("#submit", Button).disabled = True
        app = cast("InspectApp", self.app)
        app.run_desk(
            DeskJob(
                lambda: app.supervisor.open_desk(name, pin),
                done=self._opened,
                failed=self._refused,
                what=f"supervisor sign-in {name}",
            )
        )

    def _opened(self, desk: ReviewDesk) -> None:
        """The PIN was right: the dialog stays up while the queue is read (briefly)."""
        if not self.is_attached:  # cancelled while the PIN was being checked
            desk.close()
            return
        cast("InspectApp", self.app).supervisor.open_queue(desk, lambda: self._ready(desk))

    def _ready(self, desk: ReviewDesk) -> None:
        if self.is_attached:
            self.dismiss(desk)
        else:  # cancelled while the queue was being read
            desk.close()

    def _refused(self, error: BaseException) -> None:
        if not self.is_attached:
            return
        self.query_one("#submit", Button).disabled = False
        self.query_one("#pin", Input).value = ""
        self._problem(describe_failure(error), "#pin")

    def _problem(self, text: str, focus: str) -> None:
        self.query_one("#problem", Static).update(text)
        self.query_one(focus, Input).focus()

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Back to the bench without opening the desk."""
        self.dismiss(None)
