"""The returns-desk app: feeds the bench, shows the screen its state calls for, reports problems.

The app is deliberately thin. The bench controller (``services/bench``) decides what every scan
and key means and owns the workstation (built by the injected ``connect`` function, so the UI
never opens a database session). The app hands it every input in a thread worker, one at a time
and in the order the inputs arrived, and draws the state it publishes: the scan screen between
parcels, the inspection screen while a parcel is on the bench. Every worker's outcome is handled
in one place.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from datetime import tzinfo
from typing import TYPE_CHECKING, Any, TypedDict, Unpack

from textual import events, on, work
from textual.app import App
from textual.binding import Binding
from textual.screen import Screen
from textual.timer import Timer
from textual.worker import Worker, WorkerState

from inspect_tui import language
from inspect_tui.core import translation
from inspect_tui.core.translation import N_, _
from inspect_tui.devices.scale import ManualScale, Scale
from inspect_tui.devices.scales import ScaleState
from inspect_tui.devices.scanner import HOTKEY_HOLD_SECONDS, ScanBuffer
from inspect_tui.services.bench.controller import BenchController
from inspect_tui.services.bench.state import BenchState, Notice
from inspect_tui.ui.bench_opening import BenchOpening, StoreCheck
from inspect_tui.ui.commands import DeskCommands
from inspect_tui.ui.desk import AnyJob, DeskJob, T, describe_failure
from inspect_tui.ui.messages import DeskNotice, DeskProblem
from inspect_tui.ui.screens.base import DeskScreen
from inspect_tui.ui.screens.login import LoginScreen
from inspect_tui.ui.screens.scan import ScanScreen
from inspect_tui.ui.station_devices import StationDevices
from inspect_tui.ui.supervisor_mode import ReviewConnect, SupervisorMode
from inspect_tui.ui.widgets.photo_strip import ImageFactory
from inspect_tui.ui.widgets.status_line import StatusLine

if TYPE_CHECKING:  # the store loads on a worker after the scan screen is drawn
    from inspect_tui.services.inspecting.workstation import Workstation
    from inspect_tui.ui.screens.inspect import InspectScreen

Connect = Callable[[str], "Workstation"]
"""Opens the workstation for an operator name (raises UnknownOperator, StoreBusy)."""

DESK_GROUP = "desk"
LOOKUP_GROUP = "lookup"
INSPECTION_SCREEN = "inspection"
"""The name the one inspection screen is installed under (it stays mounted between parcels)."""
LOOKING_UP_AFTER = 0.25
"""Seconds a parcel lookup may take before the status line says it is looking."""
REDRAW_EVERY = 0.25
"""While inputs are queued, the bench is redrawn at most this often (seconds)."""


class InspectApp(App[None]):
    """The terminal workstation of the returns desk."""

    CSS_PATH = "styles/app.tcss"
    TITLE = "inspect-tui"
    SUB_TITLE = "returns desk"
    COMMANDS = App.COMMANDS | {DeskCommands}
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (150, "-wide")]
    BINDINGS = [
        Binding("ctrl+q", "quit", N_("Quit"), id="app.quit", priority=True),
        Binding("f12", "supervisor", N_("Supervisor desk"), show=False, id="app.supervisor"),
    ]

    def __init__(self, connect: Connect, **options: Unpack[AppOptions]) -> None:
        """Create the app; use :func:`build_app`."""
        unknown = sorted(set(options) - set(AppOptions.__annotations__))
        if unknown:  # a misspelt option would otherwise be dropped without a word
            raise TypeError(f"unknown app options: {', '.join(unknown)}")
        super().__init__()
        self.connect = connect
        self.initial_operator = options.get("operator")
        self.tz = options.get("tz")
        self.image_factory = options.get("image_factory")
        self.scale: Scale = options.get("scale") or ManualScale()
        self.hold_seconds = options.get("hold_seconds", HOTKEY_HOLD_SECONDS)
        self.scale_spec = options.get("scale_spec")
        self.devices = StationDevices(self)
        self.bench = BenchController(connect, speak=self._speak_for_operator)
        self.bench_state = BenchState()
        self.desk_language = translation.language()
        """The language the desk started in; an operator without a preference gets it."""
        self.redraw_in_language = False
        """An operator or station in another language: the next drawing composes afresh."""
        self.keys = ScanBuffer()
        """What has been typed of the code in progress, shared by every scan field."""
        self._redraw_timer: Timer | None = None
        self._dirty = False
        self._dialogs_opened = 0
        self._burst_problems: list[Notice] = []
        self._desk_queue: deque[AnyJob] = deque()
        self._desk_running: AnyJob | None = None
        self._jobs: dict[Worker[Any], AnyJob] = {}
        self.supervisor_only = options.get("supervisor_only", False)
        self.opening = BenchOpening(self, options.get("check_store"))
        """The store opened and the operator named at start signed in, after the first frame."""
        self.supervisor = SupervisorMode(
            self,
            options.get("review_connect"),
            options.get("supervisor_idle_seconds"),
            alone=self.supervisor_only,
        )
        """The supervisor desk opened over the bench (F12)."""

    async def on_event(self, event: events.Event) -> None:
        """Every key and click counts as the supervisor still being at the desk."""
        if isinstance(event, events.Key | events.MouseDown) and not event.is_forwarded:
            self.supervisor.note_input()
        await super().on_event(event)

    def on_mount(self) -> None:
        """Ask who is at the bench, or show the scan screen for the operator given at start.

        The screen is drawn first; the store opens (and the operator signs in) on a worker
        after that first frame, so the clerk can scan as soon as the field shows. Scans
        typed meanwhile wait for the sign-in (see :meth:`bench_scan`). The supervisor desk
        alone asks for a supervisor's badge and PIN instead.
        """
        if self.supervisor_only:
            self.sub_title = "supervisor desk"
            self.supervisor.toggle()
        elif self.initial_operator:
            self.push_screen(ScanScreen(self.bench_state))
            self._post_to_desk_screen(
                DeskNotice(_("Signing in {operator}…").format(operator=self.initial_operator))
            )
        else:
            self.push_screen(LoginScreen())
        self.opening.begin()

    @property
    def start_failure(self) -> str | None:
        """Why the store could not be opened at start (the app then ends; None: it opened)."""
        return self.opening.failure

    def on_unmount(self) -> None:
        """Release the database connections and the scale."""
        self.devices.close()
        self.bench.close()
        self.supervisor.close()

    def action_supervisor(self) -> None:
        """F12: the supervisor's badge and PIN, or leave the supervisor desk."""
        self.supervisor.toggle()

    @property
    def scale_state(self) -> ScaleState | None:
        """The station scale's newest state (None without a connected scale)."""
        return self.devices.scale_state

    def inspection_screen(self) -> InspectScreen | None:
        """The inspection screen, once the first parcel built it."""
        return self._inspection_screen(self.bench_state)

    # -- the bench -------------------------------------------------------------------------

    @property
    def workstation(self) -> Workstation | None:
        """The signed-in workstation (None before anyone signed in)."""
        return self.bench.workstation

    def require_workstation(self) -> Workstation:
        """The signed-in workstation (screens after login always have one)."""
        if self.bench.workstation is None:
            raise RuntimeError("no operator is signed in")
        return self.bench.workstation

    def sign_in(self, name: str) -> None:
        """Open the workstation for ``name``; on success go to the scan screen."""
        self._feed(lambda bench: bench.sign_in(name), f"sign in {name}")

    @property
    def held_scans(self) -> tuple[str, ...]:
        """Codes scanned before anyone was signed in, waiting for the sign-in (oldest first)."""
        return self.opening.held_scans

    def bench_scan(self, code: str) -> None:
        """Hand a scanned code to the bench, after every input before it.

        A code scanned on the scan screen before its operator is signed in (the store still
        opening at start) is held, in order, and handed over once someone is signed in.
        A parcel lookup that takes long (a busy or locked store) says what it is doing after
        LOOKING_UP_AFTER; a quick one would only flash past and slow the card down.
        """
        if self.bench_state.operator is None:
            self.opening.hold(code)
            return
        slow: Timer | None = None
        if self.bench_state.view is None and not self._desk_queue:
            slow = self.set_timer(
                LOOKING_UP_AFTER,
                lambda: self.show_notice(_("Looking up {code}…").format(code=code), toast=False),
            )
        self._feed(lambda bench: bench.scan(code), f"scan {code}", slow.stop if slow else None)

    def bench_command(self, name: str, *args: Any) -> None:
        """Hand a key-level command to the bench, after every input before it."""
        self._feed(lambda bench: bench.command(name, *args), name)

    def _feed(
        self,
        apply: Callable[[BenchController], BenchState],
        what: str,
        after: Callable[[], None] | None = None,
    ) -> None:
        bench = self.bench
        self.run_desk(DeskJob(lambda: apply(bench), done=self.published, after=after, what=what))

    def published(self, state: BenchState) -> None:
        """The bench applied an input: draw it now, or soon while more inputs wait."""
        self.bench_state = state
        if state.operator is not None:
            self.devices.start_watching_inbox()
            for code in self.opening.release():
                self.bench_scan(code)
        if self.redraw_in_language:
            self.refresh_bindings()
        problems = [n for n in state.notices if n.severity in ("error", "warning")]
        self._burst_problems.extend(problems)
        if self._desk_queue:
            self._dirty = True
            if self._redraw_timer is None:
                self._redraw_timer = self.set_timer(REDRAW_EVERY, self._redraw_if_dirty)
            return
        self._draw_bench(state)
        self._tell(state)

    def _speak_for_operator(self, code: str | None) -> None:
        """An operator signed in: speak their language (None: the desk's) from now on.

        Called by the bench (on its worker) before it says anything to them; the screens
        drawn after it are in that language, the scan screen drawn afresh.
        """
        wanted = code or self.desk_language
        if wanted != translation.language():
            translation.install(wanted, language.load(wanted))
            self.redraw_in_language = True

    def _redraw_if_dirty(self) -> None:
        self._redraw_timer = None
        if self._dirty:
            self._draw_bench(self.bench_state)

    def _draw_bench(self, state: BenchState) -> None:
        """Show the screen the bench's state calls for, drawn from that state."""
        self._dirty = False
        if state.operator is None:
            return
        signed_in = f"{state.station} · {state.operator}"
        if self.sub_title != signed_in and not self.supervisor.desk:
            self.sub_title = signed_in
        scan = next((s for s in self.screen_stack if isinstance(s, ScanScreen)), None)
        if scan is not None and self.redraw_in_language and self.screen is scan:
            # An operator in another language signed in: fresh screens, composed in theirs.
            scan = None
            if self.is_screen_installed(INSPECTION_SCREEN):
                self.uninstall_screen(INSPECTION_SCREEN)
        self.redraw_in_language = False
        if scan is None:
            scan = ScanScreen(state)
            self.switch_screen(scan)
        scan.show_state(state)
        inspect = self._inspection_screen(state)
        if state.view is None:
            if inspect is not None and inspect in self.screen_stack:
                for _screen in range(len(self.screen_stack) - self.screen_stack.index(inspect)):
                    self.pop_screen()
            return
        assert inspect is not None
        new_parcel = inspect.view.inspection_id != state.view.inspection_id
        inspect.show_state(state, reset_scroll=new_parcel)
        if inspect not in self.screen_stack:
            self.push_screen(inspect)
        self.devices.apply_scale()
        dialog = state.dialog
        if dialog is not None and dialog.serial > self._dialogs_opened:
            self._dialogs_opened = dialog.serial
            if dialog.kind == "override":
                inspect.open_override(dialog.outcome)

    def _inspection_screen(self, state: BenchState) -> InspectScreen | None:
        """The one inspection screen, built for the first parcel and kept mounted after."""
        # Loaded with the first parcel, not before the scan screen is drawn.
        from inspect_tui.ui.screens.inspect import InspectScreen

        if self.is_screen_installed(INSPECTION_SCREEN):
            return self.get_screen(INSPECTION_SCREEN, InspectScreen)
        if state.view is None:
            return None
        screen = InspectScreen(state)
        self.install_screen(screen, INSPECTION_SCREEN)
        return screen

    def _tell(self, state: BenchState) -> None:
        """The last input's words beside the scan field; problems of a burst are not lost."""
        last = state.last_notice
        earlier = [p for p in self._burst_problems if p is not last]
        self._burst_problems = []
        if earlier and (last is None or last.severity not in ("error", "warning")):
            self.show_problem(
                f"{len(earlier)} scan(s) in the burst were refused; the last: {earlier[-1].text}",
                "warning",
            )
        if last is None:
            return
        if last.severity in ("error", "warning"):
            self.show_problem(last.text, last.severity)
        elif last.severity == "success" or last.text:
            self.show_notice(last.text, last.severity)

    # -- running calls ---------------------------------------------------------------------

    @property
    def is_idle(self) -> bool:
        """True when no workstation call is running or waiting."""
        return (
            not self.opening.starting
            and self._desk_running is None
            and not self._desk_queue
            and not self._jobs
            and not self._dirty
        )

    def run_desk(self, job: DeskJob[T]) -> None:
        """Queue a call that writes (or must keep its order); calls run one at a time, in order."""
        self._desk_queue.append(job)
        self._start_next_desk_job()

    def run_lookup(self, job: DeskJob[T], *, lane: str = "") -> None:
        """Run a read whose result only refreshes a display; a newer lookup replaces an older.

        Args:
            job: The read and what to do with its result.
            lane: Lookups in different lanes run side by side (a screen's two independent
                reads, on two connections); in one lane, the newer replaces the older.
        """
        group = f"{LOOKUP_GROUP}.{lane}" if lane else LOOKUP_GROUP
        for worker, older in list(self._jobs.items()):
            # The exclusive worker below cancels the older lookup; one cancelled before its
            # task first ran never reports a state change, so it is settled here.
            if worker.group == group:
                del self._jobs[worker]
                if older.after is not None:
                    older.after()
        worker = self.run_worker(
            job.call,
            name=job.what,
            group=group,
            description=job.what,
            exit_on_error=False,
            exclusive=True,
            thread=True,
        )
        self._jobs[worker] = job

    def drop_waiting_inputs(self) -> None:
        """Forget the desk calls not yet started (the store failed at start)."""
        self._desk_queue.clear()

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
                if self._dirty and not self._desk_queue and self._desk_running is None:
                    self._draw_bench(self.bench_state)
                    self._tell(self.bench_state)

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

    def show_notice(self, text: str, severity: str = "information", *, toast: bool = True) -> None:
        """A confirmation or piece of news beside the scan field (and a notification)."""
        if toast:
            self.notify(text, severity="information", timeout=4)
        self._post_to_desk_screen(DeskNotice(text, severity))

    def _post_to_desk_screen(self, message: DeskProblem | DeskNotice) -> None:
        """Send to the top-most screen with a status line (under any open dialog).

        A bench screen just pushed counts even before it has composed its status line.
        """
        for screen in reversed(self.screen_stack):
            if isinstance(screen, DeskScreen):  # the scan, inspection or sign-in screen
                screen.post_message(message)
                return
            if _has_status_line(screen):
                screen.post_message(message)
                return


def _has_status_line(screen: Screen[Any]) -> bool:
    return bool(screen.query(StatusLine))


class AppOptions(TypedDict, total=False):
    """How the app is set up, all optional; the command line and the tests pass what they need.

    Attributes:
        operator: Sign this operator in at start; None asks for a badge scan.
        tz: Time zone for shown times (None: the machine's; tests pass UTC for deterministic
            screens).
        image_factory: Builds photo previews (textual-image); None lists photos as text.
        scale: The bench scale (default: the manual scale, i.e. typed weights).
        hold_seconds: How long a lone hotkey waits to tell a key press from a scan (see
            ``ScanField``).
        review_connect: Opens the supervisor desk for a name and PIN (F12); None: no desk.
        supervisor_idle_seconds: Close the supervisor desk after this long without a key
            (None: the policy's ``supervisor.idle_minutes``).
        scale_spec: The station's scale (``serial://…``, ``hid://…``): read while the app runs;
            None or ``manual``: weights are typed.
        supervisor_only: Start at the supervisor's badge and PIN, with no bench behind the desk
            (``inspect-tui desk``, and what ``inspect-tui serve`` gives each browser tab).
        check_store: Opens the store on a worker after the first frame and returns the
            station's scale spec; its failure ends the app with ``start_failure`` set. None:
            the store was checked before the app started.
    """

    operator: str | None
    tz: tzinfo | None
    image_factory: ImageFactory | None
    scale: Scale | None
    hold_seconds: float
    review_connect: ReviewConnect | None
    supervisor_idle_seconds: float | None
    scale_spec: str | None
    supervisor_only: bool
    check_store: StoreCheck | None


def build_app(connect: Connect, **options: Unpack[AppOptions]) -> InspectApp:
    """The one way to build the app, for the command line and the tests alike.

    Args:
        connect: Opens the workstation for an operator name; the app never opens the store.
        **options: How the app is set up (:class:`AppOptions`).

    Returns:
        The app, ready to ``run()`` or ``run_test()``.
    """
    return InspectApp(connect, **options)
