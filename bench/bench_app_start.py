"""Benchmark: process start to the first frame showing the scan field, against a bare Textual app.

    python bench/bench_app_start.py                 # 7 interleaved rounds
    python bench/bench_app_start.py --rounds 15

Every measurement is a fresh ``python`` on a real pty (``TERM=xterm-256color``, sized as a
window of 120x40 cells of 10x20 pixels), timed from ``fork`` until the terminal has received
the scan screen's title ("Scan a return parcel", drawn in the same frame as the scan field);
then the process is killed. Three runs per round, in a shuffled order so a busy machine slows
them alike:

* **bare Textual** — an ``App`` whose only screen is that title and an ``Input``: the least a
  Textual app draws its first frame in;
* **app** — ``python -m inspect_tui --db … --station … --operator alice`` on a demo store built
  once beforehand, photo previews on (the default on a terminal);
* **app, no previews** — the same with ``INSPECT_TUI_IMAGES=0``.

The pty answers what xterm answers: the device-attributes query (``ESC [ c``: a VT220 without
sixel) and the cell-size query (``ESC [ 16 t``: 10x20 pixels); it stays silent, as xterm does,
to the kitty graphics query, so a program that waits for that answer waits as long as it
would on xterm. Goal: app <= 2x bare Textual (medians, same run).

``--compare SRC`` adds both app runs with ``PYTHONPATH=SRC`` (another version's ``src``
folder, e.g. from ``git archive``), so a change is measured against the code before it in the
same rounds.
"""

from __future__ import annotations

import argparse
import fcntl
import os
import platform
import pty
import random
import select
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

MARKER = b"Scan a return parcel"
WINDOW = struct.pack("HHHH", 40, 120, 800, 1200)
"""The pty's size as a terminal window sets it: 40 rows, 120 columns, 1200x800 pixels."""
ANSWERS = {b"\x1b[c": b"\x1b[?62;22c", b"\x1b[16t": b"\x1b[6;20;10t"}
"""What xterm answers to the queries a program may send before it draws."""

BARE = f"""
from textual.app import App
from textual.widgets import Input, Static

class Bare(App):
    def compose(self):
        yield Static({MARKER.decode()!r})
        yield Input(placeholder="Scan or type a code")

Bare().run()
"""


def first_frame(argv: list[str], env: dict[str, str], timeout: float = 60.0) -> float:
    """Seconds from fork until ``MARKER`` reached the terminal; the process is then killed."""
    start = time.perf_counter()
    pid, master = pty.fork()
    if pid == 0:  # the child, on the pty's slave end, sized before it looks
        fcntl.ioctl(sys.stdout.fileno(), termios.TIOCSWINSZ, WINDOW)
        os.execve(argv[0], argv, env)
    seen = b""
    try:
        while MARKER not in seen:
            if time.perf_counter() - start > timeout:
                raise SystemExit(f"{' '.join(argv)}: no scan screen after {timeout} s")
            ready, _, _ = select.select([master], [], [], 0.05)
            if not ready:
                continue
            try:
                chunk = os.read(master, 65536)
            except OSError:  # the child exited before drawing
                raise SystemExit(f"{' '.join(argv)} exited: {seen[-2000:]!r}") from None
            seen = seen[-4096:] + chunk
            for query, answer in ANSWERS.items():
                if query in chunk:
                    os.write(master, answer)
        return time.perf_counter() - start
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(master)


def demo_store(home: str) -> dict[str, str]:
    """Build the demo store in ``home``; the environment the app runs in on the pty."""
    env = {
        **os.environ,
        "INSPECT_TUI_HOME": home,
        "TERM": "xterm-256color",
        "COLUMNS": "120",
        "LINES": "40",
    }
    env.pop("INSPECT_TUI_DB", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed program runs from byte code
    subprocess.run(
        [sys.executable, "-m", "inspect_tui", "demo", "--no-start"],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return env


def machine_line(rounds: int) -> str:
    """The Python, the machine and its load, as the results' first line."""
    load = os.getloadavg()
    return (f"python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} cores, "
            f"load {load[0]:.1f} {load[1]:.1f}; {rounds} rounds, medians")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--compare", type=Path, help="another version's src folder")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-app-") as folder:
        env = demo_store(folder)
        db = f"sqlite:///{Path(folder) / 'demo' / 'inspect.db'}"
        app = [sys.executable, "-m", "inspect_tui", "--db", db, "--station", "bench-1"]
        runs = {
            "bare Textual": ([sys.executable, "-c", BARE], env),
            "app": ([*app, "--operator", "alice"], {**env, "INSPECT_TUI_IMAGES": "1"}),
            "app, no previews": ([*app, "--operator", "alice"], {**env, "INSPECT_TUI_IMAGES": "0"}),
        }
        if options.compare:
            other = {**env, "PYTHONPATH": str(options.compare.resolve())}
            runs["app @compare"] = (runs["app"][0], {**other, "INSPECT_TUI_IMAGES": "1"})
            runs["app, no previews @compare"] = (
                runs["app"][0],
                {**other, "INSPECT_TUI_IMAGES": "0"},
            )
        for argv, run_env in runs.values():  # warm the file cache and byte code once
            first_frame(argv, run_env)
        times: dict[str, list[float]] = {name: [] for name in runs}
        order = list(runs)
        for _ in range(options.rounds):
            random.shuffle(order)
            for name in order:
                times[name].append(first_frame(*runs[name]))
    print(machine_line(options.rounds))
    bare = statistics.median(times["bare Textual"])
    for name, values in times.items():
        median = statistics.median(values)
        verdict = "" if name == "bare Textual" else (
            f"  {median / bare:.2f}x bare; goal <= 2x: {'met' if median <= 2 * bare else 'NOT met'}"
        )  # fmt: skip
        print(f"{name:26} {median:6.3f} s  (min {min(values):.3f}, max {max(values):.3f}){verdict}")


if __name__ == "__main__":
    main()
