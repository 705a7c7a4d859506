"""The evidence pack's page building blocks: headings, tables and lines, in the reader's words.

Times are written as the reader's language writes them (ISO in English, 2026年12月7日 in
Chinese), reason codes with the seller's word beside the code (空包 (EMPTY_PARCEL)).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, tzinfo

from fpdf import FPDF
from fpdf.enums import WrapMode, XPos, YPos
from fpdf.fonts import FontFace

from inspect_tui.core.display_names import known_reason, reason_name
from inspect_tui.core.translation import SOURCE_LANGUAGE, _, language, long_date
from inspect_tui.services.records import evidence_pdf_parts as piece
from inspect_tui.services.shared.views import InspectionView

__all__ = ["BODY_FONT", "GREY", "Layout"]

BODY_FONT = "body"
"""The name the CJK font is added to the pack under."""
GREY = (235, 235, 235)
"""The fill of headings and table heads."""


class Layout:
    """The building blocks of the pack's pages: headings, tables, lines, times and words."""

    def __init__(self, pdf: FPDF, tz: tzinfo) -> None:
        self.pdf = pdf
        self.tz = tz

    def when(self, moment: datetime | None) -> str:
        """A time as the reader's language writes it: ISO in English, 2026年12月7日 10:00:00."""
        if moment is None:
            return "—"
        local = moment.astimezone(self.tz)
        if language() == SOURCE_LANGUAGE:
            return local.isoformat(sep=" ", timespec="seconds")
        return f"{long_date(local.date())} {local:%H:%M:%S}"

    @staticmethod
    def verdict(view: InspectionView) -> str:
        """The weight verdict in words, with the share of the expected weight when known."""
        words = piece.verdict(view.weight_verdict)
        if view.weight_ratio is None:
            return words
        return _("{verdict} ({share} of expected)").format(
            verdict=words, share=f"{view.weight_ratio:.0%}"
        )

    @staticmethod
    def reasons(codes: Sequence[str]) -> str:
        """Reason codes in words, each with its code: ``空包 (EMPTY_PARCEL)``."""
        return _(", ").join(
            f"{reason_name(code)} ({code})" if known_reason(code) else code for code in codes
        )

    def heading(self, text: str) -> None:
        pdf = self.pdf
        if pdf.get_y() > pdf.h - 45:
            pdf.add_page()
        pdf.ln(3)
        pdf.set_font(BODY_FONT, size=12)
        pdf.set_fill_color(*GREY)
        pdf.cell(0, 7, f" {text}", fill=True, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(1.5)
        pdf.set_font(BODY_FONT, size=9)

    def pairs(self, rows: Sequence[tuple[str, str]]) -> None:
        """Label and value in two columns."""
        self.grid((), (42, 138), [list(row) for row in rows], size=9)

    def grid(
        self,
        headings: Sequence[str],
        widths: Sequence[float],
        rows: list[list[str]],
        size: float = 8,
    ) -> None:
        """A table; its heading row, if any, is repeated on each page."""
        self.pdf.set_font(BODY_FONT, size=size)
        with self.pdf.table(
            col_widths=tuple(widths),
            first_row_as_headings=bool(headings),
            headings_style=FontFace(fill_color=GREY),
            borders_layout="HORIZONTAL_LINES",
            text_align="LEFT",
            line_height=size * 0.52,
            padding=(0.8, 1),
            wrapmode=WrapMode.CHAR,
            repeat_headings=1,
        ) as table:
            if headings:
                table.row(list(headings))
            for cells in rows:
                table.row([piece.text(cell) for cell in cells])
        self.pdf.set_font(BODY_FONT, size=9)

    def line(self, text: str, size: float = 9, height: float = 4.8) -> None:
        self.pdf.set_font(BODY_FONT, size=size)
        self.pdf.multi_cell(
            0, height, piece.text(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT, wrapmode=WrapMode.CHAR
        )
        self.pdf.set_font(BODY_FONT, size=9)
