"""The appeal kit's photos: re-encoded as JPEG within a platform's limits, stamped in a corner.

Each photo is turned upright (EXIF), scaled down to the platform's longest side, stamped in its
bottom-right corner with the inspection code, the time it was taken and the parcel's weight
(the shipped weight on a pre-shipment photo, the weight on the bench on a return photo), and
saved as JPEG at the best quality that fits the platform's file size.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont, ImageOps, UnidentifiedImageError

from inspect_tui.services.appeals.platforms import AppealLimits

__all__ = ["KitPhoto", "PhotoStamp", "fit_photo", "load_stamp_font"]

_QUALITIES = (92, 85, 78, 70, 62, 55, 48, 40)
_SHRINK = 0.8
_MIN_SIDE = 200


@dataclass(frozen=True, slots=True)
class KitPhoto:
    """A photo as it went into the kit: the statement cites it as 图<number>."""

    number: int
    """Its place in the kit, from 1 (图1)."""
    kind: str
    """The evidence kind (``scale_photo``, ``pre_shipment``, …)."""
    name: str
    """Its file name in the kit's ``photos/`` folder."""
    source_sha256: str
    """The SHA-256 of the original in the evidence store."""


@dataclass(frozen=True, slots=True)
class PhotoStamp:
    """What is written in the corner of one photo."""

    code: str
    """The inspection code."""
    time: str
    """When the photo was taken, in words for the reader (local time with its offset)."""
    weight: str
    """The weight the photo goes with, e.g. ``退货称重 90 g``."""

    @property
    def lines(self) -> tuple[str, str, str]:
        """The three lines of the stamp."""
        return (self.code, self.time, self.weight)


def load_stamp_font(path: Path, size: int) -> ImageFont.FreeTypeFont:
    """The stamp's font at ``size`` pixels (the first face of a collection)."""
    return ImageFont.truetype(str(path), size=size, index=0)


def fit_photo(source: Path, stamp: PhotoStamp, limits: AppealLimits, font: Path) -> bytes | None:
    """The photo ``source`` as stamped JPEG bytes within ``limits``.

    Tried at falling qualities, then smaller, until it fits ``limits.max_photo_bytes``.
    None when it is not a photo Pillow reads, or cannot be made to fit.
    """
    try:
        with Image.open(source) as opened:
            image = ImageOps.exif_transpose(opened).convert("RGB")
    except (OSError, UnidentifiedImageError, ValueError, Image.DecompressionBombError):
        return None
    side = limits.max_pixels
    while True:
        picture = image.copy()
        picture.thumbnail((side, side), Image.Resampling.LANCZOS)
        _stamp(picture, stamp, font)
        for quality in _QUALITIES:
            data = _jpeg(picture, quality)
            if len(data) <= limits.max_photo_bytes:
                return data
        if max(picture.size) <= _MIN_SIDE:
            return None
        side = max(_MIN_SIDE, int(max(picture.size) * _SHRINK))


def _jpeg(picture: Image.Image, quality: int) -> bytes:
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=quality, optimize=True, progressive=True)
    return out.getvalue()


def _stamp(picture: Image.Image, stamp: PhotoStamp, font_path: Path) -> None:
    """Write the stamp in the bottom-right corner on a dark box, sized to the picture."""
    width, height = picture.size
    size = max(10, min(width, height) // 36)
    font = load_stamp_font(font_path, size)
    draw = ImageDraw.Draw(picture)
    boxes = [draw.textbbox((0, 0), line, font=font) for line in stamp.lines]
    longest = max(box[2] - box[0] for box in boxes)
    if longest > width * 0.9:
        size = max(6, int(size * width * 0.9 / longest))
        font = load_stamp_font(font_path, size)
        boxes = [draw.textbbox((0, 0), line, font=font) for line in stamp.lines]
        longest = max(box[2] - box[0] for box in boxes)
    line_height = int(size * 1.25)
    pad = max(2, size // 3)
    box_width = longest + 2 * pad
    box_height = line_height * len(stamp.lines) + 2 * pad
    left, top = max(0, width - box_width), max(0, height - box_height)
    draw.rectangle((left, top, width, height), fill=(0, 0, 0))
    for number, line in enumerate(stamp.lines):
        draw.text(
            (left + pad, top + pad + number * line_height), line, fill=(255, 255, 0), font=font
        )
