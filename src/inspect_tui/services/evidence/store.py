"""The evidence store: files kept as proof, copied in under their SHA-256.

A photo or video is never referenced where it was found (a camera inbox, a CSV's folder): it is
copied to ``<evidence dir>/<sha256[:2]>/<sha256><ext>``, so the stored name proves the content
and the same file stored twice takes the room of one. Nobody can say it was edited afterwards:
hash the stored file and compare.

Everything that stores or opens an evidence file goes through an :class:`EvidenceStore`: this
local folder (:class:`LocalEvidenceStore`, the embedded default) or an S3-compatible object
store shared by every station (``inspect_tui.services.evidence.s3``), chosen by
``INSPECT_TUI_EVIDENCE`` (``services.evidence.location``). Either way a file read back is hashed
again, and one whose SHA-256 is not the recorded one is refused (:class:`EvidenceAltered`),
never shown or packed as evidence.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Protocol

from inspect_tui.core.translation import _
from inspect_tui.services.evidence.media import MAX_EVIDENCE_BYTES, NotEvidence, open_media
from inspect_tui.services.shared.errors import DeskError

if TYPE_CHECKING:
    from inspect_tui.store.models import Evidence

CHUNK = 1 << 20
_PLAIN_SUFFIX = re.compile(r"\.[A-Za-z0-9]{1,8}")
INCOMING = ".incoming-"
"""Prefix of a copy under way; one left behind by a killed program is removed at start."""
STALE_AFTER_S = 600
"""An ``.incoming-*`` file untouched this long is no copy under way (another bench may be
copying into a shared evidence store right now, so fresh ones are left alone)."""
EVIDENCE_DIR = "evidence"
"""The local evidence store's folder in the data directory."""
CACHE_DIR = "evidence-cache"
"""Where a station keeps the files it read from a shared object store, in its data directory."""
_STORED_NAME = re.compile(r"[0-9a-f]{2}/([0-9a-f]{64})(\.[A-Za-z0-9]{1,8})?")


class EvidenceUnavailable(DeskError):
    """An evidence file cannot be served: missing from the store, or changed since stored."""


class EvidenceMissing(EvidenceUnavailable):
    """The evidence store does not hold the file."""


class EvidenceAltered(EvidenceUnavailable):
    """The stored file's SHA-256 is not the one recorded: it was changed after it was stored.

    Attributes:
        sha256: The SHA-256 of the content as it is now.
        bytes: Its size now.
    """

    def __init__(self, stored_path: str, sha256: str, size: int) -> None:
        super().__init__(
            _(
                "The evidence file {stored_path} was changed after it was stored: its SHA-256 "
                "is no longer the one recorded, so it is not shown as evidence. Ask whoever "
                "looks after the evidence store."
            ).format(stored_path=stored_path)
        )
        self.sha256 = sha256
        self.bytes = size


class EvidenceStoreError(DeskError):
    """The evidence store is named wrongly or cannot be reached; nothing was stored or read."""


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

    def evidence_row(
        self, inspection_id: int, kind: str, captured_at: datetime, unit_id: int | None = None
    ) -> Evidence:
        """The ``Evidence`` row that attaches this file to an inspection (and one of its units)."""
        # Deferred: the tables load with the first row, not with the commands that only name
        # the evidence store (``--help`` imports them through ``audit``).
        from inspect_tui.store.models import Evidence

        return Evidence(
            inspection_id=inspection_id,
            unit_id=unit_id,
            kind=kind,
            original_name=self.original_name,
            stored_path=self.stored_path,
            sha256=self.sha256,
            bytes=self.bytes,
            captured_at=captured_at,
        )


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


def safe_name(stored_path: str) -> str:
    """``stored_path`` when it names a file inside the store; EvidenceMissing otherwise."""
    parts = PurePosixPath(stored_path).parts
    if not parts or stored_path.startswith("/") or ".." in parts or "\\" in stored_path:
        raise EvidenceMissing(
            _("{stored_path!r} is not the name of a stored evidence file.").format(
                stored_path=stored_path
            )
        )
    return stored_path


def hash_in_name(stored_path: str) -> str | None:
    """The SHA-256 a stored name (``ab/ab12…ef.jpg``) carries; None for any other name."""
    match = _STORED_NAME.fullmatch(stored_path)
    return match.group(1) if match else None


class EvidenceStore(Protocol):
    """Where evidence files are kept, content-addressed by SHA-256, for every station to read."""

    @property
    def location(self) -> str:
        """The store in words for messages: a folder, or ``s3://bucket/prefix``."""
        ...

    @property
    def local_dir(self) -> Path:
        """The folder this machine reads evidence files from: the store, or its cache."""
        ...

    def put(self, source: Path) -> StoredFile:
        """Store the photo or clip ``source`` under its SHA-256, verified; see ``store_file``.

        Raises:
            NotEvidence: The source is not a photo or clip, not a regular file, or too large.
            OSError: The source cannot be read or the local folder cannot be written.
            EvidenceStoreError: The shared store cannot be reached or did not keep the bytes.
        """
        ...

    def fetch(self, stored_path: str, sha256: str) -> Path:
        """A local file holding the evidence ``stored_path``, hashed again just now.

        Raises:
            EvidenceMissing: The store does not hold it.
            EvidenceAltered: Its SHA-256 is not ``sha256``.
            EvidenceStoreError: The shared store cannot be reached.
        """
        ...

    def check(self, stored_path: str, sha256: str) -> None:
        """Check that the store itself (not a cache of it) holds ``stored_path`` as recorded.

        Raises:
            EvidenceMissing: The store does not hold it.
            EvidenceAltered: Its SHA-256 is not ``sha256``.
            EvidenceStoreError: The shared store cannot be reached.
        """
        ...

    def put_stored(self, path: Path, stored_path: str, sha256: str) -> bool:
        """Store the local file ``path``, already named ``stored_path``, checking its hash.

        Returns:
            True when it was stored, False when the store already held exactly this content.

        Raises:
            EvidenceAltered: The file's SHA-256 is not ``sha256``; nothing was stored.
            EvidenceStoreError: The store cannot be written.
        """
        ...


class LocalEvidenceStore:
    """The evidence store as a folder on this machine (or a folder shared over the network)."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    @property
    def location(self) -> str:
        """The folder, as a path."""
        return str(self.directory)

    @property
    def local_dir(self) -> Path:
        """The folder itself."""
        return self.directory

    def put(self, source: Path) -> StoredFile:
        """Copy ``source`` into the folder under its SHA-256 (``store_file``)."""
        return store_file(self.directory, source)

    def fetch(self, stored_path: str, sha256: str) -> Path:
        """The stored file, hashed again (see ``EvidenceStore.fetch``)."""
        path = self.directory / safe_name(stored_path)
        try:
            actual, size = file_sha256(path)
        except FileNotFoundError:
            raise EvidenceMissing(
                _("The evidence file {stored_path} is missing from {directory}.").format(
                    stored_path=stored_path, directory=self.directory
                )
            ) from None
        except OSError as error:
            raise EvidenceMissing(
                _("The evidence file {stored_path} cannot be read: {strerror}.").format(
                    stored_path=stored_path, strerror=error.strerror
                )
            ) from None
        if actual != sha256:
            raise EvidenceAltered(stored_path, actual, size)
        return path

    def check(self, stored_path: str, sha256: str) -> None:
        """Hash the stored file again (see ``EvidenceStore.check``)."""
        self.fetch(stored_path, sha256)

    def put_stored(self, path: Path, stored_path: str, sha256: str) -> bool:
        """Copy ``path`` to ``stored_path`` in the folder through a temporary file, hash-checked."""
        target = self.directory / safe_name(stored_path)
        try:
            if file_sha256(target)[0] == sha256:
                return False
        except OSError:
            pass
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=self.directory, prefix=INCOMING)
        try:
            digest, size = hashlib.sha256(), 0
            with os.fdopen(handle, "wb") as out, path.open("rb") as source:
                while chunk := source.read(CHUNK):
                    digest.update(chunk)
                    size += len(chunk)
                    out.write(chunk)
            if digest.hexdigest() != sha256:
                raise EvidenceAltered(stored_path, digest.hexdigest(), size)
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        return True


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
