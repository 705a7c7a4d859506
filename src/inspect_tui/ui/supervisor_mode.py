"""The supervisor desk inside the clerk's app: entered with badge + PIN, left by hand or idle.

A mixin of :class:`~inspect_tui.ui.app.InspectApp`. F12 asks for a supervisor's badge and PIN
(:class:`SupervisorSignIn`); the review queue then opens on top of whatever the bench showed,
and leaving (F12 again, or no key for the policy's ``supervisor.idle_minutes``) closes every
supervisor screen and the desk, and puts the bench back exactly as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from time import monotonic
from typing import TYPE_CHECKING, Any

from textual.timer import Timer

from inspect_tui.core.translation import _
from inspect_tui.services.review.desk import ReviewDesk
from inspect_tui.services.shared.errors import DeskError

if TYPE_CHECKING:
    from textual.screen import Screen

ReviewConnect = Callable[[str, str], ReviewDesk]
"""Opens the supervisor's desk for a name and PIN (raises UnknownOperator, WrongPin, StoreBusy)."""

IDLE_CHECK_SECONDS = 1.0
"""How often the idle time is looked at."""


class SupervisorMode:
    """Entering and leaving the supervisor desk (mixed into the app)."""

    review_connect: ReviewConnect | None
    review_desk: ReviewDesk | None
    supervisor_idle_seconds: float | None
    """Overrides the policy's idle time (tests); None follows the policy."""
    _supervisor_base: int
    _idle_timer: Timer | None
    _last_input: float

    # the parts of textual.app.App this mixin uses
    screen_stack: list[Screen[Any]]
    push_screen: Any
    pop_screen: Any
    set_interval: Any
    notify: Any

    def open_review_desk(self, name: str, pin: str) -> ReviewDesk:
        """Open the desk for a supervisor (blocking: call from a worker)."""
        if self.review_connect is None:
            raise DeskError(_("This app was started without the supervisor desk."))
        return self.review_connect(name, pin)

    def note_input(self) -> None:
        """A key or click: the supervisor is still there."""
        self._last_input = monotonic()

    def action_supervisor(self) -> None:
        """F12: ask for the supervisor's badge and PIN, or leave the desk when it is open."""
        from inspect_tui.ui.screens.supervisor_sign_in import SupervisorSignIn

        if self.review_desk is not None:
            self.leave_supervisor()
            return
        self.push_screen(SupervisorSignIn(), self._supervisor_opened)

    def _supervisor_opened(self, desk: ReviewDesk | None) -> None:
        from inspect_tui.ui.screens.review_queue import ReviewQueueScreen

        if desk is None:
            return
        self.review_desk = desk
        self._supervisor_base = len(self.screen_stack)
        self.note_input()
        self._idle_timer = self.set_interval(IDLE_CHECK_SECONDS, self._check_idle)
        self.push_screen(ReviewQueueScreen(desk))

    @property
    def idle_limit(self) -> float:
        """Seconds without input after which the desk closes itself."""
        if self.supervisor_idle_seconds is not None:
            return self.supervisor_idle_seconds
        if self.review_desk is None:
            return float("inf")
        return self.review_desk.policy.supervisor.idle_minutes * 60.0

    def _check_idle(self) -> None:
        if self.review_desk is not None and monotonic() - self._last_input >= self.idle_limit:
            minutes = max(1, round(self.idle_limit / 60))
            self.leave_supervisor(
                _(
                    "The supervisor desk closed after {minutes} min without a key: "
                    "badge and PIN (F12) to open it again."
                ).format(minutes=minutes)
            )

    def leave_supervisor(self, why: str | None = None) -> None:
        """Close every supervisor screen and dialog, then the desk; the bench is as it was."""
        desk, self.review_desk = self.review_desk, None
        if self._idle_timer is not None:
            self._idle_timer.stop()
            self._idle_timer = None
        while len(self.screen_stack) > self._supervisor_base:
            self.pop_screen()
        if desk is not None:
            desk.close()
        self.notify(
            why or _("Supervisor desk closed."), severity="warning" if why else "information"
        )
