"""Digests of the business rows an audit event left behind.

Each event about an inspection or an operator carries the SHA-256 of a canonical JSON of that
entity's rows as the event's transaction left them: for an inspection the fields of its row,
its units and its evidence rows listed below (all the columns they had when digests were
introduced); for an operator the name, role, active flag and PIN hash.
``audit verify`` computes the same digest from the tables as they are now and compares it with
the entity's latest event, so an edit made outside the program (an outcome, a weight, a grade,
a deleted unit, an evidence SHA, a review, a role) shows up even though the chain is intact.

Rows are read through SQL expressions on the tables, never from the session's identity map, so
the digest written and the digest recomputed see values the same way (as the store returns
them).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from inspect_tui.store import tables

INSPECTION = "inspection:"
OPERATOR = "operator:"
DIGEST_VERSION = 1
"""Part of every digest. The fields below are fixed lists, not "every column": a migration
that adds a column must not change the digest of rows written before it. Covering a new field
means a new version here, with ``audit verify`` still computing the old one for old events."""
INSPECTION_FIELDS = (
    "id", "code", "return_id", "shipment_id", "platform", "buyer_ref", "scanned_code",
    "station", "inspector", "status", "step", "day", "opened_at", "completed_at", "weight_g",
    "weight_source", "weighed_at", "expected_weight_g", "test_result", "outer_box_damaged",
    "outcome", "reasons", "suggested", "refund_minor", "justification", "decided_at",
    "needs_review", "review_state", "reviewed_by", "reviewed_at", "review_comment", "note",
    "version",
)  # fmt: skip
UNIT_FIELDS = (
    "id", "inspection_id", "line_no", "scanned_code", "sku", "gtin", "serial", "match",
    "grade", "checklist", "components_present", "note", "disposition", "scanned_at",
)  # fmt: skip
EVIDENCE_FIELDS = (
    "id", "inspection_id", "shipment_id", "unit_id", "kind", "original_name", "stored_path",
    "sha256", "bytes", "captured_at",
)  # fmt: skip
OPERATOR_FIELDS = ("name", "role", "active", "pin_hash")

_inspection = tables.INSPECTION
_unit = tables.INSPECTION_UNIT
_evidence = tables.EVIDENCE
_operator = tables.OPERATOR


def tracked(entity: str) -> bool:
    """True for entities whose rows the events vouch for."""
    return entity.startswith((INSPECTION, OPERATOR))


def state_of(session: Session, entity: str) -> str:
    """The digest of ``entity``'s rows now; ``""`` for untracked entities or missing rows."""
    if entity.startswith(INSPECTION):
        code = entity.removeprefix(INSPECTION)
        row = session.execute(select(_inspection).where(_inspection.c.code == code)).first()
        if row is None:
            return ""
        ident = row._mapping["id"]
        units = session.execute(
            select(_unit).where(_unit.c.inspection_id == ident).order_by(_unit.c.id)
        ).all()
        evidence = session.execute(
            select(_evidence).where(_evidence.c.inspection_id == ident).order_by(_evidence.c.id)
        ).all()
        return inspection_digest(
            row._mapping, [u._mapping for u in units], [e._mapping for e in evidence]
        )
    if entity.startswith(OPERATOR):
        name = entity.removeprefix(OPERATOR)
        row = session.execute(select(_operator).where(_operator.c.name == name)).first()
        return "" if row is None else operator_digest(row._mapping)
    return ""


def inspection_digest(
    inspection: Mapping[Any, Any],
    units: Sequence[Mapping[Any, Any]],
    evidence: Sequence[Mapping[Any, Any]],
) -> str:
    """Digest of one inspection row with its units and evidence rows (each in id order)."""
    return _digest(
        {
            "inspection": _pick(inspection, INSPECTION_FIELDS),
            "units": [_pick(unit, UNIT_FIELDS) for unit in units],
            "evidence": [_pick(item, EVIDENCE_FIELDS) for item in evidence],
        }
    )


def operator_digest(operator: Mapping[Any, Any]) -> str:
    """Digest of the operator fields that give power: role, active, PIN."""
    return _digest(_pick(operator, OPERATOR_FIELDS))


def current_states(session: Session, *, batch: int = 2000) -> Iterator[tuple[str, str]]:
    """Every tracked entity in the store with the digest of its rows now.

    Inspections are read a batch at a time in id order, with their units and evidence, so a
    store of any size is walked in bounded memory.
    """
    for row in session.execute(select(_operator).order_by(_operator.c.id)):
        yield OPERATOR + row._mapping["name"], operator_digest(row._mapping)
    after = 0
    while True:
        rows = session.execute(
            select(_inspection)
            .where(_inspection.c.id > after)
            .order_by(_inspection.c.id)
            .limit(batch)
        ).all()
        if not rows:
            return
        ids = [row._mapping["id"] for row in rows]
        units = _grouped(session, _unit, ids)
        evidence = _grouped(session, _evidence, ids)
        for row in rows:
            ident = row._mapping["id"]
            yield (
                INSPECTION + row._mapping["code"],
                inspection_digest(row._mapping, units.get(ident, []), evidence.get(ident, [])),
            )
        after = ids[-1]


def _grouped(session: Session, table: Table, ids: list[int]) -> dict[int, list[Mapping[Any, Any]]]:
    groups: dict[int, list[Mapping[Any, Any]]] = {}
    rows = session.execute(select(table).where(table.c.inspection_id.in_(ids)).order_by(table.c.id))
    for row in rows:
        groups.setdefault(row._mapping["inspection_id"], []).append(row._mapping)
    return groups


def _pick(row: Mapping[Any, Any], fields: tuple[str, ...]) -> dict[str, Any]:
    return {field: row[field] for field in fields}


def _digest(value: dict[str, Any]) -> str:
    text = json.dumps(
        {"v": DIGEST_VERSION, **value},
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
        default=_scalar,
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _scalar(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat(timespec="microseconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes):
        return value.hex()
    raise TypeError(f"no canonical form for {type(value).__name__}")
