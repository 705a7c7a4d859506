"""Benchmark: a scan to the first photo preview drawn, on a fresh app, with previews on.

    python bench/bench_first_photo.py                       # 7 interleaved rounds
    python bench/bench_first_photo.py --compare OLD/src     # and another version, same rounds

Photo previews load textual-image (Pillow, numpy) with the first parcel card that has a photo,
not before the scan screen; this measures what that first card costs. Every measurement is a
fresh ``inspect-tui --db … --station bench-1 --operator alice`` on a real pty answering as
xterm does (``bench_app_start.py``'s pty): once alice is signed in and the app has been quiet
for a second, the demo parcel ``SF1402590004417`` (one pre-shipment photo) is scanned, and the
time runs until the terminal receives the preview's first half block (``▀``: xterm has neither
sixel nor kitty graphics). With ``--compare`` the version before runs in the same rounds: it
loaded textual-image before the scan screen, so the difference is what the first card now
pays for it. Medians; runs interleaved, so a busy machine slows them alike.
"""

from __future__ import annotations

import argparse
import fcntl
import os
import pty
import random
import select
import shutil
import signal
import statistics
import sys
import tempfile
import termios
import time
from pathlib import Path

from bench_app_start import ANSWERS, WINDOW, demo_store, machine_line

SIGNED_IN = "bench-1 · alice".encode()
"""The header once alice is signed in (before that the screen says "Signing in alice…")."""
HALF_BLOCK = "▀".encode()
PARCEL = b"SF1402590004417"


def scan_to_preview(demo: Path, env: dict[str, str], timeout: float = 60.0) -> float:
    """Seconds from the parcel's Enter to its preview's first half block.

    The app runs on a copy of the ``demo`` home (a scanned parcel stays open in its store).
    """
    with tempfile.TemporaryDirectory(prefix="bench-photo-run-") as folder:
        home = Path(folder) / "home"
        shutil.copytree(demo, home)
        db = f"sqlite:///{home / 'demo' / 'inspect.db'}"
        argv = [sys.executable, "-m", "inspect_tui", "--db", db, "--station", "bench-1"]
        return _scan_to_preview(
            [*argv, "--operator", "alice"], {**env, "INSPECT_TUI_HOME": str(home)}, timeout
        )


def _scan_to_preview(argv: list[str], env: dict[str, str], timeout: float) -> float:
    pid, master = pty.fork()
    if pid == 0:  # the child, on the pty's slave end, sized before it looks
        fcntl.ioctl(sys.stdout.fileno(), termios.TIOCSWINSZ, WINDOW)
        os.execve(argv[0], argv, env)
    seen = b""

    def read(until: float, marker: bytes | None = None) -> bool:
        nonlocal seen
        while time.perf_counter() < until:
            ready, _, _ = select.select([master], [], [], 0.01)
            if not ready:
                continue
            chunk = os.read(master, 65536)
            seen += chunk
            for query, answer in ANSWERS.items():
                if query in chunk:
                    os.write(master, answer)
            if marker is not None and marker in seen[-len(chunk) - len(marker) :]:
                return True
        return False

    try:
        start = time.perf_counter()
        while SIGNED_IN not in seen:
            if not read(start + timeout, SIGNED_IN) and SIGNED_IN not in seen:
                raise SystemExit(f"{' '.join(argv)}: never signed in: {seen[-2000:]!r}")
        # the app settles: the store is open, the inspection screen's code loaded
        read(time.perf_counter() + 1.0)
        if HALF_BLOCK in seen:
            raise SystemExit("a half block was drawn before the scan: not a preview's marker")
        os.write(master, PARCEL + b"\r")
        scanned = time.perf_counter()
        if not read(scanned + timeout, HALF_BLOCK):
            raise SystemExit(f"{PARCEL!r}: no preview drawn: {seen[-2000:]!r}")
        return time.perf_counter() - scanned
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(master)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--compare", type=Path, help="another version's src folder")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-photo-") as folder:
        demo = Path(folder)
        env = {**demo_store(folder), "INSPECT_TUI_IMAGES": "1"}
        runs = {"app": env}
        if options.compare:
            runs["app @compare"] = {**env, "PYTHONPATH": str(options.compare.resolve())}
        for run_env in runs.values():  # warm the file cache and byte code once
            scan_to_preview(demo, run_env)
        times: dict[str, list[float]] = {name: [] for name in runs}
        order = list(runs)
        for _ in range(options.rounds):
            random.shuffle(order)
            for name in order:
                times[name].append(scan_to_preview(demo, runs[name]))
    print(machine_line(options.rounds))
    for name, values in times.items():
        median = statistics.median(values)
        print(f"{name:14} scan to first preview {median:6.3f} s  "
              f"(min {min(values):.3f}, max {max(values):.3f})")  # fmt: skip


if __name__ == "__main__":
    main()
