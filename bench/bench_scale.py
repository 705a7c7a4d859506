"""Benchmark: the scale drivers — parser throughput and how fast the link state follows the scale.

    python bench/bench_scale.py                 # 200,000 frames per protocol, 5 link trials

Parsers: each protocol's frames (a weight that changes every frame), fed in 64-byte chunks,
against the floor for any parser in the same run: ``bytes.split`` of the same stream at its
terminator and one ``strip()`` per frame (no validation, no number, no units). The parsers do
much more (a regex per frame, Decimal arithmetic, status), so the ratio is reported, not
aimed at; the goal is the cost at the fastest rate a scale sends (50 frames/s): ≤ 0.1 % of
one core.

Link: a continuous scale simulated on a pty (the master writes a frame every 50 ms; the
driver opens the slave through pyserial), timed from the event to the driver's state:

* *new weight*: a frame with a new weight written → ``read()`` returns it;
* *silence*: the last frame written → the link shows "no answer" (goal: ≤ 1.2 s; the
  threshold is 1 s without a usable frame);
* *unplug*: the master closed and the port removed → "disconnected" (goal ≤ 0.5 s);
* *replug*: the port back → the first reading (the driver retries every 0.2-2 s).
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from inspect_tui.devices.scales import Link, ScaleDriver, parse_scale_spec  # noqa: E402
from inspect_tui.devices.scales.continuous import ContinuousParser  # noqa: E402
from inspect_tui.devices.scales.hid_pos import HidPosParser  # noqa: E402
from inspect_tui.devices.scales.mt_sics import MtSicsParser  # noqa: E402
from inspect_tui.devices.scales.nci import NciParser  # noqa: E402
from inspect_tui.devices.scales.parser import FrameParser  # noqa: E402
from inspect_tui.devices.scales.yaohua import YaohuaParser  # noqa: E402
from scale_sim import PtyScale, report, wait_for  # noqa: E402

FRAMES: dict[str, tuple[Callable[[int], bytes], Callable[[], FrameParser], bytes]] = {
    "continuous": (
        lambda g: f"ST,GS,+{g / 1000:09.3f}kg\r\n".encode(),
        lambda: ContinuousParser("b"),
        b"\r\n",
    ),
    "yaohua": (
        lambda g: b"=" + f"{g / 1000:07.3f}".encode()[::-1],
        lambda: YaohuaParser("b"),
        b"=",
    ),
    "mt-sics": (
        lambda g: f"S S {g / 1000:10.3f} kg\r\n".encode(),
        lambda: MtSicsParser("b"),
        b"\r\n",
    ),
    "nci": (
        lambda g: f"\n{g / 1000:07.3f}kg\r\n00\r\x03".encode(),
        lambda: NciParser("b"),
        b"\x03",
    ),
    "hid": (lambda g: report(4, 2, 0, g % 65536), lambda: HidPosParser("b"), b""),
}


def _parsers(n: int) -> None:
    print(f"{'protocol':<11}{'frames/s':>12}{'floor/s':>12}{'ratio':>8}{'CPU at 50/s':>13}")
    for name, (frame, make, terminator) in FRAMES.items():
        stream = b"".join(frame(g) for g in range(n)) + (b"=" if name == "yaohua" else b"")
        chunks = [stream[at : at + 64] for at in range(0, len(stream), 64)]
        parser = make()
        start = time.perf_counter()
        count = sum(len(parser.feed(chunk)) for chunk in chunks)
        parsed = time.perf_counter() - start
        assert count == n, (name, count)
        start = time.perf_counter()
        if terminator:
            floor = [part.strip() for part in stream.split(terminator) if part]
        else:
            floor = [stream[at : at + 6] for at in range(0, len(stream), 6)]
        raw = time.perf_counter() - start
        assert len(floor) >= n
        share = 50 * parsed / n
        print(f"{name:<11}{n / parsed:>12,.0f}{n / raw:>12,.0f}{raw / parsed:>8.2f}{share:>12.3%}")


def _link(trials: int) -> None:
    results: dict[str, list[float]] = {"new weight": [], "silence": [], "unplug": [], "replug": []}
    weight = [760]
    with tempfile.TemporaryDirectory() as folder:
        port = Path(folder) / "ttyUSB0"
        scale = PtyScale(port, lambda: f"ST,GS,+{weight[0] / 1000:09.3f}kg\r\n".encode())
        driver = ScaleDriver(parse_scale_spec(f"serial://{port}?protocol=continuous")).start()
        try:
            for trial in range(trials):
                assert wait_for(lambda: driver.snapshot().link is Link.CONNECTED)
                weight[0] = 1000 + trial
                start = time.monotonic()
                assert wait_for(lambda: (r := driver.read()) is not None and r.grams == weight[0])
                results["new weight"].append(time.monotonic() - start)

                scale.sending = False
                start = time.monotonic() - scale.period  # the last frame went out about then
                assert wait_for(lambda: driver.snapshot().link is Link.SILENT)
                results["silence"].append(time.monotonic() - start)
                scale.sending = True

                assert wait_for(lambda: driver.snapshot().link is Link.CONNECTED)
                start = time.monotonic()
                scale.unplug()
                assert wait_for(lambda: driver.snapshot().link is Link.DISCONNECTED)
                results["unplug"].append(time.monotonic() - start)
                time.sleep(1.0 + trial * 0.5)  # unplugged for a while: the retries slow down
                start = time.monotonic()
                scale.replug()
                assert wait_for(lambda: driver.read() is not None)
                results["replug"].append(time.monotonic() - start)
        finally:
            driver.close()
            scale.close()
    print(f"\n{'event → state':<14}{'median s':>10}{'max s':>8}   ({trials} trials)")
    for name, times in results.items():
        print(f"{name:<14}{statistics.median(times):>10.3f}{max(times):>8.3f}")


def main() -> None:
    """Run both parts and print the results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=200_000, help="frames per protocol")
    parser.add_argument("--trials", type=int, default=5, help="link trials")
    args = parser.parse_args()
    print(f"{platform.processor() or platform.machine()}, Python {platform.python_version()}, "
          f"load {os.getloadavg()[0]:.1f}\n")  # fmt: skip
    _parsers(args.n)
    _link(args.trials)


if __name__ == "__main__":
    main()
