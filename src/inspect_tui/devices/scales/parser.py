"""What every frame parser offers the driver: bytes in, readings out."""

from __future__ import annotations

from typing import Protocol

from inspect_tui.devices.scales.framing import Framer
from inspect_tui.devices.scales.reading import Reading


class FrameParser(Protocol):
    """Turns the bytes a scale sends into readings, frame by frame, keeping partial frames."""

    source: str
    """Recorded with every reading: protocol and port."""
    request: bytes | None
    """What to send to ask for a weight; None for scales that send by themselves."""

    def feed(self, data: bytes) -> list[Reading]:
        """The readings completed by ``data`` (often none, sometimes several)."""
        ...


class FramedParser:
    """A parser for scales that end each frame with a terminator; a subclass reads one frame."""

    request: bytes | None = None
    """What to send to ask for a weight; None for scales that send by themselves."""
    terminators: bytes = rb"\r\n|\r|\n"
    """The regular expression that ends a frame."""

    def __init__(self, source: str) -> None:
        self.source = source
        self._framer = Framer(self.terminators)

    def feed(self, data: bytes) -> list[Reading]:
        """The readings completed by ``data``."""
        readings: list[Reading] = []
        for frame in self._framer.feed(data):
            reading = self._parse(frame)
            if reading is not None:
                readings.append(reading)
        return readings

    def _parse(self, frame: bytes) -> Reading | None:
        """The reading one complete frame holds, or None (noise, a status, a tare)."""
        raise NotImplementedError
