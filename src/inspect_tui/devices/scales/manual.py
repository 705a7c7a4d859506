"""The scale every driver stands in for, and the manual one: the clerk types the weight."""

from __future__ import annotations

from typing import Protocol

from inspect_tui.core.weighing import parse_weight
from inspect_tui.devices.scales.reading import Reading


class Scale(Protocol):
    """A source of weight readings."""

    name: str

    def read(self) -> Reading | None:
        """The current reading, or None when the scale has nothing to report."""
        ...


class ManualScale:
    """The clerk types the weight shown on the scale: ``760``, ``760 g``, ``0.76 kg``."""

    name = "manual"

    def __init__(self) -> None:
        self._last: Reading | None = None

    def enter(self, text: str) -> Reading:
        """Parse what the clerk typed; raises ``ImpossibleWeight`` with a clerk's message."""
        self._last = Reading(grams=parse_weight(text), stable=True, source=self.name)
        return self._last

    def read(self) -> Reading | None:
        """The last typed reading."""
        return self._last

    def close(self) -> None:
        """Nothing to release (every scale can be closed alike)."""
