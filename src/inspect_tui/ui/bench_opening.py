"""Opening the bench at start: the store on a worker after the first frame, then the sign-in.

:class:`BenchOpening` belongs to the app (``app.opening``). The first screen (the scan screen
for the operator named at start, the sign-in otherwise) is drawn before anything slow happens;
after that frame the store is opened once (``check_store``: its schema, the station's scale and
language) and the operator named at start signs in, as two desk jobs in that order. Codes
scanned meanwhile are held and handed to the bench once someone is signed in. A store that
cannot be used ends the app, with the reason in :attr:`BenchOpening.failure` for the command
line to print.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from inspect_tui.core import translation
from inspect_tui.services.bench.state import BenchState
from inspect_tui.ui.desk import DeskJob, describe_failure
from inspect_tui.ui.screens.login import LoginScreen

if TYPE_CHECKING:
    from inspect_tui.ui.app import InspectApp

__all__ = ["BenchOpening", "StoreCheck"]

StoreCheck = Callable[[], "str | None"]
"""Opens the store once before anyone signs in and returns the station's scale (``serial://…``,
``hid://…``; None or ``manual``: typed weights); raises DeskError in a clerk's words when the
store cannot be used (wrong schema, unreachable server, a wrong evidence store)."""


class BenchOpening:
    """The start of one app: the store opened, the operator named at start signed in."""

    def __init__(self, app: InspectApp, check_store: StoreCheck | None) -> None:
        """Args:
        app: The app being started.
        check_store: Opens the store on a worker once the first screen is drawn; None: the
            store was checked before the app started.
        """
        self.app = app
        self.check_store = check_store
        self.starting = True
        """True until the first frame is drawn and the opening jobs are queued."""
        self.failure: str | None = None
        """Why the store could not be opened at start (the app then ends; None: it opened)."""
        self._held_scans: list[str] = []

    @property
    def held_scans(self) -> tuple[str, ...]:
        """Codes scanned before anyone was signed in, waiting for the sign-in (oldest first)."""
        return tuple(self._held_scans)

    def hold(self, code: str) -> None:
        """Keep a code scanned before anyone is signed in, after those held before it."""
        self._held_scans.append(code)

    def release(self) -> list[str]:
        """Someone signed in: the held codes, oldest first, now the bench's to carry out."""
        held, self._held_scans = self._held_scans, []
        return held

    def begin(self) -> None:
        """The first screen is pushed: read the scale named at start, open the rest after it."""
        self.connect_scale(self.app.scale_spec)
        self.app.call_after_refresh(self._open)

    def _open(self) -> None:
        """After the first frame: open the store, then sign in the operator given at start."""
        app = self.app
        self.starting = False
        if self.check_store is not None:
            check = self.check_store
            app.run_desk(
                DeskJob(
                    lambda: self._open_store(check),
                    done=self._store_opened,
                    failed=self._store_failed,
                    what="store",
                )
            )
        if app.initial_operator and not app.supervisor_only:
            name = app.initial_operator
            bench = app.bench
            app.run_desk(
                DeskJob(lambda: bench.sign_in(name), done=self._signed_in, what=f"sign in {name}")
            )

    def _open_store(self, check: StoreCheck) -> str | None:
        """On the worker: open the store; a station with its own language makes it the desk's.

        Runs before the sign-in job, so an operator without a preference gets the station's
        language, and the screens drawn from then on are in it.
        """
        scale_spec = check()
        if translation.language() != self.app.desk_language:
            self.app.desk_language = translation.language()
            self.app.redraw_in_language = True
        return scale_spec

    def _store_opened(self, scale_spec: str | None) -> None:
        self.connect_scale(scale_spec)

    def _store_failed(self, error: BaseException) -> None:
        """The store cannot be used: nothing more is tried; the command line says why."""
        self.app.drop_waiting_inputs()
        self._held_scans.clear()
        self.failure = describe_failure(error)
        self.app.exit(return_code=1)

    def connect_scale(self, spec: str | None) -> None:
        """Read the station's scale, unless weights are typed or there is no bench."""
        if spec and spec.strip() != "manual" and not self.app.supervisor_only:
            self.app.devices.connect_scale(spec)

    def _signed_in(self, state: BenchState) -> None:
        """The operator named at start signed in, or was refused: then ask who is there."""
        if state.operator is None and not isinstance(self.app.screen, LoginScreen):
            self.app.switch_screen(LoginScreen())
        self.app.published(state)
