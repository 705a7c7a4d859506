"""Reading GS1 data: symbology prefixes, element strings, GTINs, UPC-E and SSCCs.

:mod:`inspect_tui.core.codes` decides what a scan is; this module says what its GS1 parts
contain and whether their check digits are right, in words a clerk understands. The parsing
itself is biip's. Unlike :func:`~inspect_tui.core.codes.decode`, :func:`gs1_elements` raises
on data it cannot read: the caller turns that into a message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:  # biip is imported on first use: a tracking number or a command needs none
    from biip import ParseConfig
    from biip.gs1_element_strings import GS1ElementString, GS1ElementStrings
    from biip.symbology import GS1Symbology, SymbologyIdentifier

__all__ = [
    "gtin_readers",
    "SEPARATORS",
    "GS1Fields",
    "Reading",
    "is_bare_gs1",
    "gs1_elements",
    "gs1_fields",
    "gtin14",
    "gtin14_or_none",
    "gtin_error",
    "is_digits",
    "plainly_gs1",
    "shown",
    "split_aim",
    "symbology_name",
    "without_add_on",
    "without_punctuation",
]

Reading = Literal["gtin", "upc-e", "gtin-or-upc-e"]
"""How to read digits as a product code: the scanner may have said which it is."""

SEPARATORS = ("|", "\x1d")
"""How scanners send FNC1 between GS1 element strings: ``|`` or the GS control character."""

_SHOWN_LENGTH = 40
_RESCAN_LABEL = "rescan the label or type the number"
_HRI_START = re.compile(r"\([0-9]{2,4}\)")
_FNC1_START = re.compile(r"[|\x1d]*[0-9]{2}")
_GS1_PUNCTUATION = re.compile(r"[|\x1d()\s]")


@cache
def _gs1_config() -> ParseConfig:
    # Deferred: biip loads with the first code decoded, not at start-up.
    from biip import ParseConfig

    return ParseConfig(separator_chars=SEPARATORS)


@cache
def _gs1_readers() -> frozenset[GS1Symbology]:
    # Deferred: biip loads with the first code decoded, not at start-up.
    from biip.symbology import GS1Symbology

    return frozenset(
        GS1Symbology.with_gs1_messages()
        | {
            GS1Symbology.GS1_COMPOSITE_WITH_SEPARATOR_CHAR,
            GS1Symbology.GS1_COMPOSITE_WITH_ESCAPE_CHAR,
        }
    )


@cache
def gtin_readers() -> frozenset[GS1Symbology]:
    """Symbologies that only ever carry a GTIN (EAN/UPC, ITF-14)."""
    # Deferred: biip loads with the first code decoded, not at start-up.
    from biip.symbology import GS1Symbology

    return frozenset(GS1Symbology.with_gtin())


@cache
def _names() -> dict[Any, str]:
    # Deferred: biip loads with the first code decoded, not at start-up.
    from biip.symbology import GS1Symbology, ISOSymbology

    return {
        GS1Symbology.EAN_TWO_DIGIT_ADD_ON: "EAN 2-digit add-on",
        GS1Symbology.EAN_FIVE_DIGIT_ADD_ON: "EAN 5-digit add-on",
        GS1Symbology.EAN_13_WITH_ADD_ON: "EAN-13 with add-on",
        GS1Symbology.EAN_8: "EAN-8",
        GS1Symbology.ITF_14: "ITF-14",
        GS1Symbology.GS1_128: "GS1-128",
        GS1Symbology.GS1_DATABAR: "GS1 DataBar",
        GS1Symbology.GS1_COMPOSITE_WITH_SEPARATOR_CHAR: "GS1 Composite",
        GS1Symbology.GS1_COMPOSITE_WITH_ESCAPE_CHAR: "GS1 Composite",
        GS1Symbology.GS1_DATAMATRIX: "GS1 DataMatrix",
        GS1Symbology.GS1_QR_CODE: "GS1 QR",
        GS1Symbology.GS1_DOTCODE: "GS1 DotCode",
        ISOSymbology.EAN_UPC: "EAN/UPC",
        ISOSymbology.ITF: "ITF",
        ISOSymbology.PDF417: "PDF417",
        ISOSymbology.MSI: "MSI",
        ISOSymbology.QR_CODE: "QR Code",
        ISOSymbology.MAXICODE: "MaxiCode",
        ISOSymbology.RSS_EAN_UCC_COMPOSITE: "GS1 DataBar",
        ISOSymbology.OCR: "OCR",
    }


@dataclass(frozen=True, slots=True)
class GS1Fields:
    """What the desk uses from a GS1 element string, with the first check-digit problem."""

    gtin_value: str | None
    """AI (01) as scanned; None when there is no GTIN."""
    gtin: str | None
    """GTIN-14 of AI (01) when its check digit is right."""
    sscc_value: str | None
    """AI (00) as scanned; None when there is no SSCC."""
    sscc: str | None
    """AI (00) when its check digit is right."""
    serial: str | None
    lot: str | None
    expiry: str | None
    """ISO date from AI (17)."""
    error: str | None
    """None when every check digit is right; otherwise what is wrong and what to do."""


def gtin14(digits: str) -> str:
    """Left-pad a GTIN-8/12/13/14 to 14 digits, so catalog and scanned GTINs compare equal.

    Spreadsheets often drop leading zeros, so 1 to 14 digits are accepted. A UPC-E must be
    expanded first: use :attr:`~inspect_tui.core.codes.Decoded.gtin` for scans.

    Args:
        digits: The GTIN digits; surrounding whitespace is ignored.

    Returns:
        The 14-digit form.

    Raises:
        ValueError: If it is not 1 to 14 digits.
    """
    cleaned = digits.strip()
    if not (is_digits(cleaned) and len(cleaned) <= 14):
        raise ValueError(f"Not a GTIN: {shown(digits)!r} should be at most 14 digits")
    return cleaned.zfill(14)


def split_aim(text: str) -> tuple[SymbologyIdentifier | None, str]:
    """Split off an AIM symbology prefix such as ``]C1``; a stray ``]`` is left as data."""
    if len(text) < 3 or not text.startswith("]"):
        return None, text
    # Deferred: biip loads with the first code decoded, not at start-up.
    from biip import ParseError
    from biip.symbology import SymbologyIdentifier

    try:
        aim = SymbologyIdentifier.extract(text)
    except (ParseError, ValueError, IndexError):
        return None, text
    return aim, text[len(aim.value) :]


def symbology_name(aim: SymbologyIdentifier | None, data: str) -> str | None:
    """The barcode type a clerk would call it, e.g. "GS1-128" or "UPC-A"; None without AIM."""
    if aim is None:
        return None
    # Deferred: biip loads with the first code decoded, not at start-up.
    from biip.symbology import GS1Symbology

    if aim.gs1_symbology is GS1Symbology.EAN_13:
        return {12: "UPC-A", 8: "UPC-E", 7: "UPC-E", 6: "UPC-E"}.get(len(data), "EAN-13")
    if aim.gs1_symbology is not None:
        return _names().get(aim.gs1_symbology, aim.gs1_symbology.name)
    iso = aim.iso_symbology
    return _names().get(iso, iso.name.replace("_", " ").title())


def without_add_on(digits: str, symbology: GS1Symbology | None) -> str:
    """Drop a 2- or 5-digit add-on (periodicals, books) that follows an EAN/UPC."""
    if symbology is None or symbology.name != "EAN_13_WITH_ADD_ON":
        return digits
    return digits[: {15: 13, 18: 13, 14: 12, 17: 12, 10: 8}.get(len(digits), len(digits))]


def plainly_gs1(text: str, symbology: GS1Symbology | None) -> bool:
    """Whether a scan says it is GS1: by its symbology, a ``(01)`` start, or FNC1 after an AI."""
    if symbology is not None and symbology in _gs1_readers():
        return True
    if _HRI_START.match(text):
        return True
    return any(sep in text for sep in SEPARATORS) and _FNC1_START.match(text) is not None


def is_bare_gs1(compact: str) -> bool:
    """Whether a string without separators is a GS1 element string starting (00) or (01)."""
    if not (
        (compact.startswith("01") and len(compact) >= 16)
        or (compact.startswith("00") and len(compact) >= 20)
    ):
        return False
    try:
        elements, _ = gs1_elements(compact, allow_uri=False)
    except Exception:  # biip reading untrusted input: any failure means "not GS1"
        return False
    return elements[0].ai.ai in ("00", "01")


def gs1_elements(body: str, *, allow_uri: bool) -> tuple[GS1ElementStrings, str]:
    """The element strings of GS1 data and their bracketed (HRI) form.

    Raises:
        Exception: Whatever biip raises on data it cannot read, or ParseError when it holds
            no element strings.
    """
    # Deferred: biip loads with the first code decoded, not at start-up.
    from biip import ParseError
    from biip.gs1_digital_link_uris import GS1DigitalLinkURI
    from biip.gs1_messages import GS1Message

    config = _gs1_config()
    if body.startswith("("):
        message = GS1Message.parse_hri(body, config=config)
    elif allow_uri and body.lower().startswith(("http://", "https://")):
        uri = GS1DigitalLinkURI.parse(body, config=config)
        message = GS1Message.from_element_strings(uri.element_strings)
    else:
        message = GS1Message.parse(body, config=config)
    if not message.element_strings:
        raise ParseError("no GS1 data")
    return message.element_strings, message.as_hri()


def gs1_fields(elements: GS1ElementStrings) -> GS1Fields:
    """The GTIN, SSCC, serial, lot and expiry the element strings carry."""
    gtin_es, sscc_es = _element(elements, "01"), _element(elements, "00")
    serial, lot, expiry = _element(elements, "21"), _element(elements, "10"), None
    expiry_es = _element(elements, "17")
    if expiry_es is not None and expiry_es.date is not None:
        expiry = expiry_es.date.isoformat()
    sscc = sscc_es.sscc.value if sscc_es is not None and sscc_es.sscc is not None else None
    errors = []
    if gtin_es is not None and gtin_es.gtin is None:
        errors.append(_check_digit_error("GTIN", gtin_es.value, "rescan or type it"))
    if sscc_es is not None and sscc is None:
        errors.append(_check_digit_error("SSCC", sscc_es.value, _RESCAN_LABEL))
    gtin = None
    if gtin_es is not None and gtin_es.gtin is not None:
        gtin = gtin_es.gtin.as_gtin_14()
    return GS1Fields(
        gtin_value=gtin_es.value if gtin_es is not None else None,
        gtin=gtin,
        sscc_value=sscc_es.value if sscc_es is not None else None,
        sscc=sscc,
        serial=serial.value if serial is not None else None,
        lot=lot.value if lot is not None else None,
        expiry=expiry,
        error=errors[0] if errors else None,
    )


def gtin14_or_none(digits: str, reading: Reading) -> str | None:
    """The GTIN-14 of digits with a right check digit, read as a GTIN and/or a UPC-E."""
    # Deferred: biip loads with the first code decoded, not at start-up.
    from biip import ParseError
    from biip.gtin import Gtin
    from biip.upc import Upc

    try:
        if reading != "upc-e":
            return Gtin.parse(digits).as_gtin_14()
    except ParseError:
        if reading == "gtin" or len(digits) != 8:
            return None
    try:
        return Upc.parse(digits).as_gtin_14()
    except ParseError:
        return None


def gtin_error(digits: str) -> str:
    """What is wrong with digits scanned as a product barcode, naming the expected digit."""
    if len(digits) not in (8, 12, 13, 14):
        return (
            f"A product barcode has 8, 12, 13 or 14 digits; {digits} has {len(digits)}"
            " — rescan or type it"
        )
    error = _check_digit_error("GTIN", digits, "rescan or type it")
    if len(digits) == 8 and digits[0] in "01":
        # Deferred: biip loads with the first code decoded, not at start-up.
        from biip import ParseError
        from biip.upc import Upc

        try:
            upc_e = Upc.parse(digits[:7]).as_upc_e()[-1]
        except ParseError:
            return error
        error = error.replace(" — ", f" (or {upc_e} if it is a UPC-E) — ", 1)
    return error


def _check_digit_error(label: str, digits: str, todo: str) -> str:
    if not is_digits(digits):
        return f"{label} {shown(digits)} is not all digits — {todo}"
    # Deferred: biip loads with the first code decoded, not at start-up.
    from biip.checksums import gs1_standard_check_digit

    expected = gs1_standard_check_digit(digits[:-1])
    return f"{label} {digits} has check digit {digits[-1]}, expected {expected} — {todo}"


def _element(elements: GS1ElementStrings, ai: str) -> GS1ElementString | None:
    return next((es for es in elements if es.ai.ai == ai), None)


def is_digits(text: str) -> bool:
    """Whether text is ASCII digits only (``str.isdigit`` also takes ``²`` and ``٣``)."""
    return text.isascii() and text.isdigit()


def without_punctuation(body: str) -> str:
    """GS1 text without FNC1, brackets and spaces: the bare digits a carrier label carries."""
    return _GS1_PUNCTUATION.sub("", body)


def shown(text: str, limit: int = _SHOWN_LENGTH) -> str:
    """Text safe to put in a message: control characters as ``?``, long text cut short."""
    result = "".join(c if c.isprintable() else "?" for c in text[:limit])
    if len(text) > limit:
        return f"{result}… ({len(text)} characters)"
    return result
