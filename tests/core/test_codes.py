"""What a scanned string is: decode(), command and badge codes, identifier helpers."""

from __future__ import annotations

import dataclasses
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from inspect_tui.core.codes import (
    DEFAULT_REFERENCE_PATTERNS,
    KINDS,
    Decoded,
    decode,
    gtin14,
    normalise_identifier,
)
from inspect_tui.core.command_codes import (
    ALL_COMMANDS,
    BADGE_PREFIX,
    COMMAND_PREFIX,
    badge_code,
    command_code,
)

SAFETY_NET_MESSAGE = "This scan could not be read — scan it again"


def _gs1_check(body: str) -> str:
    """Independent oracle: GS1 mod-10, weights 3,1,3,… from the right."""
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return str((10 - total % 10) % 10)


# --- products: GTIN, UPC-E -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("scan", "value", "gtin"),
    [
        ("4006381333931", "4006381333931", "04006381333931"),  # EAN-13 (Wikipedia's example)
        ("036000291452", "036000291452", "00036000291452"),  # UPC-A (Wikipedia's example)
        ("96385074", "96385074", "00000096385074"),  # GTIN-8 (biip's documentation)
        ("09876543210982", "09876543210982", "09876543210982"),  # GTIN-14
        ("04252614", "04252614", "00042100005264"),  # UPC-E 0425261 -> UPC-A 042100005264
        (" 4006381 333931 ", "4006381333931", "04006381333931"),  # typed with spaces
    ],
)
def test_valid_gtins_keep_the_scanned_digits_and_give_the_gtin14(
    scan: str, value: str, gtin: str
) -> None:
    decoded = decode(scan)
    assert decoded.kind == "gtin"
    assert decoded.valid
    assert decoded.value == value
    assert decoded.gtin == gtin
    assert decoded.error is None


def test_wrong_gtin_check_digit_is_never_fixed_and_names_the_expected_digit() -> None:
    decoded = decode("4006381333932")
    assert decoded.kind == "gtin"
    assert not decoded.valid
    assert decoded.value == "4006381333932"
    assert decoded.gtin is None
    assert decoded.error == "GTIN 4006381333932 has check digit 2, expected 1 — rescan or type it"


def test_eight_digits_failing_both_gtin8_and_upc_e_name_both_expected_digits() -> None:
    decoded = decode("04252615")
    assert not decoded.valid
    assert decoded.error is not None
    assert "expected 0" in decoded.error
    assert "or 4 if it is a UPC-E" in decoded.error


@pytest.mark.parametrize(
    ("scan", "symbology", "gtin"),
    [
        ("]E04006381333931", "EAN-13", "04006381333931"),
        ("]E0036000291452", "UPC-A", "00036000291452"),
        ("]E004252614", "UPC-E", "00042100005264"),
        ("]E0425261", "UPC-E", "00042100005264"),
        ("]E496385074", "EAN-8", "00000096385074"),
        ("]I109876543210982", "ITF-14", "09876543210982"),
        ("]E3400638133393112", "EAN-13 with add-on", "04006381333931"),
    ],
)
def test_ean_upc_symbology_prefixes_are_reported(scan: str, symbology: str, gtin: str) -> None:
    decoded = decode(scan)
    assert decoded.kind == "gtin"
    assert decoded.valid
    assert decoded.symbology == symbology
    assert decoded.gtin == gtin


def test_ean8_prefix_does_not_accept_a_upc_e_reading() -> None:
    # 04252614 is a valid UPC-E but not a valid EAN-8; the scanner said EAN-8.
    decoded = decode("]E404252614")
    assert decoded.kind == "gtin"
    assert not decoded.valid


def test_ean_prefix_with_letters_is_an_invalid_gtin() -> None:
    decoded = decode("]E0ABCDEFGHIJK")
    assert decoded.kind == "gtin"
    assert not decoded.valid
    assert decoded.error is not None and "not digits" in decoded.error


_PREFIX_FOR_LENGTH = {7: "]E4", 11: "]E0", 12: "]E0", 13: "]I1"}
_BODIES = st.sampled_from([7, 11, 12, 13]).flatmap(
    lambda n: st.text(alphabet="0123456789", min_size=n, max_size=n)
)


@given(body=_BODIES)
def test_gtin_with_computed_check_digit_validates(body: str) -> None:
    digits = body + _gs1_check(body)
    for scan in (digits, _PREFIX_FOR_LENGTH[len(body)] + digits):
        decoded = decode(scan)
        assert decoded.kind == "gtin", scan
        assert decoded.valid, decoded.error
        assert decoded.gtin == digits.zfill(14)


@given(body=_BODIES, wrong=st.sampled_from("0123456789"))
def test_gtin_with_any_other_check_digit_is_rejected_with_the_expected_digit(
    body: str, wrong: str
) -> None:
    right = _gs1_check(body)
    if wrong == right:
        return
    decoded = decode(_PREFIX_FOR_LENGTH[len(body)] + body + wrong)
    assert decoded.kind == "gtin"
    assert not decoded.valid
    assert decoded.error is not None
    assert f"has check digit {wrong}, expected {right}" in decoded.error
    # Without a prefix another reading may claim it (8 digits may be a right UPC-E, which
    # expands to another GTIN), but never as this GTIN with its check digit "fixed".
    bare = decode(body + wrong)
    assert bare.gtin not in ((body + wrong).zfill(14), (body + right).zfill(14))
    if bare.kind == "gtin" and not bare.valid:
        assert bare.error is not None and f"expected {right}" in bare.error


# --- GS1 element strings -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "scan",
    [
        "]C1010987654321098221ABC123|10LOT1|17250630",
        "]d2010987654321098221ABC123\x1d10LOT1\x1d17250630",
        "010987654321098221ABC123|10LOT1|17250630",
        "\x1d010987654321098221ABC123\x1d10LOT1\x1d17250630",
        "(01)09876543210982(21)ABC123(10)LOT1(17)250630",
    ],
)
def test_gs1_element_string_fills_gtin_serial_lot_and_expiry(scan: str) -> None:
    decoded = decode(scan)
    assert decoded.kind == "gs1"
    assert decoded.valid, decoded.error
    assert decoded.value == "09876543210982"
    assert decoded.gtin == "09876543210982"
    assert decoded.serial == "ABC123"
    assert decoded.lot == "LOT1"
    assert decoded.expiry == "2025-06-30"


@pytest.mark.parametrize(
    ("scan", "symbology"),
    [
        ("]C10109876543210982", "GS1-128"),
        ("]d20109876543210982", "GS1 DataMatrix"),
        ("]Q30109876543210982", "GS1 QR"),
        ("]e00109876543210982", "GS1 DataBar"),
    ],
)
def test_gs1_symbology_prefixes_are_reported(scan: str, symbology: str) -> None:
    decoded = decode(scan)
    assert decoded.kind == "gs1"
    assert decoded.symbology == symbology
    assert decoded.gtin == "09876543210982"


def test_gs1_expiry_day_zero_means_end_of_month() -> None:
    assert decode("]C10109876543210982|17250200").expiry == "2025-02-28"


@pytest.mark.parametrize("scan", ["]C100376123450000000016", "00376123450000000016"])
def test_element_string_with_only_an_sscc_is_kind_sscc(scan: str) -> None:
    decoded = decode(scan)
    assert decoded.kind == "sscc"
    assert decoded.valid
    assert decoded.value == "376123450000000016"
    assert decoded.sscc == "376123450000000016"
    assert decoded.gtin is None


def test_sscc_with_wrong_check_digit_names_the_expected_digit() -> None:
    decoded = decode("00376123450000000019")
    assert decoded.kind == "sscc"
    assert not decoded.valid
    assert decoded.sscc is None
    assert decoded.error is not None
    assert "SSCC 376123450000000019 has check digit 9, expected 6" in decoded.error


def test_gs1_with_wrong_gtin_check_digit_is_invalid_but_keeps_the_rest() -> None:
    decoded = decode("]C10109876543210983|10LOT1")
    assert decoded.kind == "gs1"
    assert not decoded.valid
    assert decoded.gtin is None
    assert decoded.value == "09876543210983"
    assert decoded.lot == "LOT1"
    assert decoded.error is not None and "expected 2" in decoded.error


def test_unreadable_gs1_is_reported_in_clerk_words() -> None:
    decoded = decode("]C10109876543210982|17251399")  # month 13
    assert decoded.kind == "gs1"
    assert not decoded.valid
    assert decoded.error is not None
    assert decoded.error.startswith("This GS1 code could not be read — rescan it")


def test_gs1_digital_link_uri_is_read() -> None:
    decoded = decode("]Q3https://id.gs1.org/01/09876543210982/21/SN7?17=261231")
    assert decoded.kind == "gs1"
    assert decoded.gtin == "09876543210982"
    assert decoded.serial == "SN7"
    assert decoded.expiry == "2026-12-31"


def test_plain_web_address_is_unknown() -> None:
    assert decode("https://example.com/returns").kind == "unknown"


def test_gs1_serial_only_label_keeps_the_bracketed_text_as_value() -> None:
    decoded = decode("]C121SN-0042")
    assert decoded.kind == "gs1"
    assert decoded.valid
    assert decoded.serial == "SN-0042"
    assert decoded.value == "(21)SN-0042"


@pytest.mark.parametrize(
    ("scan", "carrier"),
    [
        ("]C1420221539101026837331000039521", "USPS"),
        ("42022153|9101026837331000039521", "USPS"),
        ("]C19611020987654312345672", "FedEx"),
    ],
)
def test_carrier_labels_printed_as_gs1_128_are_tracking(scan: str, carrier: str) -> None:
    decoded = decode(scan)
    assert decoded.kind == "tracking"
    assert decoded.valid
    assert decoded.carrier == carrier


# --- tracking numbers through decode ----------------------------------------------------------


@pytest.mark.parametrize(
    ("scan", "value", "carrier"),
    [
        ("1z999aa10123456784", "1Z999AA10123456784", "UPS"),  # the well-known UPS example
        ("1Z5R89390357567127", "1Z5R89390357567127", "UPS"),  # jkeen/tracking_number_data
        ("EA123456785CN", "EA123456785CN", "EMS"),
        ("RB123456785GB", "RB123456785GB", "Royal Mail"),  # jkeen/tracking_number_data s10
        ("9400 1112 0108 0805 4830 16", "9400111201080805483016", "USPS"),  # jkeen usps.json
        ("SF1385628716739", "SF1385628716739", "SF Express"),  # BF-zh/Courier-Validation
        ("73610555582883", "73610555582883", "ZTO"),  # BF-zh/Courier-Validation
        ("]C0YT8962646785389", "YT8962646785389", "YTO"),  # BF-zh, via a Code 128 prefix
    ],
)
def test_tracking_numbers_are_upper_case_without_spaces(
    scan: str, value: str, carrier: str
) -> None:
    decoded = decode(scan)
    assert decoded.kind == "tracking"
    assert decoded.valid
    assert decoded.value == value
    assert decoded.carrier == carrier


def test_tracking_with_wrong_check_digit_names_carrier_and_what_to_do() -> None:
    decoded = decode("1Z999AA10123456785")
    assert decoded.kind == "tracking"
    assert not decoded.valid
    assert decoded.carrier == "UPS"
    assert decoded.error is not None
    assert decoded.error.startswith("UPS tracking number 1Z999AA10123456785")
    assert "expected 4" in decoded.error and "rescan the label" in decoded.error


def test_plain_digits_failing_only_a_carrier_check_are_not_claimed_as_tracking() -> None:
    # 3318810010 is jkeen's invalid DHL example: ten digits could as well be a unit's serial.
    decoded = decode("3318810010")
    assert decoded.kind == "unknown"
    assert decoded.value == "3318810010"


# --- references --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("scan", "value"),
    [
        ("RMA-12345", "RMA-12345"),
        ("  rma12345 ", "RMA12345"),
        ("#1001", "#1001"),
        ("1001", "1001"),
        ("#1001-r2", "#1001-R2"),
        ("230101-123456789012345", "230101-123456789012345"),
        ("576461413038785752", "576461413038785752"),  # TikTok Shop-style 18-digit order id
    ],
)
def test_default_reference_patterns(scan: str, value: str) -> None:
    decoded = decode(scan)
    assert decoded.kind == "reference"
    assert decoded.valid
    assert decoded.value == value


def test_custom_reference_patterns_replace_the_defaults() -> None:
    assert decode("RET/2024/77", reference_patterns=[r"RET/\d{4}/\d+"]).kind == "reference"
    assert decode("#1001", reference_patterns=[r"RET/\d{4}/\d+"]).kind == "unknown"


def test_valid_gtin_beats_a_reference_pattern_but_a_wrong_one_does_not() -> None:
    patterns = [r"\d{13}"]
    assert decode("4006381333931", reference_patterns=patterns).kind == "gtin"
    assert decode("4006381333932", reference_patterns=patterns).kind == "reference"


def test_invalid_reference_pattern_is_a_configuration_error() -> None:
    with pytest.raises(ValueError, match="not a valid"):
        decode("RMA-1234", reference_patterns=["RMA-(\\d+"])


def test_default_reference_patterns_are_documented_regexes() -> None:
    assert DEFAULT_REFERENCE_PATTERNS
    assert all(isinstance(p, str) and p for p in DEFAULT_REFERENCE_PATTERNS)


# --- commands and badges -----------------------------------------------------------------------


@pytest.mark.parametrize("name", ALL_COMMANDS)
def test_every_command_round_trips_through_its_barcode(name: str) -> None:
    code = command_code(name)
    assert code == COMMAND_PREFIX + name
    for scan in (code, code.lower(), "]C0" + code, f"  {code}\r\n"):
        decoded = decode(scan)
        assert decoded.kind == "command"
        assert decoded.valid
        assert decoded.command == name
        assert decoded.value == name


def test_command_names_forgive_case_underscores_and_spaces() -> None:
    assert command_code("grade_a") == "CMD:GRADE-A"
    assert decode("cmd: Grade A").command == "GRADE-A"


def test_unknown_command_lists_the_known_ones() -> None:
    decoded = decode("CMD:LAUNCH")
    assert decoded.kind == "command"
    assert not decoded.valid
    assert decoded.command is None
    assert decoded.error is not None
    assert "LAUNCH" in decoded.error
    assert all(name in decoded.error for name in ALL_COMMANDS)


def test_command_code_rejects_unknown_names() -> None:
    with pytest.raises(ValueError, match="Unknown command"):
        command_code("LAUNCH")


def test_badge_is_read_with_the_operator_name() -> None:
    decoded = decode("OP:alice")
    assert decoded.kind == "badge"
    assert decoded.valid
    assert decoded.badge == "alice"
    assert decoded.value == "alice"
    assert decode("op:  Li Wei ").badge == "Li Wei"


@pytest.mark.parametrize("scan", ["OP:", "OP:   ", "OP:a\x00b", "OP:" + "x" * 65])
def test_unreadable_badges_are_invalid_with_advice(scan: str) -> None:
    decoded = decode(scan)
    assert decoded.kind == "badge"
    assert not decoded.valid
    assert decoded.badge is None
    assert decoded.error is not None and "supervisor" in decoded.error


@given(st.text(min_size=1, max_size=64).filter(lambda s: s.strip() and s.isprintable()))
def test_badge_round_trip(operator: str) -> None:
    code = badge_code(operator)
    assert code.startswith(BADGE_PREFIX)
    decoded = decode(code)
    assert decoded.kind == "badge"
    assert decoded.badge == operator.strip()


@pytest.mark.parametrize("operator", ["", "   ", "a\nb", "x" * 65])
def test_badge_code_rejects_names_that_cannot_be_printed(operator: str) -> None:
    with pytest.raises(ValueError, match="badge"):
        badge_code(operator)


# --- anything else -----------------------------------------------------------------------------


@pytest.mark.parametrize("scan", ["SKU-RED-42", "abc", "SN 12 34"])
def test_plain_text_is_unknown_with_a_neutral_message_and_the_text_kept(scan: str) -> None:
    decoded = decode(scan)
    assert decoded.kind == "unknown"
    assert not decoded.valid
    assert decoded.value == scan.strip()
    assert decoded.error == f"Not a parcel, product or command code: {scan.strip()}"


@pytest.mark.parametrize("scan", ["", "   ", "\r\n", "]C1"])
def test_empty_scans_say_nothing_was_scanned(scan: str) -> None:
    decoded = decode(scan)
    assert decoded.kind == "unknown"
    assert decoded.error is not None and "scan the barcode again" in decoded.error


def test_long_values_are_cut_short_in_messages() -> None:
    scan = "Z" * 500
    decoded = decode(scan)
    assert decoded.error is not None
    assert len(decoded.error) < 120
    assert "(500 characters)" in decoded.error
    assert decoded.raw == scan


def test_control_characters_are_not_echoed_into_messages() -> None:
    decoded = decode("ab\x07\x1bcd")
    assert decoded.error is not None
    assert "\x07" not in decoded.error and "\x1b" not in decoded.error


def test_non_gs1_symbology_prefix_is_named() -> None:
    assert decode("]A0HELLO").symbology == "Code 39"
    assert decode("]Q1hello").symbology == "QR Code"


# --- robustness --------------------------------------------------------------------------------


def _check_decoded(raw: str) -> None:
    decoded = decode(raw)
    assert isinstance(decoded, Decoded)
    assert decoded.raw == raw
    assert decoded.kind in KINDS
    assert decoded.valid is (decoded.error is None)
    assert decoded.error != SAFETY_NET_MESSAGE
    if decoded.error is not None:
        assert len(decoded.error) < 400
    json.dumps(decoded.to_json())


@given(st.text())
def test_any_text_decodes_without_raising(raw: str) -> None:
    _check_decoded(raw)


@given(st.binary().map(lambda b: b.decode("latin-1")))
def test_any_bytes_decode_without_raising(raw: str) -> None:
    _check_decoded(raw)


@given(
    st.sampled_from(
        ["]C1", "]d2", "]Q3", "]E0", "]E3", "]I1", "]Y9", "CMD:", "OP:", "(01)", "01"]
    ).flatmap(
        lambda prefix: st.text(alphabet="0123456789|\x1d()ABCxyz-", max_size=60).map(
            lambda rest: prefix + rest
        )
    )
)
def test_code_like_noise_decodes_without_raising(raw: str) -> None:
    _check_decoded(raw)


@settings(max_examples=25)
@given(st.text(min_size=1, max_size=12).map(lambda s: s * 900))
def test_huge_scans_decode_without_raising(raw: str) -> None:
    _check_decoded(raw)


@pytest.mark.parametrize("raw", ["\ud800", "x\udfffy", "]", "]]]", "]Y", "\x00" * 10_000])
def test_awkward_strings_decode_without_raising(raw: str) -> None:
    _check_decoded(raw)


def test_to_json_has_every_field() -> None:
    decoded = decode("]C1010987654321098221ABC|10L|17250630")
    data = decoded.to_json()
    assert set(data) == {field.name for field in dataclasses.fields(Decoded)}
    assert data["gtin"] == "09876543210982"
    assert json.loads(json.dumps(data)) == data


# --- identifier helpers ------------------------------------------------------------------------


def test_normalise_identifier() -> None:
    assert normalise_identifier("  1z 999 AA1\t0123456784\n") == "1z999aa10123456784"
    assert normalise_identifier("Straße") == "strasse"
    assert normalise_identifier("") == ""


@given(st.text())
def test_normalise_identifier_never_raises_and_is_idempotent(text: str) -> None:
    once = normalise_identifier(text)
    assert normalise_identifier(once) == once
    assert not any(c.isspace() for c in once)


@pytest.mark.parametrize(
    ("digits", "padded"),
    [
        ("96385074", "00000096385074"),
        ("036000291452", "00036000291452"),
        ("4006381333931", "04006381333931"),
        ("09876543210982", "09876543210982"),
        ("36000291452", "00036000291452"),  # leading zero lost in a spreadsheet
    ],
)
def test_gtin14_left_pads(digits: str, padded: str) -> None:
    assert gtin14(digits) == padded


@pytest.mark.parametrize("digits", ["", "ABC", "123456789012345", "４００６３８１３３３９３１"])
def test_gtin14_rejects_non_gtins(digits: str) -> None:
    with pytest.raises(ValueError, match="Not a GTIN"):
        gtin14(digits)
