"""The evidence pack of one inspection: a PDF, or a ZIP with the PDF, the originals and a manifest.

The PDF (:mod:`inspect_tui.services.records.evidence_pdf`) is what a platform's dispute team
reads. The ZIP holds that PDF, every evidence file as it is in the evidence store, and
``manifest.json``: the inspection record, the SHA-256 and size of every other file in the
archive, and the inspection's audit events with their chain hashes, so anyone can check that
nothing was altered (``sha256sum`` the files; recompute each event's hash as
``inspect_tui.store.audit.event_hash`` does). An evidence file that has gone missing from the
store never stops the pack: the PDF and the manifest say "file missing" for it. One whose
SHA-256 is no longer the recorded one is not put in the pack at all: the PDF and the manifest
say "file altered" (the PDF with the hash it has now). The files come through the evidence store
(``EvidenceStore.fetch``), so a pack made at any station holds the originals even when they were
stored at another.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from inspect_tui import __version__
from inspect_tui.core.policy import Policy
from inspect_tui.core.translation import _
from inspect_tui.core.zones import local_zone
from inspect_tui.services.evidence.store import CHUNK, EvidenceStore, LocalEvidenceStore
from inspect_tui.services.exporting.inspection_log import check_target, finished_file
from inspect_tui.services.printouts.drawing import CJK_FONT_PATHS
from inspect_tui.services.records.evidence_pdf import FONT_ENV, evidence_pdf
from inspect_tui.services.records.inspection_record import (
    EvidenceCheck,
    InspectionRecord,
    check_evidence,
    load_record,
)
from inspect_tui.services.shared.errors import DeskError
from inspect_tui.services.shared.views import to_json
from inspect_tui.store.types import utcnow

__all__ = [
    "MANIFEST",
    "PACK_SUFFIXES",
    "PackError",
    "evidence_pack_bytes",
    "font_candidates",
    "write_evidence_pack",
]

PACK_SUFFIXES = (".pdf", ".zip")
"""What an evidence pack can be written as."""
MANIFEST = "manifest.json"
"""The manifest's name inside the ZIP."""
PACK_FORMAT = "inspect-tui evidence pack"
"""``pack.format`` in the manifest."""
PACK_VERSION = 1
"""``pack.version`` in the manifest; raised when its layout changes."""
HOW_TO_VERIFY = (
    "Every file in this archive except manifest.json is listed under 'files' with its SHA-256 "
    "and size: compare with sha256sum. 'evidence' gives, for each evidence file recorded, the "
    "SHA-256 recorded when it was stored (its name in the evidence store). 'audit_events' are "
    "the inspection's events in the store's hash chain: prev_hash is the hash of the event "
    "before it in the whole store, so events of other inspections lie between them. A signed "
    "event (key_id set) has hash = HMAC-SHA256, with the desk's secret audit key, of the "
    'compact JSON array ["event", seq, at, actor, station, action, entity, payload, '
    "prev_hash, key_id, state] (UTF-8, not ASCII-escaped): the desk checks it with "
    "`inspect-tui audit verify`, which also compares each inspection's rows with the state "
    "digest of its latest event. An event from before the desk had a key (empty key_id) has "
    "hash = SHA-256 of [seq, at, actor, station, action, entity, payload, prev_hash]."
)

FONT_DIRS: tuple[Path, ...] = (
    Path("/usr/share/fonts"),
    Path("/usr/local/share/fonts"),
    Path("~/.local/share/fonts").expanduser(),
    Path("~/.fonts").expanduser(),
)
"""Where fonts are searched when none of the known CJK font files is installed."""
CJK_FONT_NAMES = ("wqy-*.tt[cf]", "DroidSansFallback*.ttf", "*CJK*.tt[cf]", "SourceHan*.tt[cf]")
"""File name patterns of TrueType fonts with Chinese glyphs."""

_UNSAFE = re.compile(r"[^\w.\-]+")


class PackError(DeskError):
    """The pack cannot be written as asked; nothing was written."""


@dataclass(frozen=True, slots=True)
class _Entry:
    """An evidence file's place in the ZIP (None when it is missing)."""

    check: EvidenceCheck
    path: str | None


def write_evidence_pack(
    engine: Engine,
    code: str,
    path: Path,
    *,
    evidence_dir: Path | None = None,
    store: EvidenceStore | None = None,
    policy: Policy | None = None,
    tz: tzinfo | None = None,
    overwrite: bool = False,
) -> Path:
    """Write the evidence pack of the inspection ``code`` as a PDF or a ZIP.

    Args:
        engine: The store.
        code: The inspection code (e.g. ``INS-20261118-0001``).
        path: ``….pdf`` for the PDF alone, ``….zip`` for the PDF, the originals and the manifest.
        evidence_dir: The local evidence folder (when ``store`` is not given).
        store: The evidence store the files are fetched from (default: ``evidence_dir``).
        policy: The policy the findings are explained with (default: built-in).
        tz: The zone times are shown in on the PDF (default: this machine's).
        overwrite: Replace ``path`` if it exists.

    Returns:
        ``path``, complete (it is written under a temporary name and renamed at the end).

    Raises:
        PackError: The suffix is neither .pdf nor .zip, the file exists (without
            ``overwrite``), or the folder cannot be written.
        InspectionNotFound: No inspection has this code.
        NoPdfFont: No font with Chinese glyphs is installed.
        EvidenceStoreError: A shared evidence store cannot be reached.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in PACK_SUFFIXES:
        raise PackError(
            _(
                "Cannot write an evidence pack as {name!r}: give a file ending in .pdf (the "
                "report) or .zip (report, original files and manifest)."
            ).format(name=path.name)
        )
    store = _store(store, evidence_dir)
    record = load_record(engine, code, evidence_dir=store.local_dir, policy=policy)
    check_target(path, overwrite=overwrite, error=PackError)
    zone = tz or local_zone()
    now = utcnow()
    checks = check_evidence(record, store)
    pdf = evidence_pdf(record, checks, tz=zone, generated_at=now, fonts=font_candidates())
    with finished_file(path, overwrite=overwrite, error=PackError) as temporary:
        try:
            if suffix == ".pdf":
                temporary.write_bytes(pdf)
            else:
                _write_zip(temporary, record, checks, pdf, now)
        except OSError as error:
            raise PackError(
                _("Cannot write {path}: {strerror}.").format(
                    path=path, strerror=error.strerror or error
                )
            ) from None
    return path


def evidence_pack_bytes(
    engine: Engine,
    code: str,
    *,
    evidence_dir: Path | None = None,
    store: EvidenceStore | None = None,
    policy: Policy | None = None,
    tz: tzinfo | None = None,
) -> bytes:
    """The PDF of the evidence pack, in memory (for a screen that shows or mails it)."""
    store = _store(store, evidence_dir)
    record = load_record(engine, code, evidence_dir=store.local_dir, policy=policy)
    checks = check_evidence(record, store)
    return evidence_pdf(
        record, checks, tz=tz or local_zone(), generated_at=utcnow(), fonts=font_candidates()
    )


def font_candidates() -> Iterator[Path]:
    """Font files to try for the PDF, best first.

    The file named by ``INSPECT_TUI_PDF_FONT``, then the known CJK fonts of
    :data:`inspect_tui.services.drawing.CJK_FONT_PATHS` (Debian's fonts-wqy-zenhei first),
    then any TrueType file under :data:`FONT_DIRS` whose name says it has Chinese glyphs.
    """
    named = os.environ.get(FONT_ENV)
    if named:
        yield Path(named).expanduser()
    seen: set[Path] = set()
    for path in CJK_FONT_PATHS:
        if path.is_file():
            seen.add(path)
            yield path
    for folder in FONT_DIRS:
        if not folder.is_dir():
            continue
        for pattern in CJK_FONT_NAMES:
            for path in sorted(folder.rglob(pattern)):
                if path not in seen and path.is_file():
                    seen.add(path)
                    yield path


def _write_zip(
    target: Path,
    record: InspectionRecord,
    checks: tuple[EvidenceCheck, ...],
    pdf: bytes,
    now: datetime,
) -> None:
    files: list[dict[str, Any]] = []
    entries: list[_Entry] = []
    pdf_name = f"{_safe(record.code)}.pdf"
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(_member(pdf_name, now), pdf)
        files.append(
            {
                "path": pdf_name,
                "sha256": hashlib.sha256(pdf).hexdigest(),
                "bytes": len(pdf),
                "kind": "report",
            }
        )
        for number, check in enumerate(checks, start=1):
            if check.status != "ok":
                entries.append(_Entry(check, None))
                continue
            name = _archive_name(number, check)
            copied = _copy_into(archive, check.evidence.path, _member(name, now))
            if copied is None:
                entries.append(_Entry(check, None))
                continue
            sha256, size = copied
            files.append(
                {"path": name, "sha256": sha256, "bytes": size, "kind": check.evidence.kind}
            )
            entries.append(_Entry(check, name))
        manifest = _manifest(record, entries, files, now)
        text = json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=False)
        archive.writestr(_member(MANIFEST, now), text + "\n")


def _member(name: str, now: datetime) -> zipfile.ZipInfo:
    """An archive member stamped with the time the pack was made (UTC), compressed."""
    member = zipfile.ZipInfo(name, date_time=now.timetuple()[:6])
    member.compress_type = zipfile.ZIP_DEFLATED
    member.external_attr = 0o644 << 16
    return member


def _copy_into(
    archive: zipfile.ZipFile, source: Path, name: zipfile.ZipInfo
) -> tuple[str, int] | None:
    """Copy a file into the archive, hashing exactly the bytes archived; None if unreadable."""
    digest = hashlib.sha256()
    size = 0
    try:
        with source.open("rb") as handle, archive.open(name, "w", force_zip64=True) as out:
            while chunk := handle.read(CHUNK):
                digest.update(chunk)
                size += len(chunk)
                out.write(chunk)
    except FileNotFoundError:
        return None
    return digest.hexdigest(), size


def _archive_name(number: int, check: EvidenceCheck) -> str:
    item = check.evidence
    folder = "pre_shipment" if check.source == "shipment" else "bench"
    original = Path(item.original_name or item.path.name)
    stem = _safe(original.stem)[:60] or item.sha256[:16]
    extension = _safe(original.suffix or item.path.suffix)[:10]
    suffix = f".{extension}" if extension else ""
    return f"evidence/{folder}/{number:02d}-{_safe(item.kind)}-{stem}{suffix}"


def _manifest(
    record: InspectionRecord,
    entries: list[_Entry],
    files: list[dict[str, Any]],
    now: datetime,
) -> dict[str, Any]:
    return {
        "pack": {
            "format": PACK_FORMAT,
            "version": PACK_VERSION,
            "inspection": record.code,
            "generated_at": now.isoformat(),
            "generated_by": f"inspect-tui {__version__}",
            "how_to_verify": HOW_TO_VERIFY,
        },
        "inspection": to_json(record.view),
        "review": to_json(record.review),
        "evidence": [
            {
                "evidence_id": entry.check.evidence.evidence_id,
                "source": entry.check.source,
                "kind": entry.check.evidence.kind,
                "original_name": entry.check.evidence.original_name,
                "captured_at": to_json(entry.check.evidence.captured_at),
                "recorded_sha256": entry.check.evidence.sha256,
                "recorded_bytes": entry.check.evidence.bytes,
                "status": entry.check.words,
                "path": entry.path,
            }
            for entry in entries
        ],
        "files": files,
        "audit_events": [event.to_json() for event in record.timeline],
        "audit_intact": record.intact,
    }


def _safe(text: str) -> str:
    """A name that is safe in any archive and on any disk."""
    return _UNSAFE.sub("_", text).strip("._") if text else ""


def _store(store: EvidenceStore | None, evidence_dir: Path | None) -> EvidenceStore:
    if store is not None:
        return store
    if evidence_dir is None:
        raise TypeError("an evidence pack needs the evidence store or its folder")
    return LocalEvidenceStore(evidence_dir)
