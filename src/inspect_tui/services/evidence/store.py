"""The evidence store: files kept as proof, copied in under their SHA-256.

A photo or video is never referenced where it was found (a camera inbox, a CSV's folder): it is
copied to ``<evidence dir>/<sha256[:2]>/<sha256><ext>``, so the stored name proves the content
and the same file stored twice takes the room of one. Nobody can say it was edited afterwards:
hash the stored file and compare.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from inspect_tui.services.evidence.media import MAX_EVIDENCE_BYTES, NotEvidence, open_media

CHUNK = 1 << 20
_PLAIN_SUFFIX = re.compile(r"\.[A-Za-z0-9]{1,8}")
INCOMING = ".incoming-"
"""Prefix of a copy under way; one left behind by a killed program is removed at start."""
STALE_AFTER_S = 600
"""An ``.incoming-*`` file untouched this long is no copy under way (another bench may be
copying into a shared evidence store right now, so fresh ones are left alone)."""


@dataclass(frozen=True, slots=True)
class StoredFile:
    """A file now held in the evidence store.

    Attributes:
        sha256: Hex SHA-256 of the content.
        bytes: Size in bytes.
        stored_path: Where it is, relative to the evidence directory (POSIX separators).
        original_name: The file's name where it came from.
    """

    sha256: str
    bytes: int
    stored_path: str
    original_name: str


def file_sha256(path: Path) -> tuple[str, int]:
    """SHA-256 (hex) and size of the file at ``path``, read in chunks."""
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def stored_name(sha256: str, suffix: str) -> str:
    """The path, relative to the evidence directory, of content with this hash and suffix."""
    return f"{sha256[:2]}/{sha256}{suffix.lower()}"


def store_file(evidence_dir: Path, source: Path) -> StoredFile:
    """Copy the photo or clip ``source`` into the evidence store under its SHA-256.

    The source must be evidence by content (``evidence_media.open_media``: a regular file, a
    photo or video by its first bytes, at most ``MAX_EVIDENCE_BYTES``). The content is hashed
    while it is copied to a temporary file, which is then renamed into place: the hash always
    describes exactly the bytes stored, and a crash never leaves a half-written file under a
    hash name (only an ``.incoming-*`` file, removed by ``clean_incoming``). Content already
    stored is not stored twice.

    Raises:
        NotEvidence: The source is not a photo or clip, not a regular file, or too large.
        OSError: The source cannot be read or the store cannot be written.
    """
    digest = hashlib.sha256()
    size = 0
    with open_media(source) as (src, _size):
        evidence_dir.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=evidence_dir, prefix=INCOMING)
        try:
            with os.fdopen(handle, "wb") as out:
                while chunk := src.read(CHUNK):
                    digest.update(chunk)
                    size += len(chunk)
                    if size > MAX_EVIDENCE_BYTES:
                        raise NotEvidence(f"{source.name} grew while it was being copied")
                    out.write(chunk)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    try:
        sha256 = digest.hexdigest()
        suffix = source.suffix if _PLAIN_SUFFIX.fullmatch(source.suffix) else ""
        relative = stored_name(sha256, suffix)
        target = evidence_dir / relative
        if target.is_file() and target.stat().st_size == size:
            Path(temporary).unlink()
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return StoredFile(sha256=sha256, bytes=size, stored_path=relative, original_name=source.name)


def clean_incoming(evidence_dir: Path, older_than_s: float = STALE_AFTER_S) -> int:
    """Remove ``.incoming-*`` files a killed copy left behind; how many were removed.

    Only files untouched for ``older_than_s`` seconds go: a copy under way at another bench
    keeps writing its file. Errors (a file already gone, no permission) are skipped.
    """
    if not evidence_dir.is_dir():
        return 0
    removed = 0
    limit = time.time() - older_than_s
    for path in evidence_dir.glob(f"{INCOMING}*"):
        try:
            if path.is_file() and path.stat().st_mtime < limit:
                path.unlink()
                removed += 1
        except OSError:
            continue
    return removed
