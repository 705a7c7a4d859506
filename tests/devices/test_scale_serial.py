"""The serial driver against simulated scales on a pty: pyserial opens the slave by its name.

Each protocol's real byte stream goes through the pty: streamed (continuous, yaohua) or as
answers to the requests the driver sends (MT-SICS ``SI``, NCI ``W``), in pieces, with noise.
The scale is unplugged (the pty's master closed, the port gone: the driver reads EIO) and
plugged back in at the same path.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from inspect_tui.devices.scales import Link, ScaleDriver, parse_scale_spec
from scale_sim import PtyScale, running, wait_for


class Frames:
    """What the simulated scale sends next; a test changes ``current`` as the parcel settles."""

    def __init__(self, current: bytes) -> None:
        self.current = current

    def __call__(self) -> bytes:
        return self.current


def _driver(port: Path, query: str) -> ScaleDriver:
    return ScaleDriver(parse_scale_spec(f"serial://{port}?{query}")).start()


@pytest.fixture
def port(tmp_path: Path) -> Path:
    return tmp_path / "ttyUSB0"


@pytest.fixture
def drivers() -> Iterator[list[ScaleDriver]]:
    started: list[ScaleDriver] = []
    yield started
    for driver in started:
        driver.close()


def _weight(driver: ScaleDriver) -> tuple[int | None, str] | None:
    reading = driver.read()
    return None if reading is None else (reading.grams, reading.status)


def test_continuous_scale_goes_from_motion_to_stable(
    port: Path, drivers: list[ScaleDriver]
) -> None:
    frames = Frames(b"US,GS,+0000.512kg\r\n")
    with running(PtyScale(port, frames, pieces=3)):
        driver = _driver(port, "protocol=continuous&baud=9600")
        drivers.append(driver)
        assert wait_for(lambda: _weight(driver) == (512, "motion"))
        assert driver.snapshot().link is Link.CONNECTED
        frames.current = b"\x00\xffnoise\r\nST,GS,+0000.760kg\r\n"
        assert wait_for(lambda: _weight(driver) == (760, "stable"))
        reading = driver.read()
        assert reading is not None and reading.stable
        assert reading.source == f"continuous:{port}"
        frames.current = b"OL,GS,+            \r\n"
        assert wait_for(lambda: _weight(driver) == (None, "over"))


def test_yaohua_stream_settles(port: Path, drivers: list[ScaleDriver]) -> None:
    frames = Frames(b"=067.000")
    with running(PtyScale(port, frames, pieces=2)):
        driver = _driver(port, "protocol=yaohua&unit=kg")
        drivers.append(driver)
        assert wait_for(lambda: _weight(driver) == (760, "stable"))


def test_mt_sics_scale_is_asked_and_answers(port: Path, drivers: list[ScaleDriver]) -> None:
    frames = Frames(b"S D      0.742 kg\r\n")
    with running(PtyScale(port, frames, request=b"\n", pieces=2)) as scale:
        driver = _driver(port, "protocol=mt-sics&baud=9600")
        drivers.append(driver)
        assert wait_for(lambda: _weight(driver) == (742, "motion"))
        assert bytes(scale.requests).startswith(b"SI\r\n")
        frames.current = b"S S      0.760 kg\r\n"
        assert wait_for(lambda: _weight(driver) == (760, "stable"))
        frames.current = b"S +\r\n"
        assert wait_for(lambda: _weight(driver) == (None, "over"))
        frames.current = b"EL\r\n"
        assert wait_for(lambda: _weight(driver) == (None, "error"))


def test_nci_scale_is_asked_and_answers(port: Path, drivers: list[ScaleDriver]) -> None:
    frames = Frames(b"\n0001.20lb\r\n\x31\x30\r\x03")
    with running(PtyScale(port, frames, request=b"\r", pieces=4)) as scale:
        driver = _driver(port, "protocol=nci")
        drivers.append(driver)
        assert wait_for(lambda: _weight(driver) == (544, "motion"))
        assert bytes(scale.requests).startswith(b"W\r")
        frames.current = b"\n0001.25lb\r\n\x30\x30\r\x03"
        assert wait_for(lambda: _weight(driver) == (567, "stable"))
        frames.current = b"\n------\r\n\x30\x32\r\x03"
        assert wait_for(lambda: _weight(driver) == (None, "over"))


def test_unplugged_then_plugged_back_in(port: Path, drivers: list[ScaleDriver]) -> None:
    frames = Frames(b"ST,GS,+0000.760kg\r\n")
    with running(PtyScale(port, frames)) as scale:
        driver = _driver(port, "protocol=continuous")
        drivers.append(driver)
        assert wait_for(lambda: _weight(driver) == (760, "stable"))

        scale.unplug()
        assert wait_for(lambda: driver.snapshot().link is Link.DISCONNECTED)
        assert driver.snapshot().reading is None
        # The driver keeps trying the port, and says why it cannot open it.
        assert wait_for(lambda: "No scale is plugged in" in driver.snapshot().message)
        state = driver.snapshot()
        assert state.link is Link.DISCONNECTED and state.reading is None
        assert "type the weight" in state.message

        frames.current = b"ST,GS,+0001.250kg\r\n"
        scale.replug()
        assert wait_for(lambda: _weight(driver) == (1250, "stable"))
        assert driver.snapshot().link is Link.CONNECTED


def test_a_scale_that_stops_sending_shows_no_answer(port: Path, drivers: list[ScaleDriver]) -> None:
    frames = Frames(b"ST,GS,+0000.760kg\r\n")
    with running(PtyScale(port, frames)) as scale:
        driver = _driver(port, "protocol=continuous")
        drivers.append(driver)
        assert wait_for(lambda: driver.read() is not None)
        scale.sending = False
        assert wait_for(lambda: driver.snapshot().link is Link.SILENT)
        state = driver.snapshot()
        assert state.reading is None
        assert "not answering" in state.message
        assert "continuous at 9600 baud" in state.message
        scale.sending = True
        assert wait_for(lambda: driver.snapshot().link is Link.CONNECTED)


def test_a_port_that_does_not_exist_is_disconnected_with_a_message(
    port: Path, drivers: list[ScaleDriver]
) -> None:
    driver = _driver(port, "protocol=mt-sics")
    drivers.append(driver)
    assert wait_for(lambda: "No scale is plugged in" in driver.snapshot().message)
    assert driver.snapshot().link is Link.DISCONNECTED
    assert driver.read() is None


def test_on_change_hears_each_new_reading_and_link(port: Path, drivers: list[ScaleDriver]) -> None:
    heard: list[tuple[int | None, Link]] = []
    frames = Frames(b"ST,GS,+0000.760kg\r\n")
    with running(PtyScale(port, frames)) as scale:
        spec = parse_scale_spec(f"serial://{port}?protocol=continuous")
        driver = ScaleDriver(
            spec,
            on_change=lambda state: heard.append(
                (state.reading.grams if state.reading else None, state.link)
            ),
        ).start()
        drivers.append(driver)
        assert wait_for(lambda: (760, Link.CONNECTED) in heard)
        scale.unplug()
        assert wait_for(lambda: heard[-1] == (None, Link.DISCONNECTED))
    # A frame repeated every 50 ms is not news: only changes are heard.
    assert all(before != after for before, after in zip(heard, heard[1:], strict=False))
    assert len(heard) < 10


def test_a_failing_listener_does_not_stop_the_scale_being_read(
    port: Path, drivers: list[ScaleDriver]
) -> None:
    def broken(_: object) -> None:
        raise RuntimeError("the screen is gone")

    frames = Frames(b"US,GS,+0000.512kg\r\n")
    with running(PtyScale(port, frames)):
        spec = parse_scale_spec(f"serial://{port}?protocol=continuous")
        driver = ScaleDriver(spec, on_change=broken).start()
        drivers.append(driver)
        assert wait_for(lambda: _weight(driver) == (512, "motion"))
        frames.current = b"ST,GS,+0000.760kg\r\n"
        assert wait_for(lambda: _weight(driver) == (760, "stable"))
