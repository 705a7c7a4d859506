"""Continuous output: the Toledo-style frames most bench indicators stream without being asked.

Each frame is one line, ``STATE,KIND,SIGN VALUE UNIT`` and CR LF::

    ST,GS,+0000.760kg     stable, gross, 0.760 kg
    US,GS,+0000.742kg     unstable (the parcel is still moving)
    ST,NT,+ 12.340  lb    stable, net (a tare is set)
    OL,GS,+               overload: no weight shown
    ST,TR,+0000.120kg     the tare itself (not a parcel weight: skipped)

States ``ST`` (stable), ``US`` (unstable), ``OL`` (overload, ``-`` sign for under load);
kinds ``GS``/``GW`` (gross), ``NT``/``NW`` (net), ``TR`` (tare); units g, kg, lb, oz. A line
that does not match this shape exactly, after any noise in front of it, gives no reading.
"""

from __future__ import annotations

import re

from inspect_tui.devices.scales.framing import ascii_text
from inspect_tui.devices.scales.parser import FramedParser
from inspect_tui.devices.scales.reading import (
    Reading,
    decimal_or_none,
    no_weight,
    to_grams,
    weighed,
)

_FRAME = re.compile(
    r"(?P<state>ST|US|OL),(?P<kind>GS|GW|NT|NW|TR),(?P<sign>[+-]?)"
    r" *(?P<value>\d+(?:\.\d+)?|\.\d+)? *(?P<unit>kg|g|lb|oz)? *$",
    re.IGNORECASE,
)


class ContinuousParser(FramedParser):
    """Incremental parser of Toledo-style continuous frames."""

    request: bytes | None = None
    """Continuous indicators need no request: they send on their own."""

    def _parse(self, frame: bytes) -> Reading | None:
        line = ascii_text(frame)
        match = _FRAME.search(line)
        if match is None:
            return None
        state = match["state"].upper()
        kind = match["kind"].upper()
        if kind == "TR":
            return None
        if state == "OL":
            return no_weight("under" if match["sign"] == "-" else "over", self.source)
        value = decimal_or_none(match["value"] or "")
        if value is None or not match["unit"]:
            return None
        grams = to_grams(-value if match["sign"] == "-" else value, match["unit"])
        if grams is None:
            return None
        return weighed(grams, state == "ST", self.source, net=kind in ("NT", "NW"))
