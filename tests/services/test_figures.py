"""The desk's figures against numbers worked out by hand, on every back end.

The small set below is written straight into the store so every amount, time and review state
is known. The day under test is 18 November 2026 in Shanghai (UTC+8): from 17 Nov 16:00 UTC
to 18 Nov 16:00 UTC.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine

from inspect_tui.core.policy import policy_from_toml
from inspect_tui.services.inspecting.workstation import Workstation
from inspect_tui.services.review.figures import (
    figures,
    local_days,
    local_midnight,
    reject_rows,
    repeat_offenders,
)
from inspect_tui.services.review.summaries import Count, InspectorFigures, MoneyFigures
from inspect_tui.store import audit
from inspect_tui.store.models import (
    Inspection,
    ReturnLine,
    ReturnRequest,
    Shipment,
    ShipmentLine,
)
from inspect_tui.store.session import reading, writing

SHANGHAI = ZoneInfo("Asia/Shanghai")
DAY = date(2026, 11, 18)
POLICY = policy_from_toml("[repeat_returner]\nreturns = 3\nrejects = 2\ndays = 30\n")


def utc(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=UTC)


@dataclass
class Case:
    """One returned parcel: its order, return request and completed inspection."""

    code: str
    inspector: str
    outcome: str
    reasons: list[str]
    suggested: str
    completed: datetime
    minutes: int
    claimed: int
    refund: int | None
    buyer: str
    sku: str
    platform: str = "taobao"
    currency: str = "CNY"
    review_state: str | None = None
    status: str = "completed"
    decided: dict[str, str] = field(default_factory=dict)


CASES = [
    Case("INS-1", "alice", "accept", ["NO_REASON_RETURN"], "accept", utc(18, 1), 10,
         10000, 10000, "tb_a", "HP-100"),
    Case("INS-2", "alice", "reject", ["EMPTY_PARCEL"], "reject", utc(18, 2), 20,
         20000, 0, "tb_a", "HP-100", review_state="pending"),
    Case("INS-3", "alice", "partial", ["NO_REASON_RETURN", "MISSING_PARTS"], "partial",
         utc(18, 3), 30, 30000, 27000, "tb_b", "SW-200"),
    Case("INS-4", "ben", "escalate", [], "accept", utc(18, 4), 5,
         5000, None, "tb_a", "KB-MECH", review_state="pending"),
    # Ben rejected against an accept suggestion; the supervisor overturned it to accept.
    Case("INS-5", "ben", "accept", ["NO_REASON_RETURN"], "accept", utc(18, 5), 15,
         8000, 8000, "tb_c", "HP-100", review_state="overturned",
         decided={"outcome": "reject", "suggested": "accept"}),
    Case("INS-6", "ben", "refused", ["EMPTY_PARCEL"], "reject", utc(18, 15, 30), 10,
         12000, 0, "tb_a", "SW-200", review_state="approved"),
    # 01:00 on the 18th in Shanghai, still the 17th in UTC.
    Case("INS-7", "alice", "accept", ["SELLER_ERROR"], "accept", utc(17, 17), 2,
         4999, 4999, "sh_x", "SN-RUN", platform="shopify", currency="USD"),
    # 23:00 on the 17th in Shanghai: outside the day, inside the buyer's window.
    Case("INS-8", "alice", "reject", ["EMPTY_PARCEL"], "reject", utc(17, 15), 10,
         7000, 0, "tb_a", "HP-100"),
    # 00:30 on the 19th in Shanghai: outside the day and after the window.
    Case("INS-9", "alice", "reject", ["EMPTY_PARCEL"], "reject", utc(18, 16, 30), 10,
         7000, 0, "tb_z", "HP-100"),
    # Still on the bench: never counted.
    Case("INS-10", "alice", "reject", ["EMPTY_PARCEL"], "reject", utc(18, 6), 10,
         7000, 0, "tb_a", "HP-100", status="open"),
    # A busy buyer who was not at the desk that day: not listed.
    *(
        Case(f"INS-D{n}", "alice", "reject", ["EMPTY_PARCEL"], "reject", utc(10, n), 10,
             1000, 0, "tb_d", "HP-100")
        for n in range(3)
    ),
]  # fmt: skip


def load(engine: Engine) -> None:
    with writing(engine) as session:
        for case in CASES:
            shipment = Shipment(
                platform=case.platform, order_ref=f"O-{case.code}", order_key=f"o-{case.code}",
                buyer_ref=case.buyer, buyer_name=case.buyer.upper(), currency=case.currency,
            )  # fmt: skip
            session.add(shipment)
            session.flush()
            assert shipment.id is not None
            session.add(ShipmentLine(shipment_id=shipment.id, line_no=1, sku=case.sku, qty=1))
            claim = ReturnRequest(
                rma_ref=f"R-{case.code}", rma_key=f"r-{case.code}", shipment_id=shipment.id,
                platform=case.platform, buyer_ref=case.buyer,
                requested_at=case.completed - timedelta(days=2), refund_minor=case.claimed,
            )  # fmt: skip
            session.add(claim)
            session.flush()
            assert claim.id is not None
            session.add(ReturnLine(return_id=claim.id, sku=case.sku, qty=1))
            done = case.status == "completed"
            session.add(
                Inspection(
                    code=case.code, return_id=claim.id, shipment_id=shipment.id,
                    platform=case.platform, buyer_ref=case.buyer,
                    station="bench-1", inspector=case.inspector, status=case.status,
                    day=case.completed.date(),
                    opened_at=case.completed - timedelta(minutes=case.minutes),
                    completed_at=case.completed if done else None,
                    outcome=case.outcome, reasons=case.reasons,
                    suggested={"outcome": case.suggested, "reasons": []},
                    refund_minor=case.refund, needs_review=case.review_state is not None,
                    review_state=case.review_state,
                )
            )  # fmt: skip
            if case.decided:
                audit.record(session, actor=case.inspector, action="inspection.decide",
                             entity=f"inspection:{case.code}", payload=case.decided)  # fmt: skip


@pytest.fixture
def store(engine: Engine) -> Engine:
    load(engine)
    return engine


def test_local_days_cover_the_calendar_day_in_the_desk_zone() -> None:
    days = local_days(DAY, tz=SHANGHAI)
    assert (days.since, days.until) == (utc(17, 16), utc(18, 16))
    assert local_midnight(DAY, UTC) == utc(18, 0)
    with pytest.raises(ValueError, match="before it starts"):
        local_days(DAY, DAY - timedelta(days=1))


def test_figures_of_the_day(store: Engine) -> None:
    result = figures(store, local_days(DAY, tz=SHANGHAI), POLICY)
    assert result.completed == 7
    assert result.by_outcome == (
        Count("accept", 3), Count("escalate", 1), Count("partial", 1),
        Count("refused", 1), Count("reject", 1),
    )  # fmt: skip
    assert result.by_reason == (
        Count("NO_REASON_RETURN", 3), Count("EMPTY_PARCEL", 2),
        Count("MISSING_PARTS", 1), Count("SELLER_ERROR", 1),
    )  # fmt: skip
    assert result.reject_rate == pytest.approx(2 / 7)
    assert result.money == (
        # claimed 10000+20000+30000+5000+8000+12000; paid 10000+27000+8000;
        # kept 20000 (reject) + 3000 (partial) + 12000 (refused); open 5000 (escalated).
        MoneyFigures("CNY", 85000, 45000, 35000, 5000),
        MoneyFigures("USD", 4999, 4999, 0, 0),
    )
    assert result.inspectors == (
        InspectorFigures("alice", 4, 1, 0, 0.0, 0, 15.5),
        # Overrides: INS-4 (escalate, suggested accept), INS-6 (refused, suggested reject)
        # and INS-5 (rejected against an accept, read from the audit trail after the overturn).
        InspectorFigures("ben", 3, 1, 3, 1.0, 1, 10.0),
    )
    assert result.repeat_offenders is not None
    (offender,) = result.repeat_offenders
    # tb_a within the 30 days before the day ends: return requests of INS-1, 2, 4, 6, 8 and 10
    # (still on the bench, but asked for), rejects INS-2, 6 and 8.
    assert (offender.platform, offender.buyer_ref, offender.buyer_name) == (
        "taobao", "tb_a", "TB_A",
    )  # fmt: skip
    assert (offender.returns, offender.rejects) == (6, 3)
    assert (offender.value_minor, offender.currency) == (61000, "CNY")
    assert result.repeat_window_days == 30
    assert result.top_reject_skus == (Count("HP-100", 1), Count("SW-200", 1))
    assert result.review == (
        Count("none", 3), Count("pending", 2), Count("approved", 1), Count("overturned", 1),
    )  # fmt: skip


def test_the_same_day_in_utc_is_another_set(store: Engine) -> None:
    result = figures(store, local_days(DAY, tz=UTC), POLICY)
    assert result.completed == 7  # INS-1..6 and INS-9; INS-7 and INS-8 were on the 17th
    assert Count("reject", 2) in result.by_outcome


def test_a_range_of_days_and_an_empty_day(store: Engine) -> None:
    month = figures(store, local_days(date(2026, 11, 1), date(2026, 11, 30), SHANGHAI), POLICY)
    assert month.completed == 12
    assert month.repeat_window_days == 30
    assert month.repeat_offenders is not None
    assert {(o.buyer_ref, o.returns, o.rejects) for o in month.repeat_offenders} == {
        ("tb_a", 6, 3), ("tb_d", 3, 3),
    }  # fmt: skip
    assert month.top_reject_skus[0] == Count("HP-100", 6)
    empty = figures(store, local_days(date(2026, 12, 1), tz=SHANGHAI), POLICY)
    assert (empty.completed, empty.reject_rate, empty.inspectors) == (0, 0.0, ())
    assert empty.money == () and empty.repeat_offenders == ()


def test_offenders_can_be_loaded_apart(store: Engine) -> None:
    days = local_days(DAY, tz=SHANGHAI)
    quick = figures(store, days, POLICY, offenders=False)
    assert quick.repeat_offenders is None and quick.completed == 7
    assert repeat_offenders(store, days, POLICY) == figures(store, days, POLICY).repeat_offenders
    loose = policy_from_toml("[repeat_returner]\nreturns = 1\nrejects = 1\ndays = 30\n")
    assert {o.buyer_ref for o in repeat_offenders(store, days, loose)} == {
        "tb_a", "tb_b", "tb_c", "sh_x",
    }  # fmt: skip


def test_reject_rows_of_the_day(store: Engine) -> None:
    rows = reject_rows(store, local_days(DAY, tz=SHANGHAI))
    assert [(r.code, r.outcome, r.order_ref, r.buyer_ref) for r in rows] == [
        ("INS-2", "reject", "O-INS-2", "tb_a"),
        ("INS-6", "refused", "O-INS-6", "tb_a"),
    ]
    assert rows[0].review is None  # pending: not reviewed yet


def test_a_parcel_opened_at_the_bench_carries_its_buyer(ws: Workstation) -> None:
    """The figures group parcels by the buyer on the inspection: the bench must set it."""
    matched = ws.open_parcel("SF1402590004417")
    unmatched = ws.open_unmatched("UNKNOWN-PARCEL-1", "brown box, no label")
    with reading(ws.engine) as session:
        opened = session.get(Inspection, matched.inspection_id)
        assert opened is not None
        shipment = session.get(Shipment, opened.shipment_id)
        stray = session.get(Inspection, unmatched.inspection_id)
    assert shipment is not None and shipment.buyer_ref
    assert (opened.platform, opened.buyer_ref) == (shipment.platform, shipment.buyer_ref)
    assert stray is not None and (stray.platform, stray.buyer_ref) == (None, None)
