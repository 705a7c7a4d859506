"""A program on a real pty whose terminal answers queries as a given terminal does.

Photo previews ask the terminal what it draws images with before the app starts; these
terminals answer as the real ones do (xterm as a VT220, xterm as a VT340 with sixel, kitty)
and are sized as a window of 120x40 cells of 10x20 pixels.
"""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import signal
import struct
import termios
import time
from collections.abc import Callable

DEVICE_ATTRIBUTES = b"\x1b[c"
CELL_SIZE = b"\x1b[16t"
GRAPHICS_QUERY = re.compile(rb"\x1b_Gi=(\d+)[^\x1b]*\x1b\\")

Answerer = Callable[[bytes], bytes]
"""What a terminal answers to what a program wrote to it (b"" for nothing)."""


def xterm(written: bytes) -> bytes:
    """xterm: a VT220 without sixel; silent to kitty's graphics query."""
    return _answers(written, b"\x1b[?62;22c")


def sixel_xterm(written: bytes) -> bytes:
    """xterm started as a VT340: sixel graphics among its device attributes."""
    return _answers(written, b"\x1b[?63;1;2;4;6;9;15;22c")


def kitty(written: bytes) -> bytes:
    """kitty: no sixel, answers its graphics query OK (before the device attributes)."""
    answer = b"".join(
        b"\x1b_Gi=" + query.group(1) + b";OK\x1b\\" for query in GRAPHICS_QUERY.finditer(written)
    )
    return answer + _answers(written, b"\x1b[?62;c")


def _answers(written: bytes, attributes: bytes) -> bytes:
    answer = b""
    if CELL_SIZE in written:
        answer += b"\x1b[6;20;10t"
    return answer + attributes * written.count(DEVICE_ATTRIBUTES)


class AnsweringPty:
    """``argv`` run on the slave end of a pty sized 120x40 (1200x800 pixels)."""

    def __init__(self, argv: list[str], env: dict[str, str], answer: Answerer) -> None:
        self.answer = answer
        self.output = b""
        self.pid, self.master = pty.fork()
        if self.pid == 0:  # the child, sized before it looks; never back into the caller
            try:
                fcntl.ioctl(1, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 800, 1200))
                os.execve(argv[0], argv, env)
            finally:
                os._exit(127)

    def read_until(self, done: Callable[[], bool], timeout: float = 90.0) -> None:
        """Read (and answer) what the program writes until ``done()`` or it exits."""
        deadline = time.monotonic() + timeout
        while not done():
            if time.monotonic() > deadline:
                raise TimeoutError(f"gave up waiting; last output {self.output[-800:]!r}")
            ready, _, _ = select.select([self.master], [], [], 0.05)
            if not ready:
                continue
            try:
                chunk = os.read(self.master, 65536)
            except OSError:  # the program exited and closed the pty
                return
            if not chunk:
                return
            self.output += chunk
            reply = self.answer(chunk)
            if reply:
                os.write(self.master, reply)

    def wait_for(self, text: bytes, timeout: float = 90.0) -> None:
        """Until the program has written ``text``."""
        self.read_until(lambda: text in self.output, timeout)

    def type(self, keys: bytes) -> None:
        """Keys typed at the terminal."""
        os.write(self.master, keys)

    def exit_code(self, timeout: float = 90.0) -> int:
        """Wait for the program to end (reading what it writes meanwhile); its exit code."""
        status: list[int] = []

        def ended() -> bool:
            pid, code = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                status.append(os.waitstatus_to_exitcode(code))
            return bool(pid)

        self.read_until(ended, timeout)
        if not status:
            _, code = os.waitpid(self.pid, 0)
            status.append(os.waitstatus_to_exitcode(code))
        self.pid = 0
        return status[0]

    def close(self) -> None:
        """Stop the program if it still runs and release the pty."""
        if self.pid and os.waitpid(self.pid, os.WNOHANG) == (0, 0):
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        os.close(self.master)
