"""The suggestion for each scenario of docs/domain.md: every reason code reached by a parcel."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest

from inspect_tui.core.parcel import BuyerHistory, ParcelState, ReceivedUnit
from inspect_tui.core.policy import REASON_CODES, Policy, policy_from_toml
from inspect_tui.core.rules import (
    OUTCOMES,
    Assessment,
    Override,
    assess,
    needs_review,
    outcome_rank,
)

if TYPE_CHECKING:
    from conftest import Builders

FULL_REFUND = 29_900 + 2 * 3_900
INCOMPLETE = (("accessories_complete", False),)


def codes(assessment: Assessment) -> list[str]:
    return [f.code for f in assessment.findings]


def with_first(build: Builders, **changes: object) -> tuple[ReceivedUnit, ...]:
    """The full return with the earbuds unit (unit 1) replaced."""
    values: dict[str, object] = {"serial": "SN-1001"}
    values.update(changes)
    line_no = values.pop("line_no", 1)
    first = build.unit(1, line_no, **values)  # type: ignore[arg-type]
    return (first, *build.full_return()[1:])


# --- honest cases, accept side ---------------------------------------------------------------


def test_no_reason_return_inside_window_is_accepted_in_full(
    build: Builders, policy: Policy
) -> None:
    result = assess(build.state(), policy)
    s = result.suggestion
    assert (s.outcome, s.reasons) == ("accept", ("NO_REASON_RETURN",))
    assert (s.refund_minor, s.deduction_minor) == (FULL_REFUND, 0)
    assert not s.needs_review
    assert s.disposition == "restock"
    assert s.unit_dispositions == ((1, "restock"), (2, "restock"), (3, "restock"))
    assert [f.severity for f in result.findings] == ["info"]


def test_opened_unit_is_still_a_no_reason_return(build: Builders, policy: Policy) -> None:
    s = assess(build.state(units=build.full_return("B")), policy).suggestion
    assert (s.outcome, s.refund_minor, s.disposition) == ("accept", FULL_REFUND, "open_box")


def test_claimed_defect_reproduced_is_defect_confirmed(build: Builders, policy: Policy) -> None:
    state = build.state(
        claim=build.claim("DEFECT_CONFIRMED", days_after=40),
        units=with_first(build, grade="D"),
        test_result="reproduced",
    )
    s = assess(state, policy).suggestion
    assert (s.outcome, s.reasons, s.refund_minor) == ("accept", ("DEFECT_CONFIRMED",), FULL_REFUND)
    assert dict(s.unit_dispositions)[1] == "return_to_vendor"


def test_wrong_item_shipped_is_seller_error(build: Builders, policy: Policy) -> None:
    shipment = build.shipment([build.earbuds(ordered_sku="EB-200"), build.phone_case()])
    result = assess(build.state(shipment=shipment, units=build.full_return("C")), policy)
    s = result.suggestion
    assert (s.outcome, s.reasons, s.refund_minor) == ("accept", ("SELLER_ERROR",), FULL_REFUND)
    assert "Line 1 shipped EB-100, not EB-200." in [f.explanation for f in result.findings]


def test_claimed_seller_error_with_the_shipped_unit_back(build: Builders, policy: Policy) -> None:
    state = build.state(claim=build.claim("SELLER_ERROR", days_after=25))
    s = assess(state, policy).suggestion
    assert (s.outcome, s.reasons) == ("accept", ("SELLER_ERROR",))


def test_damage_in_a_damaged_box_is_transit_damage(build: Builders, policy: Policy) -> None:
    state = build.state(
        claim=build.claim("TRANSIT_DAMAGE"),
        units=with_first(build, grade="D"),
        outer_box_damaged=True,
    )
    s = assess(state, policy).suggestion
    assert (s.outcome, s.reasons, s.refund_minor) == ("accept", ("TRANSIT_DAMAGE",), FULL_REFUND)


# --- malicious returns, reject side ----------------------------------------------------------


def test_empty_parcel(build: Builders, policy: Policy) -> None:
    result = assess(build.state(weight_g=95, units=(), evidence=("scale_photo",)), policy)
    s = result.suggestion
    assert (s.outcome, s.reasons, s.refund_minor) == ("reject", ("EMPTY_PARCEL",), 0)
    assert s.missing_evidence == (("EMPTY_PARCEL", "open_box_photo"),)
    assert s.needs_review and s.disposition == "quarantine"
    assert s.explanations == (
        "Parcel weighs 95 g; the shipment weighed 760 g (12 %). Empty-parcel threshold: 25 %.",
    )


def test_missing_items(build: Builders, policy: Policy) -> None:
    result = assess(build.state(weight_g=600, units=build.full_return()[:2]), policy)
    s = result.suggestion
    assert (s.outcome, s.reasons) == ("reject", ("MISSING_ITEMS",))
    assert "1 of 3 unit(s) the return covers are missing (line 2 ×1)." in s.explanations
    assert "weight.light" in codes(result)


def test_opened_parcel_with_nothing_of_ours_is_missing_items(
    build: Builders, policy: Policy
) -> None:
    s = assess(build.state(units=()), policy).suggestion  # weight ok, box photographed open
    assert (s.outcome, s.reasons) == ("reject", ("MISSING_ITEMS",))


def test_missing_parts_gives_a_partial_refund(build: Builders, policy: Policy) -> None:
    units = with_first(build, checklist=INCOMPLETE, components_present=("charging case",))
    s = assess(build.state(units=units), policy).suggestion
    assert (s.outcome, s.reasons) == ("partial", ("NO_REASON_RETURN", "MISSING_PARTS"))
    assert s.deduction_minor == 2_990  # 10 % of 299.00 for the missing cable
    assert s.refund_minor == FULL_REFUND - 2_990
    assert "Line 1 · Wireless earbuds: missing USB-C cable." in s.explanations


def test_swapped_item(build: Builders, policy: Policy) -> None:
    units = with_first(build, line_no=None, match="unexpected", serial=None, code="6970000000001")
    result = assess(build.state(units=units), policy)
    s = result.suggestion
    assert (s.outcome, s.reasons) == ("reject", ("SWAPPED_ITEM",))
    assert "weight.conflict" not in codes(result)


def test_item_graded_not_ours_is_swapped(build: Builders, policy: Policy) -> None:
    s = assess(build.state(units=with_first(build, grade="X")), policy).suggestion
    assert (s.outcome, s.reasons) == ("reject", ("SWAPPED_ITEM",))


def test_wrong_serial_buy_new_return_old(build: Builders, policy: Policy) -> None:
    units = with_first(build, serial="SN-0042", match="serial_mismatch", grade="C")
    s = assess(build.state(units=units), policy).suggestion
    assert (s.outcome, s.reasons) == ("reject", ("SERIAL_MISMATCH", "USED_OR_WORN"))
    assert "Unit 1: serial SN-0042 was not shipped (shipped: SN-1001)." in s.explanations


def test_explanations_number_units_in_scan_order_not_by_database_id(
    build: Builders, policy: Policy
) -> None:
    # Unit ids are database ids shared by every parcel: this parcel's first unit may be id 41.
    units = (
        build.unit(41, 1, serial="SN-0042", match="serial_mismatch"),
        build.unit(42, None, match="unexpected", code="6970000000001"),
    )
    result = assess(build.state(units=units), policy)
    explanations = [f.explanation for f in result.findings]
    assert "Unit 1: serial SN-0042 was not shipped (shipped: SN-1001)." in explanations
    assert any(
        text.startswith("Unit 2 (6970000000001) is not on this order") for text in explanations
    )
    assert not [text for text in explanations if "Unit 41" in text or "Unit 42" in text]
    assert {f.unit_id for f in result.findings} >= {41, 42}


LENIENT = "[deductions]\nused_pct = 30"
"""A seller who takes used items back on a no-reason return, less 30 %."""


def test_used_item_on_a_no_reason_return_gets_a_deduction_when_the_policy_says_so(
    build: Builders,
) -> None:
    lenient = policy_from_toml(LENIENT)
    s = assess(build.state(units=with_first(build, grade="C")), lenient).suggestion
    assert (s.outcome, s.reasons) == ("partial", ("NO_REASON_RETURN", "USED_OR_WORN"))
    assert s.deduction_minor == 8_970  # 30 % of 299.00
    assert dict(s.unit_dispositions)[1] == "refurbish"


def test_used_item_on_a_no_reason_return_is_rejected_by_default(
    build: Builders, policy: Policy
) -> None:
    # docs/domain.md: the no-reason return does not apply to an item not in resalable condition.
    s = assess(build.state(units=with_first(build, grade="C")), policy).suggestion
    assert (s.outcome, s.reasons) == ("reject", ("USED_OR_WORN",))


def test_checklist_overrules_a_generous_grade(build: Builders) -> None:
    used = (("signs_of_use", True),)
    state = build.state(units=with_first(build, grade="A", checklist=used))
    result = assess(state, policy_from_toml(LENIENT))
    assert result.suggestion.reasons == ("NO_REASON_RETURN", "USED_OR_WORN")
    assert "condition.checklist" in codes(result)


def test_deliberate_damage_is_buyer_damage(build: Builders, policy: Policy) -> None:
    state = build.state(units=with_first(build, grade="D"), evidence=("damage_photo",))
    s = assess(state, policy).suggestion
    assert (s.outcome, s.reasons) == ("reject", ("BUYER_DAMAGE",))
    assert s.missing_evidence == (("BUYER_DAMAGE", "pre_shipment"),)


def test_arrived_broken_claim_with_an_intact_box_is_buyer_damage(
    build: Builders, policy: Policy
) -> None:
    state = build.state(
        claim=build.claim("TRANSIT_DAMAGE"),
        units=with_first(build, grade="D"),
        outer_box_damaged=False,
    )
    s = assess(state, policy).suggestion
    assert (s.outcome, s.reasons) == ("reject", ("BUYER_DAMAGE",))


def test_invented_defect_is_defect_not_found(build: Builders, policy: Policy) -> None:
    state = build.state(
        claim=build.claim("DEFECT_CONFIRMED", days_after=20), test_result="not_reproduced"
    )
    s = assess(state, policy).suggestion
    assert (s.outcome, s.reasons) == ("reject", ("DEFECT_NOT_FOUND",))
    assert s.explanations == ("The claimed defect could not be reproduced.",)


def test_invented_defect_on_a_used_unit_inside_the_window(build: Builders, policy: Policy) -> None:
    state = build.state(
        claim=build.claim("DEFECT_CONFIRMED"),
        units=with_first(build, grade="C"),
        test_result="not_reproduced",
    )
    s = assess(state, policy).suggestion
    assert (s.outcome, s.reasons) == ("reject", ("USED_OR_WORN", "DEFECT_NOT_FOUND"))


def test_unfounded_defect_claim_inside_the_window_is_still_a_no_reason_return(
    build: Builders, policy: Policy
) -> None:
    state = build.state(claim=build.claim("DEFECT_CONFIRMED"), test_result="not_reproduced")
    result = assess(state, policy)
    assert result.suggestion.reasons == ("NO_REASON_RETURN",)
    assert "claim.defect_not_reproduced" in codes(result)


def test_claimed_transit_damage_without_damage_outside_window(
    build: Builders, policy: Policy
) -> None:
    state = build.state(claim=build.claim("TRANSIT_DAMAGE", days_after=30))
    s = assess(state, policy).suggestion
    assert (s.outcome, s.reasons) == ("reject", ("DEFECT_NOT_FOUND",))


def test_no_reason_return_outside_window(build: Builders, policy: Policy) -> None:
    result = assess(build.state(claim=build.claim(days_after=11)), policy)
    s = result.suggestion
    assert (s.outcome, s.reasons) == ("reject", ("OUTSIDE_WINDOW",))
    assert s.explanations == (
        "Return requested 11 days after shipping; the taobao window is 7 days (+3 for delivery).",
    )


def test_window_edge_and_platform_windows(build: Builders, policy: Policy) -> None:
    assert assess(build.state(claim=build.claim(days_after=10)), policy).suggestion.outcome == (
        "accept"
    )
    shopify = build.shipment(platform="shopify")
    state = build.state(shipment=shopify, claim=build.claim(days_after=25))
    assert assess(state, policy).suggestion.outcome == "accept"


@pytest.mark.parametrize(("mode", "outcome"), [("escalate", "escalate"), ("allow", "accept")])
def test_outside_window_modes(build: Builders, mode: str, outcome: str) -> None:
    custom = policy_from_toml(f'[window]\noutside_window = "{mode}"')
    result = assess(build.state(claim=build.claim(days_after=30)), custom)
    assert result.suggestion.outcome == outcome
    assert "context.outside_window" in codes(result)


def test_outside_window_does_not_stop_a_defect_claim(build: Builders, policy: Policy) -> None:
    state = build.state(claim=build.claim("DEFECT_CONFIRMED", days_after=60), test_result=None)
    assert assess(state, policy).suggestion.outcome == "escalate"


def scenario(build: Builders, code: str) -> ParcelState:
    """The smallest parcel of the scenario (docs/domain.md) that each reason code belongs to."""
    claim, defect = build.claim, "DEFECT_CONFIRMED"
    scenarios = {
        "EMPTY_PARCEL": lambda: build.state(weight_g=40, units=()),
        "MISSING_ITEMS": lambda: build.state(units=build.full_return()[:1]),
        "MISSING_PARTS": lambda: build.state(units=with_first(build, checklist=INCOMPLETE)),
        "SWAPPED_ITEM": lambda: build.state(units=with_first(build, grade="X")),
        "SERIAL_MISMATCH": lambda: build.state(
            units=with_first(build, serial="SN-5", match="serial_mismatch")
        ),
        "SEAL_MISMATCH": lambda: build.state(
            units=with_first(build, serial="SN-5", match="serial_mismatch"),
            seals=(("SEAL-X0001", "mismatch"),),
        ),
        "SEAL_MISSING": lambda: build.state(
            units=with_first(build, grade="D"), seals=(("SEAL-A0001", "missing"),)
        ),
        "USED_OR_WORN": lambda: build.state(units=with_first(build, grade="C")),
        "BUYER_DAMAGE": lambda: build.state(units=with_first(build, grade="D")),
        "DEFECT_NOT_FOUND": lambda: build.state(
            claim=claim(defect, days_after=30), test_result="not_reproduced"
        ),
        "OUTSIDE_WINDOW": lambda: build.state(claim=claim(days_after=30)),
        "NO_REASON_RETURN": lambda: build.state(),
        "DEFECT_CONFIRMED": lambda: build.state(claim=claim(defect), test_result="reproduced"),
        "SELLER_ERROR": lambda: build.state(claim=claim("SELLER_ERROR")),
        "TRANSIT_DAMAGE": lambda: build.state(
            claim=claim("TRANSIT_DAMAGE"),
            units=with_first(build, grade="D"),
            outer_box_damaged=True,
        ),
    }
    assert set(scenarios) == set(REASON_CODES)
    return scenarios[code]()


@pytest.mark.parametrize("code", REASON_CODES)
def test_every_reason_code_is_reachable(build: Builders, policy: Policy, code: str) -> None:
    suggestion = assess(scenario(build, code), policy).suggestion
    assert code in suggestion.reasons
    side = policy.reason(code).side
    assert (suggestion.outcome in ("accept", "partial")) == (
        side == "accept" or code == "MISSING_PARTS"
    )


# --- escalations, attention and review -------------------------------------------------------


def test_unmatched_parcel_escalates_to_quarantine(build: Builders, policy: Policy) -> None:
    units = (build.unit(1, None, match="unexpected", code="MYSTERY"),)
    result = assess(build.state(unmatched=True, units=units), policy)
    s = result.suggestion
    assert (s.outcome, s.reasons, s.refund_minor) == ("escalate", (), None)
    assert s.disposition == "quarantine" and s.unit_dispositions == ((1, "quarantine"),)
    assert s.needs_review
    assert codes(result) == ["parcel.unmatched"]


OPEN_CASES: dict[str, Callable[[Builders], ParcelState]] = {
    "contents.nothing_scanned": lambda b: b.state(units=(), evidence=()),
    "weight.conflict": lambda b: b.state(weight_g=150),
    "weight.light": lambda b: b.state(weight_g=600),
    "claim.test_pending": lambda b: b.state(claim=b.claim("DEFECT_CONFIRMED")),
    "condition.ungraded": lambda b: b.state(units=with_first(b, grade=None)),
    "serial.unchecked": lambda b: b.state(units=with_first(b, serial=None, match="serial_needed")),
    "condition.damaged": lambda b: b.state(units=with_first(b, grade="D"), outer_box_damaged=True),
    "claim.outer_box_unrecorded": lambda b: b.state(
        claim=b.claim("TRANSIT_DAMAGE"), units=with_first(b, grade="D")
    ),
    "claim.line_unknown": lambda b: b.state(
        claim=b.claim(lines=(("EB-100", 1), ("GHOST-1", 1))), units=with_first(b)[:1]
    ),
    "seal.mismatch": lambda b: b.state(seals=(("SEAL-B77001", "mismatch"),)),
    "seal.missing": lambda b: b.state(seals=(("SEAL-A0001", "missing"),)),
    "claim.seller_error_question": lambda b: b.state(
        claim=b.claim("SELLER_ERROR"),
        units=(b.unit(9, None, match="unexpected", code="6970000000001"), *b.full_return()[1:]),
    ),
}


@pytest.mark.parametrize("finding", OPEN_CASES)
def test_open_or_conflicting_evidence_escalates(
    build: Builders, policy: Policy, finding: str
) -> None:
    result = assess(OPEN_CASES[finding](build), policy)
    assert result.suggestion.outcome == "escalate"
    assert finding in codes(result)
    assert result.suggestion.explanations
    assert result.suggestion.refund_minor is None


def test_repeat_returner_and_platform_risk_draw_attention_only(
    build: Builders, policy: Policy
) -> None:
    state = build.state(
        shipment=build.shipment(risk_level="High"),
        claim=build.claim(freight_insurance=True),
        history=BuyerHistory(returns=6, rejects=0, window_days=90),
    )
    result = assess(state, policy)
    assert result.suggestion.outcome == "accept"
    assert not result.suggestion.needs_review
    found = {f.code: f for f in result.findings}
    assert found["context.platform_risk"].severity == "warning"
    assert "Freight insurance claimed again." in found["context.repeat_returner"].explanation
    watchful = policy_from_toml("[review]\nattention = true")
    assert assess(state, watchful).suggestion.needs_review


def test_low_risk_and_short_history_raise_nothing(build: Builders, policy: Policy) -> None:
    state = build.state(
        shipment=build.shipment(risk_level="Low"), history=BuyerHistory(returns=2, rejects=1)
    )
    assert not {"context.platform_risk", "context.repeat_returner"} & set(
        codes(assess(state, policy))
    )


def test_three_earlier_returns_draw_attention_by_default(build: Builders, policy: Policy) -> None:
    def flagged(returns: int) -> bool:
        state = build.state(history=BuyerHistory(returns=returns, rejects=0, window_days=90))
        return "context.repeat_returner" in codes(assess(state, policy))

    assert (flagged(2), flagged(3)) == (False, True)


def test_partial_return_checks_only_the_requested_lines(build: Builders, policy: Policy) -> None:
    state = build.state(
        claim=build.claim(lines=(("CASE-7", 1),)),
        units=(build.unit(2, 2, code="4006381333931"),),
        weight_g=210,
    )
    s = assess(state, policy).suggestion
    assert (s.outcome, s.refund_minor) == ("accept", 3_900)


def test_claim_refund_amount_is_the_base(build: Builders) -> None:
    state = build.state(claim=build.claim(refund_minor=30_000), units=build.full_return("C"))
    s = assess(state, policy_from_toml(LENIENT)).suggestion
    assert s.outcome == "partial"
    assert s.refund_minor == 30_000 - s.deduction_minor


def test_needs_review_by_outcome_and_override(policy: Policy) -> None:
    assert needs_review("reject", "reject", policy)
    assert needs_review("refused", "reject", policy)
    assert needs_review("escalate", "escalate", policy)
    assert not needs_review("accept", "accept", policy)
    assert needs_review("partial", "partial", policy)  # money kept from the buyer is reviewed
    assert needs_review("accept", "reject", policy)
    lenient = policy_from_toml("[review]\noverrides = false\noutcomes = []")
    assert not needs_review("accept", "reject", lenient)
    opted_out = policy_from_toml('[review]\noutcomes = ["reject", "refused", "escalate"]')
    assert not needs_review("partial", "partial", opted_out)


def test_override_is_worked_out_and_reviewed(build: Builders) -> None:
    policy = policy_from_toml(LENIENT)
    state = build.state(units=with_first(build, grade="C"))
    result = assess(state, policy, override=Override("reject", ("USED_OR_WORN",)))
    assert result.suggestion.outcome == "partial"
    decision = result.decision
    assert decision is not None
    assert (decision.outcome, decision.refund_minor, decision.needs_review) == ("reject", 0, True)
    assert decision.missing_evidence == ()
    generous = assess(state, policy, override=Override("accept")).decision
    assert generous is not None
    assert (generous.refund_minor, generous.needs_review) == (FULL_REFUND, True)
    with pytest.raises(ValueError, match="unknown outcome"):
        assess(state, policy, override=Override("maybe"))
    with pytest.raises(ValueError, match="unknown reason code"):
        assess(state, policy, override=Override("reject", ("BAD",)))


def test_outcome_rank_orders_by_favour_to_the_buyer() -> None:
    ranked = sorted(OUTCOMES, key=outcome_rank, reverse=True)
    assert ranked[:3] == ["accept", "partial", "escalate"]
    assert outcome_rank("reject") == outcome_rank("refused") < outcome_rank("escalate")


def test_assessment_does_not_depend_on_unit_order(build: Builders, policy: Policy) -> None:
    units = with_first(build, grade="C")
    forward = assess(build.state(units=units), policy).suggestion
    backward = assess(build.state(units=tuple(reversed(units))), policy).suggestion
    assert (forward.outcome, forward.refund_minor) == (backward.outcome, backward.refund_minor)


def test_state_requires_aware_times(build: Builders) -> None:
    from datetime import datetime

    with pytest.raises(ValueError, match="timezone-aware"):
        ParcelState(None, None, None, (), (), BuyerHistory(), datetime(2026, 11, 5))


# --- findings that combine ----------------------------------------------------------------------


def test_light_parcel_with_missing_accessories_keeps_missing_parts(
    build: Builders, policy: Policy
) -> None:
    light = build.state(weight_g=600)
    assert assess(light, policy).suggestion.outcome == "escalate"
    state = build.state(weight_g=600, units=with_first(build, checklist=INCOMPLETE))
    result = assess(state, policy)
    s = result.suggestion
    assert (s.outcome, s.reasons) == ("partial", ("NO_REASON_RETURN", "MISSING_PARTS"))
    assert "weight.explained" in codes(result) and "weight.conflict" not in codes(result)


def test_a_seal_finding_alone_escalates_and_joins_a_reject(build: Builders, policy: Policy) -> None:
    alone = assess(build.state(seals=(("SEAL-B77001", "mismatch"),)), policy).suggestion
    assert (alone.outcome, alone.reasons) == ("escalate", ())
    state = build.state(
        units=with_first(build, serial="SN-5", match="serial_mismatch"),
        seals=(("SEAL-B77001", "mismatch"),),
        evidence=("label_photo",),
    )
    s = assess(state, policy).suggestion
    assert (s.outcome, s.reasons) == ("reject", ("SERIAL_MISMATCH", "SEAL_MISMATCH"))
    assert s.missing_evidence == (("SEAL_MISMATCH", "seal_photo"),)
    present = build.state(seals=(("SEAL-A0001", "present"),))
    assert assess(present, policy).suggestion.outcome == "accept"


def test_the_seller_error_answer_decides_between_accept_and_swap(
    build: Builders, policy: Policy
) -> None:
    other = build.unit(9, None, match="unexpected", code="6970000000001")
    units = (other, *build.full_return()[1:])
    state = build.state(claim=build.claim("SELLER_ERROR"), units=units)
    shipped = assess(dataclasses.replace(state, shipped_this=True), policy)
    s = shipped.suggestion
    assert (s.outcome, s.reasons, s.refund_minor) == ("accept", ("SELLER_ERROR",), FULL_REFUND)
    assert dict(s.unit_dispositions)[9] == "restock"
    swapped = assess(dataclasses.replace(state, shipped_this=False), policy).suggestion
    assert (swapped.outcome, swapped.reasons) == ("reject", ("SWAPPED_ITEM",))
    no_photo = dataclasses.replace(
        state, shipped_this=False, evidence_kinds=("label_photo", "item_photo")
    )
    assert assess(no_photo, policy).suggestion.missing_evidence == (
        ("SWAPPED_ITEM", "pre_shipment"),
    )


def test_a_refused_parcel_goes_back_with_the_courier_with_its_evidence(
    build: Builders, policy: Policy
) -> None:
    state = build.state(weight_g=40, units=(), evidence=())
    decision = assess(state, policy, override=Override("refused", ("EMPTY_PARCEL",))).decision
    assert decision is not None
    assert decision.disposition == "return_to_courier" and decision.needs_review
    assert decision.missing_evidence == (
        ("EMPTY_PARCEL", "scale_photo"),
        ("EMPTY_PARCEL", "open_box_photo"),
    )
    with_unit = build.state(units=build.full_return()[:1])
    refused = assess(with_unit, policy, override=Override("refused")).decision
    assert refused is not None and refused.unit_dispositions == ((1, "return_to_courier"),)
