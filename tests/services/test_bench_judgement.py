"""What the bench records for each scan and answer, on every back end: foreign items confirmed,
seal tags checked, wrong serials placed, the seller-error question, refused at receipt, the
supervisor's reopen note, the test note, and the unmatched parcel completed."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from inspect_tui.services.demo import DEMO_SUPERVISOR_PIN, DemoStore
from inspect_tui.services.importing import import_file
from inspect_tui.services.inspecting.workstation import Workstation
from inspect_tui.services.review.desk import ReviewDesk
from inspect_tui.services.shared.errors import (
    DecisionIncomplete,
    ForeignItemUnconfirmed,
    InspectionClosed,
    InvalidInput,
    SerialNeedsProduct,
)

# -- foreign items -----------------------------------------------------------------------------


def test_a_code_nobody_knows_is_recorded_only_once_confirmed(ws: Workstation) -> None:
    view = ws.open_parcel("DY-RT-20017")
    view = ws.record_weight(view.inspection_id, 400)
    for noise in ("abc", "z9q", "ACCEPT"):
        with pytest.raises(ForeignItemUnconfirmed, match="is not a product we know") as error:
            ws.scan_item(view.inspection_id, noise)
        assert error.value.code == noise
    assert ws.current(view.inspection_id).units == ()
    assert ws.current(view.inspection_id).suggested.outcome != "reject"
    view = ws.scan_item(view.inspection_id, "Q-BRAND-BOX-7", foreign_ok=True)
    assert [u.match for u in view.units] == ["unexpected"]
    assert view.suggested.outcome == "reject" and "SWAPPED_ITEM" in view.suggested.reasons


def test_another_catalog_product_is_foreign_at_once(ws: Workstation) -> None:
    view = ws.open_parcel("DY-RT-20017")
    for code in ("6901234567106", "LP-CASE"):  # the phone case: by GTIN, then by SKU
        view = ws.scan_item(view.inspection_id, code)
    assert [u.match for u in view.units] == ["unexpected", "unexpected"]


def test_a_serial_shipped_to_someone_else_names_its_product(ws: Workstation) -> None:
    view = ws.open_parcel("DY-RT-20017")  # a smartwatch was shipped
    view = ws.scan_item(view.inspection_id, "HP100-2411-00871")  # headphones of order 1
    assert [u.match for u in view.units] == ["unexpected"]
    view = ws.scan_item(view.inspection_id, "SW200-2410-01610")  # a watch of another order
    assert view.units[1].match == "serial_mismatch" and view.units[1].line == 1


# -- seal tags ---------------------------------------------------------------------------------


def test_the_shipments_seal_is_checked_not_counted(ws: Workstation) -> None:
    view = ws.open_parcel("DY-RT-20045")
    assert view.seals.expected == ("SEAL-A10140",) and view.seals.unchecked == ("SEAL-A10140",)
    view = ws.scan_item(view.inspection_id, "seal-a10140")
    assert view.units == ()
    assert view.seals.present == ("SEAL-A10140",) and view.seals.unchecked == ()
    assert "SWAPPED_ITEM" not in view.suggested.reasons
    assert any(f.code == "seal.present" for f in view.findings)


def test_a_seal_that_is_not_the_shipments_is_a_mismatch_that_escalates(ws: Workstation) -> None:
    view = ws.open_parcel("TB-RF-880001")
    view = ws.record_weight(view.inspection_id, 515)
    view = ws.scan_item(view.inspection_id, "HP100-2411-00871")
    view = ws.grade_unit(view.inspection_id, view.units[0].unit_id, "A")
    assert view.suggested.outcome == "accept"
    view = ws.scan_item(view.inspection_id, "SEAL-B77001")
    assert len(view.units) == 1
    assert view.seals.mismatched == ("SEAL-B77001",)
    assert view.suggested.outcome == "escalate"  # a swap signal, not proof on its own
    assert [f.reason for f in view.findings if f.code == "seal.mismatch"] == ["SEAL_MISMATCH"]


def test_a_missing_seal_joins_a_reject_with_its_photo(ws: Workstation, photo: Path) -> None:
    view = ws.open_parcel("DY-RT-20045")
    view = ws.record_weight(view.inspection_id, 800)
    view = ws.scan_item(view.inspection_id, "SPK20-2411-07761")
    view = ws.grade_unit(view.inspection_id, view.units[0].unit_id, "D")
    view = ws.set_outer_box(view.inspection_id, False)
    view = ws.mark_seal_missing(view.inspection_id)
    assert view.seals.missing == ("SEAL-A10140",)
    assert view.suggested.reasons == ("SEAL_MISSING", "BUYER_DAMAGE")
    assert ("SEAL_MISSING", "seal_photo") in view.suggested.missing_evidence
    ws.attach_evidence(view.inspection_id, photo, "damage_photo")
    with pytest.raises(DecisionIncomplete, match="seal_photo"):
        ws.decide(view.inspection_id)
    ws.attach_evidence(view.inspection_id, photo, "seal_photo")
    assert ws.decide(view.inspection_id).decision is not None


def test_marking_a_seal_missing_needs_a_seal(ws: Workstation) -> None:
    view = ws.open_parcel("KS-TH-7781")  # shipped without a seal
    with pytest.raises(InvalidInput, match="without a seal"):
        ws.mark_seal_missing(view.inspection_id)
    view = ws.open_parcel("DY-RT-20045")
    with pytest.raises(InvalidInput, match="not a seal of this order"):
        ws.mark_seal_missing(view.inspection_id, "SEAL-Z1")


# -- wrong serials -----------------------------------------------------------------------------


def test_a_bare_serial_not_shipped_is_a_wrong_serial_of_the_one_serialized_line(
    ws: Workstation,
) -> None:
    view = ws.open_parcel("KS-TH-7781")
    view = ws.scan_item(view.inspection_id, "HP100-2303-00044")
    (unit,) = view.units
    assert (unit.match, unit.line, unit.serial) == ("serial_mismatch", 1, "HP100-2303-00044")
    assert "HP100-2411-00912" in unit.explanation
    assert view.suggested.reasons == ("SERIAL_MISMATCH",)


def test_with_several_serialized_products_the_clerk_says_which(
    ws: Workstation, demo: DemoStore, tmp_path: Path
) -> None:
    orders = tmp_path / "two_serialized.csv"
    orders.write_text(
        "order_ref,platform,buyer_ref,shipped_at,sku,qty,serials,unit_price\n"
        "TB4099000001,taobao,tb_two,2026-11-15T10:00:00+08:00,HP-100,1,SN-2411-0001,399.00\n"
        "TB4099000001,,,,SW-200,1,SN-2410-0002,899.00\n",
        encoding="utf-8",
    )
    import_file(ws.engine, "shipments", orders, evidence_dir=demo.data_dir / "evidence")
    view = ws.open_parcel("TB4099000001")
    with pytest.raises(SerialNeedsProduct, match="which product") as error:
        ws.scan_item(view.inspection_id, "SN-2303-0044")
    assert [line[:2] for line in error.value.lines] == [(1, "HP-100"), (2, "SW-200")]
    assert ws.current(view.inspection_id).units == ()
    view = ws.scan_item(view.inspection_id, "SN-2303-0044", line_no=2)
    (unit,) = view.units
    assert (unit.match, unit.line) == ("serial_mismatch", 2)
    with pytest.raises(InvalidInput, match="no line 7"):
        ws.scan_item(view.inspection_id, "SN-2303-0045", line_no=7)


def test_a_duplicate_scan_names_the_unit_by_its_place_on_screen(ws: Workstation) -> None:
    other = ws.open_parcel("TB-RF-880001")
    ws.scan_item(other.inspection_id, "HP100-2411-00871")  # so row ids and places differ
    view = ws.open_parcel("KS-TH-7781")
    view = ws.scan_item(view.inspection_id, "HP100-2411-00912")
    view = ws.scan_item(view.inspection_id, "HP100-2411-00912")
    assert view.units[0].unit_id != 1
    assert view.units[1].match == "duplicate"
    assert "(unit 1)" in view.units[1].explanation


# -- the seller-error question -----------------------------------------------------------------


def _wrong_size(ws: Workstation) -> int:
    view = ws.open_parcel("TB-RF-880133")
    view = ws.record_weight(view.inspection_id, 1000)
    view = ws.scan_item(view.inspection_id, "6901234567076")  # size 41; size 42 was ordered
    view = ws.grade_unit(view.inspection_id, view.units[0].unit_id, "A")
    assert view.suggested.outcome == "escalate"
    assert view.question is not None
    assert view.question.places == (1,) and view.question.unit_ids == (view.units[0].unit_id,)
    assert view.question.photos and "pre-shipment photo" in view.question.text
    return view.inspection_id


def test_shipped_this_is_the_sellers_error_and_accepted(ws: Workstation, photo: Path) -> None:
    iid = _wrong_size(ws)
    view = ws.answer_seller_error(iid, True)
    assert view.question is None
    assert (view.suggested.outcome, view.suggested.reasons) == ("accept", ("SELLER_ERROR",))
    ws.attach_evidence(iid, photo, "label_photo")
    ws.decide(iid)
    done = ws.complete(iid)
    assert [u.disposition for u in done.units] == ["restock"]


def test_not_what_we_shipped_is_a_swap(ws: Workstation) -> None:
    iid = _wrong_size(ws)
    view = ws.answer_seller_error(iid, False)
    assert (view.suggested.outcome, view.suggested.reasons) == ("reject", ("SWAPPED_ITEM",))
    assert any("pre-shipment photo shows a different" in f.explanation for f in view.findings)


def test_there_is_nothing_to_answer_without_the_question(ws: Workstation) -> None:
    view = ws.open_parcel("TB-RF-880001")
    with pytest.raises(InvalidInput, match="nothing to answer"):
        ws.answer_seller_error(view.inspection_id, True)


# -- refused at receipt ------------------------------------------------------------------------


def test_refused_at_receipt_goes_back_with_the_courier(ws: Workstation, photo: Path) -> None:
    view = ws.open_parcel("SF1402590004417")
    iid = view.inspection_id
    with pytest.raises(DecisionIncomplete, match="Weigh"):
        ws.refuse(iid, ["EMPTY_PARCEL"], "Feels empty, courier present")
    ws.record_weight(iid, 35)
    with pytest.raises(DecisionIncomplete, match="why"):
        ws.refuse(iid, ["EMPTY_PARCEL"], "  ")
    with pytest.raises(DecisionIncomplete, match="scale_photo"):
        ws.refuse(iid, ["EMPTY_PARCEL"], "Feels empty, courier present")
    with pytest.raises(InvalidInput, match="cannot refuse"):
        ws.refuse(iid, ["NO_REASON_RETURN"], "x")
    ws.attach_evidence(iid, photo, "scale_photo")
    ws.attach_evidence(iid, photo, "open_box_photo")
    done = ws.refuse(iid, ["EMPTY_PARCEL"], "Opened with the courier: only packing paper")
    assert done.status == "completed" and done.decision is not None
    assert (done.decision.outcome, done.decision.reasons) == ("refused", ("EMPTY_PARCEL",))
    assert done.decision.refund == 0 and done.decision.review_state == "pending"
    assert done.labels
    with pytest.raises(InspectionClosed):
        ws.scan_item(iid, "HP100-2411-00871")
    again = ws.open_parcel("SF1402590004417")
    assert again.status == "completed" and again.inspection_id == iid


def test_a_refused_parcels_units_go_back_with_the_courier(ws: Workstation, photo: Path) -> None:
    view = ws.open_parcel("DY-RT-20017")
    iid = view.inspection_id
    ws.record_weight(iid, 400)
    ws.scan_item(iid, "6901234567106")
    for kind in ("scale_photo", "open_box_photo", "label_photo", "item_photo"):
        ws.attach_evidence(iid, photo, kind)
    done = ws.refuse(iid, ["SWAPPED_ITEM"], "A phone case instead of the watch")
    assert [u.disposition for u in done.units] == ["return_to_courier"]


# -- the review loop, the test note, the unmatched parcel ---------------------------------------


def test_a_reopened_inspection_shows_the_supervisors_note_until_completed(
    ws: Workstation, demo: DemoStore, photo: Path
) -> None:
    view = ws.open_parcel("KS-TH-7781")
    iid = view.inspection_id
    ws.record_weight(iid, 500)
    ws.scan_item(iid, "HP100-2303-00044")
    ws.attach_evidence(iid, photo, "label_photo")
    ws.decide(iid)
    code = ws.complete(iid).code
    assert ws.current(iid).review_note == ""
    sam = ReviewDesk.connect(
        demo.db_url,
        operator="sam",
        pin=DEMO_SUPERVISOR_PIN,
        data_dir=demo.data_dir,
        clock=lambda: datetime(2026, 11, 18, 12, tzinfo=UTC),
    )
    note = "Attach the label photo showing the old serial"
    sam.reopen(code, note)
    sam.close()
    view = ws.open_parcel("KS-TH-7781")
    assert view.inspection_id == iid and view.review_note == note
    assert ws.decide(iid).review_note == note
    assert ws.complete(iid).review_note == ""


def test_a_test_note_satisfies_the_test_note_evidence(ws: Workstation) -> None:
    view = ws.open_parcel("TB-RF-880114")
    iid = view.inspection_id
    ws.record_weight(iid, 1340)
    view = ws.scan_item(iid, "KB87-2410-03318")
    ws.grade_unit(iid, view.units[0].unit_id, "D")
    view = ws.set_test_result(iid, "reproduced")
    assert ("DEFECT_CONFIRMED", "test_note") in view.suggested.missing_evidence
    view = ws.set_test_result(iid, "reproduced", note="Keys Q and W do not register")
    assert view.test_note == "Keys Q and W do not register"
    assert view.suggested.missing_evidence == ()
    view = ws.set_test_result(iid, "reproduced", note="")
    assert view.suggested.missing_evidence != ()
    view = ws.set_note(iid, "Tested on two computers: Q and W dead")  # the parcel's note (F8)
    assert view.suggested.missing_evidence == ()


def test_an_unmatched_parcel_completes_after_weighing(ws: Workstation) -> None:
    view = ws.open_unmatched("SF9999999999999", "Brown box, no slip, a phone case inside")
    ws.record_weight(view.inspection_id, 300)
    done = ws.complete(view.inspection_id)
    assert done.status == "completed"
    assert done.decision is not None and done.decision.outcome == "escalate"
    assert done.decision.review_state == "pending"


def test_a_seller_error_on_record_reaches_the_rules(
    ws: Workstation, demo: DemoStore, tmp_path: Path
) -> None:
    orders = tmp_path / "shipped_the_41.csv"
    orders.write_text(
        "order_ref,platform,buyer_ref,shipped_at,sku,qty,unit_price,ordered_sku\n"
        "TB4099000002,taobao,tb_rec,2026-11-15T10:00:00+08:00,SN-RUN-41,1,359.00,SN-RUN-42\n",
        encoding="utf-8",
    )
    import_file(ws.engine, "shipments", orders, evidence_dir=demo.data_dir / "evidence")
    view = ws.open_parcel("TB4099000002")
    assert view.shipment is not None and view.shipment.lines[0].ordered_sku == "SN-RUN-42"
    view = ws.scan_item(view.inspection_id, "SN-RUN-41")
    view = ws.grade_unit(view.inspection_id, view.units[0].unit_id, "B")
    assert view.suggested.reasons == ("SELLER_ERROR",)
    assert any("shipped SN-RUN-41, not SN-RUN-42" in f.explanation for f in view.findings)
