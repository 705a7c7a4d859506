"""The scenarios of docs/domain.md (sample_data/), through the Workstation on both back ends."""

from __future__ import annotations

from pathlib import Path

import pytest

from inspect_tui.services.inspecting.workstation import Workstation
from inspect_tui.services.shared.errors import DecisionIncomplete, InvalidInput
from inspect_tui.store.audit import verify
from inspect_tui.store.models import AuditEvent
from row_counts import row_counts

HP_GTIN = "06901234567014"


def test_happy_path_is_accepted_with_full_refund(ws: Workstation) -> None:
    view = ws.open_parcel("SF1402590004417")
    assert view.code == "INS-20261118-0001"
    assert view.shipment is not None and view.shipment.order_ref == "TB4015528817"
    assert view.expected_weight_g == 520
    view = ws.record_weight(view.inspection_id, 515)
    assert view.weight_verdict == "ok"
    view = ws.scan_item(view.inspection_id, "HP100-2411-00871")
    assert [u.match for u in view.units] == ["matched"]
    assert view.missing == ()
    view = ws.grade_unit(view.inspection_id, view.units[0].unit_id, "A")
    assert view.suggested.outcome == "accept"
    assert view.suggested.reasons == ("NO_REASON_RETURN",)
    assert view.suggested.refund_minor == 39900
    view = ws.decide(view.inspection_id)
    assert view.decision is not None and view.decision.outcome == "accept"
    assert not view.decision.needs_review
    done = ws.complete(view.inspection_id)
    assert done.status == "completed"
    assert [u.disposition for u in done.units] == ["restock"]
    assert done.labels and all(p.is_file() for p in done.labels)
    assert verify(ws.engine).intact


def test_empty_parcel_is_rejected_only_with_its_evidence(ws: Workstation, photo: Path) -> None:
    view = ws.open_parcel("TB-RF-880001")
    view = ws.record_weight(view.inspection_id, 90)
    assert view.weight_verdict == "empty"
    assert view.suggested.outcome == "reject"
    assert view.suggested.reasons == ("EMPTY_PARCEL",)
    assert any("90 g" in f.explanation for f in view.findings)
    with pytest.raises(DecisionIncomplete, match="a photo of the parcel on the scale"):
        ws.decide(view.inspection_id)
    ws.attach_evidence(view.inspection_id, photo, "scale_photo")
    view = ws.attach_evidence(view.inspection_id, photo, "open_box_photo")
    assert view.suggested.missing_evidence == ()
    view = ws.decide(view.inspection_id)
    assert view.decision is not None
    assert view.decision.outcome == "reject" and view.decision.needs_review
    assert view.decision.refund == 0
    done = ws.complete(view.inspection_id)
    assert done.status == "completed"


def test_swapped_item_is_caught(ws: Workstation) -> None:
    view = ws.open_parcel("DY-RT-20017")
    view = ws.record_weight(view.inspection_id, 400)
    view = ws.scan_item(view.inspection_id, HP_GTIN)
    assert view.units[0].match == "unexpected"
    assert "not on this order" in view.units[0].explanation
    assert view.suggested.outcome == "reject"
    assert "SWAPPED_ITEM" in view.suggested.reasons
    assert len(view.missing) == 1 and view.missing[0].sku == "SW-200"


def test_wrong_serial_buy_new_return_old(ws: Workstation) -> None:
    view = ws.open_parcel("KS-TH-7781")
    view = ws.record_weight(view.inspection_id, 500)
    view = ws.scan_item(view.inspection_id, f"]C101{HP_GTIN}|21HP100-2411-99999")
    unit = view.units[0]
    assert unit.match == "serial_mismatch"
    assert unit.serial == "HP100-2411-99999"
    assert "HP100-2411-00912" in unit.explanation
    assert view.suggested.outcome == "reject"
    assert "SERIAL_MISMATCH" in view.suggested.reasons


def test_used_item_under_a_no_reason_claim(ws: Workstation) -> None:
    view = ws.open_parcel("TM-RF-55120")
    view = ws.record_weight(view.inspection_id, 1140)
    view = ws.scan_item(view.inspection_id, "JK-DWN-L")
    view = ws.grade_unit(
        view.inspection_id,
        view.units[0].unit_id,
        "C",
        checklist={"tags_on": False, "signs_of_use": True},
    )
    assert view.suggested.outcome in ("reject", "partial")
    assert "USED_OR_WORN" in view.suggested.reasons


def test_missing_parts_give_a_partial_refund(ws: Workstation) -> None:
    view = ws.open_parcel("TB-RF-880001")
    view = ws.record_weight(view.inspection_id, 470)
    view = ws.scan_item(view.inspection_id, "HP100-2411-00871")
    unit_id = view.units[0].unit_id
    view = ws.set_components(view.inspection_id, unit_id, ["charging case", "manual"])
    view = ws.grade_unit(view.inspection_id, unit_id, "A")
    assert view.suggested.outcome == "partial"
    assert "MISSING_PARTS" in view.suggested.reasons
    assert view.suggested.refund_minor is not None and 0 < view.suggested.refund_minor < 39900
    with pytest.raises(InvalidInput, match="not an accessory"):
        ws.set_components(view.inspection_id, unit_id, ["power bank"])


def test_missing_unit_of_a_multi_unit_return(ws: Workstation) -> None:
    view = ws.open_parcel("DY-RT-20102")
    assert view.missing and view.missing[0].missing == 2
    view = ws.record_weight(view.inspection_id, 60)
    view = ws.scan_item(view.inspection_id, "LP-CASE")
    assert view.missing[0].missing == 1
    assert view.suggested.outcome == "reject"
    assert "MISSING_ITEMS" in view.suggested.reasons


def test_buyer_damage_against_pre_shipment_photos(ws: Workstation) -> None:
    view = ws.open_parcel("KS-TH-7781")
    assert view.shipment is not None and view.shipment.photos
    view = ws.record_weight(view.inspection_id, 510)
    view = ws.scan_item(view.inspection_id, "HP100-2411-00912")
    view = ws.grade_unit(view.inspection_id, view.units[0].unit_id, "D", {"damage": True})
    assert view.suggested.outcome == "reject"
    assert "BUYER_DAMAGE" in view.suggested.reasons


def test_invented_defect_is_not_found(ws: Workstation) -> None:
    view = ws.open_parcel("DY-RT-20017")
    view = ws.record_weight(view.inspection_id, 405)
    view = ws.scan_item(view.inspection_id, "SW200-2410-01542")
    view = ws.grade_unit(view.inspection_id, view.units[0].unit_id, "B")
    assert view.suggested.outcome == "escalate"  # a claimed defect must be tested first
    view = ws.set_test_result(view.inspection_id, "not_reproduced")
    assert any(f.code.startswith("claim.defect_not") for f in view.findings)
    assert view.suggested.outcome in ("accept", "partial", "reject")
    assert "DEFECT_CONFIRMED" not in view.suggested.reasons


def test_defect_confirmed_is_accepted(ws: Workstation) -> None:
    view = ws.open_parcel("TB-RF-880114")
    view = ws.record_weight(view.inspection_id, 1340)
    view = ws.scan_item(view.inspection_id, "KB87-2410-03318")
    view = ws.grade_unit(view.inspection_id, view.units[0].unit_id, "D")
    view = ws.set_test_result(view.inspection_id, "reproduced")
    assert view.suggested.outcome == "accept"
    assert view.suggested.reasons == ("DEFECT_CONFIRMED",)


def test_outside_the_window_no_reason_return(ws: Workstation) -> None:
    view = ws.open_parcel("TB-RF-879002")
    assert view.return_window_days_left is not None and view.return_window_days_left < 0
    assert "OUTSIDE_WINDOW" in view.suggested.reasons
    assert view.suggested.outcome == "reject"


def test_platform_risk_and_repeat_returner_are_flagged(ws: Workstation) -> None:
    risky = ws.open_parcel("TB-RF-880120")
    assert "platform risk: high" in risky.risk_flags
    repeat = ws.open_parcel("DY-RT-20104")
    assert repeat.buyer_history.returns == 3
    assert "freight insurance" in repeat.risk_flags


def test_seller_error_is_accepted(ws: Workstation) -> None:
    view = ws.open_parcel("TB-RF-880133")
    view = ws.record_weight(view.inspection_id, 1000)
    view = ws.scan_item(view.inspection_id, "SN-RUN-42")
    view = ws.grade_unit(view.inspection_id, view.units[0].unit_id, "A")
    assert view.suggested.outcome == "accept"
    assert view.suggested.reasons == ("SELLER_ERROR",)


def test_override_needs_a_justification_and_goes_to_review(ws: Workstation) -> None:
    view = ws.open_parcel("TB-RF-880001")
    view = ws.record_weight(view.inspection_id, 515)
    view = ws.scan_item(view.inspection_id, "HP100-2411-00871")
    view = ws.grade_unit(view.inspection_id, view.units[0].unit_id, "A")
    assert view.suggested.outcome == "accept"
    with pytest.raises(DecisionIncomplete, match="type why"):
        ws.decide(view.inspection_id, "escalate")
    view = ws.decide(view.inspection_id, "escalate", justification="Buyer sent an angry chat")
    assert view.decision is not None
    assert view.decision.outcome == "escalate" and view.decision.needs_review
    assert view.decision.justification == "Buyer sent an angry chat"


UNKNOWN_DECISIONS = [
    ("maybe", None, "Outcome 'maybe' is not known: accept, partial, reject, escalate, refused."),
    ("reject", ["EMPTY_BOX"], "Reason code 'EMPTY_BOX' is not known."),
    (None, ["NO_REASON_RETURN", "fine"], "Reason code 'fine' is not known."),
]
"""An outcome or reason code the desk does not know, and how the refusal says it."""


@pytest.mark.parametrize(("outcome", "reasons", "message"), UNKNOWN_DECISIONS)
def test_an_unknown_outcome_or_reason_code_is_refused_and_nothing_is_decided(
    ws: Workstation, outcome: str | None, reasons: list[str] | None, message: str
) -> None:
    view = ws.open_parcel("TB-RF-880001")
    view = ws.record_weight(view.inspection_id, 515)
    view = ws.scan_item(view.inspection_id, "HP100-2411-00871")
    view = ws.grade_unit(view.inspection_id, view.units[0].unit_id, "A")
    events = row_counts(ws.engine, (AuditEvent,))
    with pytest.raises(InvalidInput) as refused:
        ws.decide(view.inspection_id, outcome, reasons, justification="Buyer sent an angry chat")
    assert str(refused.value) == message
    assert row_counts(ws.engine, (AuditEvent,)) == events
    assert ws.current(view.inspection_id).decision is None


def test_unmatched_parcel_goes_to_quarantine(ws: Workstation) -> None:
    with pytest.raises(InvalidInput, match="note"):
        ws.open_unmatched("SF9999999999999", "   ")
    view = ws.open_unmatched("SF9999999999999", "Brown box, no order slip, a phone case inside")
    assert view.is_unmatched and view.risk_flags == ("unmatched parcel",)
    assert view.suggested.outcome == "escalate"
    view = ws.record_weight(view.inspection_id, 300)
    view = ws.decide(view.inspection_id)
    done = ws.complete(view.inspection_id)
    assert done.status == "completed"
    assert done.note.startswith("Brown box")
    assert done.labels
