"""What may become evidence: photos and clips, recognised by their content, of bounded size.

A file is taken into the evidence store only when it is a regular file (not a device, a FIFO,
a socket or a folder) whose first bytes are those of a photo or a video: JPEG, PNG, WebP,
HEIC/HEIF, MP4/M4V, QuickTime MOV or WebM/Matroska. The name's extension proves nothing. A file
larger than :data:`MAX_EVIDENCE_BYTES` is refused (an unboxing video of a few minutes fits;
the platforms' own upload limits are far smaller).

The file is opened once, checked through that open handle (``fstat``, then its first bytes)
and copied from the same handle, so it cannot be swapped for another between the check and
the copy; a FIFO is opened without blocking and refused.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

MAX_EVIDENCE_BYTES = 500 * 1024 * 1024
"""The largest photo or clip taken as evidence: 500 MiB."""

KINDS = "JPEG, PNG, WebP, HEIC, MP4, MOV or WebM"
"""The media accepted, in words for messages."""

_HEIF_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"hevm", b"hevs",
                b"mif1", b"msf1", b"avif"}  # fmt: skip
_QUICKTIME_ATOMS = {b"moov", b"mdat", b"wide", b"free", b"skip", b"pnot"}
HEAD_BYTES = 16


class NotEvidence(OSError):
    """The file cannot be evidence: not a photo or clip, not a regular file, or too large.

    An ``OSError`` (with ``strerror`` as the message), so code that copies files already
    reports it in words.
    """

    def __init__(self, message: str) -> None:
        super().__init__(errno.EINVAL, message)


def media_kind(head: bytes) -> str | None:
    """The kind of photo or clip ``head`` (a file's first 16 bytes) starts, or None."""
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return "webm"
    box = head[4:8]
    if box == b"ftyp":
        brand = head[8:12]
        if brand in _HEIF_BRANDS:
            return "heic"
        return "mov" if brand == b"qt  " else "mp4"
    if box in _QUICKTIME_ATOMS:
        return "mov"
    return None


@contextmanager
def open_media(path: Path, max_bytes: int = MAX_EVIDENCE_BYTES) -> Iterator[tuple[BinaryIO, int]]:
    """Open ``path`` for copying once it is known to be a photo or clip; (handle, size).

    Raises:
        NotEvidence: not a regular file, empty, larger than ``max_bytes``, or not a photo or
            clip by its content.
        OSError: it cannot be opened or read (missing, no permission).
    """
    name = path.name or str(path)
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise NotEvidence(f"{name} is not a regular file (a device, a pipe or a folder)")
        if info.st_size == 0:
            raise NotEvidence(f"{name} is empty")
        if info.st_size > max_bytes:
            raise NotEvidence(
                f"{name} is {info.st_size / 1024 / 1024:,.0f} MiB; evidence files are at most "
                f"{max_bytes / 1024 / 1024:,.0f} MiB"
            )
        handle = os.fdopen(descriptor, "rb")
    except BaseException:
        os.close(descriptor)
        raise
    with handle:
        head = handle.read(HEAD_BYTES)
        if media_kind(head) is None:
            raise NotEvidence(f"{name} is not a photo or video by its content (expected {KINDS})")
        handle.seek(0)
        yield handle, info.st_size


def check_media(path: Path, max_bytes: int = MAX_EVIDENCE_BYTES) -> None:
    """Raise ``NotEvidence`` (or ``OSError``) unless ``path`` could be taken as evidence."""
    with open_media(path, max_bytes):
        pass


def outside(path: Path, root: Path) -> bool:
    """True when ``path``, with ``..`` and symbolic links resolved, is not inside ``root``."""
    try:
        real = path.resolve()
        base = root.resolve()
    except (OSError, RuntimeError):
        return True
    return not real.is_relative_to(base)
