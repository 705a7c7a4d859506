"""Small pieces of the evidence pack's PDF: the QR code, upright photos and cell texts."""

from __future__ import annotations

from fpdf import FPDF
from PIL import Image, ImageOps, UnidentifiedImageError

from inspect_tui.core.money import amount_with_code
from inspect_tui.core.state_names import in_words
from inspect_tui.core.translation import N_, _
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
    """The photo turned by its EXIF orientation and scaled down; None if it cannot be read.

    Only a file found as recorded is shown: an altered one is never shown as evidence.
    """
    if check.status != "ok":
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


def parts(unit: UnitView) -> str:
    present = unit.components_present
    if present is None:
        return ""
    return _("accessories back: {parts}").format(parts=", ".join(present) or _("none"))


VERDICT_WORDS: dict[str, str] = {
    "empty": N_("empty parcel"),
    "light": N_("too light"),
    "ok": N_("weight as expected"),
    "heavy": N_("too heavy"),
    "unknown": N_("nothing to compare with"),
}
"""The weight verdicts in words."""


def verdict(code: str) -> str:
    """A weight verdict in words in the language in use (an unknown one as it is)."""
    return in_words(VERDICT_WORDS, code)


SEVERITY_WORDS: dict[str, str] = {
    "info": N_("info"),
    "warning": N_("warning"),
    "problem": N_("problem"),
}
"""A finding's severity in words."""
STATUS_WORDS: dict[str, str] = {"open": N_("open"), "completed": N_("completed")}
"""An inspection's status in words."""


def severity(code: str) -> str:
    """A finding's severity in words in the language in use."""
    return in_words(SEVERITY_WORDS, code)


def status(code: str) -> str:
    """An inspection's status in words in the language in use."""
    return in_words(STATUS_WORDS, code)


def check_words(check: EvidenceCheck) -> str:
    """A file's check in words in the language in use: ``ok``, ``file missing`` …"""
    return _(check.words)


def text(value: str) -> str:
    return clean_text(value) or "—"


def grams(grams: int | None) -> str:
    return "—" if grams is None else f"{grams} g"


money = amount_with_code
"""An amount as the PDF writes it: ``399.00 CNY``."""
