"""The supervisor's ReviewDesk on every back end, over parcels the clerk really inspected."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import col, select

from inspect_tui.core.policy import Policy, policy_from_toml
from inspect_tui.services.demo import DEMO_SUPERVISOR_PIN, DemoStore
from inspect_tui.services.inspecting.workstation import Workstation
from inspect_tui.services.records.inspection_record import InspectionNotFound
from inspect_tui.services.review.desk import ReviewDesk, ReviewRefused
from inspect_tui.services.review.operators import Supervisor, add_operator
from inspect_tui.services.shared.errors import (
    DecisionIncomplete,
    InvalidInput,
    UnknownOperator,
    WrongPin,
)
from inspect_tui.store.audit import verify
from inspect_tui.store.models import AuditEvent, Operator
from inspect_tui.store.session import reading
from row_counts import row_counts
from stories import (
    accepted_defect,
    empty_parcel_reject,
    escalated_seller_error,
    partial_missing_parts,
)

BENCH_DAY = date(2026, 11, 18)
REVIEW_TIME = datetime(2026, 11, 18, 12, 0, tzinfo=UTC)


def desk(
    demo: DemoStore,
    *,
    operator: str = "sam",
    pin: str = DEMO_SUPERVISOR_PIN,
    at: datetime = REVIEW_TIME,
    tz: tzinfo = UTC,
    policy: Policy | None = None,
) -> ReviewDesk:
    """The supervisor's desk on the demo store, with a fixed clock and time zone."""
    return ReviewDesk.connect(
        demo.db_url, operator=operator, pin=pin, data_dir=demo.data_dir, policy=policy,
        clock=lambda: at, tz=tz,
    )  # fmt: skip


@pytest.fixture
def sam(demo: DemoStore) -> Iterator[ReviewDesk]:
    review = desk(demo)
    yield review
    review.close()


def operator_row(demo: DemoStore, review: ReviewDesk | None, name: str) -> Operator:
    from inspect_tui.services.shared.database import open_store

    engine = review.engine if review else open_store(demo.db_url)
    with reading(engine) as session:
        row = session.exec(select(Operator).where(col(Operator.name) == name)).one()
    if review is None:
        engine.dispose()
    return row


def actions(review: ReviewDesk, entity: str) -> list[str]:
    with reading(review.engine) as session:
        rows = session.exec(
            select(AuditEvent).where(col(AuditEvent.entity) == entity).order_by(col(AuditEvent.seq))
        ).all()
    return [row.action for row in rows]


# -- signing in ------------------------------------------------------------------------------


def test_clerk_and_unknown_operator_are_refused(demo: DemoStore) -> None:
    with pytest.raises(UnknownOperator, match="only a supervisor"):
        desk(demo, operator="alice", pin=DEMO_SUPERVISOR_PIN)
    with pytest.raises(UnknownOperator, match="nobody"):
        desk(demo, operator="nobody")


def test_wrong_pins_lock_the_supervisor_and_the_lock_survives_a_restart(demo: DemoStore) -> None:
    with pytest.raises(WrongPin, match="2 more wrong PINs"):
        desk(demo, pin="0000")
    with pytest.raises(WrongPin, match="1 more wrong PIN locks"):
        desk(demo, pin="1111")
    with pytest.raises(WrongPin, match="locked .* until 2026-11-18 12:15"):
        desk(demo, pin="2222")
    row = operator_row(demo, None, "sam")
    assert row.failed_pins == 3
    assert row.locked_until == REVIEW_TIME + timedelta(minutes=15)
    # A new connection (a restarted program) still refuses, even the right PIN.
    with pytest.raises(WrongPin, match="until 2026-11-18 12:15"):
        desk(demo, at=REVIEW_TIME + timedelta(minutes=14))
    # The message is in the desk's time zone.
    with pytest.raises(WrongPin, match="until 2026-11-18 20:15"):
        desk(demo, at=REVIEW_TIME + timedelta(minutes=1), tz=ZoneInfo("Asia/Shanghai"))
    review = desk(demo, at=REVIEW_TIME + timedelta(minutes=16))
    try:
        row = operator_row(demo, review, "sam")
        assert (row.failed_pins, row.locked_until) == (0, None)
        trail = actions(review, "operator:sam")
        assert trail.count("operator.pin_failed") == 2
        assert trail.count("operator.locked") == 1
        assert trail[-1] == "operator.sign_in"
        assert verify(review.engine).intact
    finally:
        review.close()


def test_a_right_pin_resets_the_count(demo: DemoStore) -> None:
    policy = policy_from_toml("[supervisor]\nmax_wrong_pins = 2\nlock_minutes = 5\n")
    with pytest.raises(WrongPin, match="1 more wrong PIN locks"):
        desk(demo, pin="0000", policy=policy)
    desk(demo, policy=policy).close()
    assert operator_row(demo, None, "sam").failed_pins == 0
    with pytest.raises(WrongPin, match="1 more wrong PIN"):
        desk(demo, pin="0000", policy=policy)
    with pytest.raises(WrongPin, match="locked .* until 2026-11-18 12:05"):
        desk(demo, pin="0000", policy=policy)


# -- the queue and the decisions -------------------------------------------------------------


def test_pending_lists_rejects_and_overrides_of_the_day(
    ws: Workstation, photo: Path, sam: ReviewDesk
) -> None:
    empty = empty_parcel_reject(ws, photo)
    escalated = escalated_seller_error(ws, photo)
    accepted_defect(ws, photo)
    queue = sam.pending(BENCH_DAY)
    assert [item.code for item in queue] == [empty, escalated]
    first, second = queue
    assert (first.outcome, first.reasons, first.override) == ("reject", ("EMPTY_PARCEL",), False)
    assert (first.platform, first.order_ref, first.buyer_ref) == (
        "taobao", "TB4015528817", "tb_wangxm",
    )  # fmt: skip
    assert (first.inspector, first.station) == ("alice", "bench-1")
    assert first.refund_claimed_minor == 39900 and first.refund_minor == 0
    assert first.completed_at is not None
    assert (second.outcome, second.suggested_outcome, second.override) == (
        "escalate", "accept", True,
    )  # fmt: skip
    assert second.justification == "Buyer says the size was right"
    # Filters.
    assert [i.code for i in sam.pending(BENCH_DAY, reasons=["EMPTY_PARCEL"])] == [empty]
    assert sam.pending(BENCH_DAY, inspector="ben") == ()
    assert len(sam.pending(BENCH_DAY, station="bench-1", platform="taobao")) == 2
    assert sam.pending(BENCH_DAY, platform="douyin") == ()
    # Other days, and the default (today is the review clock's day).
    assert sam.pending(date(2026, 11, 17)) == ()
    assert len(sam.pending()) == 2
    assert len(sam.pending(start=date(2026, 11, 1), end=date(2026, 11, 30))) == 2


def test_the_day_is_the_local_calendar_day(demo: DemoStore, photo: Path) -> None:
    late = datetime(2026, 11, 18, 20, 0, tzinfo=UTC)  # 04:00 on the 19th in Shanghai
    ws = Workstation.connect(demo.db_url, station="bench-1", operator="alice",
                             data_dir=demo.data_dir, clock=lambda: late)  # fmt: skip
    try:
        code = empty_parcel_reject(ws, photo)
    finally:
        ws.close()
    shanghai = desk(demo, tz=ZoneInfo("Asia/Shanghai"), at=late)
    try:
        assert [i.code for i in shanghai.pending()] == [code]
        assert [i.code for i in shanghai.pending(date(2026, 11, 19))] == [code]
        assert shanghai.pending(date(2026, 11, 18)) == ()
    finally:
        shanghai.close()
    utc = desk(demo, at=late)
    try:
        assert [i.code for i in utc.pending(date(2026, 11, 18))] == [code]
    finally:
        utc.close()


def test_approve_takes_it_out_of_the_queue_and_records_who_when_why(
    ws: Workstation, photo: Path, sam: ReviewDesk
) -> None:
    code = empty_parcel_reject(ws, photo)
    result = sam.approve(code, "Scale photo is clear")
    assert result.mark.by == "sam" and result.mark.decision == "approved"
    assert result.mark.at == REVIEW_TIME
    assert (result.outcome, result.status) == ("reject", "completed")
    assert sam.pending(BENCH_DAY) == ()
    detail = sam.detail(code)
    assert detail.review_state == "approved"
    assert detail.review is not None
    assert (detail.review.by, detail.review.comment) == ("sam", "Scale photo is clear")
    assert detail.timeline[-1].action == "review.approve"
    assert detail.timeline[-1].actor == "sam"
    with pytest.raises(ReviewRefused, match="not waiting for review .approved by sam"):
        sam.approve(code)
    assert verify(sam.engine).intact


def test_overturn_replaces_the_decision_and_relabels_the_units(
    ws: Workstation, photo: Path, sam: ReviewDesk
) -> None:
    code = escalated_seller_error(ws, photo)
    with pytest.raises(DecisionIncomplete, match="Say why"):
        sam.overturn(code, "accept", "  ")
    with pytest.raises(DecisionIncomplete, match="at least one reason"):
        sam.overturn(code, "reject", "Looks worn")
    with pytest.raises(ReviewRefused, match="already escalate"):
        sam.overturn(code, "escalate", "same")
    result = sam.overturn(code, "accept", "Chat shows we shipped size 41")
    assert (result.previous_outcome, result.outcome) == ("escalate", "accept")
    assert result.reasons == ("SELLER_ERROR",)
    assert result.refund_minor == 35900
    assert [(r.before, r.after) for r in result.relabel] == [("quarantine", "restock")]
    assert sam.pending(BENCH_DAY) == ()
    detail = sam.detail(code)
    assert detail.review_state == "overturned"
    assert detail.view.decision is not None and detail.view.decision.outcome == "accept"
    assert [u.disposition for u in detail.view.units] == ["restock"]
    event = detail.timeline[-1]
    assert event.action == "review.overturn"
    assert event.payload["previous"] == {"outcome": "escalate", "reasons": []}
    assert event.payload["comment"] == "Chat shows we shipped size 41"
    assert verify(sam.engine).intact


def test_a_partial_refund_waits_for_review(ws: Workstation, photo: Path, sam: ReviewDesk) -> None:
    code = partial_missing_parts(ws, photo)
    waiting = {row.code: row for row in sam.pending(BENCH_DAY)}
    assert code in waiting
    assert waiting[code].outcome == "partial"
    assert sam.approve(code).mark.decision == "approved"


def test_overturn_to_a_reject_needs_its_evidence(
    ws: Workstation, photo: Path, sam: ReviewDesk
) -> None:
    code = escalated_seller_error(ws, photo)
    with pytest.raises(DecisionIncomplete) as refused:
        sam.overturn(code, "reject", "Sole is worn", reasons=["USED_OR_WORN"])
    message = str(refused.value)
    assert "a photo of the item and its accessories (reason: used or worn)" in message
    assert "Reopen" in message
    assert "item_photo" not in message and "USED_OR_WORN" not in message


@pytest.mark.parametrize(
    ("outcome", "reasons", "message"),
    [
        ("ok", None, "Outcome 'ok' is not known: accept, partial, reject, escalate, refused."),
        ("reject", ["WORN_SOLE"], "Reason code 'WORN_SOLE' is not known."),
        ("accept", ["SELLER_ERROR", "size"], "Reason code 'size' is not known."),
    ],
)
def test_an_overturn_to_an_unknown_outcome_or_reason_code_is_refused_and_nothing_changes(
    ws: Workstation,
    photo: Path,
    sam: ReviewDesk,
    outcome: str,
    reasons: list[str] | None,
    message: str,
) -> None:
    code = escalated_seller_error(ws, photo)
    events = row_counts(sam.engine, (AuditEvent,))
    with pytest.raises(InvalidInput) as refused:
        sam.overturn(code, outcome, "Chat shows we shipped size 41", reasons=reasons)
    assert str(refused.value) == message
    assert row_counts(sam.engine, (AuditEvent,)) == events
    assert [item.code for item in sam.pending(BENCH_DAY)] == [code]
    detail = sam.detail(code)
    assert detail.review_state == "pending"
    assert detail.view.decision is not None and detail.view.decision.outcome == "escalate"
    assert [u.disposition for u in detail.view.units] == ["quarantine"]


def test_reopen_sends_it_back_to_the_clerk_who_decides_again(
    ws: Workstation, photo: Path, sam: ReviewDesk
) -> None:
    code = empty_parcel_reject(ws, photo)
    with pytest.raises(DecisionIncomplete):
        sam.reopen(code, "")
    result = sam.reopen(code, "Weigh it again: the scale was not zeroed")
    assert (result.status, result.outcome, result.previous_outcome) == ("open", None, "reject")
    assert sam.pending(BENCH_DAY) == ()
    with pytest.raises(ReviewRefused, match="still open"):
        sam.approve(code)
    # The clerk scans the parcel again at the same bench: same inspection, decision cleared.
    view = ws.open_parcel("TB-RF-880001")
    assert view.code == code and view.status == "open" and view.step == "decision"
    assert view.decision is None
    assert view.weight_g == 90 and len(view.evidence) == 2
    view = ws.record_weight(view.inspection_id, 515)
    view = ws.scan_item(view.inspection_id, "HP100-2411-00871")
    view = ws.grade_unit(view.inspection_id, view.units[0].unit_id, "A")
    view = ws.decide(view.inspection_id)
    done = ws.complete(view.inspection_id)
    assert (done.status, done.decision.outcome if done.decision else None) == (
        "completed", "accept",
    )  # fmt: skip
    detail = sam.detail(code)
    assert detail.review is None or detail.review.decision == "reopened"
    trail = [event.action for event in detail.timeline]
    assert trail.count("inspection.complete") == 2
    reopened = trail.index("review.reopen")
    assert "inspection.weigh" in trail[reopened:]  # the clerk's second pass comes after it
    assert verify(sam.engine).intact


def test_a_reopened_parcel_decided_again_comes_back_with_the_earlier_review(
    ws: Workstation, photo: Path, sam: ReviewDesk
) -> None:
    code = empty_parcel_reject(ws, photo)
    sam.reopen(code, "Add a photo of the label")
    view = ws.open_parcel("SF1402590004417")
    ws.decide(view.inspection_id)
    ws.complete(view.inspection_id)
    (item,) = sam.pending(BENCH_DAY)
    assert item.code == code
    assert item.previous_review is not None
    assert (item.previous_review.by, item.previous_review.decision) == ("sam", "reopened")
    assert item.previous_review.comment == "Add a photo of the label"


def test_a_supervisor_cannot_review_their_own_inspection(
    demo: DemoStore, photo: Path, bench_time: datetime, sam: ReviewDesk
) -> None:
    own = Workstation.connect(demo.db_url, station="bench-2", operator="sam",
                              data_dir=demo.data_dir, clock=lambda: bench_time)  # fmt: skip
    try:
        code = empty_parcel_reject(own, photo)
    finally:
        own.close()
    with pytest.raises(ReviewRefused, match="yourself"):
        sam.approve(code, "fine")
    with pytest.raises(ReviewRefused, match="yourself"):
        sam.overturn(code, "accept", "fine")
    with pytest.raises(ReviewRefused, match="yourself"):
        sam.reopen(code, "fine")
    assert not sam.detail(code).reviewable
    add_operator(sam.engine, "sue", "supervisor", "1357", by=Supervisor("sam", DEMO_SUPERVISOR_PIN))
    sue = desk(demo, operator="sue", pin="1357")
    try:
        assert sue.detail(code).reviewable
        assert sue.approve(code, "Checked the video").mark.by == "sue"
    finally:
        sue.close()


def test_unknown_code(sam: ReviewDesk) -> None:
    with pytest.raises(InspectionNotFound, match="ins-20261118-9999"):
        sam.detail("ins-20261118-9999")


# -- the detail ------------------------------------------------------------------------------


def test_detail_has_everything_recorded(ws: Workstation, photo: Path, sam: ReviewDesk) -> None:
    code = empty_parcel_reject(ws, photo)
    detail = sam.detail(code)
    view = detail.view
    assert view.shipment is not None and view.shipment.order_ref == "TB4015528817"
    weight = detail.side_by_side[0]
    assert weight.label == "weight"
    assert "520 g shipped" in weight.shipped and "90 g (empty)" in weight.received
    assert weight.agrees is False
    line = detail.side_by_side[1]
    assert "HP100-2411-00871" in line.shipped and "1 missing" in line.received
    assert line.agrees is False
    assert any("90 g" in finding.explanation for finding in view.findings)
    trail = [event.action for event in detail.timeline]
    assert trail[0] == "inspection.open" and trail[-1] == "inspection.complete"
    assert {"inspection.weigh", "inspection.evidence", "inspection.decide"} <= set(trail)
    assert all(event.at is not None for event in detail.timeline)
    seqs = [event.seq for event in detail.timeline]
    assert seqs == sorted(seqs)
    weigh = next(e for e in detail.timeline if e.action == "inspection.weigh")
    assert weigh.payload["grams"] == 90 and weigh.station == "bench-1"
    assert detail.record.intact
    bench = [check for check in detail.evidence if check.source == "inspection"]
    assert [c.evidence.kind for c in bench] == ["scale_photo", "open_box_photo"]
    assert all(c.status == "ok" and len(c.evidence.sha256) == 64 for c in detail.evidence)
    assert any(c.source == "shipment" for c in detail.evidence)
    # A stored file changed afterwards no longer matches its hash.
    bench[0].evidence.path.write_bytes(b"edited")
    again = [c for c in sam.detail(code).evidence if c.source == "inspection"]
    assert [c.status for c in again] == ["altered", "altered"]  # the same photo, stored once


def test_a_supervisor_who_recorded_any_step_cannot_review_it(
    demo: DemoStore, photo: Path, bench_time: datetime, sam: ReviewDesk
) -> None:
    """Sam weighs and decides at bench-2, ben takes the parcel over and completes it."""
    own = Workstation.connect(demo.db_url, station="bench-2", operator="sam",
                              data_dir=demo.data_dir, clock=lambda: bench_time)  # fmt: skip
    ben = Workstation.connect(demo.db_url, station="bench-3", operator="ben",
                              data_dir=demo.data_dir, clock=lambda: bench_time)  # fmt: skip
    try:
        view = own.open_parcel("SF1402590004417")
        own.record_weight(view.inspection_id, 90)
        own.attach_evidence(view.inspection_id, photo, "scale_photo")
        own.attach_evidence(view.inspection_id, photo, "open_box_photo")
        own.decide(view.inspection_id)
        taken = ben.open_parcel("SF1402590004417", take_over=True)
        assert taken.inspection_id == view.inspection_id
        done = ben.complete(view.inspection_id)
    finally:
        own.close()
        ben.close()
    assert done.inspector == "ben" and done.decision is not None
    with pytest.raises(ReviewRefused, match="yourself"):
        sam.approve(done.code, "fine")
    assert not sam.detail(done.code).reviewable
    with pytest.raises(ReviewRefused, match="yourself"):
        sam.overturn(done.code, "accept", "fine")


def test_a_review_desk_cannot_be_built_without_the_pin(demo: DemoStore) -> None:
    from inspect_tui.services.shared.database import open_store

    engine = open_store(demo.db_url)
    try:
        with pytest.raises(ReviewRefused, match="PIN"):
            ReviewDesk(engine, operator="alice")
    finally:
        engine.dispose()
