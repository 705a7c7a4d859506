"""Cutting a byte stream into frames at a terminator, with a bounded buffer.

A scale cable delivers frames in arbitrary pieces: half a frame now, the rest later, noise in
between. ``Framer`` keeps the unfinished tail, hands back every complete frame, and drops a
tail that grows past any real frame's length (noise with no terminator), so memory stays
bounded whatever arrives.
"""

from __future__ import annotations

import re

MAX_FRAME = 256
"""No frame of a supported protocol is longer; a longer unterminated run is noise."""


class Framer:
    """Splits bytes into frames ending at any of ``terminators`` (a regex alternation)."""

    def __init__(self, terminators: bytes, max_frame: int = MAX_FRAME) -> None:
        self._split = re.compile(terminators)
        self._max = max_frame
        self._tail = b""

    def feed(self, data: bytes) -> list[bytes]:
        """The complete frames ``data`` finishes, without their terminators."""
        buffer = self._tail + data
        parts = self._split.split(buffer)
        self._tail = parts.pop()
        if len(self._tail) > self._max:
            self._tail = self._tail[-self._max :]
        return [part for part in parts if part]


_PRINTABLE = bytes(byte if 0x20 <= byte < 0x7F else 0x20 for byte in range(256))


def ascii_text(frame: bytes) -> str:
    """The printable ASCII of a frame (noise bytes become spaces, so they break a match)."""
    return frame.translate(_PRINTABLE).decode("ascii")
