"""A real terminal for the end-to-end tests: one tmux server running one command."""

from __future__ import annotations

import os
import shutil
import subprocess
import time

TMUX = shutil.which("tmux")
START_TIMEOUT = 40.0


class Terminal:
    """One tmux server with one 120×40 window running one command."""

    def __init__(self, socket: str) -> None:
        self.socket = socket

    def tmux(self, *args: str) -> str:
        assert TMUX is not None
        done = subprocess.run(
            [TMUX, "-L", self.socket, "-f", os.devnull, *args],
            check=True,
            capture_output=True,
            text=True,
        )
        return done.stdout

    def start(self, command: str) -> None:
        self.tmux("new-session", "-d", "-s", "desk", "-x", "120", "-y", "40", command)

    def screen(self) -> str:
        """What the terminal shows, as plain text."""
        return self.tmux("capture-pane", "-p", "-t", "desk")

    def pid(self) -> int:
        """The process running in the window (the app: started with ``exec``)."""
        return int(self.tmux("display-message", "-p", "-t", "desk", "#{pane_pid}").strip())

    def keys(self, *keys: str) -> None:
        """Type keys into the window in one go (``Enter`` is the key, anything else text)."""
        self.tmux("send-keys", "-t", "desk", *keys)

    def type_burst(self, codes: list[str]) -> None:
        """Type every code, each ended by Enter, in one write: a scanner in batch mode.

        The codes go through a tmux paste buffer (``send-keys`` refuses a command this long);
        without ``-p`` tmux writes them into the pane as typed keys, line breaks as Enter.
        """
        import tempfile

        with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as handle:
            handle.write("".join(f"{code}\n" for code in codes))
        try:
            self.tmux("load-buffer", "-b", "burst", handle.name)
            self.tmux("paste-buffer", "-d", "-b", "burst", "-t", "desk")
        finally:
            os.unlink(handle.name)

    def wait_for(self, text: str, timeout: float = START_TIMEOUT) -> str:
        """Wait until ``text`` is on screen; fail showing the screen if it never comes."""
        deadline = time.monotonic() + timeout
        shown = ""
        while time.monotonic() < deadline:
            shown = self.screen()
            if text in shown:
                return shown
            time.sleep(0.2)
        raise AssertionError(f"{text!r} never appeared on screen:\n{shown}")

    def kill_server(self) -> None:
        assert TMUX is not None
        subprocess.run([TMUX, "-L", self.socket, "kill-server"], capture_output=True, check=False)
