"""Scale specs: how a station names its scale, as stored in the station's row.

``manual``
    No data cable: the clerk types the weight shown on the scale.
``serial:///dev/ttyUSB0?protocol=mt-sics&baud=9600``
    A serial (RS-232, or USB-serial) scale. ``protocol`` is one of ``continuous`` (Toledo-style
    ``ST,GS,…`` lines), ``yaohua`` (XK3190-A9 ``=`` or STX frames), ``mt-sics`` (Mettler Toledo)
    or ``nci`` (Avery Weigh-Tronix); optional ``baud`` (9600), ``bits`` (8; 7 for nci),
    ``parity`` (N; E for nci), ``stop`` (1), and ``unit`` (kg) for yaohua, whose frames carry
    none.
``hid:///dev/hidraw0``
    A USB HID POS scale (the common shipping scales), read from its hidraw device.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal
from urllib.parse import parse_qsl, urlsplit

from inspect_tui.devices.scales.continuous import ContinuousParser
from inspect_tui.devices.scales.hid_pos import HidPosParser
from inspect_tui.devices.scales.mt_sics import MtSicsParser
from inspect_tui.devices.scales.nci import NciParser
from inspect_tui.devices.scales.parser import FrameParser
from inspect_tui.devices.scales.yaohua import YaohuaParser

PROTOCOLS = ("continuous", "yaohua", "mt-sics", "nci")
"""The serial protocols a ``serial://`` spec may name."""
BAUD_RATES = (1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200)
YAOHUA_UNITS = ("kg", "g", "lb")
EXAMPLES = (
    "manual, serial:///dev/ttyUSB0?protocol=mt-sics&baud=9600 "
    f"(protocol one of {', '.join(PROTOCOLS)}) or hid:///dev/hidraw0"
)

ScaleKind = Literal["manual", "serial", "hid"]


class ScaleSpecError(ValueError):
    """A scale spec that cannot be used; the message says what is wrong and what to write."""


@dataclass(frozen=True, slots=True)
class ScaleSpec:
    """A parsed scale spec.

    Attributes:
        kind: manual, serial or hid.
        port: The serial port or hidraw device (empty for manual).
        protocol: The frame format: a serial protocol, ``hid`` or ``manual``.
        baud: Serial speed.
        bits: Serial data bits (7 or 8).
        parity: Serial parity: N, E or O.
        stop: Serial stop bits (1 or 2).
        unit: The unit of yaohua frames, which carry none.
    """

    kind: ScaleKind
    port: str = ""
    protocol: str = "manual"
    baud: int = 9600
    bits: int = 8
    parity: str = "N"
    stop: int = 1
    unit: str = "kg"

    @property
    def source(self) -> str:
        """What readings from this scale are recorded as coming from: ``mt-sics:/dev/ttyUSB0``."""
        return "manual" if self.kind == "manual" else f"{self.protocol}:{self.port}"

    def parser(self) -> FrameParser:
        """A fresh frame parser for this scale's protocol."""
        source = self.source
        if self.protocol == "continuous":
            return ContinuousParser(source)
        if self.protocol == "yaohua":
            return YaohuaParser(source, self.unit)
        if self.protocol == "mt-sics":
            return MtSicsParser(source)
        if self.protocol == "nci":
            return NciParser(source)
        if self.protocol == "hid":
            return HidPosParser(source)
        raise ScaleSpecError("A manual scale has no frames to parse: the clerk types the weight.")


def parse_scale_spec(text: str) -> ScaleSpec:
    """The scale ``text`` names.

    Raises:
        ScaleSpecError: The spec is not one of the accepted forms; the message shows them.
    """
    spec = text.strip()
    if spec.lower() == "manual":
        return ScaleSpec("manual")
    parts = urlsplit(spec)
    scheme = parts.scheme.lower()
    port = parts.netloc + parts.path
    if scheme not in ("serial", "hid"):
        raise ScaleSpecError(f"Scale {text!r} is not understood: use {EXAMPLES}.")
    if not port or any(char.isspace() for char in port):
        raise ScaleSpecError(
            f"Scale {text!r} names no port: write it after {scheme}://, e.g. "
            + (
                "serial:///dev/ttyUSB0?protocol=nci."
                if scheme == "serial"
                else "hid:///dev/hidraw0."
            )
        )
    options = _options(text, parts.query)
    if scheme == "hid":
        if options:
            raise ScaleSpecError(
                f"Scale {text!r}: a HID scale takes no options ({', '.join(options)}); "
                "write hid:///dev/hidrawN."
            )
        return ScaleSpec("hid", port=port, protocol="hid")
    return _serial(text, port, options)


def _options(text: str, query: str) -> dict[str, str]:
    try:
        pairs = parse_qsl(query, keep_blank_values=True, strict_parsing=bool(query))
    except ValueError:
        raise ScaleSpecError(
            f"Scale {text!r} has options that are not NAME=VALUE pairs joined by &."
        ) from None
    options: dict[str, str] = {}
    for name, value in pairs:
        if name.lower() in options:
            raise ScaleSpecError(f"Scale {text!r} gives {name} twice.")
        options[name.lower()] = value.strip()
    return options


def _serial(text: str, port: str, options: dict[str, str]) -> ScaleSpec:
    known = ("protocol", "baud", "bits", "parity", "stop", "unit")
    unknown = [name for name in options if name not in known]
    if unknown:
        raise ScaleSpecError(
            f"Scale {text!r}: unknown option {unknown[0]!r}; the options are {', '.join(known)}."
        )
    protocol = options.get("protocol", "").lower()
    if protocol not in PROTOCOLS:
        said = f"protocol {protocol!r} is not supported" if protocol else "names no protocol"
        raise ScaleSpecError(
            f"Scale {text!r} {said}: add ?protocol= with one of {', '.join(PROTOCOLS)} "
            "(the scale's manual says which it speaks)."
        )
    nci = protocol == "nci"
    baud = _choice(text, "baud", options.get("baud", "9600"), [str(rate) for rate in BAUD_RATES])
    bits = _choice(text, "bits", options.get("bits", "7" if nci else "8"), ["7", "8"])
    parity = options.get("parity", "E" if nci else "N").upper()
    _choice(text, "parity", parity, list("NEO"))
    stop = _choice(text, "stop", options.get("stop", "1"), ["1", "2"])
    unit = options.get("unit", "kg").lower()
    if "unit" in options and protocol != "yaohua":
        raise ScaleSpecError(
            f"Scale {text!r}: unit= is only for yaohua; {protocol} frames carry their own unit."
        )
    _choice(text, "unit", unit, list(YAOHUA_UNITS))
    return ScaleSpec("serial", port, protocol, int(baud), int(bits), parity, int(stop), unit=unit)


def _choice(text: str, name: str, value: str, allowed: list[str]) -> str:
    if value not in allowed:
        raise ScaleSpecError(
            f"Scale {text!r}: {name}={value!r} is not possible; use one of {', '.join(allowed)}."
        )
    return value
