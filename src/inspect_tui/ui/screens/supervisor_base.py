"""What every supervisor screen shares: the open desk, the status line, the way back."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from textual import on
from textual.binding import Binding
from textual.screen import Screen

from inspect_tui.services.review import ReviewDesk
from inspect_tui.ui.messages import DeskNotice, DeskProblem
from inspect_tui.ui.widgets.status_line import StatusLine

if TYPE_CHECKING:
    from inspect_tui.ui.app import InspectApp


class SupervisorScreen(Screen[Any]):
    """A screen of the supervisor desk, opened with badge and PIN."""

    BINDINGS = [Binding("f12", "app.supervisor", "Leave desk", id="supervisor.leave")]

    def __init__(self, review: ReviewDesk) -> None:
        """Create the screen for the supervisor's open desk."""
        super().__init__()
        self.review = review

    @property
    def desk(self) -> InspectApp:
        """The app, with its call runner."""
        return cast("InspectApp", self.app)

    @property
    def status(self) -> StatusLine:
        """The line at the foot of the screen."""
        return self.query_one(StatusLine)

    def tell(self, text: str, severity: str = "information") -> None:
        """Put ``text`` on the status line."""
        self.post_message(DeskNotice(text, severity))

    @on(DeskProblem)
    def _show_problem(self, message: DeskProblem) -> None:
        self.status.show(message.text, message.severity)

    @on(DeskNotice)
    def _show_notice(self, message: DeskNotice) -> None:
        self.status.show(message.text, message.severity)
