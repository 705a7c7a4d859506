"""Scales: where a parcel's weight comes from.

Every driver reports a :class:`Reading` in integer grams with the scale's status and its
source. ``open_scale(spec)`` turns a station's scale spec into a scale: the manual one (the
clerk types) or a started :class:`ScaleDriver` reading a serial or USB HID scale in a thread.
The frame parsers (one module per protocol) are pure: bytes in, readings out.
"""

from __future__ import annotations

from collections.abc import Callable

from inspect_tui.devices.scales.driver import Link, ScaleDriver, ScaleState
from inspect_tui.devices.scales.manual import ManualScale, Scale
from inspect_tui.devices.scales.reading import Reading, ScaleStatus
from inspect_tui.devices.scales.spec import (
    PROTOCOLS,
    ScaleSpec,
    ScaleSpecError,
    parse_scale_spec,
)

__all__ = [
    "PROTOCOLS",
    "Link",
    "ManualScale",
    "Reading",
    "Scale",
    "ScaleDriver",
    "ScaleSpec",
    "ScaleSpecError",
    "ScaleState",
    "ScaleStatus",
    "open_scale",
    "parse_scale_spec",
]


def open_scale(
    spec: str, on_change: Callable[[ScaleState], None] | None = None
) -> ManualScale | ScaleDriver:
    """The scale a station's spec names, started; call ``close()`` when done.

    Raises:
        ScaleSpecError: The spec is not understood (the message shows the accepted forms).
    """
    parsed = parse_scale_spec(spec)
    if parsed.kind == "manual":
        return ManualScale()
    return ScaleDriver(parsed, on_change=on_change).start()
