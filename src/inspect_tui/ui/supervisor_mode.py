"""The supervisor desk inside the clerk's app: entered with badge + PIN, left by hand or idle.

:class:`SupervisorMode` belongs to the app (``app.supervisor``). F12 asks for a supervisor's
badge and PIN (:class:`~inspect_tui.ui.screens.supervisor_sign_in.SupervisorSignIn`); the
review queue then opens on top of whatever the bench showed, and leaving (F12 again, or no key
for the policy's ``supervisor.idle_minutes``) closes every supervisor screen and the desk, and
puts the bench back exactly as it was.

The queue and the dashboard are built once per session and shown again on every later visit,
reading their data afresh each time: a screen's first mount costs far more than its read. The
queue is built while the sign-in dialog waits for the PIN (composed and styled, not shown),
so after the PIN's Enter only the PIN check, the queue's read and its first drawing are
left; the dashboard is built on its first visit. Leaving the desk (or cancelling the sign-in)
removes them with it.
"""

from __future__ import annotations

from collections.abc import Callable
from time import monotonic
from typing import TYPE_CHECKING, Any

from textual.app import App
from textual.screen import Screen
from textual.timer import Timer

from inspect_tui.core.translation import _
from inspect_tui.services.shared.errors import DeskError
from inspect_tui.ui.screens.supervisor_sign_in import SupervisorSignIn

if TYPE_CHECKING:  # the review desk and its store load with the first supervisor sign-in
    from inspect_tui.services.review.desk import ReviewDesk
    from inspect_tui.ui.screens.review_queue import ReviewQueueScreen

__all__ = ["IDLE_CHECK_SECONDS", "ReviewConnect", "SupervisorMode"]

ReviewConnect = Callable[[str, str], "ReviewDesk"]
"""Opens the supervisor's desk for a name and PIN (raises UnknownOperator, WrongPin, StoreBusy)."""

IDLE_CHECK_SECONDS = 1.0
"""How often the idle time is looked at."""

SHOW_QUEUE_AFTER = 0.5
"""Seconds the sign-in dialog stays up, once the PIN is right, for the queue's first read: the
queue is then drawn once, with its parcels. A slower read ends on the queue shown meanwhile,
which says it is loading."""

QUEUE_SCREEN = "supervisor.queue"
DASHBOARD_SCREEN = "supervisor.dashboard"
"""The names the session's screens are installed under while the desk is open."""


class SupervisorMode:
    """Entering and leaving the supervisor desk of one app."""

    def __init__(
        self,
        app: App[Any],
        connect: ReviewConnect | None,
        idle_seconds: float | None = None,
        *,
        alone: bool = False,
    ) -> None:
        """Args:
        app: The app whose screens the desk opens on.
        connect: Opens the desk for a name and PIN; None: this app has no supervisor desk.
        idle_seconds: Overrides the policy's idle time (tests); None follows the policy.
        alone: The desk alone, with no bench behind it: cancelling the sign-in ends the app,
            leaving the desk asks for a badge and PIN again.
        """
        self.app = app
        self.connect = connect
        self.idle_seconds = idle_seconds
        self.alone = alone
        self.desk: ReviewDesk | None = None
        """The open desk, or None when no supervisor is signed in."""
        self.last_input = 0.0
        """When the last key or click arrived (monotonic seconds)."""
        self._base = 0
        self._idle_timer: Timer | None = None
        self._screens: dict[str, Screen[Any]] = {}
        """The session's screens, built on first use."""

    def open_desk(self, name: str, pin: str) -> ReviewDesk:
        """Open the desk for a supervisor (blocking: call from a worker)."""
        if self.connect is None:
            raise DeskError(_("This app was started without the supervisor desk."))
        return self.connect(name, pin)

    def note_input(self) -> None:
        """A key or click: the supervisor is still there."""
        self.last_input = monotonic()

    def toggle(self) -> None:
        """F12: ask for the supervisor's badge and PIN, or leave the desk when it is open."""
        if self.desk is not None:
            self.leave()
            return
        self.app.push_screen(SupervisorSignIn(), self._opened)

    def prepare_queue(self) -> None:
        """Build the queue while the sign-in dialog waits for the PIN.

        The dialog calls this when its PIN field takes the focus: building the screen holds
        the UI thread for a moment, and keys typed then are handed out afterwards, in order,
        but a focus change among them (badge → PIN) could send a PIN key to the badge field.
        While the PIN is typed nothing moves the focus until its Enter.
        """
        if isinstance(self.app.screen, SupervisorSignIn):
            self._queue_screen()

    def _queue_screen(self) -> ReviewQueueScreen:
        """The session's queue, built, installed and mounted (not shown) the first time."""
        # Loaded with the first supervisor sign-in, not at app start (the review desk's screens).
        from inspect_tui.ui.screens.review_queue import ReviewQueueScreen

        queue = self._screens.get(QUEUE_SCREEN)
        if isinstance(queue, ReviewQueueScreen):
            return queue
        queue = ReviewQueueScreen()
        self._screens[QUEUE_SCREEN] = queue
        self.app.install_screen(queue, QUEUE_SCREEN)
        mount_unseen(self.app, queue)
        return queue

    def open_queue(self, desk: ReviewDesk, ready: Callable[[], None]) -> None:
        """The PIN was right: read the queue on its screen, still unseen, then ``ready()``.

        ``ready`` (the sign-in dialog closes with the desk, which shows the queue) is called
        once the queue is read, or after ``SHOW_QUEUE_AFTER`` seconds if that comes first.
        """
        queue = self._queue_screen()
        queue.open_for(desk)
        if not queue.is_mounted:  # a PIN quicker than the screen's composing: read it when shown
            ready()
            return
        called = False

        def show() -> None:
            nonlocal called
            if not called:
                called = True
                timer.stop()
                ready()

        timer = self.app.set_timer(SHOW_QUEUE_AFTER, show)
        queue.read_first(show)

    def _opened(self, desk: ReviewDesk | None) -> None:
        if desk is None:
            self._forget_screens([])  # the queue built while the dialog waited
            if self.alone:
                self.app.exit()
            return
        self.desk = desk
        self.app.clear_notifications()  # a wrong PIN's message is over once the desk is open
        self._base = len(self.app.screen_stack)
        self.note_input()
        self._idle_timer = self.app.set_interval(IDLE_CHECK_SECONDS, self._check_idle)
        queue = self._queue_screen()
        if not queue.has_desk:
            queue.open_for(desk)
        self.app.push_screen(QUEUE_SCREEN)

    def show_dashboard(self) -> None:
        """The session's dashboard (built on the first visit), reading today's figures."""
        # Loaded on first use, not at app start (charts).
        from inspect_tui.ui.screens.dashboard import DashboardScreen

        desk = self.desk
        if desk is not None:
            self._show(DASHBOARD_SCREEN, lambda: DashboardScreen(desk))

    def _show(self, name: str, build: Callable[[], Screen[Any]]) -> None:
        """Push the session's screen ``name``, building and installing it the first time."""
        if name not in self._screens:
            screen = build()
            self._screens[name] = screen
            self.app.install_screen(screen, name)
        self.app.push_screen(name)

    @property
    def idle_limit(self) -> float:
        """Seconds without input after which the desk closes itself."""
        if self.idle_seconds is not None:
            return self.idle_seconds
        if self.desk is None:
            return float("inf")
        return self.desk.policy.supervisor.idle_minutes * 60.0

    def _check_idle(self) -> None:
        if self.desk is not None and monotonic() - self.last_input >= self.idle_limit:
            minutes = max(1, round(self.idle_limit / 60))
            self.leave(
                _(
                    "The supervisor desk closed after {minutes} min without a key: "
                    "badge and PIN (F12) to open it again."
                ).format(minutes=minutes)
            )

    def leave(self, why: str | None = None) -> None:
        """Close every supervisor screen and dialog, then the desk; the bench is as it was."""
        desk, self.desk = self.desk, None
        if self._idle_timer is not None:
            self._idle_timer.stop()
            self._idle_timer = None
        shown = self.app.screen_stack[self._base :]
        while len(self.app.screen_stack) > self._base:
            self.app.pop_screen()
        self._forget_screens(shown)
        if desk is not None:
            desk.close()
        self.app.notify(
            why or _("Supervisor desk closed."), severity="warning" if why else "information"
        )
        if self.alone:
            self.toggle()

    def _forget_screens(self, popped: list[Screen[Any]]) -> None:
        """The session is over: its screens go with it (the next one builds its own).

        Uninstalled, the screens just popped are removed by the app once popped; the others
        (a dashboard visited earlier) are removed here.
        """
        screens, self._screens = self._screens, {}
        for name, screen in screens.items():
            self.app.uninstall_screen(name)
            if screen not in popped and screen.is_attached:
                screen.remove()

    def close(self) -> None:
        """The app is ending: release the desk's connection."""
        if self.desk is not None:
            self.desk.close()
            self.desk = None


def mount_unseen(app: App[Any], screen: Screen[Any]) -> None:
    """Compose, mount and style ``screen`` now, without showing it.

    Textual mounts a screen the first time it is pushed, and that first mount (composing some
    40 widgets and applying the stylesheet to each) is most of what a supervisor waited for
    after the PIN. This does the same registration ``App.push_screen`` starts with, and
    nothing else: the screen is laid out and drawn when it is pushed.
    """
    if not screen.is_running:
        app._register(app, screen)  # what push_screen does first (textual is pinned)
