"""ZPL II for Zebra label printers: the few commands a disposition label needs, escaped right.

A ZPL label is one ``^XA … ^XZ`` block of commands. Text reaches the printer inside ``^FD``
field data, where ``^`` and ``~`` would start a new command; so every text field here is sent
with ``^FH`` (field hex), in which ``_`` introduces two hex digits, and ``^``, ``~`` and ``_``
are written as ``_5E``, ``_7E`` and ``_5F``. ``^CI28`` makes the printer read field data as
UTF-8, so Chinese text goes through as it is (it still needs a CJK font on the printer).

Code 128 data (``^BC``) has escapes of its own: ``>`` starts an invocation code there, so
``^``, ``>`` and ``~`` are written ``><``, ``>0`` and ``>=``, and the data starts with ``>:``
(start in subset B) so nothing in it is read as digit pairs.
"""

from __future__ import annotations

from collections.abc import Sequence

from inspect_tui.services.printouts.drawing import Canvas, check_code128, estimated_width, needs_cjk

__all__ = [
    "CJK_FONT",
    "ZplCanvas",
    "code128_data",
    "code128_field",
    "document",
    "field_hex",
    "qr_field",
    "text_field",
]

CJK_FONT = "E:ANMDS.TTF"
"""Zebra's Simplified Chinese TrueType font (Andale), used for text the built-in font lacks.

It is an optional download on most printers: without it, Chinese text prints as boxes.
"""

_HEX_ESCAPED = frozenset("^~_")
_CODE128_INVOCATIONS = {"^": "><", ">": ">0", "~": ">="}
_START_B = ">:"


def field_hex(text: str) -> str:
    """Escape text for a ``^FH`` field.

    Args:
        text: The text to print, any Unicode.

    Returns:
        ``text`` with ``^``, ``~``, ``_`` and control characters written as ``_XX`` hex.
    """
    parts: list[str] = []
    for char in text:
        code = ord(char)
        if char in _HEX_ESCAPED or code < 0x20 or code == 0x7F:
            parts.append(f"_{code:02X}")
        else:
            parts.append(char)
    return "".join(parts)


def code128_data(text: str) -> str:
    """Field data for ``^BC`` that encodes exactly ``text`` in Code 128 subset B.

    Args:
        text: Printable ASCII (32 to 126).

    Returns:
        ``>:`` followed by ``text`` with ``^``, ``>`` and ``~`` as invocation codes.

    Raises:
        ValueError: If ``text`` is empty or not printable ASCII.
    """
    if not text or not all(" " <= char <= "~" for char in text):
        raise ValueError(f"Code 128 on a Zebra label takes printable ASCII only, not {text!r}")
    return _START_B + "".join(_CODE128_INVOCATIONS.get(char, char) for char in text)


def text_field(x: int, y: int, height: int, text: str, *, font: str | None = None) -> str:
    """One line of text with its top-left corner at ``(x, y)`` dots.

    Args:
        x: Dots from the left edge.
        y: Dots from the top edge.
        height: Character height in dots (the width is the same: the font is condensed).
        text: The text; escaped here.
        font: A printer font file such as :data:`CJK_FONT`; None for the built-in font 0.

    Returns:
        The ZPL of the field.
    """
    chooser = f"^A0N,{height},{height}" if font is None else f"^A@N,{height},{height},{font}"
    return f"^FO{x},{y}{chooser}^FH^FD{field_hex(text)}^FS"


def code128_field(x: int, y: int, text: str, *, module: int, height: int) -> str:
    """A Code 128 barcode with no interpretation line (the label prints its own).

    Args:
        x: Dots from the left edge to the first bar (leave the quiet zone outside it).
        y: Dots from the top edge.
        text: Printable ASCII to encode.
        module: Narrow bar width in dots.
        height: Bar height in dots.

    Returns:
        The ZPL of the field.
    """
    return f"^FO{x},{y}^BY{module},3,{height}^BCN,{height},N,N,N^FD{code128_data(text)}^FS"


def qr_field(x: int, y: int, text: str, *, module: int) -> str:
    """A QR code, error correction level M, input mode chosen by the printer.

    Args:
        x: Dots from the left edge.
        y: Dots from the top edge.
        text: The data; escaped here.
        module: Module size in dots (``^BQ`` magnification, 1 to 10).

    Returns:
        The ZPL of the field.
    """
    return f"^FO{x},{y}^BQN,2,{module}^FH^FDMA,{field_hex(text)}^FS"


def document(fields: Sequence[str], *, width: int, height: int) -> str:
    """A whole label: UTF-8, the label's size in dots, the fields, one copy.

    Args:
        fields: Field commands from the functions above.
        width: Print width in dots.
        height: Label length in dots.

    Returns:
        The ZPL, one command per line, ending with a newline.
    """
    lines = ["^XA", "^CI28", f"^PW{width}", f"^LL{height}", "^LH0,0", *fields, "^PQ1", "^XZ"]
    return "\n".join(lines) + "\n"


class ZplCanvas(Canvas):
    """Collects ZPL fields; barcodes become ``^BC``/``^BQ`` so the printer draws them itself."""

    def __init__(self) -> None:
        self.fields: list[str] = []
        """The fields drawn so far, for :func:`document`."""

    def box(self, x: float, y: float, width: float, height: float) -> None:
        """A filled ``^GB`` graphic box."""
        w, h = round(width), round(height)
        self.fields.append(f"^FO{round(x)},{round(y)}^GB{w},{h},{min(w, h)},B^FS")

    def text_width(self, text: str, size: float, bold: bool) -> float:
        """A safe guess for font 0 (CG Triumvirate Bold Condensed) and :data:`CJK_FONT`."""
        return estimated_width(text, size, 0.6)

    def draw_text(self, x: float, y: float, size: float, text: str, bold: bool) -> None:
        """A text field; Chinese text is set in :data:`CJK_FONT`."""
        font = CJK_FONT if needs_cjk(text) else None
        self.fields.append(text_field(round(x), round(y), round(size), text, font=font))

    def code128_length(self, text: str) -> int:
        """Modules of the printer's Code 128 in subset B: start, data, check, stop."""
        return 11 * len(check_code128(text)) + 35

    def code128(self, x: float, y: float, text: str, module: float, height: float) -> None:
        """A ``^BC`` field."""
        field = code128_field(round(x), round(y), text, module=round(module), height=round(height))
        self.fields.append(field)

    def qr(self, x: float, y: float, text: str, module: float) -> None:
        """A ``^BQ`` field."""
        self.fields.append(qr_field(round(x), round(y), text, module=round(module)))
