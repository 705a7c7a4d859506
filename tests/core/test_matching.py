"""Scans against the shipment lines, and the parcel's contents against the return."""

from __future__ import annotations

from typing import TYPE_CHECKING

from inspect_tui.core.matching import (
    UNSPECIFIED_PART,
    compare,
    gtin14,
    match_scan,
    requested_lines,
)
from inspect_tui.core.seals import seal_state
from inspect_tui.core.serials import looks_like_serial, place_serial, serial_lines

if TYPE_CHECKING:
    from conftest import Builders

EARBUDS_GTIN13 = "6901234567892"
CASE_GTIN13 = "4006381333931"


def test_gtin_compares_as_fourteen_digits() -> None:
    assert gtin14("6901234567892") == "06901234567892"
    assert gtin14("06901234567892") == "06901234567892"
    assert gtin14("96385074") == "00000096385074"
    assert gtin14("SN-1001") is None
    assert gtin14("123456789012345") is None


def test_gtin_with_shipped_serial_is_matched(build: Builders) -> None:
    lines = build.shipment().lines
    found = match_scan(lines, (), text="(01)...(21)SN-1001", gtin=EARBUDS_GTIN13, serial="SN-1001")
    assert (found.match, found.line_no, found.sku) == ("matched", 1, "EB-100")
    assert found.gtin == "06901234567892"
    assert found.serial == "SN-1001"


def test_plain_gtin_of_unserialized_product_is_matched(build: Builders) -> None:
    found = match_scan(build.shipment().lines, (), text=CASE_GTIN13)
    assert (found.match, found.line_no) == ("matched", 2)


def test_sku_matches_case_insensitively(build: Builders) -> None:
    found = match_scan(build.shipment().lines, (), text="case-7")
    assert (found.match, found.line_no, found.sku) == ("matched", 2, "CASE-7")


def test_shipped_serial_alone_identifies_its_line(build: Builders) -> None:
    found = match_scan(build.shipment().lines, (), text="sn-1001")
    assert (found.match, found.line_no, found.serial) == ("matched", 1, "sn-1001")


def test_product_of_serialized_line_without_serial_needs_the_serial(build: Builders) -> None:
    found = match_scan(build.shipment().lines, (), text=EARBUDS_GTIN13)
    assert (found.match, found.line_no) == ("serial_needed", 1)
    assert "scan its serial" in found.explanation


def test_serial_scan_completes_the_waiting_unit(build: Builders) -> None:
    lines = build.shipment().lines
    waiting = build.unit(7, 1, match="serial_needed", code=EARBUDS_GTIN13)
    right = match_scan(lines, (waiting,), text="SN-1001")
    assert (right.match, right.completes_unit_id) == ("matched", 7)
    wrong = match_scan(lines, (waiting,), text="SN-7777")
    assert (wrong.match, wrong.line_no, wrong.completes_unit_id) == ("serial_mismatch", 1, 7)


def test_right_product_wrong_serial_is_a_serial_mismatch(build: Builders) -> None:
    found = match_scan(build.shipment().lines, (), text="x", gtin=EARBUDS_GTIN13, serial="SN-9")
    assert (found.match, found.line_no) == ("serial_mismatch", 1)
    assert "SN-9 was not shipped" in found.explanation
    assert "SN-1001" in found.explanation


def test_product_not_on_the_order_is_unexpected(build: Builders) -> None:
    lines = build.shipment().lines
    for scan in (
        match_scan(lines, (), text="6970000000001"),
        match_scan(lines, (), text="GIFT-BOX"),
        match_scan(lines, (), text="x", gtin="6970000000001", serial="SN-1001"),
    ):
        assert (scan.match, scan.line_no, scan.sku) == ("unexpected", None, None)
        assert "not on this order" in scan.explanation


def test_same_serial_twice_is_a_duplicate(build: Builders) -> None:
    lines = build.shipment().lines
    first = build.unit(1, 1, serial="SN-1001")
    found = match_scan(lines, (first,), text="SN-1001")
    assert (found.match, found.line_no) == ("duplicate", 1)
    assert "unit 1" in found.explanation


def test_same_code_carrying_a_serial_twice_is_a_duplicate(build: Builders) -> None:
    lines = build.shipment().lines
    code = "0106901234567892|21SN-1001"
    first = build.unit(1, 1, serial="SN-1001", code=code)
    found = match_scan(lines, (first,), text=code, gtin=EARBUDS_GTIN13, serial="SN-1001")
    assert found.match == "duplicate"


def test_more_units_than_shipped_is_over_quantity(build: Builders) -> None:
    lines = build.shipment().lines
    cases = (build.unit(2, 2, code=CASE_GTIN13), build.unit(3, 2, code=CASE_GTIN13))
    assert match_scan(lines, cases[:1], text=CASE_GTIN13).match == "matched"
    found = match_scan(lines, cases, text=CASE_GTIN13)
    assert (found.match, found.line_no) == ("over_quantity", 2)
    assert "2 shipped" in found.explanation


def test_same_sku_on_two_lines_fills_the_first_line_with_room(build: Builders) -> None:
    lines = (build.phone_case(line_no=2, qty=1), build.phone_case(line_no=3, qty=1))
    first = build.unit(1, 2, code="CASE-7")
    assert match_scan(lines, (), text="CASE-7").line_no == 2
    assert match_scan(lines, (first,), text="CASE-7").line_no == 3


def test_requested_lines_narrow_the_return(build: Builders) -> None:
    lines = build.shipment().lines
    covered, unknown = requested_lines(lines, (("case-7", 1), ("NOPE", 1)))
    assert [(x.line_no, x.qty) for x in covered] == [(2, 1)]
    assert unknown == ("NOPE",)
    whole, none = requested_lines(lines, ())
    assert whole == tuple(lines) and none == ()


def test_compare_complete_parcel(build: Builders) -> None:
    contents = compare(build.shipment().lines, build.full_return())
    assert contents.missing_units == 0
    assert [(t.line_no, t.expected, t.received, t.missing) for t in contents.per_line] == [
        (1, 1, 1, 0),
        (2, 2, 2, 0),
    ]
    assert contents.per_line[0].serials_received == ("SN-1001",)
    assert len(contents.placed) == 3
    assert contents.unexpected == contents.serial_mismatches == contents.extras == ()


def test_compare_counts_missing_unexpected_and_mismatched(build: Builders) -> None:
    units = (
        build.unit(1, 1, serial="SN-9", match="serial_mismatch"),
        build.unit(2, None, match="unexpected", code="BRICK"),
        build.unit(3, 2, code=CASE_GTIN13),
        build.unit(4, 2, code=CASE_GTIN13, match="duplicate"),
    )
    contents = compare(build.shipment().lines, units)
    assert contents.missing_units == 1
    assert contents.per_line[1].missing == 1
    assert [u.unit_id for u in contents.unexpected] == [2]
    assert [u.unit_id for u in contents.serial_mismatches] == [1]
    assert [u.unit_id for u in contents.duplicates] == [4]
    assert contents.per_line[0].received == 1  # a wrong serial still fills the place


def test_grade_x_unit_does_not_fill_its_line(build: Builders) -> None:
    units = (build.unit(1, 1, serial="SN-1001", grade="X"), *build.full_return()[1:])
    contents = compare(build.shipment().lines, units)
    assert contents.per_line[0].missing == 1
    assert [u.unit_id for u in contents.unexpected] == [1]


def test_units_beyond_the_request_are_extras(build: Builders) -> None:
    covered, _ = requested_lines(build.shipment().lines, (("CASE-7", 1),))
    contents = compare(covered, build.full_return())
    assert contents.missing_units == 0
    assert sorted(u.unit_id for u in contents.extras) == [1, 3]
    assert contents.per_line[0].extra == 1


def test_accessories_count_as_missing_only_once_declared_incomplete(build: Builders) -> None:
    lines = build.shipment().lines
    unchecked = build.unit(1, 1, serial="SN-1001", checklist=(), components_present=())
    assert compare(lines, (unchecked,)).missing_components == ()
    complete = build.unit(1, 1, serial="SN-1001", components_present=())
    assert compare(lines, (complete,)).missing_components == ()
    incomplete = (("accessories_complete", False),)
    named = build.unit(1, 1, checklist=incomplete, components_present=("Charging case",))
    contents = compare(lines, (named,))
    assert contents.missing_components == ((1, "USB-C cable"),)
    assert contents.per_line[0].components_missing == ("USB-C cable",)
    unnamed = build.unit(1, 1, checklist=incomplete, components_present=None)
    assert compare(lines, (unnamed,)).missing_components == ((1, UNSPECIFIED_PART),)


def test_a_duplicate_is_named_by_its_place_in_the_scan_order(build: Builders) -> None:
    first = build.unit(41, 1, serial="SN-1001")
    found = match_scan(build.shipment().lines, (first,), text="SN-1001")
    assert found.match == "duplicate"
    assert found.explanation == "Serial SN-1001 was already scanned (unit 1)."


def test_seal_tags_are_recognised_by_the_shipments_ids_and_the_patterns() -> None:
    patterns = ("SEAL-[A-Z0-9-]{3,}", "TAG-[0-9]{4,}")
    assert seal_state(("SEAL-A10140",), " seal-a10140 ", patterns) == ("SEAL-A10140", "present")
    assert seal_state(("SEAL-A10140",), "SEAL-B99", patterns) == ("SEAL-B99", "mismatch")
    assert seal_state((), "TAG-884211", patterns) == ("TAG-884211", "mismatch")
    assert seal_state(("TAG-884211",), "HP100-2411-00871", patterns) is None


def test_a_serial_shape_is_judged_against_the_serials_shipped(build: Builders) -> None:
    lines = build.shipment().lines  # earbuds shipped with SN-1001
    assert looks_like_serial(lines, "SN-1999")
    assert not looks_like_serial(lines, "abc")
    assert not looks_like_serial(lines, "ZZ-1999")
    assert not looks_like_serial(lines, "SN-1999-0000-0000")


def test_serial_lines_narrow_by_prefix(build: Builders) -> None:
    a = build.earbuds(serials=("AB-0001",))
    b = build.earbuds(line_no=2, sku="EB-200", serials=("CD-0002",))
    assert [x.line_no for x in serial_lines((a, b), "CD-7777")] == [2]
    assert [x.line_no for x in serial_lines((a, b), "ZZ-7777")] == [1, 2]
    assert [x.line_no for x in serial_lines((a,), "ZZ-7777")] == [1]


def test_a_serial_placed_on_a_line_is_a_wrong_serial_or_completes_a_waiting_unit(
    build: Builders,
) -> None:
    line = build.shipment().lines[0]
    found = place_serial(line, (), "SN-7777")
    assert (found.match, found.line_no, found.serial) == ("serial_mismatch", 1, "SN-7777")
    waiting = build.unit(5, 1, serial=None, match="serial_needed")
    found = place_serial(line, (waiting,), "SN-1001")
    assert (found.match, found.completes_unit_id) == ("matched", 5)
    again = place_serial(line, (build.unit(5, 1, serial="SN-7777"),), "sn-7777")
    assert again.match == "duplicate" and "(unit 1)" in again.explanation
