"""Who is at the bench: scan your badge (or type your name) before the first parcel."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Header, Static

from inspect_tui.core.codes import decode
from inspect_tui.core.translation import _
from inspect_tui.ui.screens.base import DeskScreen
from inspect_tui.ui.widgets.desk_footer import DeskFooter
from inspect_tui.ui.widgets.status_line import StatusLine


class LoginScreen(DeskScreen):
    """Asks for an operator badge scan or a typed name."""

    CSS_PATH = "../styles/login.tcss"

    def __init__(self, operator: str | None = None) -> None:
        """Create the screen.

        Args:
            operator: Sign this operator in straight away (``--operator``).
        """
        super().__init__()
        self.operator = operator

    def compose(self) -> ComposeResult:
        """Title, instructions, status, scan field."""
        yield Header()
        with Vertical(id="login-body"):
            yield Static(_("Who is at the bench?"), id="login-title")
            yield Static(
                _("Scan your operator badge, or type your name and press Enter."),
                id="login-help",
            )
        yield StatusLine()
        yield self.make_scan_field(_("Badge"), _("scan your badge or type your name"))
        yield DeskFooter()

    def on_mount(self) -> None:
        """Sign in the operator named on the command line, if any."""
        if self.operator:
            self.tell(_("Signing in {operator}…").format(operator=self.operator))
            self.desk.sign_in(self.operator)

    def scanned(self, code: str) -> None:
        """A badge (``OP:name``) or a typed name: sign that operator in."""
        decoded = decode(code)
        if decoded.kind == "badge":
            if not decoded.valid or not decoded.badge:
                self.desk.show_problem(decoded.error or _("This badge could not be read."))
                return
            name = decoded.badge
        elif decoded.kind == "command":
            self.desk.show_problem(
                _("That is a command barcode: scan your operator badge (or type your name) first.")
            )
            return
        else:
            name = code.strip()
        self.tell(_("Signing in {operator}…").format(operator=name))
        self.desk.sign_in(name)
