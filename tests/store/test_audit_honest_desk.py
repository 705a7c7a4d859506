"""An honest desk of 10,000 inspections verifies clean, and one edit among them is still found.

The store is written the way the program writes it — every inspection's rows, then its signed
event through ``audit.record``, in the same transaction (a thousand parcels per transaction,
their rows inserted in bulk, so it builds quickly) — with units, evidence rows pointing at a
real evidence file, and operators.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, insert, select, text
from sqlmodel import col

from inspect_tui.store import audit
from inspect_tui.store.audit_verify import verify_store
from inspect_tui.store.models import Evidence, Inspection, InspectionUnit, Operator
from inspect_tui.store.session import writing

INSPECTIONS = 10_000
BATCH = 1_000
START = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)


def evidence_file(evidence_dir: Path) -> tuple[str, str, int]:
    content = b"\xff\xd8\xff\xe0 a scale photo " * 40
    sha256 = hashlib.sha256(content).hexdigest()
    stored = f"{sha256[:2]}/{sha256}.jpg"
    (evidence_dir / sha256[:2]).mkdir(parents=True, exist_ok=True)
    (evidence_dir / stored).write_bytes(content)
    return stored, sha256, len(content)


def build_desk(engine: Engine, evidence_dir: Path) -> None:
    stored, sha256, size = evidence_file(evidence_dir)
    with writing(engine) as session:
        for name, role in (("alice", "clerk"), ("sam", "supervisor")):
            session.add(Operator(name=name, role=role, pin_hash="x" * 40, created_at=START))
            session.flush()
            audit.record(session, actor="admin", action="operator.add", entity=f"operator:{name}")
    for first in range(0, INSPECTIONS, BATCH):
        numbers = range(first, first + BATCH)
        with writing(engine) as session:
            session.execute(insert(Inspection), [inspection_row(number) for number in numbers])
            made = select(col(Inspection.code), col(Inspection.id)).where(
                col(Inspection.code).in_([code(number) for number in numbers])
            )
            ids = {row[0]: row[1] for row in session.execute(made).all()}
            session.execute(
                insert(InspectionUnit),
                [
                    {
                        "inspection_id": ids[code(number)],
                        "scanned_code": f"SN-{number}",
                        "sku": "KB-87",
                        "match": "matched",
                        "grade": "ABCD"[number % 4],
                        "checklist": {"seal_intact": number % 3 == 0},
                        "note": "",
                        "disposition": "restock",
                        "scanned_at": moment(number),
                    }
                    for number in numbers
                ],
            )
            session.execute(
                insert(Evidence),
                [
                    {
                        "inspection_id": ids[code(number)],
                        "kind": "scale_photo",
                        "stored_path": stored,
                        "sha256": sha256,
                        "bytes": size,
                        "captured_at": moment(number),
                    }
                    for number in numbers
                    if number % 10 == 0
                ],
            )
            for number in numbers:
                audit.record(
                    session,
                    actor="alice",
                    station="bench-1",
                    action="inspection.complete",
                    entity=f"inspection:{code(number)}",
                    payload={"number": number},
                    at=moment(number),
                )


def code(number: int) -> str:
    return f"INS-20261102-{number:05d}"


def moment(number: int) -> datetime:
    return START + timedelta(seconds=number)


def inspection_row(number: int) -> dict[str, object]:
    rejected = number % 5 == 0
    return {
        "code": code(number),
        "station": "bench-1",
        "inspector": "alice",
        "status": "completed",
        "step": "done",
        "day": date(2026, 11, 2),
        "opened_at": moment(number),
        "completed_at": moment(number),
        "weight_g": 400 + number % 700,
        "outcome": "reject" if rejected else "accept",
        "reasons": ["EMPTY_PARCEL"] if rejected else ["NO_REASON_RETURN"],
        "suggested": {"outcome": "reject" if rejected else "accept"},
        "refund_minor": 0 if rejected else 5990,
        "justification": "",
        "needs_review": rejected,
        "review_state": "pending" if rejected else None,
        "review_comment": "",
        "note": "",
        "version": 7,
    }


@pytest.mark.slow
def test_ten_thousand_honest_inspections_verify_clean(engine: Engine, tmp_path: Path) -> None:
    evidence_dir = tmp_path / "evidence"
    build_desk(engine, evidence_dir)

    report = verify_store(engine, evidence_dir=evidence_dir)
    assert report.problems == ()
    assert report.events == INSPECTIONS + 2
    assert report.entities == INSPECTIONS + 2
    assert report.files == 1

    with engine.begin() as connection:
        connection.execute(
            text("UPDATE inspection_unit SET grade = 'A' WHERE scanned_code = 'SN-7777'")
        )
    report = verify_store(engine, evidence_dir=evidence_dir)
    assert report.problems == (
        "inspection INS-20261102-07777 was changed outside the program: it is no longer as "
        f"event {7777 + 3} recorded it",
    )
