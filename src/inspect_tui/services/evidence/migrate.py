"""Moving a desk's evidence from a local folder to a shared store, verified and resumable.

Every file of the local store is named by its SHA-256 (``ab/ab12…ef.jpg``): it is hashed again
and copied under the same name only when the hash is the one in its name, and the target is
asked what it then holds (``EvidenceStore.put_stored``). What the target already holds exactly
is skipped, so a migration cut short (a killed program, a dropped network) is finished by
running it again. The database does not change: its rows name files by these same names.
Afterwards every evidence row of the database is looked for, so a file that is in neither
store is named rather than discovered at a dispute.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine
from sqlmodel import col, select

from inspect_tui.services.evidence.store import (
    EvidenceAltered,
    EvidenceStore,
    EvidenceUnavailable,
    hash_in_name,
)
from inspect_tui.store.models import Evidence
from inspect_tui.store.session import reading


@dataclass(slots=True)
class Migration:
    """What a migration did.

    Attributes:
        copied: Files copied to the target.
        already: Files the target already held with the same hash (an earlier run's).
        altered: Local files whose content is not the hash in their name: not copied.
        missing: Evidence rows whose file is in neither store (or altered in the target).
        other: Files in the local folder that are not named by a hash (left alone).
    """

    copied: int = 0
    already: int = 0
    altered: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    other: int = 0

    @property
    def complete(self) -> bool:
        """True when every file was copied or already there and every row's file is held."""
        return not self.altered and not self.missing


def stored_files(folder: Path) -> list[tuple[str, Path]]:
    """The files of a local evidence folder named by their hash: (stored name, path), sorted."""
    if not folder.is_dir():
        return []
    found = []
    for path in sorted(folder.glob("*/*")):
        name = path.relative_to(folder).as_posix()
        if path.is_file() and hash_in_name(name):
            found.append((name, path))
    return found


def migrate_evidence(
    folder: Path,
    target: EvidenceStore,
    *,
    engine: Engine | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Migration:
    """Copy every file of the local evidence ``folder`` to ``target``, each hash verified.

    Args:
        folder: The local evidence store (``<data dir>/evidence``).
        target: Where the files go (an ``S3EvidenceStore``, or another folder).
        engine: The desk's database; with it, every evidence row's file is looked for after
            the copy.
        progress: Called with (files done, files in all) after each file.

    Raises:
        EvidenceStoreError: The target cannot be reached; files already copied stay copied.
    """
    result = Migration()
    files = stored_files(folder)
    result.other = sum(1 for path in folder.rglob("*") if path.is_file()) - len(files)
    for done, (name, path) in enumerate(files, start=1):
        sha256 = hash_in_name(name)
        assert sha256 is not None
        try:
            if target.put_stored(path, name, sha256):
                result.copied += 1
            else:
                result.already += 1
        except EvidenceAltered:
            result.altered.append(name)
        if progress is not None:
            progress(done, len(files))
    if engine is not None:
        local = {name for name, _ in files if name not in result.altered}
        result.missing = _rows_not_held(engine, target, local)
    return result


def _rows_not_held(engine: Engine, target: EvidenceStore, copied: set[str]) -> list[str]:
    """Stored names of evidence rows whose file the target does not hold as recorded."""
    with reading(engine) as session:
        rows = session.exec(
            select(col(Evidence.stored_path), col(Evidence.sha256)).distinct()
        ).all()
    missing = []
    for stored_path, sha256 in sorted(rows):
        if stored_path in copied and hash_in_name(stored_path) == sha256:
            continue
        try:
            target.check(stored_path, sha256)
        except EvidenceUnavailable:
            missing.append(stored_path)
    return missing


def check_store_files(engine: Engine, store: EvidenceStore) -> tuple[int, list[str]]:
    """Hash again, through ``store``, the file of every evidence row: (files, problems).

    What ``audit verify`` does for the local folder, for a shared store: the store's own copy
    of each file is checked (``EvidenceStore.check``, not this machine's cache) and a problem
    is named for each one missing or altered.

    Raises:
        EvidenceStoreError: The store cannot be reached.
    """
    with reading(engine) as session:
        rows = session.exec(
            select(col(Evidence.stored_path), col(Evidence.sha256)).distinct()
        ).all()
    problems = []
    for stored_path, sha256 in sorted(rows):
        try:
            store.check(stored_path, sha256)
        except EvidenceAltered:
            problems.append(
                f"evidence file {stored_path} was edited: its SHA-256 is no longer the one recorded"
            )
        except EvidenceUnavailable:
            problems.append(f"evidence file {stored_path} is missing from {store.location}")
    return len(rows), problems
