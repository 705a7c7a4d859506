"""Scale specs: what a station may write, and the message for what it may not."""

from __future__ import annotations

import pytest

from inspect_tui.devices.scale import ManualScale as OldManualScale
from inspect_tui.devices.scales import (
    ManualScale,
    ScaleSpec,
    ScaleSpecError,
    open_scale,
    parse_scale_spec,
)


def test_manual_is_the_clerk_typing() -> None:
    assert parse_scale_spec(" Manual ") == ScaleSpec("manual")
    scale = open_scale("manual")
    assert isinstance(scale, ManualScale) and scale.read() is None
    assert scale.enter("0.76 kg").grams == 760
    assert OldManualScale is ManualScale  # the old import path still works


def test_serial_spec_with_defaults_per_protocol() -> None:
    spec = parse_scale_spec("serial:///dev/ttyUSB0?protocol=mt-sics&baud=19200")
    assert (spec.kind, spec.port, spec.protocol, spec.baud) == (
        "serial",
        "/dev/ttyUSB0",
        "mt-sics",
        19200,
    )
    assert (spec.bits, spec.parity, spec.stop) == (8, "N", 1)
    assert spec.source == "mt-sics:/dev/ttyUSB0"
    nci = parse_scale_spec("serial:///dev/ttyS1?protocol=nci")
    assert (nci.bits, nci.parity) == (7, "E")
    yaohua = parse_scale_spec("serial:///dev/ttyS1?protocol=yaohua&unit=g&parity=e&stop=2")
    assert (yaohua.unit, yaohua.parity, yaohua.stop) == ("g", "E", 2)


def test_hid_spec() -> None:
    spec = parse_scale_spec("hid:///dev/hidraw0")
    assert (spec.kind, spec.port, spec.source) == ("hid", "/dev/hidraw0", "hid:/dev/hidraw0")


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("scale1", "is not understood: use manual, serial:///dev/ttyUSB0?protocol=mt-sics"),
        ("tcp://10.0.0.5:4001", "is not understood"),
        ("serial:///dev/ttyUSB0", "names no protocol: add ?protocol= with one of continuous"),
        ("serial:///dev/ttyUSB0?protocol=sics", "protocol 'sics' is not supported"),
        ("serial://?protocol=nci", "names no port"),
        ("serial:///dev/ttyUSB0?protocol=nci&baud=fast", "baud='fast' is not possible"),
        ("serial:///dev/ttyUSB0?protocol=nci&speed=9600", "unknown option 'speed'"),
        ("serial:///dev/ttyUSB0?protocol=nci&unit=g", "unit= is only for yaohua"),
        ("serial:///dev/ttyUSB0?protocol=yaohua&unit=stone", "unit='stone' is not possible"),
        ("serial:///dev/ttyUSB0?protocol=nci&protocol=nci", "gives protocol twice"),
        ("hid:///dev/hidraw0?baud=9600", "a HID scale takes no options"),
        ("hid://", "names no port"),
    ],
)
def test_bad_specs_say_what_to_write(text: str, says: str) -> None:
    with pytest.raises(ScaleSpecError, match=".*") as raised:
        parse_scale_spec(text)
    assert says in str(raised.value)
    assert repr(text) in str(raised.value)
