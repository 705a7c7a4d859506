"""The returns-desk app: signs the clerk in, runs workstation calls, shows what went wrong.

The app is deliberately thin. Screens decide what a scan means; the app owns the workstation
(built by the injected ``connect`` function, so the UI never opens a database session), runs
every call to it in a thread worker one at a time and in order, and handles every worker's
outcome in one place.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from datetime import tzinfo
from typing import Any

from textual import events, on, work
from textual.app import App
from textual.binding import Binding
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from inspect_tui.devices.scale import ManualScale, Scale
from inspect_tui.devices.scanner import HOTKEY_HOLD_SECONDS
from inspect_tui.services.workstation import Workstation
from inspect_tui.ui.commands import DeskCommands
from inspect_tui.ui.desk import AnyJob, DeskJob, T, describe_failure
from inspect_tui.ui.messages import DeskNotice, DeskProblem
from inspect_tui.ui.screens.login import LoginScreen
from inspect_tui.ui.screens.scan import ScanScreen
from inspect_tui.ui.supervisor_mode import ReviewConnect, SupervisorMode
from inspect_tui.ui.widgets.photo_strip import ImageFactory
from inspect_tui.ui.widgets.status_line import StatusLine

Connect = Callable[[str], Workstation]
"""Opens the workstation for an operator name (raises UnknownOperator, StoreBusy)."""

DESK_GROUP = "desk"
LOOKUP_GROUP = "lookup"


class InspectApp(SupervisorMode, App[None]):
    """The terminal workstation of the returns desk."""

    CSS_PATH = "styles/app.tcss"
    TITLE = "inspect-tui"
    SUB_TITLE = "returns desk"
    COMMANDS = App.COMMANDS | {DeskCommands}
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (150, "-wide")]
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", id="app.quit", priority=True),
        Binding("f12", "supervisor", "Supervisor desk", show=False, id="app.supervisor"),
    ]

    def __init__(
        self,
        connect: Connect,
        *,
        operator: str | None = None,
        tz: tzinfo | None = None,
        image_factory: ImageFactory | None = None,
        scale: Scale | None = None,
        hold_seconds: float = HOTKEY_HOLD_SECONDS,
        review_connect: ReviewConnect | None = None,
        supervisor_idle_seconds: float | None = None,
    ) -> None:
        """Create the app; use :func:`build_app`.

        Args:
            connect: Opens the workstation for an operator name.
            operator: Sign this operator in at start; None asks for a badge.
            tz: Time zone for times on screen (None = the machine's).
            image_factory: Builds photo previews; None lists photos as text only.
            scale: The bench scale; the manual scale means typed weights.
            hold_seconds: How long a lone hotkey waits to tell a key press from a scan.
            review_connect: Opens the supervisor desk for a name and PIN; None: no desk.
            supervisor_idle_seconds: Close the supervisor desk after this long without a
                key (None: the policy's ``supervisor.idle_minutes``).
        """
        super().__init__()
        self.connect = connect
        self.initial_operator = operator
        self.tz = tz
        self.image_factory = image_factory
        self.scale: Scale = scale or ManualScale()
        self.hold_seconds = hold_seconds
        self.workstation: Workstation | None = None
        self._desk_queue: deque[AnyJob] = deque()
        self._desk_running: AnyJob | None = None
        self._jobs: dict[Worker[Any], AnyJob] = {}
        self.review_connect = review_connect
        self.review_desk = None
        self.supervisor_idle_seconds = supervisor_idle_seconds
        self._supervisor_base = 0
        self._idle_timer = None
        self._last_input = 0.0

    async def on_event(self, event: events.Event) -> None:
        """Every key and click counts as the supervisor still being at the desk."""
        if isinstance(event, events.Key | events.MouseDown) and not event.is_forwarded:
            self.note_input()
        await super().on_event(event)

    def on_mount(self) -> None:
        """Ask who is at the bench (or sign in the operator given on the command line)."""
        self.push_screen(LoginScreen(self.initial_operator))

    def on_unmount(self) -> None:
        """Release the database connections."""
        if self.workstation is not None:
            self.workstation.close()
        if self.review_desk is not None:
            self.review_desk.close()

    # -- signing in ------------------------------------------------------------------------

    def sign_in(self, name: str) -> None:
        """Open the workstation for ``name``; on success go to (or stay on) the scan screen."""
        previous = self.workstation

        def call() -> Workstation:
            workstation = self.connect(name)
            if previous is not None:
                previous.close()
            return workstation

        self.run_desk(DeskJob(call, done=self._signed_in, what=f"sign in {name}"))

    def _signed_in(self, workstation: Workstation) -> None:
        self.workstation = workstation
        self.sub_title = f"{workstation.station} · {workstation.operator}"
        if isinstance(self.screen, LoginScreen):
            self.switch_screen(ScanScreen())
        else:
            self.show_notice(f"Signed in as {workstation.operator}.", "success")

    def require_workstation(self) -> Workstation:
        """The signed-in workstation (screens after login always have one)."""
        if self.workstation is None:
            raise RuntimeError("no operator is signed in")
        return self.workstation

    # -- running calls ---------------------------------------------------------------------

    @property
    def is_idle(self) -> bool:
        """True when no workstation call is running or waiting."""
        return self._desk_running is None and not self._desk_queue and not self._jobs

    def run_desk(self, job: DeskJob[T]) -> None:
        """Queue a call that writes (or must keep its order); calls run one at a time, in order."""
        self._desk_queue.append(job)
        self._start_next_desk_job()

    def run_lookup(self, job: DeskJob[T]) -> None:
        """Run a read whose result only refreshes a display; a newer lookup replaces an older."""
        for worker, older in list(self._jobs.items()):
            # The exclusive worker below cancels the older lookup; one cancelled before its
            # task first ran never reports a state change, so it is settled here.
            if worker.group == LOOKUP_GROUP:
                del self._jobs[worker]
                if older.after is not None:
                    older.after()
        worker = self._lookup_worker(job)
        self._jobs[worker] = job

    def _start_next_desk_job(self) -> None:
        if self._desk_running is not None or not self._desk_queue:
            return
        job = self._desk_queue.popleft()
        self._desk_running = job
        worker = self._desk_worker(job)
        self._jobs[worker] = job

    @work(thread=True, exclusive=True, exit_on_error=False, group=DESK_GROUP)
    def _desk_worker(self, job: AnyJob) -> Any:
        return job.call()

    @work(thread=True, exclusive=True, exit_on_error=False, group=LOOKUP_GROUP)
    def _lookup_worker(self, job: AnyJob) -> Any:
        return job.call()

    @on(Worker.StateChanged)
    def _worker_finished(self, event: Worker.StateChanged) -> None:
        """The one place where every worker's result or failure is handled."""
        worker = event.worker
        if event.state not in (WorkerState.SUCCESS, WorkerState.ERROR, WorkerState.CANCELLED):
            return
        job = self._jobs.pop(worker, None)
        if job is None:
            return
        try:
            if event.state == WorkerState.SUCCESS:
                if job.done is not None:
                    job.done(worker.result)
            elif event.state == WorkerState.ERROR and worker.error is not None:
                self.show_problem(describe_failure(worker.error))
                if job.failed is not None:
                    job.failed(worker.error)
        finally:
            if job.after is not None:
                job.after()
            if job is self._desk_running:
                self._desk_running = None
                self._start_next_desk_job()

    # -- telling the clerk -----------------------------------------------------------------

    def show_problem(self, text: str, severity: str = "error", *, toast: bool = True) -> None:
        """A notification and the status line beside the scan field.

        The newest problem replaces the previous notification, so a burst of wrong scans
        leaves one toast, not a wall of them. ``toast=False`` only sets the status line (for
        a scan in the middle of a burst; the burst's last problem gets the toast).
        """
        if toast:
            self.clear_notifications()
            self.notify(text, severity="error" if severity == "error" else "warning", timeout=8)
        self._post_to_desk_screen(DeskProblem(text, severity))

    def show_notice(self, text: str, severity: str = "information") -> None:
        """A confirmation or piece of news beside the scan field (and a notification)."""
        self.notify(text, severity="information", timeout=4)
        self._post_to_desk_screen(DeskNotice(text, severity))

    def _post_to_desk_screen(self, message: DeskProblem | DeskNotice) -> None:
        """Send to the top-most screen with a status line (under any open dialog)."""
        for screen in reversed(self.screen_stack):
            if _has_status_line(screen):
                screen.post_message(message)
                return


def _has_status_line(screen: Screen[Any]) -> bool:
    return bool(screen.query(StatusLine))


def build_app(
    connect: Connect,
    *,
    operator: str | None = None,
    tz: tzinfo | None = None,
    image_factory: ImageFactory | None = None,
    scale: Scale | None = None,
    hold_seconds: float = HOTKEY_HOLD_SECONDS,
    review_connect: ReviewConnect | None = None,
    supervisor_idle_seconds: float | None = None,
) -> InspectApp:
    """The one way to build the app, for the command line and the tests alike.

    Args:
        connect: Opens the workstation for an operator name; the app never opens the store.
        operator: Sign this operator in at start; None asks for a badge scan.
        tz: Time zone for shown times (tests pass UTC for deterministic screens).
        image_factory: Builds photo previews (textual-image); None lists photos as text.
        scale: The bench scale (default: the manual scale, i.e. typed weights).
        hold_seconds: The hotkey hold (see ``ScanField``).
        review_connect: Opens the supervisor desk for a name and PIN (F10); None: no desk.
        supervisor_idle_seconds: The supervisor desk's idle limit (None: the policy's).

    Returns:
        The app, ready to ``run()`` or ``run_test()``.
    """
    return InspectApp(
        connect,
        operator=operator,
        tz=tz,
        image_factory=image_factory,
        scale=scale,
        hold_seconds=hold_seconds,
        review_connect=review_connect,
        supervisor_idle_seconds=supervisor_idle_seconds,
    )
