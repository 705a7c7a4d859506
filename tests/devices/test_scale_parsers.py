"""The frame parsers on real byte streams: whole, split at every byte, with noise between frames.

Each protocol's frames are written as the scale sends them on the wire. A parser must give the
same readings however the bytes are cut, read nothing from noise, and say over capacity, under
zero, in motion and errors without inventing a weight.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from inspect_tui.devices.scales import Reading
from inspect_tui.devices.scales.continuous import ContinuousParser
from inspect_tui.devices.scales.hid_pos import HidPosParser
from inspect_tui.devices.scales.mt_sics import MtSicsParser
from inspect_tui.devices.scales.nci import NciParser
from inspect_tui.devices.scales.parser import FrameParser
from inspect_tui.devices.scales.yaohua import SETTLE_FRAMES, YaohuaParser
from scale_sim import report


def _whole(parser: FrameParser, stream: bytes) -> list[Reading]:
    return parser.feed(stream)


def _bytewise(parser: FrameParser, stream: bytes) -> list[Reading]:
    return [
        reading
        for index in range(len(stream))
        for reading in parser.feed(stream[index : index + 1])
    ]


def _states(readings: list[Reading]) -> list[tuple[int | None, str]]:
    return [(reading.grams, reading.status) for reading in readings]


FEEDS = [pytest.param(_whole, id="whole"), pytest.param(_bytewise, id="byte-by-byte")]
Feed = Callable[[FrameParser, bytes], list[Reading]]


@pytest.mark.parametrize("feed", FEEDS)
def test_continuous_frames_from_motion_to_stable(feed: Feed) -> None:
    stream = (
        b"US,GS,+0000.412kg\r\n"
        b"US,GS,+0000.758kg\r\n"
        b"ST,GS,+0000.760kg\r\n"
        b"ST,GS,+   760.0  g\r\n"
        b"ST,NT,+0001.500lb\r\n"
        b"US,GS,+0012.50oz\r\n"
        b"ST,TR,+0000.120kg\r\n"
        b"ST,GS,+0000.000kg\r\n"
        b"ST,GS,-0000.010kg\r\n"
    )
    readings = feed(ContinuousParser("continuous:/dev/ttyUSB0"), stream)
    assert _states(readings) == [
        (412, "motion"),
        (758, "motion"),
        (760, "stable"),
        (760, "stable"),
        (680, "stable"),
        (354, "motion"),
        (0, "zero"),
        (-10, "under"),
    ]
    assert readings[2].stable and not readings[1].stable
    assert readings[4].net and not readings[2].net
    assert {reading.source for reading in readings} == {"continuous:/dev/ttyUSB0"}


def test_continuous_overload_carries_no_weight() -> None:
    readings = ContinuousParser("c").feed(b"OL,GS,+            \r\nOL,GS,-            \r\n")
    assert _states(readings) == [(None, "over"), (None, "under")]


def test_continuous_noise_between_frames_is_skipped_and_frames_after_it_read() -> None:
    stream = (
        b"\x00\xff\x13garbage ST,GS,+0000.9kg"  # no terminator: merges into the next line
        b"\r\n\x81\x82ST,GS,+0000.760kg\r\n"  # noise in front of a whole frame
        b"ST,GS,+00X0.760kg\r\n"  # a corrupted digit
        b"ST,GS,+0000.760\r\n"  # no unit: cannot be converted
        b"ST,XX,+0000.760kg\r\n"
        b"ST,GS,+0001.250kg\r\n"
    )
    assert _states(ContinuousParser("c").feed(stream)) == [
        (900, "stable"),
        (760, "stable"),
        (1250, "stable"),
    ]


@pytest.mark.parametrize("feed", FEEDS)
def test_yaohua_equals_frames_are_read_reversed_and_settle(feed: Feed) -> None:
    stream = b"=024.000" + b"=067.000" * SETTLE_FRAMES + b"=067.00-" + b"=000.000" + b"=067.0000="
    readings = feed(YaohuaParser("yaohua:/dev/ttyS0"), stream)
    # The last frame has eight characters: noise run into a frame, not a weight.
    assert [reading.grams for reading in readings] == [420] + [760] * SETTLE_FRAMES + [-760, 0]
    assert [reading.stable for reading in readings[1 : 1 + SETTLE_FRAMES]] == [False] * (
        SETTLE_FRAMES - 1
    ) + [True]
    assert readings[SETTLE_FRAMES + 1].status == "under"


def test_yaohua_unit_comes_from_the_station() -> None:
    readings = YaohuaParser("y", unit="g").feed(b"=0670000=")
    assert [reading.grams for reading in readings] == [760]


def _stx(body: bytes, check: str | None = None) -> bytes:
    xor = 0
    for byte in body:
        xor ^= byte
    return b"\x02" + body + (check or f"{xor:02X}").encode() + b"\x03"


@pytest.mark.parametrize("feed", FEEDS)
def test_yaohua_stx_frames_with_their_check(feed: Feed) -> None:
    good = _stx(b"+0007603")
    check = 0x2B ^ 0x30 ^ 0x30 ^ 0x30 ^ 0x37 ^ 0x36 ^ 0x30 ^ 0x33  # the XOR of the body
    nibbles = bytes((0x30 + (check >> 4), 0x30 + (check & 0xF)))
    stream = (
        good
        + _stx(b"+0007603", "00")  # wrong check: dropped
        + b"\x02+0007603" + nibbles + b"\x03"
        + _stx(b"-0000502")
        + b"\x02+00\x03"  # cut short
        + good
    )  # fmt: skip
    assert [reading.grams for reading in feed(YaohuaParser("y"), stream)] == [760, 760, -500, 760]


def test_yaohua_noise_gives_nothing() -> None:
    assert YaohuaParser("y").feed(b"=06x.000=1=abcdefg=12345678901=067.000-=..=") == []


@pytest.mark.parametrize("feed", FEEDS)
def test_mt_sics_replies(feed: Feed) -> None:
    stream = (
        b"S D      0.742 kg\r\n"
        b"S S      0.760 kg\r\n"
        b"S S    760.0 g\r\n"
        b"S S      1.68 lb\r\n"
        b"S S     -0.004 kg\r\n"
        b"S I\r\n"
        b"S +\r\n"
        b"S -\r\n"
        b"ES\r\n"
        b"ET\r\n"
        b"EL\r\n"
    )
    readings = feed(MtSicsParser("mt-sics:/dev/ttyUSB0"), stream)
    assert _states(readings) == [
        (742, "motion"),
        (760, "stable"),
        (760, "stable"),
        (762, "stable"),
        (-4, "under"),
        (None, "motion"),
        (None, "over"),
        (None, "under"),
        (None, "error"),
        (None, "error"),
        (None, "error"),
    ]


def test_mt_sics_echo_and_noise_are_not_weights() -> None:
    stream = (
        b"SI\r\nS\r\n\xffS S  abc kg\r\nS Q 0.1 kg\r\nXES\r\nS S 0.760 furlong\r\nS S 0.7.6 kg\r\n"
    )
    assert MtSicsParser("m").feed(stream) == []


def _nci(weight: bytes | None, *status: int, prefix: bytes = b"") -> bytes:
    bytes_ = prefix + bytes(status)
    if weight is None:
        return b"\n" + bytes_ + b"\r\x03"
    return b"\n" + weight + b"\r\n" + bytes_ + b"\r\x03"


@pytest.mark.parametrize("feed", FEEDS)
def test_nci_weight_and_status(feed: Feed) -> None:
    stream = (
        _nci(b"0001.25lb", 0x30, 0x30)
        + _nci(b"0001.20lb", 0x31, 0x30)  # in motion
        + _nci(b"00.760kg", 0x30, 0x30, prefix=b"S")  # SCP-02 puts an S first
        + _nci(b"0000.00lb", 0x32, 0x30)  # at zero
        + _nci(b"------", 0x30, 0x32)  # over capacity
        + _nci(b"------", 0x30, 0x31)  # under capacity
        + _nci(b" 2lb  3.5oz", 0xB0, 0x30)  # parity bit set on status byte 1
        + _nci(b"00.760kg", 0x30, 0x30, 0x34)  # third byte: net weight
        + _nci(None, 0x34, 0x30)  # RAM error
        + _nci(None, 0x30, 0x30)  # status only, nothing to show
        + b"\n?\r\x03"
    )
    readings = feed(NciParser("nci:/dev/ttyUSB0"), stream)
    assert _states(readings) == [
        (567, "stable"),
        (544, "motion"),
        (760, "stable"),
        (0, "zero"),
        (None, "over"),
        (None, "under"),
        (1006, "stable"),
        (760, "stable"),
        (None, "error"),
    ]
    assert readings[7].net


def test_nci_garbage_status_gives_nothing() -> None:
    stream = _nci(b"0001.25lb", 0x41, 0x30) + _nci(b"0001.25lb") + _nci(b"12x4lb", 0x30, 0x30)
    assert NciParser("n").feed(b"\xff\xfe" + stream) == []


@pytest.mark.parametrize("feed", FEEDS)
def test_hid_reports(feed: Feed) -> None:
    stream = (
        report(3, 2, 0, 412)  # in motion, grams
        + report(4, 2, 0, 760)  # stable
        + report(4, 3, -3, 760)  # kilograms, exponent -3
        + report(4, 11, -1, 268)  # 26.8 oz
        + report(4, 12, -2, 168)  # 1.68 lb
        + report(2, 2, 0, 0)  # stable at zero
        + report(5, 2, 0, 15)  # under zero
        + report(6, 2, 0, 0)  # over weight
        + report(1, 2, 0, 0)  # fault
        + report(8, 2, 0, 0)  # needs re-zeroing
    )
    readings = feed(HidPosParser("hid:/dev/hidraw0"), stream)
    assert _states(readings) == [
        (412, "motion"),
        (760, "stable"),
        (760, "stable"),
        (760, "stable"),
        (762, "stable"),
        (0, "zero"),
        (-15, "under"),
        (None, "over"),
        (None, "error"),
        (None, "error"),
    ]


def test_hid_noise_and_bad_reports_are_skipped_and_the_stream_resyncs() -> None:
    stream = (
        b"\x00\x11\x99"
        + report(4, 2, 0, 760, report_id=1)  # another report (attributes): not a weight
        + report(9, 2, 0, 999)  # no such status
        + report(4, 5, 0, 999)  # taels: not converted
        + report(4, 2, 0x40, 999)  # absurd exponent
        + report(4, 2, 0, 760)
        + report(3, 2, 0, 761)
    )
    assert _states(HidPosParser("h").feed(stream)) == [(760, "stable"), (761, "motion")]


def test_hid_report_per_read_starts_in_step() -> None:
    parser = HidPosParser("h")
    parser.feed(b"\x03\x09")  # a torn report: out of step
    assert parser.feed(b"\x00" + report(4, 2, 0, 760)) == []  # waits for a second report
    readings = parser.feed(report(4, 2, 0, 760))
    assert _states(readings) == [(760, "stable"), (760, "stable")]
