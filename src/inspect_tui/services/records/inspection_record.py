"""The full record of one inspection: what the clerk saw and did, and the audit trail of it.

An :class:`InspectionRecord` is everything the store holds about one parcel on the bench: the
:class:`~inspect_tui.services.views.InspectionView` (shipment and return as recorded, units,
findings, decision, review, evidence) and, as its timeline, every audit event whose entity is
``inspection:<code>`` with the hashes that chain it into the store's audit trail. Evidence
packs, the supervisor's detail screen and any script read it through :func:`load_record`; it
is a plain frozen value, detached from the database, safe to hand to another thread.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from inspect_tui.core.policy import Policy, default_policy
from inspect_tui.core.translation import N_, _
from inspect_tui.services.evidence.store import (
    EvidenceAltered,
    EvidenceMissing,
    EvidenceStore,
    EvidenceStoreError,
    file_sha256,
)
from inspect_tui.services.records import inspection_view
from inspect_tui.services.shared.errors import DeskError
from inspect_tui.services.shared.views import EvidenceView, InspectionView, to_json
from inspect_tui.store.audit import expected_hash
from inspect_tui.store.audit_key import AuditKeyError, load_key
from inspect_tui.store.models import AuditEvent, Inspection
from inspect_tui.store.session import reading

__all__ = [
    "EvidenceCheck",
    "InspectionNotFound",
    "InspectionRecord",
    "ReviewRecord",
    "TimelineEvent",
    "check_evidence",
    "entity_of",
    "find_inspection",
    "load_record",
    "read_record",
    "stored_path_of",
]


class InspectionNotFound(DeskError):
    """No inspection has the code that was asked for."""

    def __init__(self, code: str) -> None:
        super().__init__(
            _(
                "There is no inspection {code!r}. Inspection codes look like "
                "INS-20261118-0001: check the label or the export."
            ).format(code=code)
        )
        self.code = code


@dataclass(frozen=True, slots=True)
class TimelineEvent:
    """One audit event of the inspection, as stored in the hash chain.

    ``payload_text`` is the payload exactly as stored and hashed; ``payload`` is the same
    parsed for reading. With ``entity``, ``prev_hash``, ``key_id`` and ``state`` they are all
    :func:`inspect_tui.store.audit.expected_hash` needs, with the desk key, to recompute
    ``hash``.
    """

    seq: int
    """Position in the store-wide audit chain."""
    at: datetime
    """When it happened, timezone-aware UTC."""
    actor: str
    """The operator (or ``import``, ``demo``) who did it."""
    station: str
    """The bench it was done at; empty for work done away from a bench."""
    action: str
    """What was done, e.g. ``inspection.weigh``, ``inspection.decide``."""
    entity: str
    """``inspection:<code>``."""
    payload: dict[str, Any]
    """The details of the step (grams, scanned code, outcome, …)."""
    payload_text: str
    """The payload as stored: canonical JSON, the exact text the hash covers."""
    prev_hash: str
    """Hash of the event before this one in the store-wide chain."""
    hash: str
    """HMAC-SHA256 with the desk key (SHA-256 before the desk had a key) of this event's
    content and ``prev_hash``."""
    key_id: str = ""
    """The desk key that signed ``hash``; empty for an event from before the desk had a key."""
    state: str = ""
    """Digest of the inspection's rows as this event left them (empty before digests)."""

    @property
    def intact(self) -> bool:
        """True when the event's content still matches its stored ``hash``.

        A signed event is checked with this station's desk key: where the key is not at hand
        (or is another desk's) the event cannot be vouched for, and counts as not intact.
        """
        row = AuditEvent(
            seq=self.seq,
            at=self.at,
            actor=self.actor,
            station=self.station,
            action=self.action,
            entity=self.entity,
            payload=self.payload_text,
            prev_hash=self.prev_hash,
            hash=self.hash,
            key_id=self.key_id,
            state=self.state,
        )
        try:
            key = load_key()
        except AuditKeyError:
            key = None
        return self.hash == expected_hash(row, key)

    def to_json(self) -> dict[str, Any]:
        """The event with every field needed to re-verify its hash.

        ``at`` is written with microseconds (the form that is hashed) and ``payload`` is the
        stored text, so the desk (holding its key) recomputes ``hash`` from this dict alone;
        an unsigned event's ``hash`` is ``store.audit.event_hash`` of it.
        """
        return {
            "seq": self.seq,
            "at": self.at.isoformat(timespec="microseconds"),
            "actor": self.actor,
            "station": self.station,
            "action": self.action,
            "entity": self.entity,
            "payload": self.payload_text,
            "prev_hash": self.prev_hash,
            "key_id": self.key_id,
            "state": self.state,
            "hash": self.hash,
        }


@dataclass(frozen=True, slots=True)
class ReviewRecord:
    """The supervisor's review of the inspection, as stored."""

    needs_review: bool
    """True when the decision (a reject, an override) goes to a supervisor."""
    state: str | None
    """``pending`` until reviewed, then the supervisor's decision; None when not needed."""
    by: str | None
    """The supervisor who reviewed it."""
    at: datetime | None
    """When, UTC."""
    comment: str
    """What the supervisor wrote."""


@dataclass(frozen=True, slots=True)
class InspectionRecord:
    """Everything recorded about one inspection.

    ``view`` is assessed with the policy given to :func:`load_record` as of the moment the
    inspection was completed (or last touched), so buyer history counts what was known then;
    the decision, reasons and refund are the stored ones.
    """

    view: InspectionView
    """The inspection as the screens show it: shipment, return, units, findings, decision."""
    timeline: tuple[TimelineEvent, ...]
    """Its audit events, oldest first."""
    review: ReviewRecord
    """The supervisor's review (state, who, when, comment)."""

    @property
    def code(self) -> str:
        """The inspection code, e.g. ``INS-20261118-0001``."""
        return self.view.code

    @property
    def intact(self) -> bool:
        """True when every event of the timeline still matches its hash."""
        return all(event.intact for event in self.timeline)

    @property
    def pre_shipment(self) -> tuple[EvidenceView, ...]:
        """Photos taken at packing, recorded with the shipment."""
        return self.view.shipment.photos if self.view.shipment else ()

    @property
    def all_evidence(self) -> tuple[EvidenceView, ...]:
        """Pre-shipment evidence, then the evidence attached at the bench."""
        return self.pre_shipment + self.view.evidence

    @property
    def missing_files(self) -> tuple[EvidenceView, ...]:
        """Evidence whose file is no longer in the evidence store."""
        return tuple(item for item in self.all_evidence if not item.exists)

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready form: the view's fields and the timeline (see ``TimelineEvent``)."""
        return {
            "inspection": to_json(self.view),
            "review": to_json(self.review),
            "timeline": [event.to_json() for event in self.timeline],
        }


def entity_of(code: str) -> str:
    """The audit entity of the inspection ``code``: ``inspection:<code>``."""
    return f"inspection:{code}"


def load_record(
    engine: Engine, code: str, *, evidence_dir: Path, policy: Policy | None = None
) -> InspectionRecord:
    """Read the whole record of the inspection ``code`` in one read transaction.

    Args:
        engine: The store.
        code: The inspection code; surrounding spaces and letter case do not matter.
        evidence_dir: The evidence store, where the files of the evidence rows are.
        policy: The return policy the findings are explained with (default: the built-in).

    Returns:
        The record, detached from the database.

    Raises:
        InspectionNotFound: No inspection has this code.
    """
    with reading(engine) as session:
        inspection = find_inspection(session, code)
        return read_record(session, inspection, evidence_dir=evidence_dir, policy=policy)


def find_inspection(session: Session, code: str) -> Inspection:
    """The inspection with this code (trimmed, any case).

    Raises:
        InspectionNotFound: No inspection has this code.
    """
    wanted = code.strip()
    for candidate in dict.fromkeys((wanted, wanted.upper())):
        row = session.exec(select(Inspection).where(col(Inspection.code) == candidate)).first()
        if row is not None:
            return row
    raise InspectionNotFound(wanted)


def read_record(
    session: Session,
    inspection: Inspection,
    *,
    evidence_dir: Path,
    policy: Policy | None = None,
) -> InspectionRecord:
    """The record of an inspection already read in ``session`` (see :func:`load_record`)."""
    policy = policy or default_policy()
    as_of = inspection.completed_at or inspection.decided_at or inspection.opened_at
    loaded = inspection_view.load(session, inspection, policy, evidence_dir, as_of)
    view = inspection_view.to_view(loaded, policy, evidence_dir)
    rows = session.exec(
        select(AuditEvent)
        .where(col(AuditEvent.entity) == entity_of(inspection.code))
        .order_by(col(AuditEvent.seq))
    ).all()
    review = ReviewRecord(
        needs_review=inspection.needs_review,
        state=inspection.review_state,
        by=inspection.reviewed_by,
        at=inspection.reviewed_at,
        comment=inspection.review_comment,
    )
    return InspectionRecord(view=view, timeline=tuple(_event(row) for row in rows), review=review)


def _event(row: AuditEvent) -> TimelineEvent:
    assert row.at is not None
    try:
        parsed = json.loads(row.payload)
    except ValueError:
        parsed = None
    return TimelineEvent(
        seq=row.seq,
        at=row.at,
        actor=row.actor,
        station=row.station,
        action=row.action,
        entity=row.entity,
        payload=parsed if isinstance(parsed, dict) else {"value": parsed},
        payload_text=row.payload,
        prev_hash=row.prev_hash,
        hash=row.hash,
        key_id=row.key_id,
        state=row.state,
    )


FileStatus = Literal["ok", "missing", "altered", "unreachable"]
"""A file is as recorded, gone, changed since, or in a shared store not reachable just now."""

STATUS_WORDS: dict[str, str] = {
    "ok": N_("ok"),
    "missing": N_("file missing"),
    "altered": N_("file altered: its SHA-256 differs from the one recorded"),
    "unreachable": N_("not checked: the shared evidence store could not be reached"),
}
"""How each file status reads in a pack or on a screen (English; screens show it through ``_``)."""


@dataclass(frozen=True, slots=True)
class EvidenceCheck:
    """One evidence file hashed again and compared with what was recorded."""

    evidence: EvidenceView
    """The evidence row (its recorded SHA-256 and size, and where the file should be)."""
    source: Literal["shipment", "inspection"]
    """Recorded with the shipment (pre-shipment) or attached at the bench."""
    status: FileStatus
    """``ok``, ``missing``, ``altered`` or ``unreachable``."""
    sha256: str | None
    """SHA-256 of the file as it is now; None when missing."""
    bytes: int | None
    """Its size now; None when missing."""

    @property
    def words(self) -> str:
        """The status in words: ``ok``, ``file missing``, ``file altered: …``."""
        return STATUS_WORDS[self.status]


def check_evidence(
    record: InspectionRecord, store: EvidenceStore | None = None, *, offline_ok: bool = False
) -> tuple[EvidenceCheck, ...]:
    """Hash every evidence file of the record (pre-shipment first) and compare.

    With ``store`` each file is fetched through it (``EvidenceStore.fetch``: a shared store's
    into this machine's cache), so every file found ``ok`` is then at its ``path``; without,
    files are hashed where the record says. An unreadable file counts as missing. A shared
    store that cannot be reached raises ``EvidenceStoreError``, or with ``offline_ok`` (a
    screen that must open anyway) marks its files ``unreachable`` after one try.
    """
    reachable = True
    checks: list[EvidenceCheck] = []
    sources: list[tuple[Literal["shipment", "inspection"], tuple[EvidenceView, ...]]] = [
        ("shipment", record.pre_shipment),
        ("inspection", record.view.evidence),
    ]
    for source, items in sources:
        for item in items:
            if store is None:
                checks.append(_hashed(item, source))
            elif not reachable:
                checks.append(EvidenceCheck(item, source, "unreachable", None, None))
            else:
                try:
                    checks.append(_fetched(item, source, store))
                except EvidenceStoreError:
                    if not offline_ok:
                        raise
                    reachable = False
                    checks.append(EvidenceCheck(item, source, "unreachable", None, None))
    return tuple(checks)


def stored_path_of(item: EvidenceView, store: EvidenceStore) -> str:
    """The name ``item`` is stored under (``ab/ab12…ef.jpg``), from its path in ``store``."""
    try:
        return item.path.relative_to(store.local_dir).as_posix()
    except ValueError:
        return "/".join(item.path.parts[-2:])


def _hashed(item: EvidenceView, source: Literal["shipment", "inspection"]) -> EvidenceCheck:
    try:
        sha256, size = file_sha256(item.path)
    except OSError:
        return EvidenceCheck(item, source, "missing", None, None)
    status: FileStatus = "ok" if sha256 == item.sha256 else "altered"
    return EvidenceCheck(item, source, status, sha256, size)


def _fetched(
    item: EvidenceView, source: Literal["shipment", "inspection"], store: EvidenceStore
) -> EvidenceCheck:
    try:
        store.fetch(stored_path_of(item, store), item.sha256)
    except EvidenceMissing:
        return EvidenceCheck(item, source, "missing", None, None)
    except EvidenceAltered as altered:
        return EvidenceCheck(item, source, "altered", altered.sha256, altered.bytes)
    except OSError:
        return EvidenceCheck(item, source, "missing", None, None)
    return EvidenceCheck(item, source, "ok", item.sha256, item.bytes)
