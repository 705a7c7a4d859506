"""What every frame parser offers the driver: bytes in, readings out."""

from __future__ import annotations

from typing import Protocol

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
