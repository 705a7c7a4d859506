"""Which evidence store a station uses: the local folder or an S3-compatible object store.

Kept apart from both stores (``store``, ``s3``) so that choosing one imports each without
either importing the other back.
"""

from __future__ import annotations

from pathlib import Path

from inspect_tui import config
from inspect_tui.core.translation import _
from inspect_tui.services.evidence.store import (
    CACHE_DIR,
    EVIDENCE_DIR,
    EvidenceStore,
    EvidenceStoreError,
    LocalEvidenceStore,
)


def open_evidence_store(data_dir: Path, location: str | None = None) -> EvidenceStore:
    """The evidence store this station uses.

    ``location`` (default: ``INSPECT_TUI_EVIDENCE``) is ``s3://bucket/prefix`` for an
    S3-compatible object store shared by every station, or a folder; unset, the store is
    ``<data dir>/evidence``. A station reading from an object store keeps what it read in
    ``<data dir>/evidence-cache`` (hashed again on every read).

    Raises:
        EvidenceStoreError: The location is neither a folder nor an ``s3://`` address.
    """
    named = (location if location is not None else config.evidence_location() or "").strip()
    if not named:
        return LocalEvidenceStore(data_dir / EVIDENCE_DIR)
    if named.lower().startswith("s3://"):
        # Deferred: boto3 loads only for a desk whose evidence is in an object store.
        from inspect_tui.services.evidence.s3 import S3EvidenceStore

        return S3EvidenceStore.from_url(named, cache_dir=data_dir / CACHE_DIR)
    if "://" in named:
        raise EvidenceStoreError(
            _(
                "The evidence store {named!r} is not understood: give s3://bucket/prefix for "
                "an object store (S3, MinIO, Ceph, OSS) or a folder."
            ).format(named=named)
        )
    return LocalEvidenceStore(Path(named).expanduser())
