"""The appeal kit's PDF, in Chinese: the statement, the reasons, the photos and their hashes.

A platform reviewer who opens only this file reads the statement (申诉说明), each reason in
Chinese with its code, every file of the kit with its SHA-256, the stamped photos (图N as the
statement cites them) and the inspection's audit events. It is set in the same CJK font as the
evidence pack (:func:`pick_font`), which also stamps the photos.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos
from PIL import Image, ImageFont

from inspect_tui import __version__
from inspect_tui.services.appeals.photos import KitPhoto
from inspect_tui.services.appeals.statement import EVIDENCE_WORDS, REASON_WORDS
from inspect_tui.services.records.evidence_pdf import FONT_ENV, NoPdfFont
from inspect_tui.services.records.inspection_record import TimelineEvent

__all__ = ["KitFile", "appeal_pdf", "pick_font"]

_FONT = "body"
_MARGIN = 15.0
_PHOTO_HEIGHT = 70.0
_log = logging.getLogger(__name__)
_KIT_WORDS = {
    "statement": "申诉说明",
    "audit_chain": "审计链摘录",
    "report": "申诉材料PDF",
    "video": "开箱视频",
}


@dataclass(frozen=True, slots=True)
class KitFile:
    """One file of the kit as the manifest lists it."""

    path: str
    """Its path inside the kit folder (``photos/01-scale_photo.jpg``)."""
    sha256: str
    bytes: int
    kind: str
    source_sha256: str = ""
    """For a photo or the clip: the SHA-256 of the original in the evidence store."""


def pick_font(candidates: Iterable[Path]) -> Path:
    """The first of ``candidates`` that loads and draws Chinese characters.

    Raises:
        NoPdfFont: None does.
    """
    tried: list[str] = []
    for path in candidates:
        try:
            font = ImageFont.truetype(str(path), size=16, index=0)
            if font.getmask("空包").getbbox() is not None:
                return path
        except OSError as error:
            _log.info("font %s cannot be used: %s", path, error)
        tried.append(str(path))
    raise NoPdfFont(
        "Cannot make the appeal kit: no font with Chinese characters is installed "
        f"(tried: {', '.join(tried) or 'none found'}). Install one (Debian: apt-get install "
        f"fonts-wqy-zenhei), or name a .ttf/.ttc file in {FONT_ENV}."
    )


def appeal_pdf(
    *,
    code: str,
    platform_name: str,
    statement: str,
    reasons: Sequence[tuple[str, str]],
    photos: Sequence[tuple[KitPhoto, bytes]],
    files: Sequence[KitFile],
    timeline: Sequence[TimelineEvent],
    font: Path,
    tz: tzinfo,
    generated_at: datetime,
) -> bytes:
    """The kit's PDF.

    Args:
        code: The inspection code.
        platform_name: The platform's name (淘宝, 抖音, …).
        statement: The statement as written to ``statement.txt``.
        reasons: (code, what it needs as proof) of each reason argued.
        photos: The kit's photos with their stamped JPEG bytes.
        files: Every other file of the kit with its hash.
        timeline: The inspection's audit events.
        font: A TrueType font with Chinese glyphs.
        tz: The zone times are shown in.
        generated_at: When the kit was made.
    """
    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.set_margins(_MARGIN, _MARGIN, _MARGIN)
    pdf.set_auto_page_break(True, margin=_MARGIN)
    pdf.set_title(f"申诉材料 {code}")
    pdf.set_creator(f"inspect-tui {__version__}")
    pdf.set_creation_date(generated_at)
    pdf.add_font(_FONT, "", str(font), collection_font_number=0)
    pdf.add_page()
    pdf.set_font(_FONT, size=15)
    _line(pdf, f"申诉材料（{platform_name}） {code}", 8)
    pdf.set_font(_FONT, size=8)
    _line(pdf, f"生成时间：{generated_at.astimezone(tz).isoformat(timespec='seconds')}", 5)
    _heading(pdf, "申诉说明")
    pdf.multi_cell(0, 5, statement, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    _heading(pdf, "拒绝理由")
    for reason, description in reasons:
        text = f"{REASON_WORDS.get(reason, reason)}（{reason}）：{description}"
        pdf.multi_cell(0, 5, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    _heading(pdf, "文件清单（SHA-256）")
    pdf.set_font(_FONT, size=7)
    for item in files:
        what = _KIT_WORDS.get(item.kind) or EVIDENCE_WORDS.get(item.kind, item.kind)
        line = f"{item.path}  {what}  {item.bytes} 字节\n{item.sha256}"
        pdf.multi_cell(0, 3.6, line, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(_FONT, size=9)
    if photos:
        _heading(pdf, "照片")
    for photo, data in photos:
        _photo(pdf, photo, data)
    _heading(pdf, "审计记录")
    pdf.set_font(_FONT, size=7)
    for event in timeline:
        when = event.at.astimezone(tz).strftime("%Y-%m-%d %H:%M:%S")
        line = f"#{event.seq} {when} {event.actor} {event.action}  {event.hash[:16]}…"
        pdf.multi_cell(0, 3.6, line, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    with _quiet_fonttools():
        return bytes(pdf.output())


def _line(pdf: FPDF, text: str, height: float) -> None:
    pdf.cell(0, height, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _heading(pdf: FPDF, text: str) -> None:
    pdf.ln(3)
    pdf.set_font(_FONT, size=11)
    _line(pdf, text, 7)
    pdf.set_font(_FONT, size=9)


def _photo(pdf: FPDF, photo: KitPhoto, data: bytes) -> None:
    with Image.open(io.BytesIO(data)) as image:
        width, height = image.size
    shown_h = _PHOTO_HEIGHT
    shown_w = min(pdf.epw, shown_h * width / height)
    shown_h = shown_w * height / width
    if pdf.get_y() + shown_h + 8 > pdf.h - _MARGIN:
        pdf.add_page()
    _line(pdf, f"图{photo.number}  {EVIDENCE_WORDS.get(photo.kind, photo.kind)}  {photo.name}", 5)
    pdf.image(io.BytesIO(data), x=pdf.l_margin, y=pdf.get_y(), w=shown_w, h=shown_h)
    pdf.set_y(pdf.get_y() + shown_h + 3)


class _quiet_fonttools:  # noqa: N801  (used as a context manager, like contextlib's)
    """fontTools reports tables it leaves out of the embedded subset; they are not needed."""

    def __enter__(self) -> None:
        self.logger = logging.getLogger("fontTools")
        self.level = self.logger.level
        self.logger.setLevel(logging.ERROR)

    def __exit__(self, *_: object) -> None:
        self.logger.setLevel(self.level)
