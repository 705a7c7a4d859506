"""The scale driver: a reader thread that keeps the latest reading and the state of the link.

The driver opens the station's scale, sends the protocol's request every ``poll_s`` if it has
one, parses what comes back, and keeps the newest reading. When the scale is unplugged it says
so, and keeps trying to open it again (0.2 s, doubling to 2 s between tries), so plugging it
back in is all a clerk has to do. Nothing here blocks the caller: ``snapshot()`` and ``read()``
return at once.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from inspect_tui.devices.scales.reading import Reading
from inspect_tui.devices.scales.spec import ScaleSpec
from inspect_tui.devices.scales.transport import ScaleLost, Transport, open_transport

SILENCE_S = 1.0
"""A scale that sent nothing usable for this long is shown as not answering."""
POLL_S = 0.2
"""How often a polled scale (MT-SICS, NCI) is asked for its weight."""
RETRY_FIRST_S, RETRY_MAX_S = 0.2, 2.0
"""Waits between attempts to reopen a scale that is gone: doubling from the first to the max."""


class Link(StrEnum):
    """Whether the scale is talking to the station."""

    CONNECTED = "connected"
    """Readings are arriving."""
    SILENT = "no answer"
    """The port is open but nothing usable arrived for more than ``SILENCE_S``."""
    DISCONNECTED = "disconnected"
    """The port cannot be opened (unplugged, wrong name, in use)."""


@dataclass(frozen=True, slots=True)
class ScaleState:
    """What the Weigh step shows about the scale at one moment.

    Attributes:
        reading: The newest reading while it is fresh (within ``SILENCE_S``), else None.
        link: Connected, not answering, or disconnected.
        message: For anything but connected: what is wrong and what the clerk can do.
        source: The scale, as recorded with its readings (``mt-sics:/dev/ttyUSB0``).
    """

    reading: Reading | None
    link: Link
    message: str
    source: str


class ScaleDriver:
    """A connected scale: ``start()``, then ``read()``/``snapshot()`` from any thread; ``close()``.

    Args:
        spec: The station's scale (serial or hid).
        on_change: Called from the reader thread with the new state whenever the reading or the
            link changes (a screen hands it over to its own thread).
        silence_s: After this long without a usable frame the link shows as not answering.
        poll_s: How often polled protocols are asked for a weight.
    """

    def __init__(
        self,
        spec: ScaleSpec,
        *,
        on_change: Callable[[ScaleState], None] | None = None,
        silence_s: float = SILENCE_S,
        poll_s: float = POLL_S,
    ) -> None:
        self.spec = spec
        self.name = spec.source
        self._on_change = on_change
        self._silence_s = silence_s
        self._poll_s = poll_s
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._open = False
        self._opened_at = 0.0
        self._latest: Reading | None = None
        self._latest_at = 0.0
        self._problem = f"Connecting to the scale on {spec.port}…"
        self._last_told: tuple[Reading | None, Link] | None = None

    def start(self) -> ScaleDriver:
        """Start the reader thread (once); returns the driver for chaining."""
        if self._thread is None:
            self._thread = threading.Thread(
                target=self._run, name=f"scale {self.name}", daemon=True
            )
            self._thread.start()
        return self

    def close(self) -> None:
        """Stop the reader thread and release the port."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=2.0)

    def __enter__(self) -> ScaleDriver:
        return self.start()

    def __exit__(self, *_: object) -> None:
        self.close()

    def read(self) -> Reading | None:
        """The newest reading while it is fresh; None when the scale is silent or gone."""
        return self.snapshot().reading

    def snapshot(self) -> ScaleState:
        """The reading and the link state now."""
        now = time.monotonic()
        with self._lock:
            fresh = (
                self._open and self._latest is not None and now - self._latest_at <= self._silence_s
            )
            reading = self._latest if fresh else None
            if not self._open:
                link, message = Link.DISCONNECTED, self._problem
            elif fresh:
                link, message = Link.CONNECTED, ""
            elif now - self._opened_at <= self._silence_s:
                link, message = Link.SILENT, f"Waiting for the scale on {self.spec.port}…"
            else:
                link, message = Link.SILENT, self._silent_message()
        return ScaleState(reading, link, message, self.name)

    def _silent_message(self) -> str:
        how = (
            "check the cable and that the scale is on"
            if self.spec.kind == "hid"
            else f"check the cable, that the scale is on and set to {self.spec.protocol} at "
            f"{self.spec.baud} baud"
        )
        return f"The scale on {self.spec.port} is not answering: {how}. You can type the weight."

    def _run(self) -> None:
        retry = RETRY_FIRST_S
        while not self._stop.is_set():
            try:
                transport = open_transport(self.spec)
            except ScaleLost as error:
                self._set_open(False, f"{error} You can type the weight.")
                self._stop.wait(retry)
                retry = min(retry * 2, RETRY_MAX_S)
                continue
            retry = RETRY_FIRST_S
            self._set_open(True, "")
            try:
                self._pump(transport)
            except ScaleLost as error:
                self._set_open(False, f"{error} You can type the weight.")
            finally:
                transport.close()

    def _pump(self, transport: Transport) -> None:
        """Read and parse until the scale goes away or the driver is closed."""
        parser = self.spec.parser()
        next_poll = 0.0
        while not self._stop.is_set():
            now = time.monotonic()
            if parser.request is not None and now >= next_poll:
                transport.write(parser.request)
                next_poll = now + self._poll_s
            readings = parser.feed(transport.read())
            if readings:
                with self._lock:
                    self._latest, self._latest_at = readings[-1], time.monotonic()
            self._tell()

    def _set_open(self, is_open: bool, problem: str) -> None:
        with self._lock:
            self._open = is_open
            if is_open:
                self._opened_at = time.monotonic()
            else:
                self._problem = problem
                self._latest = None
        self._tell()

    def _tell(self) -> None:
        """Hand the state to ``on_change`` when the reading or the link changed."""
        if self._on_change is None:
            return
        state = self.snapshot()
        key = (state.reading, state.link)
        if key != self._last_told:
            self._last_told = key
            # A listener's failure must not stop the scale being read; the state stays
            # available through snapshot().
            with contextlib.suppress(Exception):
                self._on_change(state)
