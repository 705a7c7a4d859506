"""Disposition labels: where a returned unit goes, with its inspection code as Code 128 and QR.

When an inspection is completed each unit (or the parcel, when no units were scanned) gets a
4 x 2 inch label at 203 dpi: the disposition in large letters, the outcome, grade, SKU, title,
order and date, a QR code and a Code 128 barcode of the inspection code, so whoever picks the
unit up later can scan it back to the inspection. A label is written as PNG (for any printer),
SVG, or ZPL (for Zebra printers, which draw the barcodes themselves).

One layout is drawn on a :class:`Canvas`: Pillow for PNG, SVG elements, or ZPL fields. Codes
are encoded by python-barcode (Code 128) and qrcode, and the bars and modules are drawn as
whole printer dots, so nothing is resampled on the way to the printer.
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from xml.etree import ElementTree as ET

from PIL import Image

from inspect_tui.core.policy import DISPOSITIONS, GRADES, OUTCOMES
from inspect_tui.core.translation import N_, SOURCE_LANGUAGE, _, language, long_date
from inspect_tui.services.printouts import zpl
from inspect_tui.services.printouts.drawing import (
    Canvas,
    PilCanvas,
    SvgCanvas,
    check_code128,
    code128_modules,
    qr_matrix,
)

__all__ = [
    "LABEL_DPI",
    "LABEL_HEIGHT",
    "LABEL_SUFFIXES",
    "LABEL_WIDTH",
    "LabelData",
    "label_file_stem",
    "label_png",
    "label_svg",
    "label_zpl",
    "write_atomically",
    "write_label",
    "write_labels_for",
]

LABEL_DPI = 203
"""Dots per inch of the usual desktop thermal printer; the layout is in these dots."""
LABEL_WIDTH = 812
"""4 inches at 203 dpi."""
LABEL_HEIGHT = 406
"""2 inches at 203 dpi."""
LABEL_SUFFIXES = (".png", ".svg", ".zpl")
"""The formats :func:`write_label` writes, chosen by the file's suffix."""

DISPOSITION_WORDS = {
    "restock": N_("RESTOCK"),
    "open_box": N_("OPEN BOX"),
    "refurbish": N_("REFURBISH"),
    "return_to_vendor": N_("RETURN TO VENDOR"),
    "quarantine": N_("QUARANTINE"),
    "scrap": N_("SCRAP"),
    "return_to_buyer": N_("RETURN TO BUYER"),
    "return_to_courier": N_("RETURN TO COURIER"),
}
"""The disposition as printed (in the language in use): ``return_to_vendor`` is
``RETURN TO VENDOR`` / ``退回供应商``; one not listed is printed as its code in capitals."""
OUTCOME_WORDS = {
    "accept": N_("ACCEPTED"),
    "partial": N_("PARTIAL REFUND"),
    "reject": N_("REJECTED"),
    "escalate": N_("ESCALATED"),
    "refused": N_("REFUSED AT RECEIPT"),
}
"""The outcome as printed (in the language in use)."""

_MARGIN = 20
_QR_AREA = 184
_QUIET_MODULES = 10
_BAR_TOP = 240
_BAR_HEIGHT = 100
_CODE_TOP = 350
_CODE_SIZE = 34
_SEPARATOR = " | "
_UNSAFE_IN_NAMES = re.compile(r"[^A-Za-z0-9._-]")


@dataclass(frozen=True, slots=True)
class LabelData:
    """What a disposition label shows; checked when it is made, so every label can print.

    Raises:
        ValueError: If the inspection code cannot go in a Code 128 barcode on the label, or
            the outcome, disposition, grade or unit number is not one the desk knows.
    """

    inspection_code: str
    """The inspection's code, e.g. ``INS-20261122-0042``: printable ASCII only."""
    outcome: str
    """One of ``accept``, ``partial``, ``reject``, ``escalate``, ``refused``."""
    disposition: str
    """Where the unit goes: ``restock``, ``open_box``, ``quarantine``, …"""
    sku: str | None
    """The unit's SKU, when known."""
    grade: str | None
    """Condition grade A, B, C, D or X, when graded."""
    title: str | None
    """The product title, in any script (Chinese titles need a CJK font for PNG)."""
    order_ref: str | None
    """The marketplace order the return belongs to."""
    day: date
    """The day of the inspection."""
    unit: int | None = None
    """The unit's number within a multi-unit parcel; None for a label per parcel."""

    def __post_init__(self) -> None:
        check_code128(self.inspection_code)
        _barcode_module(len(code128_modules(self.inspection_code)))
        _one_of("outcome", self.outcome, OUTCOMES)
        _one_of("disposition", self.disposition, DISPOSITIONS)
        if self.grade is not None:
            _one_of("grade", self.grade, GRADES)
        if self.unit is not None and self.unit < 1:
            raise ValueError(f"Unit numbers start at 1, not {self.unit}")


def label_png(data: LabelData) -> Image.Image:
    """The label as a black-and-white image of 812 x 406 dots.

    Chinese text is drawn with a CJK font found on the system; without one it is left out
    and the label says so (see :func:`inspect_tui.services.drawing.find_cjk_font`).
    """
    image = Image.new("1", (LABEL_WIDTH, LABEL_HEIGHT), 1)
    _draw_label(PilCanvas(image), data)
    return image


def label_svg(data: LabelData) -> str:
    """The label as an SVG document, 4 x 2 inches, laid out in printer dots."""
    root = ET.Element(
        "svg",
        xmlns="http://www.w3.org/2000/svg",
        version="1.1",
        width="101.6mm",
        height="50.8mm",
        viewBox=f"0 0 {LABEL_WIDTH} {LABEL_HEIGHT}",
    )
    ET.SubElement(root, "title").text = f"{data.inspection_code} {data.disposition}"
    ET.SubElement(root, "rect", width=str(LABEL_WIDTH), height=str(LABEL_HEIGHT), fill="#fff")
    _draw_label(SvgCanvas(root), data)
    body = ET.tostring(root, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}\n'


def label_zpl(data: LabelData) -> str:
    """The label in ZPL II for a 203 dpi Zebra printer, which draws the barcodes itself."""
    canvas = zpl.ZplCanvas()
    _draw_label(canvas, data)
    return zpl.document(canvas.fields, width=LABEL_WIDTH, height=LABEL_HEIGHT)


def write_label(data: LabelData, path: Path) -> Path:
    """Write one label, in the format its suffix names; an existing file is replaced.

    Args:
        data: What the label shows.
        path: Where to write: ``.png``, ``.svg`` or ``.zpl`` (any case).

    Returns:
        ``path``.

    Raises:
        ValueError: If the suffix is not one of :data:`LABEL_SUFFIXES`.
        OSError: If the file cannot be written.
    """
    suffix = path.suffix.lower()
    if suffix == ".png":
        buffer = io.BytesIO()
        label_png(data).save(buffer, format="PNG", dpi=(LABEL_DPI, LABEL_DPI))
        content = buffer.getvalue()
    elif suffix == ".svg":
        content = label_svg(data).encode("utf-8")
    elif suffix == ".zpl":
        content = label_zpl(data).encode("utf-8")
    else:
        allowed = ", ".join(LABEL_SUFFIXES)
        raise ValueError(f"Cannot write a label as {path.name!r}: use one of {allowed}")
    write_atomically(path, content)
    return path


def write_labels_for(data: Sequence[LabelData], directory: Path) -> list[Path]:
    """Write a PNG and a ZPL label for each unit (or the parcel) of a completed inspection.

    Args:
        data: One label per unit, or a single one for the parcel.
        directory: Created when missing; existing labels of the same names are replaced.

    Returns:
        The files written, PNG then ZPL for each label, in the order given.

    Raises:
        ValueError: If two labels would get the same file name.
        OSError: If a file cannot be written.
    """
    stems = [label_file_stem(item) for item in data]
    repeated = sorted({stem for stem in stems if stems.count(stem) > 1})
    if repeated:
        raise ValueError(f"Two labels would be written as {', '.join(repeated)}")
    directory.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for item, stem in zip(data, stems, strict=True):
        written.append(write_label(item, directory / f"{stem}.png"))
        written.append(write_label(item, directory / f"{stem}.zpl"))
    return written


def label_file_stem(data: LabelData) -> str:
    """The file name of a label without suffix: ``INS-20261122-0042-u1``, safe on any disk."""
    stem = _UNSAFE_IN_NAMES.sub("_", data.inspection_code).lstrip(".") or "label"
    return stem if data.unit is None else f"{stem}-u{data.unit}"


def write_atomically(path: Path, content: bytes) -> None:
    """Replace ``path`` with ``content`` so a reader never sees a half-written file."""
    partial = path.with_name(f".{path.name}.partial")
    try:
        partial.write_bytes(content)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


def _draw_label(canvas: Canvas, data: LabelData) -> None:
    qr_size = len(qr_matrix(data.inspection_code))
    qr_module = _QR_AREA // (qr_size + 8)
    qr_x = LABEL_WIDTH - _MARGIN - qr_module * (qr_size + 4)
    canvas.qr(qr_x, _MARGIN, data.inspection_code, qr_module)
    width = qr_x - 4 * qr_module - _MARGIN
    status = [_(OUTCOME_WORDS[data.outcome])]
    if data.grade is not None:
        status.append(_("grade {grade}").format(grade=data.grade))
    if data.unit is not None:
        status.append(_("unit {number}").format(number=data.unit))
    order = [_("Order {order}").format(order=data.order_ref)] if data.order_ref else []
    order.append(data.day.isoformat() if language() == SOURCE_LANGUAGE else long_date(data.day))
    known = DISPOSITION_WORDS.get(data.disposition)
    words = _(known) if known is not None else data.disposition.replace("_", " ").upper()
    canvas.text(_MARGIN, 16, 56, words, max_width=width, bold=True, min_size=36)
    status_line = _SEPARATOR.join(status)
    canvas.text(_MARGIN, 86, 30, status_line, max_width=width, bold=True, min_size=24)
    if data.sku:
        sku = _("SKU {sku}").format(sku=data.sku)
        canvas.text(_MARGIN, 124, 30, sku, max_width=width, min_size=24)
    if data.title:
        canvas.text(_MARGIN, 162, 28, data.title, max_width=width, min_size=24)
    canvas.text(_MARGIN, 198, 26, _SEPARATOR.join(order), max_width=width, min_size=22)
    module = _barcode_module(canvas.code128_length(data.inspection_code))
    bar_x = _MARGIN + _QUIET_MODULES * module
    canvas.code128(bar_x, _BAR_TOP, data.inspection_code, module, _BAR_HEIGHT)
    canvas.text(bar_x, _CODE_TOP, _CODE_SIZE, data.inspection_code, max_width=LABEL_WIDTH)


def _barcode_module(modules: int) -> int:
    """The widest bar (in dots, 3 or 2) at which the barcode and its quiet zones fit."""
    for module in (3, 2):
        if (modules + 2 * _QUIET_MODULES) * module <= LABEL_WIDTH - 2 * _MARGIN:
            return module
    raise ValueError(
        f"The code is too long for a barcode on a {LABEL_WIDTH}-dot label "
        f"({modules} modules); use a shorter inspection code"
    )


def _one_of(what: str, value: str, allowed: Sequence[str]) -> None:
    if value not in allowed:
        raise ValueError(f"Unknown {what} {value!r}: expected one of {', '.join(allowed)}")
