"""Yaohua XK3190-A9 family indicators (and the many Chinese indicators that copy them).

They stream one of two formats, chosen on the indicator (its ``tF`` setting):

* ``=`` frames: ``=`` followed by the displayed weight as seven characters in reverse order,
  last digit first, back to back with no line end. ``0.760`` shown as ``000.760`` is sent as
  ``=067.000``; a minus sign takes the place of the leading digit (``=067.00-`` is
  ``-00.760``). A frame ends where the next ``=`` begins; a body of any other length (noise run
  into it) is no frame.
* STX frames: ``STX``, sign, six weight digits, the number of decimals (0-4), the XOR of those
  eight bytes as two hex characters, ``ETX``: ``\\x02+0007603`` ``1B`` ``\\x03`` is 0.760. The check
  characters are accepted as hex digits (``1B``) or as ``0x30`` plus each nibble (``1;``).

Neither format carries a unit or a stability flag. The unit is the station's setting (kg
unless the spec says ``unit=g`` or ``unit=lb``). A weight counts as stable once the indicator
has sent the same value ``SETTLE_FRAMES`` times in a row (it sends several frames a second).
"""

from __future__ import annotations

import re
from decimal import Decimal

from inspect_tui.devices.scales.framing import MAX_FRAME
from inspect_tui.devices.scales.reading import Reading, decimal_or_none, to_grams, weighed

SETTLE_FRAMES = 3
"""Identical frames in a row after which the weight is called stable."""

_EQUALS_BODY = re.compile(rb"-?[0-9.]{6}|[0-9.]{7}")
_DISPLAY = re.compile(r"-?(\d+\.?\d*|\.\d+)")
_STX_BODY = re.compile(rb"[+-]\d{6}[0-4]")
_STX_FRAME_LENGTH = 12


class YaohuaParser:
    """Incremental parser of XK3190-A9 ``=`` and STX frames."""

    request: bytes | None = None
    """The indicator streams by itself."""

    def __init__(self, source: str, unit: str = "kg") -> None:
        self.source = source
        self.unit = unit
        self._buffer = b""
        self._last: int | None = None
        self._repeats = 0

    def feed(self, data: bytes) -> list[Reading]:
        """The readings completed by ``data``."""
        self._buffer += data
        values: list[Decimal] = []
        while True:
            start = _next_start(self._buffer)
            if start < 0:
                self._buffer = self._buffer[-MAX_FRAME:] if len(self._buffer) > MAX_FRAME else b""
                break
            self._buffer = self._buffer[start:]
            if self._buffer[:1] == b"=":
                end = _next_start(self._buffer, 1)
                if end < 0:
                    if len(self._buffer) > MAX_FRAME:
                        self._buffer = self._buffer[1:]
                        continue
                    break
                value = _equals_value(self._buffer[1:end])
                self._buffer = self._buffer[end:]
            else:
                if len(self._buffer) < _STX_FRAME_LENGTH:
                    break
                value = _stx_value(self._buffer[:_STX_FRAME_LENGTH])
                self._buffer = self._buffer[_STX_FRAME_LENGTH if value is not None else 1 :]
            if value is not None:
                values.append(value)
        return [reading for value in values if (reading := self._reading(value)) is not None]

    def _reading(self, value: Decimal) -> Reading | None:
        grams = to_grams(value, self.unit)
        if grams is None:
            return None
        self._repeats = self._repeats + 1 if grams == self._last else 1
        self._last = grams
        return weighed(grams, self._repeats >= SETTLE_FRAMES, self.source)


def _next_start(buffer: bytes, after: int = 0) -> int:
    """Where the next frame (``=`` or STX) begins at or after ``after``; -1 if none."""
    starts = [at for at in (buffer.find(b"=", after), buffer.find(b"\x02", after)) if at >= 0]
    return min(starts) if starts else -1


def _equals_value(body: bytes) -> Decimal | None:
    """The weight in a reversed ``=`` frame body, or None when it is not one."""
    if not _EQUALS_BODY.fullmatch(body[::-1]):
        return None
    shown = body[::-1].decode("ascii")
    if not _DISPLAY.fullmatch(shown) or shown.count(".") > 1:
        return None
    return decimal_or_none(shown)


def _stx_value(frame: bytes) -> Decimal | None:
    """The weight in a 12-byte STX frame, or None when the frame or its check is wrong."""
    body = frame[1:9]
    if frame[-1:] != b"\x03" or not _STX_BODY.fullmatch(body):
        return None
    check = 0
    for byte in body:
        check ^= byte
    as_hex = f"{check:02X}".encode()
    as_nibbles = bytes((0x30 + (check >> 4), 0x30 + (check & 0x0F)))
    if frame[9:11].upper() not in (as_hex, as_nibbles):
        return None
    digits = Decimal(body[1:7].decode("ascii")).scaleb(-int(chr(body[7])))
    return -digits if body[:1] == b"-" else digits
