"""Mettler Toledo MT-SICS: the station asks, the scale answers one line.

The station sends ``SI`` (the weight now, settled or not) and the scale replies, CR LF
terminated::

    S S      0.760 kg    stable weight
    S D      0.742 kg    dynamic: still moving
    S I                  busy (taring, zeroing): no weight now
    S +                  over its capacity
    S -                  under its zero range
    ES / ET / EL         syntax, transmission or logical error

``S`` (a stable weight only) gives the same replies. Anything else on the line gives no reading.
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

REQUEST = b"SI\r\n"
"""Send the current weight immediately, stable or not."""

_WEIGHT = re.compile(
    r"S +(?P<state>[SD]) +"
    r"(?P<value>-? *(?:\d+(?:\.\d+)?|\.\d+)) +(?P<unit>[a-z]+) *$",
    re.IGNORECASE,
)
_STATE = re.compile(r"(?:^|[^A-Z0-9])S +(?P<state>[I+-]) *$")
_ERROR = re.compile(r"(?:^|[^A-Z0-9])E(?P<kind>[STL]) *$")


class MtSicsParser(FramedParser):
    """Incremental parser of MT-SICS replies to ``S`` / ``SI``."""

    request: bytes | None = REQUEST
    """What the driver sends to ask for a weight."""

    def _parse(self, frame: bytes) -> Reading | None:
        line = ascii_text(frame)
        if match := _WEIGHT.search(line):
            value = decimal_or_none(match["value"].replace(" ", ""))
            grams = None if value is None else to_grams(value, match["unit"])
            if grams is None:
                return None
            return weighed(grams, match["state"].upper() == "S", self.source)
        if match := _STATE.search(line):
            state = match["state"]
            if state == "I":
                return no_weight("motion", self.source)
            return no_weight("over" if state == "+" else "under", self.source)
        if _ERROR.search(line):
            return no_weight("error", self.source)
        return None
