"""The station's devices at the bench: its scale and its photo inbox.

Both are read in threads of their own (``devices/``); what they report comes back to the UI
thread here and becomes bench input: the first stable reading of a parcel not yet weighed is its
weight, a new photo is offered as the evidence still missing.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import TYPE_CHECKING

from inspect_tui.core.translation import _
from inspect_tui.core.vocabulary import InspectionStatus, Step
from inspect_tui.devices.photos import InboxPhoto, InboxWatcher
from inspect_tui.devices.scales import ScaleSpecError, ScaleState, open_scale
from inspect_tui.ui.desk import DeskJob

if TYPE_CHECKING:
    from inspect_tui.ui.app import InspectApp

SCALE_LOOK_EVERY = 0.5
"""Seconds between looks at the scale's state (so silence shows within a second)."""
SCALE_EMPTY_PAN_G = 5
"""A stable reading below this is an empty pan, not a parcel."""


class StationDevices:
    """The app's scale and photo inbox, reported on the UI thread."""

    def __init__(self, app: InspectApp) -> None:
        """Nothing is read until :meth:`connect_scale` and :meth:`start_watching_inbox`."""
        self.app = app
        self.scale_state: ScaleState | None = None
        """The station scale's newest state (None without a connected scale)."""
        self._weighed_by_scale: set[int] = set()
        self._inbox_watcher: InboxWatcher | None = None
        self._inbox_asked = False

    def close(self) -> None:
        """Stop watching the inbox and release the scale."""
        if self._inbox_watcher is not None:
            self._inbox_watcher.stop()
        close = getattr(self.app.scale, "close", None)
        if callable(close):
            close()

    def connect_scale(self, spec: str) -> None:
        """Read the station's scale in its own thread; its changes come back to the UI thread."""

        def changed(state: ScaleState) -> None:
            with contextlib.suppress(RuntimeError):  # the app is closing
                self.app.call_from_thread(self._scale_changed, state)

        try:
            self.app.scale = open_scale(spec, on_change=changed)
        except ScaleSpecError as error:
            self.app.show_problem(
                _("The station's scale cannot be used ({error}): type the weights.").format(
                    error=error
                )
            )
            return
        # A reading goes stale and a scale falls silent without sending anything: look too.
        self.app.set_interval(SCALE_LOOK_EVERY, self._look_at_scale)

    def _look_at_scale(self) -> None:
        snapshot = getattr(self.app.scale, "snapshot", None)
        if callable(snapshot):
            state = snapshot()
            if state != self.scale_state:
                self._scale_changed(state)

    def _scale_changed(self, state: ScaleState) -> None:
        self.scale_state = state
        self.apply_scale()

    def apply_scale(self) -> None:
        """Show the live reading; the first stable one above an empty pan is the weight."""
        state = self.scale_state
        if state is None:
            return
        screen = self.app.inspection_screen()
        if screen is not None and screen.is_mounted:
            screen.show_scale(state)
        reading = state.reading
        view = self.app.bench_state.view
        if (
            reading is None
            or not reading.stable
            or reading.grams is None
            or reading.grams < SCALE_EMPTY_PAN_G
            or view is None
            or view.status != InspectionStatus.OPEN
            or view.weight_g is not None
            or view.step not in (Step.CARD, Step.WEIGH)
            or view.inspection_id in self._weighed_by_scale
        ):
            return
        self._weighed_by_scale.add(view.inspection_id)
        self.app.bench_command("scale_weight", reading.grams, reading.source)

    def start_watching_inbox(self) -> None:
        """Once someone is signed in: find the station's photo inbox and watch it."""
        if self._inbox_watcher is not None or self._inbox_asked:
            return
        self._inbox_asked = True
        workstation = self.app.bench.workstation
        if workstation is None:
            return
        self.app.run_lookup(
            DeskJob(workstation.inbox_folder, done=self._watch_inbox, what="photo inbox")
        )

    def _watch_inbox(self, folder: Path) -> None:
        """Watch the station's photo inbox: a new photo reaches the Evidence step by itself."""
        if self._inbox_watcher is not None:
            self._inbox_watcher.stop()

        def arrived(photo: InboxPhoto) -> None:
            with contextlib.suppress(RuntimeError):  # the app is closing
                self.app.call_from_thread(self.app.bench_command, "photo_arrived", photo.name)

        def problem(text: str) -> None:
            with contextlib.suppress(RuntimeError):
                self.app.call_from_thread(self.app.show_problem, text, "warning")

        self._inbox_watcher = InboxWatcher(folder, on_arrival=arrived, on_problem=problem)
        self._inbox_watcher.start()
