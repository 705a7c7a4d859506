"""The installed ``inspect-tui`` on a real pty: keys written in one go, output read and dropped.

Shared by ``bench_burst.py`` and the end-to-end burst tests: a scanner in batch mode is a
keyboard that writes every code of a burst into the terminal at once.
"""

from __future__ import annotations

import os
import pty
import select
import shutil
import time
from pathlib import Path


class PtyApp:
    """The app as a user's terminal runs it: ``inspect-tui --db URL --station S --operator O``."""

    def __init__(self, db_url: str, home: Path, *, station: str, operator: str) -> None:
        command = shutil.which("inspect-tui")
        if command is None:
            raise RuntimeError("inspect-tui is not installed: pip install -e .")
        env = {
            **os.environ,
            "INSPECT_TUI_HOME": str(home),
            "INSPECT_TUI_IMAGES": "0",
            "TERM": "xterm-256color",
            "COLUMNS": "120",
            "LINES": "40",
        }
        argv = [command, "--db", db_url, "--station", station, "--operator", operator]
        self.pid, self.master = pty.fork()
        if self.pid == 0:  # the child: the app on the pty's slave end
            os.execvpe(command, argv, env)
        self.output = b""

    def drain(self, seconds: float) -> None:
        """Read what the app drew (a terminal must, or the app blocks on a full pty)."""
        ready, _, _ = select.select([self.master], [], [], seconds)
        if ready:
            try:
                chunk = os.read(self.master, 65536)
            except OSError:
                return
            self.output = (self.output + chunk)[-200_000:]

    def wait_for(self, text: bytes, timeout: float = 60.0) -> None:
        """Until ``text`` was drawn (the ready scan screen, say)."""
        deadline = time.monotonic() + timeout
        while text not in self.output:
            if time.monotonic() > deadline:
                raise TimeoutError(f"{text!r} never appeared")
            self.drain(0.1)

    def type_codes(self, codes: list[str]) -> None:
        """Every code with its Enter, written as fast as the pty takes it: no gap at all."""
        view = memoryview("".join(f"{code}\r" for code in codes).encode())
        while view:
            _, writable, _ = select.select([self.master], [self.master], [], 0.05)
            if writable:
                view = view[os.write(self.master, view[:4096]) :]
            self.drain(0)

    @property
    def alive(self) -> bool:
        """The app is still running."""
        return os.waitpid(self.pid, os.WNOHANG) == (0, 0)

    def close(self) -> None:
        """Stop the app and release the pty."""
        if self.alive:
            os.kill(self.pid, 9)
            os.waitpid(self.pid, 0)
        os.close(self.master)
