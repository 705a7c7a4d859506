"""``audit verify`` in full: the chain, its anchors, the state of the rows and the files.

:func:`verify_store` answers "does the store still say what the desk recorded?":

1. the chain walks clean, every signature checked with the desk key (``store.audit``);
2. the signed head row and every anchor (the head file this station keeps, the anchors taken
   with ``audit anchor``, any given on the command line) name an event the chain still holds,
   with the same hash — so deleting the last event, the last hundred or all of them is seen;
3. every inspection and operator is in the state its latest event recorded
   (``store.audit_state``), and none that an event recorded has vanished;
4. every evidence file is still in the evidence store with the SHA-256 recorded for it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, select
from sqlmodel import col

from inspect_tui.store import audit, audit_anchor, audit_key, audit_state
from inspect_tui.store.audit_anchor import Anchor
from inspect_tui.store.audit_key import DeskKey
from inspect_tui.store.models import Evidence, Inspection
from inspect_tui.store.session import reading

MAX_LISTED = 20
"""Problems of one kind named one by one; beyond that only counted."""
CHUNK = 1 << 20


@dataclass(frozen=True, slots=True)
class StoreReport:
    """What :func:`verify_store` found.

    Attributes:
        events: How many events were read.
        problems: What is wrong, one sentence each (empty: the store verifies).
        notes: What is worth knowing but not wrong (an unsigned start of the chain).
        anchors: How many anchors were checked.
        entities: How many inspections and operators were compared with their last event.
        files: How many evidence files were hashed again.
    """

    events: int
    problems: tuple[str, ...]
    notes: tuple[str, ...]
    anchors: int
    entities: int
    files: int

    @property
    def intact(self) -> bool:
        """True when nothing is wrong."""
        return not self.problems


def verify_store(
    engine: Engine,
    *,
    evidence_dir: Path | None,
    anchors: Iterable[Anchor] = (),
    key: DeskKey | None = None,
) -> StoreReport:
    """Check the chain, the anchors, the rows' state and the evidence files.

    Args:
        engine: The store.
        evidence_dir: The evidence store to hash again; None skips the files.
        anchors: Anchors kept elsewhere, besides the head row, this station's head file and
            its anchors file.
        key: The desk key; default this station's.

    Raises:
        AuditKeyError: The key file exists but cannot be read.
    """
    key = key or audit_key.load_key()
    problems: list[str] = []
    found = list(anchors)
    found += _kept_anchors(engine, problems)
    with reading(engine) as session:
        head = audit_anchor.head_row(session)
    if head is not None:
        found.append(head)
    chain = audit.verify(engine, key=key, want=frozenset(a.seq for a in found))
    if not chain.intact:
        problems.append(f"the chain is broken at event {chain.broken_seq}: {chain.problem}")
    problems += _check_anchors(found, chain, key)
    vouched = key is not None and any(anchor.valid_for(key) for anchor in found)
    if head is None and (chain.signed or vouched):
        problems.append(
            "the signed head record is missing from the database (removed): the end of the "
            "chain cannot be vouched for by the database"
        )
    entities = files = 0
    if chain.intact:
        entities = _check_states(engine, chain, problems)
        if evidence_dir is not None:
            files = _check_files(engine, evidence_dir, problems)
    return StoreReport(
        events=chain.checked,
        problems=tuple(problems),
        notes=_notes(chain, head, key),
        anchors=len(found),
        entities=entities,
        files=files,
    )


def _kept_anchors(engine: Engine, problems: list[str]) -> list[Anchor]:
    kept: list[Anchor] = []
    for path in (audit_anchor.head_file(engine.url), audit_anchor.anchors_file(engine.url)):
        if not path.exists():
            continue
        try:
            kept += audit_anchor.read_anchors(path)
        except ValueError as error:
            problems.append(f"an anchor kept outside the database is damaged: {error}")
    return kept


def _check_anchors(
    anchors: list[Anchor], chain: audit.ChainReport, key: DeskKey | None
) -> list[str]:
    problems: list[str] = []
    for anchor in anchors:
        if key is None or not anchor.valid_for(key):
            problems.append(
                f"the anchor in {anchor.source} (event {anchor.seq}, {anchor.when}) is not "
                "signed with this desk's key: it was forged or edited"
            )
        elif anchor.seq == 0 or not chain.intact and anchor.seq > chain.last_seq:
            continue
        elif anchor.seq > chain.last_seq:
            ends = f"ends at event {chain.last_seq}" if chain.last_seq else "is empty"
            first = chain.last_seq + 1
            gone = (
                f"event {first} was" if first == anchor.seq else f"events {first}-{anchor.seq} were"
            )
            problems.append(
                f"the chain {ends}, but {anchor.source} says it reached event {anchor.seq} at "
                f"{anchor.when}: {gone} deleted"
            )
        elif chain.hashes.get(anchor.seq) != anchor.hash:
            problems.append(
                f"event {anchor.seq} is not the one {anchor.source} recorded at {anchor.when}: "
                "the chain was rewritten"
            )
        elif anchor.source.startswith("the head record") and anchor.seq < chain.last_seq:
            problems.append(
                f"events {anchor.seq + 1}-{chain.last_seq} come after the signed head record: "
                "they were added without moving it (written outside the program)"
            )
    return problems


def _check_states(engine: Engine, chain: audit.ChainReport, problems: list[str]) -> int:
    changed: list[str] = []
    seen: set[str] = set()
    compared = 0
    with reading(engine) as session:
        for entity, digest in audit_state.current_states(session):
            seen.add(entity)
            latest = chain.states.get(entity)
            if latest is None:
                changed.append(
                    f"{_name(entity)} has no audit event: it was written outside the program"
                )
                continue
            seq, recorded = latest
            if not recorded:
                continue
            compared += 1
            if recorded != digest:
                changed.append(
                    f"{_name(entity)} was changed outside the program: it is no longer as "
                    f"event {seq} recorded it"
                )
    for entity, (seq, recorded) in chain.states.items():
        if recorded and entity not in seen:
            changed.append(f"{_name(entity)} was deleted: event {seq} recorded it")
    problems += _listed(changed)
    return compared


def _check_files(engine: Engine, evidence_dir: Path, problems: list[str]) -> int:
    bad: list[str] = []
    hashed: dict[str, str | None] = {}
    root = evidence_dir.resolve()
    with reading(engine) as session:
        rows = session.execute(
            select(col(Evidence.stored_path), col(Evidence.sha256), col(Inspection.code))
            .outerjoin(Inspection, col(Inspection.id) == col(Evidence.inspection_id))
            .order_by(col(Evidence.id))
        ).all()
    for stored, sha256, code in rows:
        where = f" (inspection {code})" if code else " (pre-shipment)"
        if stored not in hashed:
            hashed[stored] = _sha256(root, stored)
        actual = hashed[stored]
        if actual is None:
            bad.append(f"evidence file {stored}{where} is missing from {evidence_dir}")
        elif actual != sha256:
            bad.append(
                f"evidence file {stored}{where} was edited: its SHA-256 is no longer the one "
                "recorded"
            )
    problems += _listed(bad)
    return len(hashed)


def _sha256(root: Path, stored: str) -> str | None:
    path = (root / stored).resolve()
    if not path.is_relative_to(root) or not path.is_file():
        return None
    digest = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(CHUNK):
                digest.update(chunk)
    except OSError:
        return None
    return digest.hexdigest()


def _notes(chain: audit.ChainReport, head: Anchor | None, key: DeskKey | None) -> tuple[str, ...]:
    if not chain.unsigned:
        return ()
    first_signed = chain.unsigned + 1
    if chain.signed:
        return (
            f"events 1-{chain.unsigned} were written before this desk had an audit key; "
            f"signed event {first_signed} seals them",
        )
    if head is not None and key is not None and head.valid_for(key):
        return (
            f"events 1-{chain.unsigned} were written before this desk had an audit key; the "
            "signed head record seals them",
        )
    return (
        f"the chain is unsigned up to event {chain.unsigned}: anyone who can write to the "
        "database could rewrite it. Run `inspect-tui audit anchor` to seal it",
    )


def _listed(items: list[str]) -> list[str]:
    if len(items) <= MAX_LISTED:
        return items
    return [*items[:MAX_LISTED], f"... and {len(items) - MAX_LISTED} more like these"]


def _name(entity: str) -> str:
    kind, _, name = entity.partition(":")
    return f"{kind} {name}"
