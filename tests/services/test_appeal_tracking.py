"""Appeal tracking on SQLite and PostgreSQL: recorded by a supervisor, audited, summed up.

Parcels are inspected through the Workstation on the demo store (supervisor sam, PIN 2468);
the audit chain is checked afterwards with ``verify_store`` like ``inspect-tui audit verify``.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func
from sqlmodel import select

from inspect_tui.services.appeals.platforms import UnknownPlatform
from inspect_tui.services.appeals.tracking import (
    AppealError,
    appeal_summary,
    list_appeals,
)
from inspect_tui.services.inspecting.workstation import Workstation
from inspect_tui.services.records.inspection_record import InspectionNotFound, load_record
from inspect_tui.services.review.appeals import record_appeal
from inspect_tui.services.review.operators import Supervisor
from inspect_tui.services.shared.errors import UnknownOperator, WrongPin
from inspect_tui.store.audit_verify import verify_store
from inspect_tui.store.models import Appeal
from inspect_tui.store.session import reading
from stories import accepted_defect, empty_parcel_reject

SAM = Supervisor("sam", "2468")


def appeals_in(ws: Workstation) -> int:
    with reading(ws.engine) as session:
        return int(session.exec(select(func.count()).select_from(Appeal)).one())


def test_an_appeal_round_trip(ws: Workstation, photo: Path, bench_time: datetime) -> None:
    code = empty_parcel_reject(ws, photo)
    stepped_in = bench_time + timedelta(days=2)

    first = record_appeal(ws.engine, code, by=SAM, case_ref="TB-CASE-7781234",
                          opened_at=stepped_in, clock=lambda: stepped_in)  # fmt: skip
    later = stepped_in + timedelta(days=5)
    won = record_appeal(ws.engine, code.lower(), by=SAM, status="won", recovered_minor=39900,
                        note="平台支持商家", clock=lambda: later)  # fmt: skip

    assert (first.platform, first.status, first.case_ref) == (
        "taobao",
        "submitted",
        "TB-CASE-7781234",
    )
    assert first.deadline_at == stepped_in + timedelta(hours=72)  # taobao's response window
    assert (won.status, won.recovered_minor, won.currency) == ("won", 39900, "CNY")
    assert won.case_ref == first.case_ref and won.deadline_at == first.deadline_at
    assert [item.code for item in list_appeals(ws.engine)] == [code]
    assert list_appeals(ws.engine)[0] == won
    record = load_record(ws.engine, code, evidence_dir=ws.evidence_dir)
    events = [event for event in record.timeline if event.action == "appeal.record"]
    assert [(e.actor, e.payload["status"], e.payload["created"]) for e in events] == [
        ("sam", "submitted", True),
        ("sam", "won", False),
    ]
    assert events[1].payload["recovered_minor"] == 39900 and record.intact
    assert verify_store(ws.engine, evidence_dir=ws.evidence_dir).problems == ()


def test_the_sellers_response_window_sets_the_deadline(
    ws: Workstation, photo: Path, bench_time: datetime, tmp_path: Path
) -> None:
    code = empty_parcel_reject(ws, photo)
    limits = tmp_path / "limits.toml"
    limits.write_text("[taobao]\nresponse_hours = 24\n", encoding="utf-8")

    view = record_appeal(ws.engine, code, by=SAM, case_ref="C-1", limits_file=limits,
                         clock=lambda: bench_time)  # fmt: skip

    assert view.deadline_at == bench_time + timedelta(hours=24)


def test_only_a_supervisor_with_the_right_pin_records(ws: Workstation, photo: Path) -> None:
    code = empty_parcel_reject(ws, photo)

    with pytest.raises(WrongPin):
        record_appeal(ws.engine, code, by=Supervisor("sam", "1111"), case_ref="C-1")
    with pytest.raises(UnknownOperator, match="clerk"):
        record_appeal(ws.engine, code, by=Supervisor("alice", "2468"), case_ref="C-1")

    assert appeals_in(ws) == 0


@pytest.mark.parametrize(
    ("options", "words"),
    [
        ({"case_ref": "C-1", "status": "pending"}, "status 'pending' is not known"),
        ({"case_ref": "C-1", "status": "lost", "recovered_minor": 100}, "lost appeal recovers"),
        ({"case_ref": "C-1", "status": "partial"}, "partly won appeal recovered"),
        ({}, "needs the platform's case number"),
        ({"case_ref": "C\x07-1"}, "control character"),
        ({"case_ref": "C-1", "recovered_minor": -5}, "from 0 to 10,000,000"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(
    ws: Workstation, photo: Path, options: dict[str, object], words: str
) -> None:
    code = empty_parcel_reject(ws, photo)

    with pytest.raises(AppealError, match=words):
        record_appeal(ws.engine, code, by=SAM, **options)  # type: ignore[arg-type]

    assert appeals_in(ws) == 0


def test_unknown_parcels_platforms_and_accepted_parcels(ws: Workstation, photo: Path) -> None:
    code = empty_parcel_reject(ws, photo)
    accepted = accepted_defect(ws, photo)

    with pytest.raises(InspectionNotFound):
        record_appeal(ws.engine, "INS-20991231-0001", by=SAM, case_ref="C-1")
    with pytest.raises(UnknownPlatform):
        record_appeal(ws.engine, code, by=SAM, case_ref="C-1", platform="jd")
    with pytest.raises(AppealError, match="no appeal to track"):
        record_appeal(ws.engine, accepted, by=SAM, case_ref="C-1")
    assert appeals_in(ws) == 0


def test_the_summary_shows_what_is_due_how_they_ended_and_the_money(
    ws: Workstation, photo: Path, bench_time: datetime
) -> None:
    soon = empty_parcel_reject(ws, photo)
    other = _swap(ws, photo)
    now = bench_time
    record_appeal(ws.engine, soon, by=SAM, case_ref="A-1", clock=lambda: now)
    record_appeal(ws.engine, other, by=SAM, case_ref="B-2",
                  deadline_at=now + timedelta(days=10), clock=lambda: now)  # fmt: skip

    summary = appeal_summary(ws.engine, now + timedelta(hours=30))

    assert [item.case_ref for item in summary.due_soon] == ["A-1"]  # 72 h window, 42 h left
    assert summary.count("submitted") == 2 and summary.recovered == ()

    record_appeal(ws.engine, soon, by=SAM, status="partial", recovered_minor=20000)
    record_appeal(ws.engine, other, by=SAM, status="lost")
    summary = appeal_summary(ws.engine, now + timedelta(days=9, hours=12))

    assert summary.due_soon == ()
    assert (summary.count("partial"), summary.count("lost"), summary.count("won")) == (1, 1, 0)
    assert summary.recovered == (("CNY", 20000),)


def _swap(ws: Workstation, photo: Path) -> str:
    view = ws.open_parcel("DY-RT-20017")
    view = ws.record_weight(view.inspection_id, 400)
    view = ws.scan_item(view.inspection_id, "6901234567106")
    view = ws.grade_unit(view.inspection_id, view.units[0].unit_id, "X")
    view = ws.attach_evidence(view.inspection_id, photo, "label_photo")
    view = ws.attach_evidence(view.inspection_id, photo, "item_photo")
    ws.decide(view.inspection_id)
    return ws.complete(view.inspection_id).code
