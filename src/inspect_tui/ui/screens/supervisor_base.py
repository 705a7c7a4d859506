"""What every supervisor screen shares: the open desk, the status line, the way out."""

from __future__ import annotations

from textual.binding import Binding

from inspect_tui.core.translation import N_, _
from inspect_tui.services.review.desk import ReviewDesk
from inspect_tui.ui.screens.base import StatusScreen


def signed_in(review: ReviewDesk) -> str:
    """Who is signed in at the supervisor desk, as the screens' header names them."""
    return _("supervisor {name}").format(name=review.operator)


class SupervisorScreen(StatusScreen):
    """A screen of the supervisor desk, opened with badge and PIN."""

    BINDINGS = [Binding("f12", "app.supervisor", N_("Leave desk"), id="supervisor.leave")]

    def __init__(self, review: ReviewDesk) -> None:
        """Create the screen for the supervisor's open desk."""
        super().__init__()
        self.review = review
        self.sub_title = signed_in(review)
