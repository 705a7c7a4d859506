"""What every screen of the desk shares: the status line and the app; the clerk's scan field."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from textual import on
from textual.screen import Screen

from inspect_tui.ui.messages import DeskNotice, DeskProblem
from inspect_tui.ui.widgets.scan_field import ScanField
from inspect_tui.ui.widgets.status_line import StatusLine

if TYPE_CHECKING:
    from inspect_tui.ui.app import InspectApp


class StatusScreen(Screen[Any]):
    """A screen with a status line that shows the app's problems and notices."""

    @property
    def desk(self) -> InspectApp:
        """The app, with its workstation and call runner."""
        return cast("InspectApp", self.app)

    @property
    def status(self) -> StatusLine:
        """The screen's status line."""
        return self.query_one(StatusLine)

    def tell(self, text: str, severity: str = "information") -> None:
        """Put ``text`` on the status line, after any message already on its way there."""
        self.post_message(DeskNotice(text, severity))

    @on(DeskProblem)
    def _show_problem(self, message: DeskProblem) -> None:
        self.status.show(message.text, message.severity)

    @on(DeskNotice)
    def _show_notice(self, message: DeskNotice) -> None:
        self.status.show(message.text, message.severity)


class DeskScreen(StatusScreen):
    """A clerk's screen: one scan field that keeps the focus, and a status line beside it."""

    AUTO_FOCUS = "ScanField"

    @property
    def scan_field(self) -> ScanField:
        """The screen's scan field."""
        return self.query_one(ScanField)

    def on_screen_resume(self) -> None:
        """Coming back from a dialog or another screen: the scan field has the focus again.

        Left alone when it kept the focus: focusing again repaints it, one more frame after
        the screen's first.
        """
        field = self.scan_field
        if self.focused is not field:
            field.focus()
