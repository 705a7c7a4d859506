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
    """A screen of the supervisor desk, opened with badge and PIN.

    It is built for the open desk, or (the review queue) built while the sign-in dialog waits
    and given the desk with :meth:`open_for` once the PIN is checked, before it is shown.
    """

    BINDINGS = [Binding("f12", "app.supervisor", N_("Leave desk"), id="supervisor.leave")]

    def __init__(self, review: ReviewDesk | None = None) -> None:
        """Create the screen for the supervisor's open desk (None: given later)."""
        super().__init__()
        self._review: ReviewDesk | None = None
        if review is not None:
            self.open_for(review)

    def open_for(self, review: ReviewDesk) -> None:
        """The signed-in supervisor's desk, which the screen reads and writes through."""
        self._review = review
        self.sub_title = signed_in(review)

    @property
    def review(self) -> ReviewDesk:
        """The open desk.

        Raises:
            RuntimeError: The screen has no desk yet (it is shown only once it has one).
        """
        if self._review is None:
            raise RuntimeError("a supervisor screen was used before the desk was opened")
        return self._review

    @property
    def has_desk(self) -> bool:
        """True once the screen was given the open desk."""
        return self._review is not None
