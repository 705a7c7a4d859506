"""Builders for test parcels: a typical Taobao order of earbuds and a phone case, returned.

Tests take the session-scoped ``build`` fixture and change only what their scenario is about, so
each test reads as the scenario it checks (empty parcel, swapped item, used item...).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

import pytest

from inspect_tui.core.parcel import (
    BuyerHistory,
    ClaimedReturn,
    ExpectedLine,
    ParcelState,
    ReceivedUnit,
    ShippedParcel,
)
from inspect_tui.core.policy import Policy, default_policy

SHIPPED_AT = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)
EARBUDS_GTIN = "06901234567892"
CASE_GTIN = "4006381333931"
ALL_EVIDENCE = (
    "scale_photo",
    "open_box_photo",
    "parcel_photo",
    "label_photo",
    "item_photo",
    "damage_photo",
    "test_note",
    "pre_shipment",
    "video",
)
GOOD_CHECKLIST = (
    ("seal_intact", True),
    ("tags_on", True),
    ("signs_of_use", False),
    ("damage", False),
    ("accessories_complete", True),
)


class Builders:
    """Makes the core's input values with sensible defaults for one returned order."""

    def earbuds(self, **changes: object) -> ExpectedLine:
        """Line 1: serialized earbuds with accessories, 299.00 CNY."""
        values: dict[str, object] = {
            "line_no": 1,
            "sku": "EB-100",
            "title": "Wireless earbuds",
            "qty": 1,
            "gtin": EARBUDS_GTIN,
            "serials": ("SN-1001",),
            "components": ("charging case", "USB-C cable"),
            "unit_price_minor": 29_900,
            "unit_weight_g": 300,
        }
        values.update(changes)
        return ExpectedLine(**values)  # type: ignore[arg-type]

    def phone_case(self, **changes: object) -> ExpectedLine:
        """Line 2: two plain phone cases, not serialized, 39.00 CNY each."""
        values: dict[str, object] = {
            "line_no": 2,
            "sku": "CASE-7",
            "title": "Phone case",
            "qty": 2,
            "gtin": CASE_GTIN,
            "unit_price_minor": 3_900,
            "unit_weight_g": 60,
        }
        values.update(changes)
        return ExpectedLine(**values)  # type: ignore[arg-type]

    def shipment(
        self,
        lines: Sequence[ExpectedLine] | None = None,
        *,
        platform: str = "taobao",
        shipped_weight_g: int | None = 760,
        risk_level: str = "none",
    ) -> ShippedParcel:
        """The outbound shipment; by default the earbuds and two phone cases, 760 g."""
        chosen = (self.earbuds(), self.phone_case()) if lines is None else tuple(lines)
        return ShippedParcel(
            platform, "TB-20261101-7781", SHIPPED_AT, shipped_weight_g, risk_level, chosen
        )

    def claim(
        self,
        reason_code: str | None = "NO_REASON_RETURN",
        *,
        days_after: float = 4,
        refund_minor: int | None = None,
        lines: tuple[tuple[str, int], ...] = (),
        freight_insurance: bool = False,
    ) -> ClaimedReturn:
        """A return request made ``days_after`` shipping."""
        return ClaimedReturn(
            rma_ref="RMA-55120",
            requested_at=SHIPPED_AT + timedelta(days=days_after),
            reason_code=reason_code,
            reason_text="",
            refund_minor=refund_minor,
            freight_insurance=freight_insurance,
            lines=lines,
        )

    def unit(
        self,
        unit_id: int,
        line_no: int | None,
        *,
        serial: str | None = None,
        grade: str | None = "A",
        match: str = "matched",
        code: str | None = None,
        checklist: tuple[tuple[str, bool], ...] = GOOD_CHECKLIST,
        components_present: tuple[str, ...] | None = None,
    ) -> ReceivedUnit:
        """A scanned unit placed on ``line_no`` (None = not on the order)."""
        return ReceivedUnit(
            unit_id=unit_id,
            code=code or serial or f"CODE-{unit_id}",
            sku=None,
            gtin=None,
            serial=serial,
            line_no=line_no,
            match=match,
            grade=grade,
            checklist=checklist,
            components_present=components_present,
            note="",
        )

    def full_return(self, grade: str = "A") -> tuple[ReceivedUnit, ...]:
        """Every unit of the default shipment, as shipped, in ``grade``."""
        return (
            self.unit(1, 1, serial="SN-1001", grade=grade),
            self.unit(2, 2, grade=grade, code=CASE_GTIN),
            self.unit(3, 2, grade=grade, code=CASE_GTIN),
        )

    def state(
        self,
        *,
        shipment: ShippedParcel | None = None,
        unmatched: bool = False,
        claim: ClaimedReturn | None = None,
        no_claim: bool = False,
        weight_g: int | None = 750,
        units: Sequence[ReceivedUnit] | None = None,
        evidence: Sequence[str] = ALL_EVIDENCE,
        history: BuyerHistory | None = None,
        test_result: str | None = None,
        outer_box_damaged: bool | None = None,
        seals: tuple[tuple[str, str], ...] = (),
        shipped_this: bool | None = None,
    ) -> ParcelState:
        """A parcel on the bench; by default the honest, complete, grade-A no-reason return."""
        return ParcelState(
            shipment=None if unmatched else (shipment or self.shipment()),
            claim=None if no_claim else (claim or self.claim()),
            weight_g=weight_g,
            units=self.full_return() if units is None else tuple(units),
            evidence_kinds=tuple(evidence),
            history=history or BuyerHistory(),
            received_at=SHIPPED_AT + timedelta(days=6),
            test_result=test_result,
            outer_box_damaged=outer_box_damaged,
            seals=seals,
            shipped_this=shipped_this,
        )


@pytest.fixture(scope="session")
def build() -> Builders:
    """The parcel builders."""
    return Builders()


@pytest.fixture(scope="session")
def policy() -> Policy:
    """The default policy."""
    return default_policy()
