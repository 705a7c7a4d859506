"""The append-only, signed, hash-chained audit trail, and its verification.

Each event's ``hash`` is the HMAC-SHA256, with the desk key (``store.audit_key``, a file
outside the database), of a canonical JSON of its sequence number, time, actor, station,
action, entity, payload, the previous event's hash, the key's id and the digest of the state
the event left (``store.audit_state``). Editing a row changes its hash; deleting one leaves a
gap in the sequence and a ``prev_hash`` that points nowhere; recomputing the hashes forward
needs the key. Events written before the desk had a key carry a plain SHA-256 of the same
content without key id and state (``event_hash``); the first signed event after them seals
them. ``verify`` walks the chain in order and names the first event that does not fit; the
signed head and the anchors (``store.audit_anchor``) catch a cut-off tail.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select
from sqlmodel import Session, col

from inspect_tui.store import audit_anchor, audit_key, audit_state
from inspect_tui.store.audit_key import AuditKeyError, DeskKey
from inspect_tui.store.models import AuditEvent
from inspect_tui.store.session import lock_chain, reading, writing
from inspect_tui.store.types import utcnow

GENESIS = "0" * 64


def canonical_payload(payload: Mapping[str, Any]) -> str:
    """The exact text stored and hashed for a payload: sorted keys, no spaces, UTF-8."""
    return json.dumps(
        payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str
    )


def event_hash(event: AuditEvent) -> str:
    """SHA-256 of one event's content, chained to the previous event by ``prev_hash``."""
    content = json.dumps(_content(event), ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(content.encode("utf-8")).hexdigest()


def signed_hash(key: DeskKey, event: AuditEvent) -> str:
    """HMAC-SHA256 of one event's content with the desk key, chained by ``prev_hash``.

    It covers the key's id and the event's ``state`` too.
    """
    return key.sign("event", [*_content(event), key.key_id, event.state])


def _content(event: AuditEvent) -> list[Any]:
    """The fields both hashes cover, in their fixed order (the signed one adds key and state)."""
    assert event.at is not None
    return [
        event.seq,
        event.at.isoformat(timespec="microseconds"),
        event.actor,
        event.station,
        event.action,
        event.entity,
        event.payload,
        event.prev_hash,
    ]


def expected_hash(event: AuditEvent, key: DeskKey | None) -> str | None:
    """The hash ``event`` should carry: plain SHA-256 when unsigned, the HMAC when signed.

    None when the event is signed and ``key`` is not the key it names (or there is none).
    """
    if not event.key_id:
        return event_hash(event)
    if key is None or key.key_id != event.key_id:
        return None
    return signed_hash(key, event)


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
    """Append one signed event to the chain inside the caller's write transaction.

    The chain's lock is taken here (on PostgreSQL; SQLite's writer lock already covers it)
    and held until the transaction ends, so the head read here is still the head when the
    transaction commits. ``at`` is the moment of the step as
    the use case's clock tells it (the same clock that stamps the inspection), default now.
    The event carries the digest of its entity's rows as they are now (call it after the
    step's changes), and the signed head row moves to it.

    Raises:
        AuditKeyError: The chain is signed and this station has no (or another) desk key.
    """
    at = at.astimezone(UTC) if at is not None else utcnow()
    body = canonical_payload(payload or {})
    session.flush()
    # The entity's digest does not depend on the chain, and its rows are this transaction's
    # (locked by it), so it is computed before the chain's lock: the lock is held only for
    # reading the head, appending, and the commit.
    state = audit_state.state_of(session, entity) if audit_state.tracked(entity) else ""
    lock_chain(session)
    head_event = session.scalars(
        select(AuditEvent).order_by(col(AuditEvent.seq).desc()).limit(1)
    ).first()
    key = signing_key(head_event)
    seq = (head_event.seq + 1) if head_event else 1
    prev = head_event.hash if head_event else GENESIS
    event = AuditEvent(
        seq=seq,
        at=at,
        actor=actor,
        station=station,
        action=action,
        entity=entity,
        payload=body,
        prev_hash=prev,
        hash="",
        key_id=key.key_id,
        state=state,
    )
    event.hash = signed_hash(key, event)
    session.add(event)
    audit_anchor.move_head(session, key, seq, event.hash, at)
    session.flush()
    return event


def signing_key(head_event: AuditEvent | None) -> DeskKey:
    """This station's desk key, created when the chain has no signed event yet.

    Raises:
        AuditKeyError: The chain is signed but the key file is missing or holds another key.
    """
    key = audit_key.load_key()
    signed_by = head_event.key_id if head_event is not None else ""
    if key is None:
        if signed_by:
            raise AuditKeyError(
                f"This desk's audit trail is signed with key {signed_by}, but this station has "
                f"no audit key at {audit_key.key_path()}: nothing was saved. Copy audit.key "
                "from a station of this desk (or set INSPECT_TUI_AUDIT_KEY_FILE)."
            )
        return audit_key.create_key()
    if signed_by and signed_by != key.key_id:
        raise AuditKeyError(
            f"This desk's audit trail is signed with key {signed_by}, but {key.path} holds "
            f"key {key.key_id}: nothing was saved. Use the desk's audit.key on this station."
        )
    return key


@dataclass(frozen=True, slots=True)
class ChainReport:
    """What walking the chain found.

    Attributes:
        intact: True when every event fits the chain and its signature.
        checked: How many events were read.
        broken_seq: Sequence number of the first event that does not fit, if any.
        problem: What is wrong with it, in words.
        last_seq: The last event's number (0 for an empty chain).
        last_hash: The last event's hash (``GENESIS`` for an empty chain).
        unsigned: How many events at the start of the chain predate the desk key.
        signed: How many events are signed with the desk key.
        states: For each entity, the number and state digest of its latest event.
        hashes: The hashes of the events asked for in ``verify(want=...)``.
    """

    intact: bool
    checked: int
    broken_seq: int | None = None
    problem: str | None = None
    last_seq: int = 0
    last_hash: str = GENESIS
    unsigned: int = 0
    signed: int = 0
    states: dict[str, tuple[int, str]] = field(default_factory=dict)
    hashes: dict[int, str] = field(default_factory=dict)


def verify(
    engine: Engine,
    *,
    key: DeskKey | None = None,
    want: frozenset[int] = frozenset(),
    batch: int = 5000,
) -> ChainReport:
    """Walk the whole chain in order and report the first broken event, if any.

    Signed events are checked with ``key`` (default: this station's desk key); events from
    before the desk had a key are checked as plain SHA-256, and may only come first: an
    unsigned event after a signed one was written by someone without the key.
    """
    if key is None:
        key = audit_key.load_key()
    walk = _Walk(key, want)
    with reading(engine) as session:
        rows = session.execute(
            select(AuditEvent).order_by(col(AuditEvent.seq)).execution_options(yield_per=batch)
        ).scalars()
        for event in rows:
            problem = walk.step(event)
            if problem is not None:
                return walk.report(event.seq if problem[0] is None else problem[0], problem[1])
    return walk.report(None, None)


class _Walk:
    """The state of one walk along the chain."""

    def __init__(self, key: DeskKey | None, want: frozenset[int]) -> None:
        self.key = key
        self.want = want
        self.expected_seq = 1
        self.prev = GENESIS
        self.checked = 0
        self.unsigned = 0
        self.signed = 0
        self.states: dict[str, tuple[int, str]] = {}
        self.hashes: dict[int, str] = {}

    def step(self, event: AuditEvent) -> tuple[int | None, str] | None:
        """Check one event; the broken sequence number and the problem, if any."""
        self.checked += 1
        if event.seq != self.expected_seq:
            gap = self.expected_seq
            missing = f"{gap}" if event.seq == gap + 1 else f"{gap}-{event.seq - 1}"
            return gap, f"event {missing} is missing (deleted?): the next one is {event.seq}"
        if event.prev_hash != self.prev:
            return None, (
                f"event {event.seq} does not follow event {event.seq - 1}: "
                "its previous hash differs (an earlier event was edited or removed)"
            )
        if not event.key_id and self.signed:
            return None, (
                f"event {event.seq} ({event.action}) is not signed although the events before "
                "it are: it was written or rewritten without the desk key"
            )
        expected = expected_hash(event, self.key)
        if expected is None:
            return None, _key_problem(event, self.key)
        if expected != event.hash:
            return None, (
                f"event {event.seq} ({event.action}) was altered: its content no longer "
                "matches its " + ("signature" if event.key_id else "hash")
            )
        if event.key_id:
            self.signed += 1
        else:
            self.unsigned += 1
        if event.entity:
            self.states[event.entity] = (event.seq, event.state)
        if event.seq in self.want:
            self.hashes[event.seq] = event.hash
        self.prev = event.hash
        self.expected_seq += 1
        return None

    def report(self, broken: int | None, problem: str | None) -> ChainReport:
        """The report of the walk so far."""
        return ChainReport(
            intact=problem is None,
            checked=self.checked,
            broken_seq=broken,
            problem=problem,
            last_seq=self.expected_seq - 1,
            last_hash=self.prev,
            unsigned=self.unsigned,
            signed=self.signed,
            states=self.states,
            hashes=self.hashes,
        )


def _key_problem(event: AuditEvent, key: DeskKey | None) -> str:
    if key is None:
        return (
            f"event {event.seq} is signed with desk key {event.key_id}, but this station has "
            f"no audit key at {audit_key.key_path()}: the signatures cannot be checked"
        )
    return (
        f"event {event.seq} is signed with another key ({event.key_id}) than this desk's "
        f"({key.key_id} in {key.path}): it was forged, or the key file was replaced"
    )


def anchor_now(engine: Engine, *, at: datetime | None = None) -> tuple[audit_anchor.Anchor, Path]:
    """Sign the chain's current end, move the head row to it and keep it in the anchors file.

    On a chain written before the desk had a key this also seals the unsigned events: the
    signed anchor covers the last one's hash, which covers all before it.

    Returns:
        The anchor, and the file it was appended to.

    Raises:
        AuditKeyError: The chain is signed and this station has no (or another) desk key.
    """
    with writing(engine) as session:
        head_event = session.scalars(
            select(AuditEvent).order_by(col(AuditEvent.seq).desc()).limit(1)
        ).first()
        key = signing_key(head_event)
        seq, head = (head_event.seq, head_event.hash) if head_event else (0, GENESIS)
        anchor = audit_anchor.move_head(session, key, seq, head, at or utcnow())
    return anchor, audit_anchor.append_anchor(engine.url, anchor)
