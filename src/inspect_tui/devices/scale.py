"""Scales: where a parcel's weight comes from.

Every driver answers ``read()`` with a ``Reading`` in integer grams. The manual driver is the
clerk typing the number shown on a scale that has no data cable; serial and USB drivers share
the same protocol.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from inspect_tui.core.weighing import parse_weight


@dataclass(frozen=True, slots=True)
class Reading:
    """One weight reading.

    Attributes:
        grams: The weight in grams.
        stable: False while the scale is still settling.
        source: Which driver produced it, recorded with the weight (e.g. ``manual``).
    """

    grams: int
    stable: bool
    source: str


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
