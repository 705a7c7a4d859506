"""The compact layout of every screen on a small terminal (80×24, an SSH session).

Below COMPACT_BELOW columns a screen carries the ``-compact`` class; its stylesheet then stacks
what sits side by side and narrows labels, so nothing wraps mid-word or is cut off at the edge.
"""

from __future__ import annotations

from typing import Any

from textual.screen import Screen

COMPACT_BELOW = 100
"""Screens narrower than this many columns use their compact layout."""


def follow_width(screen: Screen[Any]) -> None:
    """Set or clear the screen's ``-compact`` class for its current width."""
    screen.set_class(screen.size.width < COMPACT_BELOW, "-compact")
