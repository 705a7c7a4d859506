"""Whether a photo or clip a camera is still writing has been written to its end.

A bench camera, a phone sync or a camera tool writes a picture in pieces; a watcher that
reports the file at its first bytes would hand the clerk half a photo. The formats the bench
uses say where they end, so a file is complete only when that end is there: a JPEG's
end-of-image marker, a PNG's ``IEND`` chunk, a GIF's trailer, a RIFF (WebP) or BMP header's
size equal to the file's, and for MP4 / MOV / HEIC (ISO base media files) top-level boxes that
add up to exactly the file's size with the box that indexes the media present. Other
formats are taken as complete once their size stops changing (the watcher's job).
"""

from __future__ import annotations

import struct
from pathlib import Path
from typing import BinaryIO

TEMPORARY_SUFFIXES = frozenset(
    {".tmp", ".temp", ".part", ".partial", ".crdownload", ".download", ".filepart", ".swp"}
)
"""Suffixes of files that are still being written under a temporary name."""

_ISO_MEDIA = frozenset({".mp4", ".mov", ".m4v", ".heic", ".heif"})
_ISO_INDEX = {b"moov", b"meta"}
_JPEG_TAIL = 4096


def is_temporary_name(name: str) -> bool:
    """True for names that tools use while a file is still being written or synced.

    Hidden names (``.photo.jpg.x4f2``, rsync's ``.name.XXXXXX``), editors' and Office's
    ``~`` names and the usual download / copy suffixes.
    """
    lowered = name.lower()
    if lowered.startswith((".", "~")) or lowered.endswith("~"):
        return True
    return any(lowered.endswith(suffix) for suffix in TEMPORARY_SUFFIXES)


def looks_complete(path: Path) -> bool:
    """True when the file at ``path`` is written to its end, as far as its format tells.

    Never raises: a file that cannot be read (gone, no permission) is not complete.
    """
    suffix = path.suffix.lower()
    try:
        size = path.stat().st_size
        if size == 0:
            return False
        with path.open("rb") as handle:
            if suffix in {".jpg", ".jpeg"}:
                return _jpeg_complete(handle.read(2), _tail(handle, size, _JPEG_TAIL))
            if suffix == ".png":
                return _tail(handle, size, 12)[4:8] == b"IEND"
            if suffix == ".gif":
                return _tail(handle, size, 1) == b"\x3b"
            if suffix == ".webp":
                head = handle.read(8)
                return head[:4] == b"RIFF" and struct.unpack("<I", head[4:8])[0] + 8 <= size
            if suffix == ".bmp":
                head = handle.read(6)
                return head[:2] == b"BM" and struct.unpack("<I", head[2:6])[0] <= size
            if suffix in _ISO_MEDIA:
                return _iso_complete(handle, size)
    except (OSError, struct.error):
        return False
    return True


def _tail(handle: BinaryIO, size: int, count: int) -> bytes:
    handle.seek(max(0, size - count))
    return handle.read(count)


def _jpeg_complete(head: bytes, tail: bytes) -> bool:
    # Some cameras pad after the end-of-image marker; what follows it must be padding only.
    if head != b"\xff\xd8":
        return False
    end = tail.rfind(b"\xff\xd9")
    return end >= 0 and not tail[end + 2 :].strip(b"\x00\xff")


def _iso_complete(stream: BinaryIO, size: int) -> bool:
    offset = 0
    seen: set[bytes] = set()
    while offset < size:
        stream.seek(offset)
        header = stream.read(16)
        if len(header) < 8:
            return False
        length, box = struct.unpack(">I4s", header[:8])
        if length == 1:
            if len(header) < 16:
                return False
            length = struct.unpack(">Q", header[8:16])[0]
        elif length == 0:
            # "to the end of the file": a recorder writing in place leaves this until it closes.
            length = size - offset
        if length < 8:
            return False
        seen.add(box)
        offset += length
    return offset == size and bool(seen & _ISO_INDEX)
