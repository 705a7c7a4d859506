"""The append-only, hash-chained audit trail, and its verification.

Each event's ``hash`` is the SHA-256 of a canonical JSON of its sequence number, time, actor,
station, action, entity, payload and the previous event's hash. Editing a row changes its hash;
deleting one leaves a gap in the sequence and a ``prev_hash`` that points nowhere. ``verify``
walks the chain in order and names the first event that does not fit.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, select
from sqlmodel import Session, col

from inspect_tui.store.models import AuditEvent
from inspect_tui.store.session import reading
from inspect_tui.store.types import utcnow

GENESIS = "0" * 64


def canonical_payload(payload: Mapping[str, Any]) -> str:
    """The exact text stored and hashed for a payload: sorted keys, no spaces, UTF-8."""
    return json.dumps(
        payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str
    )


def event_hash(
    seq: int,
    at: datetime,
    actor: str,
    station: str,
    action: str,
    entity: str,
    payload: str,
    prev_hash: str,
) -> str:
    """SHA-256 of one event's content, chained to the previous event by ``prev_hash``."""
    content = json.dumps(
        [
            seq,
            at.isoformat(timespec="microseconds"),
            actor,
            station,
            action,
            entity,
            payload,
            prev_hash,
        ],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(content.encode("utf-8")).hexdigest()


def record(
    session: Session,
    *,
    actor: str,
    action: str,
    entity: str = "",
    station: str = "",
    payload: Mapping[str, Any] | None = None,
    at: datetime | None = None,
) -> AuditEvent:
    """Append one event to the chain inside the caller's write transaction.

    The caller must hold the writer lock (``store.session.writing`` takes it), so the head read
    here is still the head when the transaction commits. ``at`` is the moment of the step as
    the use case's clock tells it (the same clock that stamps the inspection), default now.
    """
    head_event = session.scalars(
        select(AuditEvent).order_by(col(AuditEvent.seq).desc()).limit(1)
    ).first()
    seq = (head_event.seq + 1) if head_event else 1
    prev = head_event.hash if head_event else GENESIS
    at = at.astimezone(UTC) if at is not None else utcnow()
    body = canonical_payload(payload or {})
    event = AuditEvent(
        seq=seq,
        at=at,
        actor=actor,
        station=station,
        action=action,
        entity=entity,
        payload=body,
        prev_hash=prev,
        hash=event_hash(seq, at, actor, station, action, entity, body, prev),
    )
    session.add(event)
    session.flush()
    return event


@dataclass(frozen=True, slots=True)
class ChainReport:
    """What ``verify`` found.

    Attributes:
        intact: True when every event fits the chain.
        checked: How many events were read.
        broken_seq: Sequence number of the first event that does not fit, if any.
        problem: What is wrong with it, in words.
    """

    intact: bool
    checked: int
    broken_seq: int | None = None
    problem: str | None = None


def verify(engine: Engine, *, batch: int = 5000) -> ChainReport:
    """Walk the whole chain in order and report the first broken event, if any."""
    expected_seq = 1
    prev = GENESIS
    checked = 0
    with reading(engine) as session:
        rows = session.execute(
            select(AuditEvent).order_by(col(AuditEvent.seq)).execution_options(yield_per=batch)
        ).scalars()
        for event in rows:
            checked += 1
            if event.seq != expected_seq:
                missing = (
                    f"{expected_seq}"
                    if event.seq == expected_seq + 1
                    else (f"{expected_seq}-{event.seq - 1}")
                )
                return ChainReport(
                    False,
                    checked,
                    expected_seq,
                    f"event {missing} is missing (deleted?): the next one is {event.seq}",
                )
            if event.prev_hash != prev:
                return ChainReport(
                    False,
                    checked,
                    event.seq,
                    f"event {event.seq} does not follow event {event.seq - 1}: "
                    "its previous hash differs (an earlier event was edited or removed)",
                )
            assert event.at is not None
            actual = event_hash(
                event.seq,
                event.at,
                event.actor,
                event.station,
                event.action,
                event.entity,
                event.payload,
                event.prev_hash,
            )
            if actual != event.hash:
                return ChainReport(
                    False,
                    checked,
                    event.seq,
                    f"event {event.seq} ({event.action}) was altered: its content no longer "
                    "matches its hash",
                )
            prev = event.hash
            expected_seq += 1
    return ChainReport(True, checked)
