"""Bare serials that are not on the order: whose line they are, and placing them there.

A buyer who keeps the new unit and returns an old one (买新退旧) sends back a serial that was never
shipped on the order. :func:`serial_lines` and :func:`looks_like_serial` say which serialized
lines such a code could belong to (typed noise belongs to none); :func:`place_serial` records it
on the line the order (one serialized product) or the clerk (several) names.
"""

from __future__ import annotations

from collections.abc import Sequence

from inspect_tui.core.matching import COUNTED, ScanMatch, gtin14, waiting_units
from inspect_tui.core.parcel import ExpectedLine, ReceivedUnit

__all__ = ["looks_like_serial", "place_serial", "serial_lines"]


def place_serial(
    line: ExpectedLine, units_so_far: Sequence[ReceivedUnit], serial: str
) -> ScanMatch:
    """Place a bare serial on ``line`` when the clerk (or the order) says it is that product.

    The serial is not one shipped on the order: it is the buy-new-return-old case, a wrong serial
    on the line (or the missing serial of a unit waiting for it). A serial already scanned is a
    duplicate, named by its place in the scan order.
    """
    value = serial.strip()
    for place, unit in enumerate(units_so_far, start=1):
        if unit.serial is not None and unit.serial.casefold() == value.casefold():
            return ScanMatch(
                line.line_no,
                line.sku,
                gtin14(line.gtin),
                value,
                "duplicate",
                f"Serial {value} was already scanned (unit {place}).",
            )
    label = f"Line {line.line_no} · {line.title}"
    waiting = waiting_units(units_so_far, line.line_no)
    completes = waiting[0].unit_id if waiting else None
    shipped = {s.casefold() for s in line.serials}

    def result(match: str, explanation: str, unit_id: int | None = completes) -> ScanMatch:
        return ScanMatch(
            line.line_no, line.sku, gtin14(line.gtin), value, match, explanation, unit_id
        )

    on_line = sum(1 for u in units_so_far if u.line_no == line.line_no and u.match in COUNTED)
    if completes is None and on_line >= line.qty:
        return result(
            "over_quantity", f"{label}: {line.qty} shipped, this would be unit {on_line + 1}."
        )
    if value.casefold() in shipped:
        return result("matched", f"{label}: serial {value} was shipped.")
    if not shipped:
        return result("matched", f"{label}: serial {value} (no serials were recorded at packing).")
    return result(
        "serial_mismatch",
        f"{label}: serial {value} was not shipped on this order "
        f"(shipped: {', '.join(line.serials)}).",
    )


def serial_lines(
    lines: Sequence[ExpectedLine], code: str, serialized_skus: Sequence[str] = ()
) -> tuple[ExpectedLine, ...]:
    """The serialized lines a bare code could be a serial of.

    A line is serialized when serials were recorded for it at packing or its product is in
    ``serialized_skus``. With one such line, any code that is not obviously something else is a
    candidate. With several, only the lines whose shipped serials share the code's prefix (the
    part before the first ``-``, ``/`` or space, or its first four characters) are.
    """
    wanted = {sku.strip().casefold() for sku in serialized_skus}
    serialized = tuple(x for x in lines if x.serials or x.sku.strip().casefold() in wanted)
    if len(serialized) <= 1:
        return serialized
    prefix = _serial_prefix(code)
    alike = tuple(x for x in serialized if any(_serial_prefix(s) == prefix for s in x.serials))
    return alike or serialized


def looks_like_serial(lines: Sequence[ExpectedLine], code: str) -> bool:
    """Whether ``code`` has the shape of the serials shipped on ``lines`` (prefix and length).

    Typed noise (``abc``, ``z9q``) does not; ``HP100-2303-00044`` beside ``HP100-2411-00912``
    does. Lines without recorded serials accept any code of six or more characters with a digit.
    """
    text = code.strip()
    if len(text) < 6 or not any(ch.isdigit() for ch in text):
        return False
    shipped = [s for x in lines for s in x.serials]
    if not shipped:
        return True
    prefix = _serial_prefix(text)
    return any(_serial_prefix(s) == prefix and abs(len(s) - len(text)) <= 3 for s in shipped)


def _serial_prefix(serial: str) -> str:
    text = serial.strip().casefold()
    for index, char in enumerate(text):
        if char in "-/ " and index > 0:
            return text[:index]
    return text[:4]
