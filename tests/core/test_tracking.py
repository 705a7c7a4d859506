"""Carrier tracking numbers: published examples and check-digit properties."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from inspect_tui.core.codes import decode
from inspect_tui.core.tracking import (
    CHECKSUMS,
    match_tracking,
    s10_check_digit,
    tracking_formats,
    ups_check_digit,
)

# Valid and invalid examples published in jkeen/tracking_number_data, couriers/ups.json,
# fedex.json, usps.json, dhl.json and s10.json ("test_numbers"), with the carrier we report.
JKEEN_VALID = [
    ("1Z5R89390357567127", "UPS"),
    ("1Z879E930346834440", "UPS"),
    ("1Z410E7W0392751591", "UPS"),
    ("1Z8V92A70367203024", "UPS"),
    ("986578788855", "FedEx"),
    ("477179081230", "FedEx"),
    ("799531274483", "FedEx"),
    ("790535312317", "FedEx"),
    (" 7 9 0 5 3 5 3 1 2 3 1 7 ", "FedEx"),
    ("974367662710", "FedEx"),
    ("1001921334250001000300779017972697", "FedEx"),
    ("1001921380360001000300639585804382", "FedEx"),
    ("1001901781990001000300617767839437", "FedEx"),
    ("1002297871540001000300790695517286", "FedEx"),
    ("0414 4176 0228 964", "FedEx"),
    ("5682 8361 0012 000", "FedEx"),
    ("5682 8361 0012 734", "FedEx"),
    ("9611020987654312345672", "FedEx"),
    ("9622001900000000000000776632517510", "FedEx"),
    ("9622001560000000000000794808390594", "FedEx"),
    ("9622001560001234567100794808390594", "FedEx"),
    ("9632001560123456789900794808390594", "FedEx"),
    # FedEx SmartPost 92… IMpb numbers are delivered by USPS and read as USPS here.
    ("9261292700768711948021", "USPS"),
    ("0307 1790 0005 2348 3741", "USPS"),
    ("7112 3456 7891 2345 6787", "USPS"),
    ("4201002334249200190132607600833457", "USPS"),
    ("4201028200009261290113185417468510", "USPS"),
    ("420 22153 9101026837331000039521", "USPS"),
    ("7196 9010 7560 0307 7385", "USPS"),
    ("9505 5110 6960 5048 6006 24", "USPS"),
    ("9101 1234 5678 9000 0000 13", "USPS"),
    ("92748931507708513018050063", "USPS"),
    ("9400 1112 0108 0805 4830 16", "USPS"),
    ("9361 2898 7870 0317 6337 95", "USPS"),
    ("9405803699300124287899", "USPS"),
    ("3318810025", "DHL"),
    ("73891051146", "DHL"),
    ("8487135506", "DHL"),
    ("1099255990", "DHL"),
    ("3821724944", "DHL"),
    ("3318810036", "DHL"),
    ("3318810014", "DHL"),
    ("GM2951173225174494", "DHL"),
    ("GM295117494011169042", "DHL"),
    ("RB123456785GB", "Royal Mail"),
    ("RB123456785US", "USPS"),
    ("RB123456785CV", "Post (CV)"),
    ("RB123456785CF", "Post (CF)"),
    (" R B 1 2 3 4 5 6 7 8 5 C F ", "Post (CF)"),
]

JKEEN_INVALID_CHECK = [
    "1Z1111111111111111",
    "996578788855",
    "1001901781990001000300617767839438",
    "9261292700768711948020",
    "5682 8361 0012 732",
    "9600000000000000000001",
    "9622001560001234567100794808390595",
    "9622001560001234567100794808390597",
    "0307 1790 0005 2348 3742",
    "4201028200009261290113185417468511",
    "9200000000000000000000",
    "3318810010",
    "3318810034",
    "3318810011",
    "RB123456786US",
    "RB123456785XX",
]

# Not any carrier's shape at all (same source).
JKEEN_NOT_TRACKING = ["2Z5R89390357567127", "1A5R89390357567127", "GS295117494011169041"]

# Chinese domestic carriers: example numbers from BF-zh/Courier-Validation, test/index.test.ts.
CHINESE_EXAMPLES = [
    ("73610555582883", "ZTO"),
    ("YT8962646785389", "YTO"),
    ("SF1385628716739", "SF Express"),
    ("463431409940372", "Yunda"),
    ("JDX024407261700", "JD"),
    ("JT5261988016578", "J&T"),
]


@pytest.mark.parametrize(("number", "carrier"), JKEEN_VALID + CHINESE_EXAMPLES)
def test_published_valid_numbers_are_read_with_their_carrier(number: str, carrier: str) -> None:
    match = match_tracking(number)
    assert match is not None
    assert match.valid, match.error
    assert match.carrier == carrier
    assert match.number == "".join(number.split()).upper()
    assert match.error is None


@pytest.mark.parametrize(("number", "carrier"), JKEEN_VALID + CHINESE_EXAMPLES)
def test_published_valid_numbers_are_not_taken_for_anything_else_by_decode(
    number: str, carrier: str
) -> None:
    decoded = decode(number)
    assert (decoded.kind, decoded.valid, decoded.carrier) == ("tracking", True, carrier)


@pytest.mark.parametrize("number", JKEEN_INVALID_CHECK)
def test_published_invalid_numbers_are_rejected_with_a_reason(number: str) -> None:
    match = match_tracking(number)
    assert match is not None
    assert not match.valid
    assert match.error is not None
    assert match.carrier.split()[0] in match.error or "country code" in match.error


@pytest.mark.parametrize("number", JKEEN_NOT_TRACKING)
def test_published_non_numbers_match_no_format(number: str) -> None:
    assert match_tracking(number) is None


def test_sto_example_overlaps_fedex_ground_and_is_still_a_valid_tracking_number() -> None:
    # BF-zh/Courier-Validation's STO example also passes FedEx Ground's mod-10 check; formats
    # with a check digit are tried first, so the carrier is a guess but the number stands.
    match = match_tracking("773277027280336")
    assert match is not None
    assert match.valid
    assert match.number == "773277027280336"


def test_wrong_ups_check_digit_names_the_expected_digit() -> None:
    match = match_tracking("1z999aa10123456785")
    assert match is not None
    assert not match.valid
    assert match.distinctive
    assert match.error is not None
    assert "UPS" in match.error
    assert "check digit 5, expected 4" in match.error


def test_unknown_s10_country_is_reported_as_such() -> None:
    match = match_tracking("RB123456785XX")
    assert match is not None
    assert match.error is not None
    assert "'XX'" in match.error
    assert "country code" in match.error


def test_ems_and_china_post_s10_numbers() -> None:
    ems = match_tracking("EA123456785CN")
    post = match_tracking("RR123456785CN")
    assert ems is not None and ems.valid and ems.carrier == "EMS"
    assert post is not None and post.valid and post.carrier == "China Post"


def test_plain_digit_formats_are_not_distinctive_but_letter_formats_are() -> None:
    dhl = match_tracking("3318810010")
    ups = match_tracking("1Z1111111111111111")
    assert dhl is not None and not dhl.distinctive
    assert ups is not None and ups.distinctive


@pytest.mark.parametrize("text", ["", "   ", "１Z999AA10123456784", "1Z999AA1012345678!", "ß" * 13])
def test_non_ascii_or_punctuated_text_matches_nothing(text: str) -> None:
    assert match_tracking(text) is None


def test_every_format_in_the_data_file_names_a_known_checksum_and_groups() -> None:
    formats = tracking_formats()
    assert len(formats) >= 15
    for fmt in formats:
        assert fmt.checksum == "none" or fmt.checksum in CHECKSUMS
        if fmt.checksum != "none":
            assert {"body", "check"} <= set(fmt.pattern.groupindex), fmt.name
        assert fmt.carrier or fmt.carrier_by_country, fmt.name


def test_s10_check_digit_special_remainders() -> None:
    # UPU S10: remainder 0 gives check digit 5, remainder 1 gives 0.
    assert s10_check_digit("00000000") == "5"
    assert s10_check_digit("12345678") == "5"  # RB123456785GB, the published example
    assert s10_check_digit("00000008") == "0"  # 8 * 7 = 56, remainder 1
    assert s10_check_digit("00000003") == "1"  # 3 * 7 = 21, remainder 10 -> 11 - 10
    assert s10_check_digit("00000010") == "2"  # 1 * 9 = 9 -> 11 - 9


def test_ups_check_digit_of_the_well_known_example() -> None:
    assert ups_check_digit("999AA1012345678") == "4"


_DIGITS = st.text(alphabet="0123456789", min_size=8, max_size=8)
_LETTERS = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=2, max_size=2)
_S10_REMAINDER_5 = {0, 6}  # both remainders give check digit 5 under the UPU rule


def _s10_remainder(body: str) -> int:
    return sum(int(d) * w for d, w in zip(body, (8, 6, 4, 2, 3, 5, 9, 7), strict=True)) % 11


@given(service=_LETTERS, body=_DIGITS, country=st.sampled_from(["CN", "GB", "US", "DE", "HK"]))
def test_generated_s10_numbers_validate(service: str, body: str, country: str) -> None:
    number = f"{service}{body}{s10_check_digit(body)}{country}"
    match = match_tracking(number)
    assert match is not None
    assert match.valid
    assert match.number == number


@given(
    body=_DIGITS,
    position=st.integers(0, 7),
    shift=st.integers(1, 9),
)
def test_s10_single_digit_change_is_caught_except_where_the_upu_rule_collides(
    body: str, position: int, shift: int
) -> None:
    number = f"RR{body}{s10_check_digit(body)}CN"
    changed_body = body[:position] + str((int(body[position]) + shift) % 10) + body[position + 1 :]
    changed = number[:2] + changed_body + number[10:]
    match = match_tracking(changed)
    assert match is not None
    collides = {_s10_remainder(body), _s10_remainder(changed_body)} == _S10_REMAINDER_5
    assert match.valid is collides


@given(body=_DIGITS, wrong=st.sampled_from("0123456789"))
def test_s10_wrong_check_digit_is_caught_with_the_expected_one(body: str, wrong: str) -> None:
    right = s10_check_digit(body)
    match = match_tracking(f"RR{body}{wrong}CN")
    assert match is not None
    assert match.valid is (wrong == right)
    if wrong != right:
        assert match.error is not None
        assert f"expected {right}" in match.error


_UPS_BODY = st.text(alphabet="0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=15, max_size=15)


@given(body=_UPS_BODY)
def test_generated_ups_numbers_validate(body: str) -> None:
    match = match_tracking(f"1Z{body}{ups_check_digit(body)}")
    assert match is not None
    assert match.valid
    assert match.carrier == "UPS"


@given(body=_UPS_BODY, position=st.integers(0, 14), shift=st.integers(1, 9))
def test_ups_single_digit_change_is_caught_except_a_shift_of_five_on_doubled_places(
    body: str, position: int, shift: int
) -> None:
    # The UPS check doubles every second character without casting out nines, so on those
    # places a change of 5 leaves the sum's last digit alone; everywhere else it is caught.
    digits_only = "".join(c if c.isdigit() else str((ord(c) - 3) % 10) for c in body)
    number = f"1Z{digits_only}{ups_check_digit(digits_only)}"
    changed_digit = str((int(digits_only[position]) + shift) % 10)
    changed = number[: 2 + position] + changed_digit + number[3 + position :]
    match = match_tracking(changed)
    assert match is not None
    undetectable = position % 2 == 1 and shift == 5
    assert match.valid is undetectable


# Label barcodes as scanned, with the carrier and the tracking number a lookup searches by: the
# FedEx 34-digit example from a real label, jkeen's FedEx test numbers, DHL Express piece IDs
# (jkeen's dhl.json and a JD01 licence plate) and a UPS waybill.
LABEL_BARCODES = [
    ("1027590111820004833500785458233610", "FedEx", "785458233610"),
    ("1001921334250001000300779017972697", "FedEx", "779017972697"),
    ("9622001560001234567100794808390594", "FedEx", "794808390594"),
    ("9611020987654312345672", "FedEx", "987654312345672"),
    ("JJD0099999999", "DHL", "JJD0099999999"),
    ("JVGL0999999990", "DHL", "JVGL0999999990"),
    ("JJD014600006262946210", "DHL", "JJD014600006262946210"),
    ("JD014600006262946210", "DHL", "JD014600006262946210"),
    ("K1506235620", "UPS", "K1506235620"),
    ("k 150 623 5620", "UPS", "K1506235620"),
]


@pytest.mark.parametrize(("scan", "carrier", "tracking"), LABEL_BARCODES)
def test_label_barcodes_decode_to_their_tracking_number(
    scan: str, carrier: str, tracking: str
) -> None:
    decoded = decode(scan)
    assert (decoded.kind, decoded.valid, decoded.carrier) == ("tracking", True, carrier)
    assert decoded.value == tracking


def test_a_fedex_label_barcode_with_a_wrong_check_digit_names_it() -> None:
    decoded = decode("1027590111820004833500785458233611")
    assert decoded.kind == "tracking" and not decoded.valid
    assert decoded.error is not None and "check digit 1, expected 0" in decoded.error


def test_jd_logistics_numbers_stay_jd() -> None:
    assert decode("JDX024407261700").carrier == "JD"
