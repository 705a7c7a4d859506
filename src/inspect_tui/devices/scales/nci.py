"""NCI / Avery Weigh-Tronix (SCP-01, SCP-02): ``W`` CR asks, the scale answers weight and status.

Reply to ``W`` CR (``ETX`` = 0x03 ends it)::

    LF  0001.25lb  CR LF  [S] hh..  CR ETX     weight, units, two or three status bytes
    LF  hh..  CR ETX                           status only (no weight to show)
    LF  ?  CR ETX                              command not understood

Status byte 1: bit 0 in motion, bit 1 at zero, bit 2 RAM error, bit 3 EEPROM error.
Status byte 2: bit 0 under capacity, bit 1 over capacity, bit 2 ROM error, bit 3 calibration
fault. Status byte 3 (optional): bit 2 net weight. Bits 4 and 5 are always 1 and bit 7 is
parity, so a status byte is ``0x30``-``0x3F`` once parity is masked off. The weight field of a
scale over capacity or in error holds no number; the status bytes tell which.
"""

from __future__ import annotations

import re

from inspect_tui.devices.scales.framing import ascii_text
from inspect_tui.devices.scales.parser import FramedParser
from inspect_tui.devices.scales.reading import (
    Reading,
    decimal_or_none,
    no_weight,
    to_grams,
    weighed,
)

REQUEST = b"W\r"
"""Request weight."""

_WEIGHT = re.compile(r"^ *(?P<sign>-?) *(?P<value>\d+(?:\.\d+)?|\.\d+) *(?P<unit>kg|lb|oz|g) *$")
_LB_OZ = re.compile(r"^ *(?P<sign>-?) *(?P<lb>\d+) *lb +(?P<oz>\d+(?:\.\d+)?) *oz *$")


class NciStatus:
    """The status bytes of an NCI reply, decoded."""

    def __init__(self, data: bytes) -> None:
        first, second = data[0] & 0x7F, data[1] & 0x7F
        third = data[2] & 0x7F if len(data) > 2 else 0x30
        self.motion = bool(first & 0x01)
        self.zero = bool(first & 0x02)
        self.under = bool(second & 0x01)
        self.over = bool(second & 0x02)
        self.fault = bool(first & 0x0C or second & 0x0C or third & 0x08)
        self.net = bool(third & 0x04)

    @staticmethod
    def parse(data: bytes) -> NciStatus | None:
        """The status in ``data`` (an optional ``S`` then 2-3 status bytes), or None."""
        if data[:1] == b"S":
            data = data[1:]
        if not 2 <= len(data) <= 3 or any(byte & 0x70 != 0x30 for byte in data):
            return None
        return NciStatus(data)


class NciParser(FramedParser):
    """Incremental parser of NCI replies to ``W``."""

    request: bytes | None = REQUEST
    """What the driver sends to ask for a weight."""

    terminators = rb"\x03"

    def _parse(self, frame: bytes) -> Reading | None:
        lines = [line for line in re.split(rb"\r\n|\r|\n", frame) if line][-2:]
        if not lines:
            return None
        status = NciStatus.parse(lines[-1])
        if status is None:
            return None
        if status.fault:
            return no_weight("error", self.source)
        if status.over:
            return no_weight("over", self.source)
        if len(lines) == 1:
            return no_weight("under", self.source) if status.under else None
        grams = _grams(ascii_text(lines[0]))
        if grams is None:
            return no_weight("under", self.source) if status.under else None
        return weighed(grams, not status.motion, self.source, net=status.net, under=status.under)


def _grams(text: str) -> int | None:
    """The weight field as grams (decimal with units, or pounds and ounces), or None."""
    grams: int | None = None
    if match := _LB_OZ.match(text):
        pounds, ounces = decimal_or_none(match["lb"]), decimal_or_none(match["oz"])
        if pounds is not None and ounces is not None:
            grams = to_grams(pounds * 16 + ounces, "oz")
    elif match := _WEIGHT.match(text):
        value = decimal_or_none(match["value"])
        grams = None if value is None else to_grams(value, match["unit"])
    if match is None or grams is None:
        return None
    return -grams if match["sign"] == "-" else grams
