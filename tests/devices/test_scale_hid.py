"""The HID driver reading 6-byte reports from a FIFO, as it reads ``/dev/hidraw0``.

Reports arrive whole, split in two writes, run together and after noise; the device goes away
(the writer closes and the path disappears: the driver reads EOF) and comes back.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from inspect_tui.devices.scales import Link, ScaleDriver, open_scale
from scale_sim import FifoHidScale, report, wait_for


@pytest.fixture
def hid(tmp_path: Path) -> Iterator[FifoHidScale]:
    scale = FifoHidScale(tmp_path / "hidraw0")
    yield scale
    scale.close()


@pytest.fixture
def driver(hid: FifoHidScale) -> Iterator[ScaleDriver]:
    scale = open_scale(f"hid://{hid.path}")
    assert isinstance(scale, ScaleDriver)
    hid.connect()
    yield scale
    scale.close()


def _weight(driver: ScaleDriver) -> tuple[int | None, str] | None:
    reading = driver.read()
    return None if reading is None else (reading.grams, reading.status)


def test_reports_whole_split_and_run_together(hid: FifoHidScale, driver: ScaleDriver) -> None:
    hid.send(report(3, 2, 0, 412))
    assert wait_for(lambda: _weight(driver) == (412, "motion"))
    reading = driver.read()
    assert reading is not None and reading.source == f"hid:{hid.path}"

    stable = report(4, 11, -1, 268)  # 26.8 oz
    hid.send(stable[:4])
    time.sleep(0.05)
    hid.send(stable[4:])
    assert wait_for(lambda: _weight(driver) == (760, "stable"))

    hid.send(report(3, 3, -3, 500) + report(6, 3, -3, 0))  # motion, then over weight
    assert wait_for(lambda: _weight(driver) == (None, "over"))

    hid.send(b"\x00\x7f")  # noise: out of step until two reports agree
    hid.send(report(4, 2, 0, 1250))
    hid.send(report(4, 2, 0, 1250))
    assert wait_for(lambda: _weight(driver) == (1250, "stable"))


def test_unplugged_then_plugged_back_in(hid: FifoHidScale, driver: ScaleDriver) -> None:
    hid.send(report(4, 2, 0, 760))
    assert wait_for(lambda: _weight(driver) == (760, "stable"))

    hid.unplug()
    assert wait_for(lambda: driver.snapshot().link is Link.DISCONNECTED)
    assert driver.read() is None
    assert wait_for(lambda: "No scale is plugged in" in driver.snapshot().message)

    hid.replug()
    hid.send(report(2, 2, 0, 0))
    assert wait_for(lambda: _weight(driver) == (0, "zero"))
    assert driver.snapshot().link is Link.CONNECTED


def test_a_silent_device_shows_no_answer(hid: FifoHidScale, driver: ScaleDriver) -> None:
    hid.send(report(4, 2, 0, 760))
    assert wait_for(lambda: driver.read() is not None)
    assert wait_for(lambda: driver.snapshot().link is Link.SILENT)
    assert "not answering" in driver.snapshot().message
