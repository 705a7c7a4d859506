"""Expected units against scanned units: matched, missing, unexpected, wrong serial, accessories.

``match_scan`` places one scan as it happens (so the clerk hears about a wrong serial at once);
``compare`` tallies everything recorded so far for the rules. GTINs compare as 14 digits, left
padded with zeros; SKUs and serials compare case-insensitively.

Serialized products: a scan that carries only the product (GTIN or SKU) of a line with recorded
serials is placed on the line as ``serial_needed`` — the unit counts, but until its serial is
scanned nobody knows whether it is the unit shipped (buy-new-return-old). A following serial scan
names the waiting unit in ``ScanMatch.completes_unit_id``, so the Workstation can attach it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

from inspect_tui.core.parcel import ExpectedLine, ReceivedUnit
from inspect_tui.core.translation import _
from inspect_tui.core.vocabulary import Grade

COUNTED = ("matched", "serial_needed", "serial_mismatch")
"""Match kinds that fill a place on their line."""
UNSPECIFIED_PART = "unspecified accessory"
"""Stands for a missing accessory the clerk did not name."""


@dataclass(frozen=True, slots=True)
class ScanMatch:
    """Where one scan belongs on the shipment."""

    line_no: int | None
    sku: str | None
    gtin: str | None
    """The GTIN as 14 digits, when the scan or its line has one."""
    serial: str | None
    match: str
    """One of parcel.MATCH_KINDS."""
    explanation: str
    completes_unit_id: int | None = None
    """A ``serial_needed`` unit this serial scan belongs to, rather than a new unit."""


@dataclass(frozen=True, slots=True)
class LineTally:
    """One expected line against the units placed on it."""

    line_no: int
    sku: str
    expected: int
    received: int
    missing: int
    serials_expected: tuple[str, ...]
    serials_received: tuple[str, ...]
    components_missing: tuple[str, ...]
    extra: int = 0
    """Units of this line beyond the quantity expected back."""


@dataclass(frozen=True, slots=True)
class Contents:
    """The whole parcel's contents against what the return covers."""

    per_line: tuple[LineTally, ...]
    missing_units: int
    unexpected: tuple[ReceivedUnit, ...]
    """Units not on the order, and units graded X (not our item)."""
    serial_mismatches: tuple[ReceivedUnit, ...]
    duplicates: tuple[ReceivedUnit, ...]
    missing_components: tuple[tuple[int, str], ...]
    """(line_no, accessory) once per missing accessory per unit."""
    serials_unchecked: tuple[ReceivedUnit, ...] = ()
    extras: tuple[ReceivedUnit, ...] = ()
    """Units of the order beyond what the return covers (over quantity or unrequested line)."""
    placed: tuple[ReceivedUnit, ...] = ()
    """Units that fill an expected place: the ones whose condition decides the refund."""


def gtin14(value: str | None) -> str | None:
    """A GTIN as 14 digits, or None when the value is not all digits (or is too long)."""
    digits = (value or "").strip()
    return digits.zfill(14) if digits.isdigit() and len(digits) <= 14 else None


def requested_lines(
    lines: Sequence[ExpectedLine], requested: Sequence[tuple[str, int]]
) -> tuple[tuple[ExpectedLine, ...], tuple[str, ...]]:
    """The lines a return request covers, with quantities set to the requested ones.

    Serials stay those shipped on the line. An empty request covers the whole shipment.

    Returns:
        The covered lines and the requested SKUs that are not on the shipment.
    """
    if not requested:
        return tuple(lines), ()
    wanted: dict[str, int] = {}
    for sku, qty in requested:
        key = sku.strip().casefold()
        wanted[key] = wanted.get(key, 0) + max(qty, 0)
    covered = []
    for line in lines:
        key = line.sku.strip().casefold()
        take = min(wanted.get(key, 0), line.qty)
        if take > 0:
            covered.append(dataclasses.replace(line, qty=take))
            wanted[key] -= take
    known = {line.sku.strip().casefold() for line in lines}
    unknown = tuple(sku for sku, _ in requested if sku.strip().casefold() not in known)
    return tuple(covered), unknown


def match_scan(
    lines: Sequence[ExpectedLine],
    units_so_far: Sequence[ReceivedUnit],
    *,
    text: str,
    gtin: str | None = None,
    serial: str | None = None,
) -> ScanMatch:
    """Place one scan against the shipment lines.

    The product is found by ``gtin`` (from a decoded GS1 code), else by ``text`` as a SKU, else
    by ``text`` as a bare GTIN-8/12/13/14; a serial (``serial``, or ``text`` when it is a serial
    shipped on the order) identifies its line on its own. Text that names nothing while exactly
    one unit waits for its serial is taken as that unit's serial: the clerk scans the product
    barcode, then the serial label, and a serial that was never shipped is a serial mismatch.

    Args:
        lines: The shipment lines with shipped quantities.
        units_so_far: Units already recorded on this parcel.
        text: The scanned text.
        gtin: GTIN decoded from the scan, if any.
        serial: Serial decoded from the scan, if any.
    """
    code = text.strip()
    line, product_gtin = _product_line(lines, units_so_far, code, gtin)
    named_product = line is not None
    serial_value = serial.strip() if serial else None
    waiting_any = waiting_units(units_so_far, None)
    if not named_product and serial_value is None and code:
        bare_gtin = len(code) in (8, 12, 13, 14) and gtin14(code) is not None
        if _serial_line(lines, code) is not None or (
            gtin is None and not bare_gtin and len(waiting_any) == 1
        ):
            serial_value = code  # a serial alone: shipped, or the one waiting unit's
    if line is None and serial_value is not None:
        serial_line = _serial_line(lines, serial_value)
        if serial_line is not None:
            if product_gtin is None or gtin14(serial_line.gtin) in (None, product_gtin):
                line = serial_line
        elif gtin is None and len(waiting_any) == 1:
            line = next((x for x in lines if x.line_no == waiting_any[0].line_no), None)
    if line is None:
        return ScanMatch(
            None,
            None,
            product_gtin,
            serial_value,
            "unexpected",
            _("{code} is not on this order: a swapped item or an extra.").format(code=repr(code)),
        )

    label = _("Line {line} · {title}").format(line=line.line_no, title=line.title)
    found_gtin = product_gtin or gtin14(line.gtin)
    shipped = {s.casefold() for s in line.serials}

    def result(match: str, explanation: str, completes: int | None = None) -> ScanMatch:
        return ScanMatch(
            line.line_no, line.sku, found_gtin, serial_value, match, explanation, completes
        )

    if serial_value is not None:
        key = serial_value.casefold()
        for place, unit in enumerate(units_so_far, start=1):
            if unit.serial is not None and unit.serial.casefold() == key:
                text = _("Serial {serial} was already scanned (unit {place}).")
                return result("duplicate", text.format(serial=serial_value, place=place))
    for place, unit in enumerate(units_so_far, start=1):
        same_code = unit.code.strip().casefold() == code.casefold()
        if same_code and unit.serial and unit.serial.casefold() in code.casefold():
            text = _("{code} was already scanned (unit {place}).")
            return result("duplicate", text.format(code=repr(code), place=place))

    waiting = waiting_units(units_so_far, line.line_no)
    completes = waiting[0].unit_id if serial_value and waiting and not named_product else None
    if serial_value is not None and shipped and serial_value.casefold() not in shipped:
        return result(
            "serial_mismatch",
            _("{line}: serial {serial} was not shipped on this order (shipped: {shipped}).").format(
                line=label, serial=serial_value, shipped=", ".join(line.serials)
            ),
            completes,
        )
    on_line = sum(1 for u in units_so_far if u.line_no == line.line_no and u.match in COUNTED)
    if completes is None and on_line >= line.qty:
        text = _("{line}: {qty} shipped, this would be unit {place}.")
        return result("over_quantity", text.format(line=label, qty=line.qty, place=on_line + 1))
    if serial_value is None and shipped:
        text = _("{line}: product matches; scan its serial to check it was shipped.")
        return result("serial_needed", text.format(line=label))
    if serial_value is not None and shipped:
        text = _("{line}: serial {serial} was shipped.").format(line=label, serial=serial_value)
        return result("matched", text, completes)
    return result("matched", _("{line}: matches the order.").format(line=label))


def compare(lines: Sequence[ExpectedLine], units: Sequence[ReceivedUnit]) -> Contents:
    """Tally the recorded units against the lines the return covers.

    Units keep the match decided when they were scanned. A unit graded X (not our item) does not
    fill its line's place and is listed as unexpected. Accessories count as missing only once the
    clerk answered ``accessories_complete`` = no: then every line component not in
    ``components_present`` is missing, or one ``UNSPECIFIED_PART`` when none were named.
    """
    known = {line.line_no for line in lines}
    unexpected: list[ReceivedUnit] = []
    extras: list[ReceivedUnit] = []
    on_line: dict[int, list[ReceivedUnit]] = {n: [] for n in known}
    for unit in units:
        if unit.match == "duplicate":
            continue
        if unit.match == "unexpected" or unit.grade == Grade.X:
            unexpected.append(unit)
        elif unit.match == "over_quantity" or unit.line_no not in known:
            extras.append(unit)
        elif unit.line_no is not None and unit.match in COUNTED:
            on_line[unit.line_no].append(unit)

    tallies = []
    missing_components: list[tuple[int, str]] = []
    for line in lines:
        placed = on_line[line.line_no]
        extras.extend(placed[line.qty :])
        parts = tuple(part for unit in placed[: line.qty] for part in _missing_parts(line, unit))
        missing_components.extend((line.line_no, part) for part in parts)
        tallies.append(
            LineTally(
                line_no=line.line_no,
                sku=line.sku,
                expected=line.qty,
                received=len(placed),
                missing=max(0, line.qty - len(placed)),
                serials_expected=line.serials,
                serials_received=tuple(u.serial for u in placed if u.serial),
                components_missing=parts,
                extra=max(0, len(placed) - line.qty),
            )
        )
    placed_units = [u for line in lines for u in on_line[line.line_no][: line.qty]]
    return Contents(
        per_line=tuple(tallies),
        missing_units=sum(t.missing for t in tallies),
        unexpected=tuple(unexpected),
        serial_mismatches=tuple(
            u for group in on_line.values() for u in group if u.match == "serial_mismatch"
        ),
        duplicates=tuple(u for u in units if u.match == "duplicate"),
        missing_components=tuple(missing_components),
        serials_unchecked=tuple(u for u in placed_units if u.match == "serial_needed"),
        extras=tuple(extras),
        placed=tuple(placed_units),
    )


def _missing_parts(line: ExpectedLine, unit: ReceivedUnit) -> tuple[str, ...]:
    if unit.answer("accessories_complete") is not False:
        return ()
    if unit.components_present is None:
        return (UNSPECIFIED_PART,)
    present = {p.strip().casefold() for p in unit.components_present}
    missing = tuple(c for c in line.components if c.strip().casefold() not in present)
    return missing or (UNSPECIFIED_PART,)


def _product_line(
    lines: Sequence[ExpectedLine],
    units: Sequence[ReceivedUnit],
    code: str,
    gtin: str | None,
) -> tuple[ExpectedLine | None, str | None]:
    """The line whose product the scan names, preferring one with places left; and the GTIN."""
    wanted = gtin14(gtin)
    if wanted is not None:
        candidates = [x for x in lines if gtin14(x.gtin) == wanted]
    else:
        candidates = [x for x in lines if x.sku.strip().casefold() == code.casefold()]
        if not candidates and len(code) in (8, 12, 13, 14) and gtin14(code) is not None:
            wanted = gtin14(code)
            candidates = [x for x in lines if gtin14(x.gtin) == wanted]
    for line in candidates:
        taken = sum(1 for u in units if u.line_no == line.line_no and u.match in COUNTED)
        if taken < line.qty:
            return line, wanted
    return (candidates[0] if candidates else None), wanted


def _serial_line(lines: Sequence[ExpectedLine], serial: str | None) -> ExpectedLine | None:
    key = (serial or "").casefold()
    return next((x for x in lines if key and key in {s.casefold() for s in x.serials}), None)


def waiting_units(units: Sequence[ReceivedUnit], line_no: int | None) -> tuple[ReceivedUnit, ...]:
    return tuple(
        u
        for u in units
        if u.match == "serial_needed" and u.serial is None and line_no in (None, u.line_no)
    )
