"""Benchmark: the supervisor desk's screens, from the key press to the figures on screen.

``bench_review.py`` times the ``ReviewDesk`` calls the screens make; this times what a
supervisor waits for in the app, headless, on a store that ``bench_review.py`` filled:

- **queue** — F12, badge, PIN, then from the Enter: until the queue shows the day's parcels
  (sign-in with its scrypt PIN check and audit event, the queue's read, the table drawn);
- **dashboard today** — ``d`` on the queue: until today's figures and repeat offenders show;
- **dashboard 30 days** — ``m``: until the month's figures, then its repeat offenders, show;
- **dashboard again** — Escape back to the queue, then ``d`` once more: until today's figures
  and repeat offenders show again (the session's dashboard is shown again, not built anew).

Each step's clock stops at the first frame the app puts out (``App._display``, what a
terminal's output is made from) once what the step waits for is there: the data on screen,
not only in the widgets. Each is run ``--repeat`` times in a fresh app; the best and the
median count, with the median CPU time of the whole process (UI and worker threads: steadier
than wall time on a shared machine). The baseline of
the same run is the service alone (sign-in + ``pending()``; ``figures()``; the month's
``figures()`` + ``repeat_offenders()``; ``figures()`` again), so what the screens add is the
difference.

    python bench/bench_review.py --n 1000000 --dir /tmp/br        # fill once (6 min)
    python bench/bench_review_screen.py --dir /tmp/br
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import statistics
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from textual.pilot import Pilot
from textual.widgets import DataTable

from inspect_tui.services.inspecting.workstation import Workstation
from inspect_tui.services.review.desk import ReviewDesk
from inspect_tui.ui.app import InspectApp, build_app
from inspect_tui.ui.screens.dashboard import DashboardScreen
from inspect_tui.ui.screens.review_queue import ReviewQueueScreen

DESK = ZoneInfo("Asia/Shanghai")
PIN = "2468"


class Frames:
    """When the app first put out a frame while ``waiting_for`` held (the data on screen)."""

    def __init__(self, app: InspectApp) -> None:
        self.waiting_for: Callable[[], bool] | None = None
        self.shown_at: float | None = None
        display = app._display

        def recording_display(screen: object, update: object) -> None:
            display(screen, update)  # type: ignore[arg-type]
            if self.waiting_for is not None and self.shown_at is None and self.waiting_for():
                self.shown_at = time.perf_counter()

        app._display = recording_display  # type: ignore[method-assign, assignment]

    def watch(self, test: Callable[[], bool]) -> None:
        """Look for the first frame put out while ``test()`` holds."""
        self.waiting_for, self.shown_at = test, None


async def until(pilot: Pilot[None], test: Callable[[], bool], timeout: float = 120.0) -> None:
    """Let the app run until ``test`` holds."""
    deadline = time.perf_counter() + timeout
    while not test():
        if time.perf_counter() > deadline:
            raise SystemExit("the screen never got there")
        await pilot.pause(0.002)


def queue_rows(app: InspectApp) -> bool:
    screen = app.screen
    return (
        isinstance(screen, ReviewQueueScreen)
        and bool(screen.rows)
        and screen.query_one("#queue", DataTable).row_count > 0
    )


def dashboard_done(app: InspectApp, title: str) -> bool:
    screen = app.screen
    if not isinstance(screen, DashboardScreen) or title not in str(screen.title):
        return False
    return not screen.busy and screen.figures is not None and screen.offenders is not None


Timing = tuple[float, float]
"""Wall and CPU milliseconds of one step (CPU: the whole process, UI and worker threads)."""


class Stopwatch:
    """Wall time from ``start`` to the first frame showing what was waited for; process CPU
    time from ``start`` to the moment that frame was noticed."""

    def __init__(self, frames: Frames) -> None:
        self.frames = frames

    def start(self, test: Callable[[], bool]) -> None:
        self.frames.watch(test)
        self.wall, self.cpu = time.perf_counter(), time.process_time()

    async def shown(self, pilot: Pilot[None]) -> Timing:
        await until(pilot, lambda: self.frames.shown_at is not None)
        cpu = (time.process_time() - self.cpu) * 1000
        assert self.frames.shown_at is not None
        return (self.frames.shown_at - self.wall) * 1000, cpu


async def one_run(url: str, home: Path, clock: Callable[[], datetime]) -> tuple[Timing, ...]:
    def connect(name: str) -> Workstation:
        return Workstation.connect(
            url, station="bench-1", operator=name, data_dir=home, clock=clock
        )

    def review(name: str, pin: str) -> ReviewDesk:
        return ReviewDesk.connect(url, operator=name, pin=pin, data_dir=home, clock=clock, tz=DESK)

    app = build_app(connect, operator="sam", tz=DESK, review_connect=review)
    watch = Stopwatch(Frames(app))
    async with app.run_test(size=(160, 48)) as pilot:
        await until(pilot, lambda: app.workstation is not None and app.is_idle)
        await pilot.press("f12", *"sam", "enter", *PIN)
        await pilot.pause()
        watch.start(lambda: queue_rows(app))  # from the Enter after the PIN
        await pilot.press("enter")
        queue = await watch.shown(pilot)
        await pilot.pause()
        watch.start(lambda: dashboard_done(app, "Today"))
        await pilot.press("d")
        today = await watch.shown(pilot)
        await pilot.pause()
        watch.start(lambda: dashboard_done(app, "30 days"))
        await pilot.press("m")
        month = await watch.shown(pilot)
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, ReviewQueueScreen) and app.is_idle)
        await pilot.pause()
        watch.start(lambda: dashboard_done(app, "Today"))
        await pilot.press("d")
        again = await watch.shown(pilot)
    return queue, today, month, again


def baseline(url: str, home: Path, clock: Callable[[], datetime], today: date) -> tuple[float, ...]:
    """The service calls alone, warm: what the screens cannot be faster than."""

    def first_screen() -> int:
        desk = ReviewDesk.connect(url, operator="sam", pin=PIN, data_dir=home, clock=clock, tz=DESK)
        try:
            return len(desk.pending())
        finally:
            desk.close()

    desk = ReviewDesk.connect(url, operator="sam", pin=PIN, data_dir=home, clock=clock, tz=DESK)
    try:
        times = []
        for call in (
            first_screen,
            desk.figures,
            lambda: desk.figures(today - timedelta(days=29), today, offenders=False),
            lambda: desk.repeat_offenders(today - timedelta(days=29), today),
        ):
            call()
            started = time.perf_counter()
            call()
            times.append((time.perf_counter() - started) * 1000)
        # the month: figures, then offenders; the second visit reads today's figures again
        return times[0], times[1], times[2] + times[3], times[1]
    finally:
        desk.close()


def main() -> None:
    """Time the screens on the store that bench_review.py filled in ``--dir``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, required=True, help="bench_review.py's --dir")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    url = f"sqlite:///{args.dir / 'review.db'}"
    home = args.dir / "home"
    today = datetime.now(DESK).date()
    clock = lambda: datetime(today.year, today.month, today.day, 8, tzinfo=UTC)  # noqa: E731
    print(f"machine: {platform.node()}, {os.cpu_count()} CPUs, Python "
          f"{platform.python_version()}, load average {os.getloadavg()[0]:.1f}, "
          f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC")  # fmt: skip
    base = baseline(url, home, clock, today)
    runs = [asyncio.run(one_run(url, home, clock)) for _ in range(args.repeat)]
    names = ("queue (PIN Enter → rows)", "dashboard today", "dashboard 30 days", "dashboard again")
    for index, name in enumerate(names):
        walls = [run[index][0] for run in runs]
        cpus = [run[index][1] for run in runs]
        print(f"  {name:26s} best {min(walls):6.0f} ms  median {statistics.median(walls):6.0f} ms"
              f"  CPU median {statistics.median(cpus):6.0f} ms"
              f"  service alone {base[index]:6.0f} ms")  # fmt: skip
    print(f"load average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
