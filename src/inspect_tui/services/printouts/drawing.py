"""Drawing barcodes and text for printouts: labels and command sheets.

Codes are encoded by python-barcode (Code 128) and qrcode, and drawn from their modules by a
:class:`Canvas` — Pillow, SVG, ZPL or PDF — so every printout is laid out once and every bar
is a whole number of the printer's dots.

python-barcode quietly accepts characters a scanner will not give back as typed (control
characters, and ``ñ``/``ò``/``ó``/``ô``, which it encodes as the FNC1-4 function codes), so
every code is checked by :func:`check_code128` first: printable ASCII only.
"""

from __future__ import annotations

import logging
import unicodedata
from abc import ABC, abstractmethod
from functools import cache
from itertools import groupby
from pathlib import Path
from xml.etree import ElementTree as ET

import qrcode
from barcode import Code128
from barcode.writer import PATH as _BARCODE_PACKAGE
from PIL import Image, ImageDraw, ImageFont

__all__ = [
    "CJK_FONT_PATHS",
    "CODE128_MAX_LENGTH",
    "NO_CJK_NOTE",
    "Canvas",
    "PilCanvas",
    "SvgCanvas",
    "check_code128",
    "clean_text",
    "code128_modules",
    "estimated_width",
    "find_cjk_font",
    "needs_cjk",
    "qr_matrix",
]

CODE128_MAX_LENGTH = 80
"""Longer codes make barcodes no bench scanner reads from a label or a sheet."""

CJK_FONT_PATHS: tuple[Path, ...] = (
    Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"),
    Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
    Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
    Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"),
    Path("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"),
)
"""Fonts with Chinese glyphs, in order of preference (Debian fonts-wqy-zenhei, fonts-noto-cjk)."""

NO_CJK_NOTE = "[Chinese text not printed: no CJK font]"
"""Printed in place of text that needs a CJK font when none is installed."""

_LATIN_FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
_BUNDLED_FONT = Path(_BARCODE_PACKAGE) / "fonts" / "DejaVuSansMono.ttf"
_CJK_START = 0x2E80
_TRUNCATED = "..."
_LONGEST_LINE = 400
_log = logging.getLogger(__name__)

_Font = ImageFont.FreeTypeFont | ImageFont.ImageFont


def check_code128(text: str) -> str:
    """Check that ``text`` can be a Code 128 barcode that scans back exactly as ``text``.

    Args:
        text: The code to encode.

    Returns:
        ``text``, unchanged.

    Raises:
        ValueError: If it is empty, longer than :data:`CODE128_MAX_LENGTH`, or holds anything
            but printable ASCII (letters, digits, space and punctuation, 32 to 126).
    """
    if not text:
        raise ValueError("There is no code to put in the barcode: it is empty")
    bad = [char for char in dict.fromkeys(text) if not " " <= char <= "~"]
    if bad:
        shown = ", ".join(f"{char!r} (U+{ord(char):04X})" for char in bad)
        raise ValueError(
            f"Code 128 cannot carry {text!r}: it takes printable ASCII only "
            f"(letters, digits, space and punctuation), not {shown}"
        )
    if len(text) > CODE128_MAX_LENGTH:
        raise ValueError(
            f"{text[:20]!r}… is {len(text)} characters long: a barcode holds at most "
            f"{CODE128_MAX_LENGTH}"
        )
    return text


def code128_modules(text: str) -> str:
    """The Code 128 modules of ``text``, start to stop: ``"1"`` a bar, ``"0"`` a space.

    Raises:
        ValueError: As :func:`check_code128`.
    """
    modules: str = Code128(check_code128(text)).build()[0]
    return modules


def qr_matrix(text: str) -> list[list[bool]]:
    """The QR code of ``text`` (error correction M, smallest version), without quiet zone."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
    code.add_data(text)
    code.make(fit=True)
    return [[bool(module) for module in row] for row in code.get_matrix()]


def clean_text(text: str) -> str:
    """Text fit to print: control characters become spaces, runs of space one space.

    Unpaired surrogates and unassigned code points, which neither a file nor XML can hold,
    are dropped.
    """
    kept: list[str] = []
    for char in text:
        category = unicodedata.category(char)
        if category in ("Cs", "Cn"):
            continue
        kept.append(" " if category in ("Cc", "Zl", "Zp") else char)
    return " ".join("".join(kept).split())


def needs_cjk(text: str) -> bool:
    """True when ``text`` holds Chinese (or other East Asian) characters."""
    return any(ord(char) >= _CJK_START for char in text)


def find_cjk_font() -> Path | None:
    """The first of :data:`CJK_FONT_PATHS` installed here, or None."""
    return next((path for path in CJK_FONT_PATHS if path.is_file()), None)


def estimated_width(text: str, size: float, narrow: float) -> float:
    """A safe guess of the printed width of ``text`` when the font cannot be measured.

    Args:
        text: One line of text.
        size: The font size (its height), in any unit.
        narrow: The width of a capital letter or digit as a fraction of ``size``; small
            letters count 0.85 of that, spaces and punctuation half, and Chinese and other
            wide characters a whole ``size``.
    """
    units = 0.0
    for char in text:
        if unicodedata.east_asian_width(char) in "WF":
            units += 1
        elif char.isupper() or char.isdigit():
            units += narrow
        elif char.isalpha():
            units += 0.85 * narrow
        else:
            units += 0.5 * narrow
    return size * units


class Canvas(ABC):
    """Where a printout is drawn: filled black boxes, barcodes and lines of text.

    Coordinates and sizes are in the canvas's unit (printer dots for labels, millimetres for
    sheets); ``y`` is the top of a line of text.
    """

    @abstractmethod
    def box(self, x: float, y: float, width: float, height: float) -> None:
        """Fill a black rectangle."""

    @abstractmethod
    def text_width(self, text: str, size: float, bold: bool) -> float:
        """The width ``text`` takes at ``size``."""

    @abstractmethod
    def draw_text(self, x: float, y: float, size: float, text: str, bold: bool) -> None:
        """Draw one line of text as given."""

    def printable(self, text: str) -> str:
        """``text`` as this canvas can show it."""
        return text

    def snap(self, length: float) -> float:
        """The largest length up to ``length`` that this canvas draws exactly."""
        return length

    def text(
        self,
        x: float,
        y: float,
        size: float,
        text: str,
        *,
        max_width: float,
        bold: bool = False,
        min_size: float | None = None,
    ) -> None:
        """Draw a line of text, shrunk down to ``min_size`` and then cut to fit ``max_width``."""
        shown = self.printable(clean_text(text[:_LONGEST_LINE]))
        smallest = size if min_size is None else min_size
        while size > smallest and self.text_width(shown, size, bold) > max_width:
            size = max(smallest, size - 2)
        if self.text_width(shown, size, bold) > max_width:
            while shown and self.text_width(shown + _TRUNCATED, size, bold) > max_width:
                shown = shown[:-1]
            shown = shown.rstrip() + _TRUNCATED
        if shown:
            self.draw_text(x, y, size, shown, bold)

    def code128_length(self, text: str) -> int:
        """How many modules wide the Code 128 of ``text`` is on this canvas."""
        return len(code128_modules(text))

    def code128(self, x: float, y: float, text: str, module: float, height: float) -> None:
        """Draw the Code 128 of ``text``, first bar at ``x``; leave 10 modules clear each side."""
        position = 0
        for kind, run in groupby(code128_modules(text)):
            width = len(list(run))
            if kind == "1":
                self.box(x + position * module, y, width * module, height)
            position += width

    def qr(self, x: float, y: float, text: str, module: float) -> None:
        """Draw the QR code of ``text`` from ``(x, y)``; leave 4 modules clear around it."""
        for row_index, row in enumerate(qr_matrix(text)):
            column = 0
            for dark, run in groupby(row):
                width = len(list(run))
                if dark:
                    top = y + row_index * module
                    self.box(x + column * module, top, width * module, module)
                column += width


class PilCanvas(Canvas):
    """Draws black on a white Pillow image (mode ``"1"``), ``scale`` pixels to the unit."""

    def __init__(self, image: Image.Image, scale: float = 1.0) -> None:
        self._draw = ImageDraw.Draw(image)
        self._scale = scale

    def box(self, x: float, y: float, width: float, height: float) -> None:
        """Fill a black rectangle, its edges rounded to whole pixels."""
        s = self._scale
        left, top = round(x * s), round(y * s)
        right, bottom = round((x + width) * s) - 1, round((y + height) * s) - 1
        self._draw.rectangle((left, top, right, bottom), fill=0)

    def snap(self, length: float) -> float:
        """A whole number of pixels (at least one) not above ``length``, in the canvas unit."""
        return max(1, int(length * self._scale + 1e-9)) / self._scale

    def printable(self, text: str) -> str:
        """``text``, without its Chinese and with :data:`NO_CJK_NOTE` if no CJK font is found."""
        if not needs_cjk(text) or find_cjk_font() is not None:
            return text
        _log.warning(
            "No CJK font found (looked for %s): Chinese text is left off the printout. "
            "Install one, e.g. `apt-get install fonts-wqy-zenhei`.",
            ", ".join(str(path) for path in CJK_FONT_PATHS),
        )
        latin = " ".join("".join(c for c in text if ord(c) < _CJK_START).split())
        return f"{latin} {NO_CJK_NOTE}".strip()

    def text_width(self, text: str, size: float, bold: bool) -> float:
        """The width of ``text`` measured with the font it will be drawn in."""
        return self._font(text, size, bold).getlength(text) / self._scale

    def draw_text(self, x: float, y: float, size: float, text: str, bold: bool) -> None:
        """Draw ``text`` with its top left at ``(x, y)``."""
        position = (round(x * self._scale), round(y * self._scale))
        self._draw.text(position, text, font=self._font(text, size, bold), fill=0)

    def _font(self, text: str, size: float, bold: bool) -> _Font:
        return _font_for(text, max(1, round(size * self._scale)), bold)


class SvgCanvas(Canvas):
    """Adds rectangles and text elements to an SVG element; text is escaped by ElementTree."""

    FONT_FAMILY = "DejaVu Sans, Arial, WenQuanYi Zen Hei, Noto Sans CJK SC, sans-serif"
    """Latin fonts first, then Chinese ones: the viewer picks per character."""

    def __init__(self, root: ET.Element) -> None:
        self._root = root

    def box(self, x: float, y: float, width: float, height: float) -> None:
        """Add a black ``rect``."""
        ET.SubElement(
            self._root, "rect", x=_num(x), y=_num(y), width=_num(width), height=_num(height)
        )

    def text_width(self, text: str, size: float, bold: bool) -> float:
        """The width in DejaVu Sans, the first font asked for, else a safe guess."""
        if needs_cjk(text) and find_cjk_font() is None:
            return estimated_width(text, size, 0.8)
        pixels = max(1, round(size))
        return _font_for(text, pixels, bold).getlength(text) * size / pixels

    def draw_text(self, x: float, y: float, size: float, text: str, bold: bool) -> None:
        """Add a ``text`` element whose top is at ``y``."""
        element = ET.SubElement(
            self._root,
            "text",
            x=_num(x),
            y=_num(y + 0.8 * size),
            attrib={"font-size": _num(size), "font-family": self.FONT_FAMILY},
        )
        if bold:
            element.set("font-weight", "bold")
        element.text = text


def _num(value: float) -> str:
    return f"{value:.3f}".rstrip("0").rstrip(".")


def _font_for(text: str, pixels: int, bold: bool) -> _Font:
    """The font ``text`` is drawn in: a CJK font when it needs one, else DejaVu Sans."""
    cjk = find_cjk_font() if needs_cjk(text) else None
    if cjk is not None:
        return _truetype(str(cjk), pixels)
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    for path in (_LATIN_FONT_DIR / name, _BUNDLED_FONT):
        if path.is_file():
            return _truetype(str(path), pixels)
    return ImageFont.load_default(pixels)


@cache
def _truetype(path: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(path, size)
