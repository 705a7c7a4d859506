"""The peak of memory Python allocates while something runs: how streaming is observed."""

from __future__ import annotations

import tracemalloc
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def traced_peak(action: Callable[[], T]) -> tuple[T, int]:
    """``action``'s result and the most memory (bytes) traced at once while it ran."""
    tracemalloc.start()
    try:
        result = action()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return result, peak
