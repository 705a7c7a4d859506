"""USB HID POS scales (HID usage page 0x8D): the shipping scales that need no driver.

Such a scale sends a 6-byte Scale Data Report whenever it has something to say, read from
``/dev/hidraw*`` one report per read::

    byte 0  report id, 3 (Scale Data Report)
    byte 1  status: 1 fault, 2 stable at zero, 3 in motion, 4 stable, 5 under zero,
            6 over weight, 7 needs calibration, 8 needs re-zeroing
    byte 2  unit: 1 mg, 2 g, 3 kg, 4 carat, 5 tael, 6 grain, 7 pennyweight, 8 metric ton,
            9 avoirdupois ton, 10 troy ounce, 11 ounce, 12 pound
    byte 3  exponent, signed: weight = value x 10^exponent
    byte 4  weight, low byte
    byte 5  weight, high byte

Under zero, the value is the size of the negative weight. Taels differ from region to region,
so a tael report is not converted. A report with any other id, status or unit gives no reading;
the parser then looks for the next report id to get back in step.
"""

from __future__ import annotations

from decimal import Decimal

from inspect_tui.devices.scales.reading import Reading, ScaleStatus, no_weight, to_grams, weighed

REPORT_ID = 3
REPORT_LENGTH = 6
UNITS = {
    1: "mg", 2: "g", 3: "kg", 4: "ct", 6: "gr", 7: "dwt", 8: "t", 9: "ton", 10: "ozt", 11: "oz",
    12: "lb",
}  # fmt: skip
"""HID weight unit codes and the unit each names (5, the tael, is left out on purpose)."""
NO_WEIGHT: dict[int, ScaleStatus] = {1: "error", 6: "over", 7: "error", 8: "error"}
"""Statuses whose report carries no usable weight."""
MIN_EXPONENT, MAX_EXPONENT = -5, 1
"""Scales step in 0.00001 to 10 units; other exponents are a misread report."""


class HidPosParser:
    """Incremental parser of 6-byte HID scale reports (whole, split or run together).

    A read from hidraw is one whole report, so a read that starts with nothing left over is
    taken to start a report. Once out of step (noise, a lost byte), a report is believed only
    when the next six bytes are a report too: one random run of bytes can look like a report,
    two in a row practically never do.
    """

    request: bytes | None = None
    """HID scales report by themselves."""

    def __init__(self, source: str) -> None:
        self.source = source
        self._buffer = b""
        self._in_step = True

    def feed(self, data: bytes) -> list[Reading]:
        """The readings completed by ``data``."""
        if not self._buffer:
            self._in_step = True
        self._buffer += data
        readings: list[Reading] = []
        while len(self._buffer) >= REPORT_LENGTH:
            report = self._buffer[:REPORT_LENGTH]
            if not is_report(report):
                self._in_step = False
                start = self._buffer.find(bytes((REPORT_ID,)), 1)
                self._buffer = self._buffer[start:] if start > 0 else b""
                continue
            if not self._in_step:
                if len(self._buffer) < 2 * REPORT_LENGTH:
                    break
                if not is_report(self._buffer[REPORT_LENGTH : 2 * REPORT_LENGTH]):
                    start = self._buffer.find(bytes((REPORT_ID,)), 1)
                    self._buffer = self._buffer[start:]
                    continue
                self._in_step = True
            self._buffer = self._buffer[REPORT_LENGTH:]
            reading = parse_report(report, self.source)
            if reading is not None:
                readings.append(reading)
        if self._buffer and self._buffer[0] != REPORT_ID:
            self._in_step = False
            start = self._buffer.find(bytes((REPORT_ID,)))
            self._buffer = self._buffer[start:] if start >= 0 else b""
        return readings


def is_report(report: bytes) -> bool:
    """True when six bytes have the shape of a Scale Data Report."""
    exponent = int.from_bytes(report[3:4], "little", signed=True)
    return (
        len(report) == REPORT_LENGTH
        and report[0] == REPORT_ID
        and 1 <= report[1] <= 8
        and report[2] in UNITS
        and MIN_EXPONENT <= exponent <= MAX_EXPONENT
    )


def parse_report(report: bytes, source: str) -> Reading | None:
    """The reading in one well-shaped report, or None when it carries none."""
    status = report[1]
    if status in NO_WEIGHT:
        return no_weight(NO_WEIGHT[status], source)
    exponent = int.from_bytes(report[3:4], "little", signed=True)
    value = Decimal(int.from_bytes(report[4:6], "little")).scaleb(exponent)
    grams = to_grams(-value if status == 5 else value, UNITS[report[2]])
    if grams is None:
        return None
    return weighed(grams, status in (2, 4, 5), source, under=status == 5)
