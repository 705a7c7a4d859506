"""The evidence store: files kept as proof, copied in under their SHA-256.

A photo or video is never referenced where it was found (a camera inbox, a CSV's folder): it is
copied to ``<evidence dir>/<sha256[:2]>/<sha256><ext>``, so the stored name proves the content
and the same file stored twice takes the room of one. Nobody can say it was edited afterwards:
hash the stored file and compare.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

CHUNK = 1 << 20


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
    """Copy ``source`` into the evidence store under its SHA-256 and say where it went.

    The content is hashed while it is copied to a temporary file, which is then renamed into
    place: the hash always describes exactly the bytes stored, and a crash never leaves a
    half-written file under a hash name. Content already stored is not stored twice.

    Raises:
        OSError: The source cannot be read or the store cannot be written.
    """
    evidence_dir.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    size = 0
    handle, temporary = tempfile.mkstemp(dir=evidence_dir, prefix=".incoming-")
    try:
        with os.fdopen(handle, "wb") as out, source.open("rb") as src:
            while chunk := src.read(CHUNK):
                digest.update(chunk)
                size += len(chunk)
                out.write(chunk)
        sha256 = digest.hexdigest()
        relative = stored_name(sha256, source.suffix)
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
