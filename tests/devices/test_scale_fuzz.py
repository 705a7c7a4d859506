"""Fuzz: every parser fed 100,000 random chunks raises nothing and invents no weight.

Two streams per parser, from a fixed seed: plain random bytes, and bytes drawn mostly from the
protocol's own characters (digits, signs, units, terminators), which makes near-miss frames
common. A weight is *invented* when no well-formed frame in the stream carries it; for the
text protocols a random stream practically never holds one, so it must give no weight at all,
and the HID parser may only report weights of well-shaped reports that occur in the stream.
Cutting the stream into other chunks must not change what is read.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable

import pytest

from inspect_tui.devices.scales import Reading
from inspect_tui.devices.scales.continuous import ContinuousParser
from inspect_tui.devices.scales.hid_pos import REPORT_LENGTH, HidPosParser, is_report, parse_report
from inspect_tui.devices.scales.mt_sics import MtSicsParser
from inspect_tui.devices.scales.nci import NciParser
from inspect_tui.devices.scales.parser import FrameParser
from inspect_tui.devices.scales.yaohua import YaohuaParser
from scale_sim import report

CHUNKS = 100_000
NEAR_MISS_CHUNKS = 20_000
ALPHABET = b"STUSOLGNTRW,+-. 0123456789kglbozE=SDI?\x02\x03\x30\x31\x32\r\n"

PARSERS: dict[str, Callable[[], FrameParser]] = {
    "continuous": lambda: ContinuousParser("continuous:fuzz"),
    "yaohua": lambda: YaohuaParser("yaohua:fuzz"),
    "mt-sics": lambda: MtSicsParser("mt-sics:fuzz"),
    "nci": lambda: NciParser("nci:fuzz"),
    "hid": lambda: HidPosParser("hid:fuzz"),
}


def _random_chunks(rng: random.Random, count: int) -> list[bytes]:
    return [rng.randbytes(rng.randint(1, 48)) for _ in range(count)]


def _near_miss_chunks(rng: random.Random, count: int) -> list[bytes]:
    return [bytes(rng.choice(ALPHABET) for _ in range(rng.randint(1, 24))) for _ in range(count)]


def _feed(parser: FrameParser, chunks: list[bytes]) -> list[Reading]:
    readings: list[Reading] = []
    for chunk in chunks:
        readings.extend(parser.feed(chunk))
    return readings


def _yaohua_weights_in(stream: bytes) -> set[int]:
    """Every weight a well-formed ``=`` frame anywhere in ``stream`` carries."""
    weights: set[int] = set()
    for match in re.finditer(rb"(?==([-0-9.]{7})=)", stream):
        weights.update(
            reading.grams
            for reading in YaohuaParser("oracle").feed(b"=" + match[1] + b"=")
            if reading.grams is not None
        )
    return weights


def _hid_weights_in(stream: bytes) -> set[int]:
    """Every weight a well-shaped report anywhere in ``stream`` carries."""
    weights: set[int] = set()
    for start in range(len(stream) - REPORT_LENGTH + 1):
        chunk = stream[start : start + REPORT_LENGTH]
        if chunk[0] == 3 and is_report(chunk):
            reading = parse_report(chunk, "oracle")
            if reading is not None and reading.grams is not None:
                weights.add(reading.grams)
    return weights


@pytest.mark.parametrize("protocol", list(PARSERS))
def test_random_bytes_raise_nothing_and_invent_no_weight(protocol: str) -> None:
    chunks = _random_chunks(random.Random(f"random {protocol}"), CHUNKS)
    readings = _feed(PARSERS[protocol](), chunks)
    weights = [reading.grams for reading in readings if reading.grams is not None]
    if protocol == "hid":
        assert set(weights) <= _hid_weights_in(b"".join(chunks))
    else:
        assert weights == []


def _frame(protocol: str, grams: int) -> bytes:
    """A well-formed frame carrying ``grams``, as the scale would send it."""
    kilograms = f"{grams / 1000:.3f}"
    if protocol == "continuous":
        return f"ST,GS,+{kilograms:>9}kg\r\n".encode()
    if protocol == "yaohua":
        return b"=" + f"{kilograms:0>7}".encode()[::-1]
    if protocol == "mt-sics":
        return f"S S {kilograms:>10} kg\r\n".encode()
    if protocol == "nci":
        return f"\n{kilograms:0>7}kg\r\n".encode() + b"\x30\x30\r\x03"
    return report(4, 2, 0, grams)


def _recut(rng: random.Random, stream: bytes) -> list[bytes]:
    chunks: list[bytes] = []
    at = 0
    while at < len(stream):
        size = rng.randint(1, 48)
        chunks.append(stream[at : at + size])
        at += size
    return chunks


@pytest.mark.parametrize("protocol", list(PARSERS))
def test_frames_among_near_misses_read_the_same_however_the_stream_is_cut(protocol: str) -> None:
    rng = random.Random(f"near miss {protocol}")
    pieces: list[bytes] = []
    sent: set[int] = set()
    for noise in _near_miss_chunks(rng, NEAR_MISS_CHUNKS):
        pieces.append(noise)
        if rng.random() < 0.3:
            grams = rng.randint(0, 50_000)
            sent.add(grams)
            # Streaming scales send the same frame again and again: a run of reports gets a HID
            # reader back in step, and a yaohua frame ends only where the next one starts.
            pieces.append(_frame(protocol, grams) * (3 if protocol in ("hid", "yaohua") else 1))
    stream = b"".join(pieces)

    cut = _feed(PARSERS[protocol](), _recut(rng, stream))
    whole = PARSERS[protocol]().feed(stream)

    if protocol != "hid":  # a HID read is one report: where reads start matters, on purpose
        assert cut == whole
    weights = {reading.grams for reading in cut if reading.grams is not None}
    in_noise = {"hid": _hid_weights_in, "yaohua": _yaohua_weights_in}.get(protocol)
    assert weights <= sent | (in_noise(stream) if in_noise else set())
    assert len(weights) > len(sent) // 4  # frames are found among the noise
