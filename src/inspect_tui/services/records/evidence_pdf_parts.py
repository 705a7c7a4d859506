"""Small pieces of the evidence pack's PDF: the QR code, upright photos and cell texts."""

from __future__ import annotations

import json
from typing import Any

from fpdf import FPDF
from PIL import Image, ImageOps, UnidentifiedImageError

from inspect_tui.services.exporting.rows import ZERO_DECIMAL_CURRENCIES
from inspect_tui.services.printouts.drawing import clean_text, qr_matrix
from inspect_tui.services.records.inspection_record import EvidenceCheck
from inspect_tui.services.shared.views import UnitView

PHOTO_PIXELS = 1200
"""Photos are scaled down to this many pixels on their longer side before embedding."""


def draw_qr(pdf: FPDF, text: str, x: float, y: float, size: float) -> None:
    matrix = qr_matrix(text)
    module = size / (len(matrix) + 4)
    pdf.set_fill_color(0)
    for row, cells in enumerate(matrix):
        for column, dark in enumerate(cells):
            if dark:
                left = x + (column + 2) * module
                pdf.rect(left, y + (row + 2) * module, module, module, style="F")
    pdf.set_fill_color(255)


def upright(check: EvidenceCheck) -> Image.Image | None:
    """The photo turned by its EXIF orientation and scaled down; None if it cannot be read."""
    if check.status == "missing":
        return None
    try:
        with Image.open(check.evidence.path) as opened:
            image = ImageOps.exif_transpose(opened)
            image.thumbnail((PHOTO_PIXELS, PHOTO_PIXELS))
            return image.convert("RGB")
    except (OSError, UnidentifiedImageError, ValueError):
        return None


PHOTO_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".tif", ".tiff", ".heic", ".bmp", ".gif")


def is_photo(check: EvidenceCheck) -> bool:
    item = check.evidence
    name = (item.original_name or str(item.path)).lower()
    return name.endswith(PHOTO_SUFFIXES) or str(item.path).lower().endswith(PHOTO_SUFFIXES)


def details(payload: dict[str, Any]) -> str:
    """The payload as ``key=value`` pairs, empty values left out."""
    parts = [
        f"{key}={value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)}"
        for key, value in payload.items()
        if value not in (None, "", [], {})
    ]
    text = ", ".join(parts)
    return text if len(text) <= 240 else text[:239] + "…"


def parts(unit: UnitView) -> str:
    present = unit.components_present
    return "" if present is None else f"accessories back: {', '.join(present) or 'none'}"


def text(value: str) -> str:
    return clean_text(value) or "—"


def grams(grams: int | None) -> str:
    return "—" if grams is None else f"{grams} g"


def money(minor: int | None, currency: str) -> str:
    if minor is None:
        return "—"
    places = 0 if currency.upper() in ZERO_DECIMAL_CURRENCIES else 2
    return f"{minor / 10**places:.{places}f} {currency}".strip()
