"""Printed command sheets and operator badges: the clerk drives the desk with the scanner alone.

Each command of :data:`inspect_tui.core.command_codes.COMMANDS` is printed as a Code 128 barcode
and a QR code of its scan value (``CMD:ACCEPT``), with a caption, in a grid on an A4 page; badges
carry ``OP:<name>`` the same way. A sheet is written as PDF (vector, for printing) or PNG
(300 dpi, one page).
"""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PIL import Image

from inspect_tui.core.command_codes import BENCH_COMMANDS, COMMANDS, badge_code, command_code
from inspect_tui.core.translation import N_, _
from inspect_tui.services.printouts.drawing import (
    Canvas,
    PilCanvas,
    check_code128,
    find_cjk_font,
    needs_cjk,
    qr_matrix,
)
from inspect_tui.services.printouts.labels import write_atomically

if TYPE_CHECKING:  # fpdf (and its fontTools) load only when a PDF is written
    from fpdf import FPDF

__all__ = [
    "BADGE_TITLE",
    "CELLS_PER_PAGE",
    "COMMAND_CAPTIONS",
    "SHEET_SUFFIXES",
    "SHEET_TITLE",
    "BENCH_SHEET_TITLE",
    "SheetCell",
    "badge_cells",
    "cell_bounds",
    "command_cells",
    "write_badge_sheet",
    "write_bench_command_sheet",
    "write_command_sheet",
]

SHEET_TITLE = N_("inspect-tui command sheet")
"""The heading of the command sheet."""
BENCH_SHEET_TITLE = N_("inspect-tui bench command sheet")
"""The heading of the sheet of the less common steps' commands (refuse, seals, answers, tests)."""
SHEET_HOW_TO = N_(
    "How to use: keep this sheet at the bench and scan a code (barcode or QR) to run its "
    "command on the scan screen."
)
BADGE_TITLE = N_("inspect-tui operator badges")
"""The heading of a badge sheet."""
BADGE_HOW_TO = N_("How to use: cut out your badge and scan it at the bench to sign in.")
SHEET_SUFFIXES = (".pdf", ".png")
"""The formats a sheet is written in, chosen by the file's suffix."""
PNG_DPI = 300
"""Resolution of a PNG sheet."""

COMMAND_CAPTIONS: dict[str, str] = {
    "NEXT": N_("Next step or next parcel"),
    "BACK": N_("Back one step"),
    "ACCEPT": N_("Accept the return"),
    "REJECT": N_("Reject the return"),
    "OVERRIDE": N_("Override the suggestion (needs a reason)"),
    "GRADE-A": N_("Grade A: new, sealed"),
    "GRADE-B": N_("Grade B: opened, like new"),
    "GRADE-C": N_("Grade C: used, working"),
    "GRADE-D": N_("Grade D: damaged or defective"),
    "GRADE-X": N_("Grade X: not our item"),
    "PHOTO": N_("Take a photo for the evidence"),
    "DONE": N_("Done: complete the inspection"),
    "CANCEL": N_("Cancel what is under way"),
    "TICK": N_("Tick the current checklist item"),
    "REFUSE": N_("Refuse at receipt, in front of the courier"),
    "FOREIGN": N_("Record the unknown code as a foreign item"),
    "SEAL-MISSING": N_("The seal tag is missing or broken"),
    "SHIPPED-THIS": N_("Pre-shipment photo: this is what we shipped"),
    "NOT-SHIPPED": N_("Pre-shipment photo: not what we shipped"),
    "TEST-WORKS": N_("Function test: the claimed defect does not show"),
    "TEST-FAILS": N_("Function test: the claimed defect shows"),
    "BOX-DAMAGED": N_("The outer box arrived damaged"),
    "BOX-INTACT": N_("The outer box arrived intact"),
}
"""What each command does, printed under its name (English; in the language in use when printed)."""

_PAGE_WIDTH = 210.0
_PAGE_HEIGHT = 297.0
_MARGIN = 12.0
_GRID_TOP = 32.0
_HOW_TO_SIZE = 3.6
"""Height of the how-to text (mm); two lines of it fit between the title and the grid."""
_COLUMNS = 2
_ROWS = 7
CELLS_PER_PAGE = _COLUMNS * _ROWS
"""Codes on one A4 page."""
_PAD = 3.0
_BAR_HEIGHT = 14.0
_BAR_MODULE = 0.4
_MIN_BAR_MODULE = 0.165
_QR_MODULES = (0.8, 0.6, 0.5)
_MM_PER_PT = 25.4 / 72
_CJK = "cjk"
"""The name the CJK font is added to a PDF sheet under."""


@dataclass(frozen=True, slots=True)
class SheetCell:
    """One code on a sheet: its name, what it does, and the value the scanner types."""

    name: str
    caption: str
    value: str


@dataclass(frozen=True, slots=True)
class _Page:
    title: str
    how_to: str
    cells: tuple[SheetCell, ...]


def command_cells(names: Sequence[str] = COMMANDS) -> tuple[SheetCell, ...]:
    """Each command with its caption and scan value, in the order given."""
    return tuple(
        SheetCell(
            name, _(COMMAND_CAPTIONS[name]) if name in COMMAND_CAPTIONS else "", command_code(name)
        )
        for name in names
    )


def badge_cells(operators: Sequence[str]) -> tuple[SheetCell, ...]:
    """A badge for each operator (repeats dropped), in the order given.

    Raises:
        ValueError: If there are none, or a name cannot be a badge barcode (empty, too long,
            or not printable ASCII: spell Chinese names in pinyin).
    """
    names = list(dict.fromkeys(name.strip() for name in operators))
    if not names:
        raise ValueError("No operator names given for badges")
    cells: list[SheetCell] = []
    for name in names:
        value = badge_code(name)
        try:
            check_code128(value)
        except ValueError as error:
            raise ValueError(
                f"Operator {name!r} cannot have a badge: {error}. "
                "Badges need a name in Latin letters (e.g. pinyin)"
            ) from error
        cells.append(SheetCell(name, _("Operator badge"), value))
    return tuple(cells)


def write_command_sheet(path: Path) -> Path:
    """Write the command sheet, one A4 page; an existing file is replaced.

    Args:
        path: ``.pdf`` or ``.png``.

    Returns:
        ``path``.

    Raises:
        ValueError: If the suffix is not ``.pdf`` or ``.png``.
        OSError: If the file cannot be written.
    """
    return _write(path, _pages(SHEET_TITLE, SHEET_HOW_TO, command_cells()))


def write_bench_command_sheet(path: Path) -> Path:
    """Write the bench command sheet (:data:`BENCH_COMMANDS`), one A4 page.

    Raises:
        ValueError: If the suffix is not ``.pdf`` or ``.png``.
        OSError: If the file cannot be written.
    """
    return _write(path, _pages(BENCH_SHEET_TITLE, SHEET_HOW_TO, command_cells(BENCH_COMMANDS)))


def write_badge_sheet(path: Path, operators: Sequence[str]) -> Path:
    """Write operator badges, 14 to an A4 page; an existing file is replaced.

    Args:
        path: ``.pdf`` (any number of pages) or ``.png`` (one page: at most 14 badges).
        operators: The operators' names, as they sign in.

    Returns:
        ``path``.

    Raises:
        ValueError: If the suffix is wrong, a name cannot be a badge, or a PNG would need
            more than one page.
        OSError: If the file cannot be written.
    """
    return _write(path, _pages(BADGE_TITLE, BADGE_HOW_TO, badge_cells(operators)))


def _pages(title: str, how_to: str, cells: tuple[SheetCell, ...]) -> list[_Page]:
    """The pages of a sheet, its title and how-to in the language in use."""
    title, how_to = _(title), _(how_to)
    chunks = [cells[i : i + CELLS_PER_PAGE] for i in range(0, len(cells), CELLS_PER_PAGE)]
    if len(chunks) == 1:
        return [_Page(title, how_to, chunks[0])]
    return [
        _Page(
            _("{title} ({number} of {pages})").format(
                title=title, number=number, pages=len(chunks)
            ),
            how_to,
            chunk,
        )
        for number, chunk in enumerate(chunks, start=1)
    ]


def _write(path: Path, pages: list[_Page]) -> Path:
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        content = _pdf(pages)
    elif suffix == ".png":
        if len(pages) > 1:
            raise ValueError(
                f"A PNG holds one page ({CELLS_PER_PAGE} codes); "
                f"these need {len(pages)}: write a .pdf instead"
            )
        content = _png(pages[0])
    else:
        allowed = ", ".join(SHEET_SUFFIXES)
        raise ValueError(f"Cannot write a sheet as {path.name!r}: use one of {allowed}")
    write_atomically(path, content)
    return path


def _pdf(pages: list[_Page]) -> bytes:
    # Deferred: fpdf loads only when a sheet is written as PDF.
    from fpdf import FPDF

    pdf = FPDF(orientation="portrait", unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_creator("inspect-tui")
    pdf.set_title(pages[0].title)
    canvas = PdfCanvas(pdf)
    for page in pages:
        pdf.add_page()
        _draw_page(canvas, page)
    # fontTools reports the CJK font's tables it leaves out of the embedded subset; not needed.
    fonttools = logging.getLogger("fontTools")
    level = fonttools.level
    fonttools.setLevel(logging.ERROR)
    try:
        return bytes(pdf.output())
    finally:
        fonttools.setLevel(level)


def _png(page: _Page) -> bytes:
    scale = PNG_DPI / 25.4
    image = Image.new("1", (round(_PAGE_WIDTH * scale), round(_PAGE_HEIGHT * scale)), 1)
    _draw_page(PilCanvas(image, scale), page)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", dpi=(PNG_DPI, PNG_DPI))
    return buffer.getvalue()


def cell_bounds(index: int) -> tuple[float, float, float, float]:
    """Where the ``index``-th code of a page sits: ``(x, y, width, height)`` in millimetres."""
    width = (_PAGE_WIDTH - 2 * _MARGIN) / _COLUMNS
    height = (_PAGE_HEIGHT - _MARGIN - _GRID_TOP) / _ROWS
    row, column = divmod(index % CELLS_PER_PAGE, _COLUMNS)
    return _MARGIN + column * width, _GRID_TOP + row * height, width, height


def _draw_page(canvas: Canvas, page: _Page) -> None:
    width = _PAGE_WIDTH - 2 * _MARGIN
    canvas.text(_MARGIN, _MARGIN, 8.0, page.title, max_width=width, bold=True)
    for number, line in enumerate(wrapped(canvas, page.how_to, _HOW_TO_SIZE, width)[:2]):
        canvas.text(_MARGIN, _MARGIN + 10 + number * 1.3 * _HOW_TO_SIZE, _HOW_TO_SIZE, line,
                    max_width=width)  # fmt: skip
    for index, cell in enumerate(page.cells):
        x, y, cell_width, _ = cell_bounds(index)
        _draw_cell(canvas, x, y, cell_width, cell)


_PIECES = re.compile(r"(\s*)([\u2e80-\U0010ffff]|[^\s\u2e80-\U0010ffff]+)")
"""A word, or one Chinese character (Chinese breaks between any two), with the space before."""


def wrapped(canvas: Canvas, text: str, size: float, width: float) -> list[str]:
    """``text`` broken between words into lines no wider than ``width`` at ``size``.

    Chinese text, written without spaces, breaks between any two of its characters.
    """
    lines: list[str] = []
    current = ""
    for space, word in _PIECES.findall(text):
        candidate = f"{current}{' ' if space else ''}{word}" if current else word
        if current and canvas.text_width(canvas.printable(candidate), size, False) > width:
            lines.append(current)
            current = word
        else:
            current = candidate
    if current:
        lines.append(current)
    return lines


def _draw_cell(canvas: Canvas, x: float, y: float, width: float, cell: SheetCell) -> None:
    inner = width - 2 * _PAD
    canvas.text(x + _PAD, y + 1, 5.0, cell.name, max_width=inner, bold=True)
    canvas.text(x + _PAD, y + 7.5, 3.4, cell.caption, max_width=inner)
    top = y + 12.5
    qr_size = len(qr_matrix(cell.value))
    bars = canvas.code128_length(cell.value) + 20
    for wanted in _QR_MODULES:
        qr_module = canvas.snap(wanted)
        room = inner - (qr_size + 4) * qr_module
        module = canvas.snap(min(_BAR_MODULE, room / bars))
        if module >= _MIN_BAR_MODULE:
            break
    else:
        raise ValueError(f"{cell.value!r} is too long for a barcode on a sheet")
    canvas.qr(x + width - _PAD - qr_size * qr_module, top, cell.value, qr_module)
    bar_x = x + _PAD + 10 * module
    canvas.code128(bar_x, top, cell.value, module, _BAR_HEIGHT)
    canvas.text(bar_x, top + _BAR_HEIGHT + 1.2, 3.2, cell.value, max_width=room)


class PdfCanvas(Canvas):
    """Draws on the current page of an fpdf2 document, in millimetres.

    Latin text is set in Helvetica; text with Chinese characters in the CJK font found on the
    system (embedded, only the glyphs used), or, without one, as Latin-1 with ``?``.
    """

    def __init__(self, pdf: FPDF) -> None:
        self._pdf = pdf
        self._cjk = False

    def box(self, x: float, y: float, width: float, height: float) -> None:
        """Fill a black rectangle."""
        self._pdf.set_fill_color(0)
        self._pdf.rect(x, y, width, height, style="F")

    def printable(self, text: str) -> str:
        """``text`` as it is when the CJK font can set it, else in Latin-1 (others as ``?``)."""
        if needs_cjk(text) and self._load_cjk():
            return text
        return text.encode("latin-1", "replace").decode("latin-1")

    def text_width(self, text: str, size: float, bold: bool) -> float:
        """The width measured with the metrics of the font it is set in."""
        self._font(text, size, bold)
        return float(self._pdf.get_string_width(text))

    def draw_text(self, x: float, y: float, size: float, text: str, bold: bool) -> None:
        """Draw ``text`` with its top at ``y``."""
        self._font(text, size, bold)
        self._pdf.set_text_color(0)
        self._pdf.text(x, y + 0.8 * size, text)

    def _font(self, text: str, size: float, bold: bool) -> None:
        if needs_cjk(text) and self._load_cjk():
            self._pdf.set_font(_CJK, "", size / _MM_PER_PT)
        else:
            self._pdf.set_font("helvetica", "B" if bold else "", size / _MM_PER_PT)

    def _load_cjk(self) -> bool:
        """Whether the CJK font is in the document, adding it the first time it is needed."""
        if not self._cjk:
            path = find_cjk_font()
            if path is None:
                return False
            self._pdf.add_font(_CJK, "", str(path), collection_font_number=0)
            self._cjk = True
        return True
