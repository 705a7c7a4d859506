"""Running ``inspect-tui serve`` for a test: a free port, waiting for it, stopping it all.

The server runs in its own process group, so stopping it also stops every desk process it
started for a browser tab.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

WAIT = 45.0
"""Seconds to wait for the server (a loaded machine starts Python slowly)."""


def free_port() -> int:
    """A port on 127.0.0.1 nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass(frozen=True)
class Serving:
    """A running ``inspect-tui serve``."""

    url: str
    pid: int

    def desks(self) -> int:
        """How many desk processes (one per open browser tab) the server runs now."""
        count = 0
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit() or int(entry.name) == self.pid:
                continue
            try:
                if os.getpgid(int(entry.name)) != self.pid:
                    continue
                words = (entry / "cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            if b"inspect_tui" in words and b"desk" in words:
                count += 1
        return count


@contextlib.contextmanager
def serving(db_url: str, home: Path, log: Path, *args: str) -> Iterator[Serving]:
    """``inspect-tui --db DB_URL serve --port P ARGS`` until the block ends."""
    port = free_port()
    env = dict(os.environ, INSPECT_TUI_HOME=str(home))
    with log.open("wb") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "inspect_tui", "--db", db_url, "serve", "--port", str(port)]
            + list(args),
            stdout=output,
            stderr=subprocess.STDOUT,
            env=env,
            start_new_session=True,
        )
        url = f"http://127.0.0.1:{port}/"
        try:
            _wait_until_listening(url, server, log)
            yield Serving(url, server.pid)
        finally:
            _stop(server)


def _wait_until_listening(url: str, server: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(f"inspect-tui serve exited:\n{log.read_text(errors='replace')}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"inspect-tui serve never answered:\n{log.read_text(errors='replace')}")


def _stop(server: subprocess.Popen[bytes]) -> None:
    """Stop the server and every desk it started (they share its process group)."""
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            server.wait(timeout=15)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(server.pid, signal.SIGKILL)
    server.wait(timeout=15)
