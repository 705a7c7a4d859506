"""Simulated scales for the driver tests: real bytes through a pty pair or a FIFO.

``PtyScale`` is the scale end of a serial cable: the driver opens ``path`` (a symlink to the
pty's slave, like a udev ``/dev/serial/by-id`` link) with pyserial; the simulation writes the
protocol's frames on the master side, streaming them or answering each request. ``unplug()``
closes the master and removes the link (the driver sees EIO); ``replug()`` makes a new pty
behind the same path.

``FifoHidScale`` writes 6-byte HID reports into a FIFO the driver reads as it would read
``/dev/hidraw0``.
"""

from __future__ import annotations

import contextlib
import errno
import os
import threading
import time
import tty
from collections.abc import Callable, Iterator
from pathlib import Path

Reply = Callable[[], bytes]


class PtyScale:
    """A serial scale on a pty: streams ``frame()`` every ``period`` s, or answers requests.

    Args:
        path: Where the port appears (a symlink to the pty slave).
        frame: The bytes to send next (called for each frame, so a test can change it).
        request: The request terminator to answer (``b"\\r"``), or None to stream.
        period: Seconds between streamed frames.
        pieces: Split each frame into this many writes with a pause between (split frames).
    """

    def __init__(
        self,
        path: Path,
        frame: Reply,
        *,
        request: bytes | None = None,
        period: float = 0.05,
        pieces: int = 1,
    ) -> None:
        self.path = path
        self.frame = frame
        self.request = request
        self.period = period
        self.pieces = pieces
        self.requests = bytearray()
        self.sending = True
        self._lock = threading.Lock()
        self._master = -1
        self._slave = -1
        self._stop = threading.Event()
        self._plug()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _plug(self) -> None:
        master, slave = os.openpty()
        tty.setraw(slave)
        with self._lock:
            self._master, self._slave = master, slave
        tmp = self.path.with_suffix(".new")
        tmp.unlink(missing_ok=True)
        tmp.symlink_to(os.ttyname(slave))
        tmp.replace(self.path)

    def unplug(self) -> None:
        """Pull the cable: the port disappears and the driver's reads fail."""
        self.path.unlink(missing_ok=True)
        with self._lock:
            master, slave = self._master, self._slave
            self._master = self._slave = -1
        os.close(master)
        os.close(slave)

    def replug(self) -> None:
        """Plug the scale back in at the same path."""
        self._plug()

    def close(self) -> None:
        """Stop the simulation and release the pty."""
        self._stop.set()
        self._thread.join(timeout=2)
        with self._lock:
            fds = [fd for fd in (self._master, self._slave) if fd >= 0]
            self._master = self._slave = -1
        for fd in fds:
            os.close(fd)
        self.path.unlink(missing_ok=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            with self._lock:
                master = self._master
            if master < 0:
                time.sleep(0.01)
                continue
            try:
                if self.request is None:
                    time.sleep(self.period)
                    if self.sending:
                        self._send(master, self.frame())
                else:
                    self._answer(master)
            except OSError:
                time.sleep(0.01)

    def _answer(self, master: int) -> None:
        import select

        ready, _, _ = select.select([master], [], [], 0.05)
        if not ready:
            return
        data = os.read(master, 1024)
        self.requests += data
        assert self.request is not None
        for _ in range(data.count(self.request)):
            if self.sending:
                self._send(master, self.frame())

    def _send(self, master: int, frame: bytes) -> None:
        size = max(1, -(-len(frame) // self.pieces))
        for start in range(0, len(frame), size):
            os.write(master, frame[start : start + size])
            if self.pieces > 1:
                time.sleep(0.01)


class FifoHidScale:
    """A HID scale whose reports go through a FIFO at ``path`` (as ``/dev/hidraw0`` would)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd = -1
        os.mkfifo(path)

    def connect(self, timeout: float = 5.0) -> None:
        """Open the writing end once the driver has opened the reading end."""
        end = time.monotonic() + timeout
        while True:
            try:
                self._fd = os.open(self.path, os.O_WRONLY | os.O_NONBLOCK)
                return
            except OSError as error:
                if error.errno != errno.ENXIO or time.monotonic() > end:
                    raise
                time.sleep(0.02)

    def send(self, data: bytes) -> None:
        """Write report bytes (whole, part of one, or several)."""
        os.write(self._fd, data)

    def unplug(self) -> None:
        """The device goes away: the path disappears and the driver reads EOF."""
        self.path.unlink()
        os.close(self._fd)
        self._fd = -1

    def replug(self) -> None:
        """The device comes back at the same path."""
        os.mkfifo(self.path)
        self.connect()

    def close(self) -> None:
        """Release the FIFO."""
        if self._fd >= 0:
            os.close(self._fd)
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()


def report(status: int, unit: int, exponent: int, value: int, report_id: int = 3) -> bytes:
    """A 6-byte HID Scale Data Report."""
    return bytes((report_id, status, unit, exponent & 0xFF)) + value.to_bytes(2, "little")


def wait_for(condition: Callable[[], bool], timeout: float = 10.0) -> bool:
    """Poll ``condition`` until it holds (True) or ``timeout`` passes (False)."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.02)
    return condition()


@contextlib.contextmanager
def running(scale: PtyScale) -> Iterator[PtyScale]:
    """Close the simulation whatever the test does."""
    try:
        yield scale
    finally:
        scale.close()
