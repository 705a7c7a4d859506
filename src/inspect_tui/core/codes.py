"""What a scanned string is: product, parcel, return reference, command or operator badge.

Every scan at the desk — the parcel label, the units inside, the command sheet, the clerk's
badge — arrives as one string typed by a USB scanner. :func:`decode` says what it is, so the
screens can act on it, and says what is wrong in words a clerk understands when it is not
right. GS1 data (element strings, GTIN, UPC-E, SSCC, symbology prefixes) is read by
:mod:`inspect_tui.core.gs1`; carrier numbers by :mod:`inspect_tui.core.tracking`; what the
command sheet and badges encode by :mod:`inspect_tui.core.command_codes`. Nothing here raises
on a bad scan.

Precedence — the first rule that applies wins:

1. Empty or whitespace only, or longer than 1,000 characters: ``unknown``.
2. An AIM symbology prefix (``]C1``, ``]d2``, ``]Q3``, ``]E0``…) is removed and reported in
   ``symbology``; the rest of the rules look at what follows it.
3. ``CMD:<name>`` (any case): ``command``; ``OP:<name>``: ``badge``.
4. The scanner says it is EAN/UPC/ITF-14 (``]E0``, ``]E3``, ``]E4``, ``]I1``): ``gtin``,
   valid or not.
5. It is plainly GS1: a GS1 symbology prefix, an FNC1 sent as ``|`` or GS after leading AI
   digits, ``(01)…`` as printed under the barcode, or a GS1 Digital Link URI: ``gs1`` (or
   ``sscc`` when it carries an SSCC and no GTIN), valid or not — unless it carries neither and
   its digits are a valid carrier number (USPS ``420``+``92…`` and FedEx ``96…`` labels are
   GS1-128), which makes it ``tracking``.
6. 8, 12, 13 or 14 digits with a right GTIN check digit, or 8 digits that are a right UPC-E:
   ``gtin``.
7. A bare element string starting with AI 00 or 01 whose check digit is right: ``sscc`` or
   ``gs1``. Eighteen bare digits are not taken for an SSCC: scanners send an SSCC label with
   its (00), and at this desk 18 digits are far more often a marketplace order id.
8. A carrier format whose check digit is right, or a pattern-only carrier format (SF, YTO,
   ZTO, STO, Yunda, JD, J&T): ``tracking``.
9. A distinctive carrier format (1Z…, S10, 96…, 92…) with a wrong check digit: ``tracking``,
   invalid.
10. A bare 00/01 element string with a wrong check digit: ``sscc``/``gs1``, invalid.
11. A full, case-insensitive match of one of ``reference_patterns``: ``reference``.
12. 8, 12, 13 or 14 digits with a wrong check digit: ``gtin``, invalid, naming the expected
    digit. A plain run of digits that only fails a carrier's check digit is not claimed.
13. Anything else: ``unknown``, with the trimmed text in ``value`` — units often carry a plain
    SKU or serial barcode, and the caller still tries it as one.

Formats overlap (a ZTO or Yunda number can pass a GTIN check; a DHL number is any 10 digits
whose last is the rest modulo 7), so ``kind`` is the most likely reading, not the only one:
callers looking up a parcel should try ``value`` against every identifier they hold.

``value`` keeps what was scanned (GTIN digits as scanned, so an EAN-13 stays 13 digits);
``gtin`` is always the GTIN-14 form. Compare catalog GTINs with :func:`gtin14`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass, replace
from functools import lru_cache
from typing import TYPE_CHECKING

from inspect_tui.core.command_codes import (
    ALL_COMMANDS,
    BADGE_PREFIX,
    COMMAND_PREFIX,
    badge_problem,
    command_name,
)
from inspect_tui.core.gs1 import (
    SEPARATORS,
    gs1_elements,
    gs1_fields,
    gtin14,
    gtin14_or_none,
    gtin_error,
    gtin_readers,
    is_bare_gs1,
    is_digits,
    plainly_gs1,
    shown,
    split_aim,
    symbology_name,
    without_add_on,
    without_punctuation,
)
from inspect_tui.core.pattern_check import pattern_problem
from inspect_tui.core.tracking import TrackingMatch, match_tracking

if TYPE_CHECKING:
    from biip.gs1_element_strings import GS1ElementStrings

__all__ = [
    "DEFAULT_REFERENCE_PATTERNS",
    "KINDS",
    "Decoded",
    "decode",
    "gtin14",
    "normalise_identifier",
]

KINDS: tuple[str, ...] = (
    "gs1",
    "gtin",
    "sscc",
    "tracking",
    "reference",
    "command",
    "badge",
    "unknown",
)
"""Every value :attr:`Decoded.kind` can take."""

DEFAULT_REFERENCE_PATTERNS: tuple[str, ...] = (
    r"RMA-?[0-9]{4,12}",  # the desk's own RMA numbers: RMA-20240001, rma1234
    r"#?[0-9]{4,6}(?:-R[0-9]{1,3})?",  # Shopify order names (#1001), return names (#1001-R1)
    r"[0-9]{6}-[0-9]{15}",  # Pinduoduo order numbers: YYMMDD-15 digits
    r"[0-9]{15,19}",  # Taobao/Tmall, Douyin and TikTok Shop order ids
)
"""Return and order references a parcel may be opened by, tried after every other reading."""

_MAX_LENGTH = 1000
_UNREADABLE = "This scan could not be read — scan it again"


@dataclass(frozen=True, slots=True)
class Decoded:
    """What one scanned string is, ready for the screens and the log."""

    kind: str
    """One of :data:`KINDS`."""
    value: str
    """Normalised value: GTIN digits as scanned; SSCC digits; tracking number upper-case
    without spaces; reference trimmed and upper-cased; command name; operator name; for
    ``gs1`` the GTIN-14 (or the bracketed element string when there is no GTIN); for
    ``unknown`` the trimmed text."""
    valid: bool
    raw: str
    """The string exactly as scanned."""
    error: str | None = None
    """None when valid; otherwise what is wrong and what to do, for the clerk."""
    symbology: str | None = None
    """Barcode type from an AIM prefix, e.g. "GS1-128", "EAN-13"."""
    gtin: str | None = None
    """GTIN-14 form of a valid GTIN."""
    serial: str | None = None
    lot: str | None = None
    expiry: str | None = None
    """ISO date from GS1 AI (17)."""
    sscc: str | None = None
    carrier: str | None = None
    command: str | None = None
    badge: str | None = None

    def to_json(self) -> dict[str, object]:
        """Every field as a JSON-serialisable dict, for the inspection log and exports."""
        return asdict(self)


def normalise_identifier(text: str) -> str:
    """Reduce an identifier to the form lookups compare: no whitespace at all, casefolded.

    Args:
        text: An order ref, tracking number, SKU or serial as typed, scanned or imported.

    Returns:
        The normalised form; never raises.
    """
    return "".join(text.split()).casefold()


def decode(raw: str, *, reference_patterns: Sequence[str] = DEFAULT_REFERENCE_PATTERNS) -> Decoded:
    """Say what a scanned string is (see the module docstring for the precedence).

    Args:
        raw: The string as the scanner typed it.
        reference_patterns: Regexes for return/order references, matched in full and
            case-insensitively after every other reading.

    Returns:
        The reading; never raises for any ``raw``.

    Raises:
        ValueError: If a reference pattern is not a valid regular expression (a configuration
            mistake, checked before the scan is looked at).
    """
    patterns = _compile_patterns(tuple(reference_patterns))
    try:
        return _decode(raw, patterns)
    except Exception:  # a bad scan must never take the desk down
        return Decoded("unknown", "", False, raw, _UNREADABLE)


@lru_cache(maxsize=32)
def _compile_patterns(patterns: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    compiled = []
    for pattern in patterns:
        problem = pattern_problem(pattern)
        if problem:
            raise ValueError(f"Reference pattern {pattern[:80]!r} {problem}")
        compiled.append(re.compile(pattern, re.IGNORECASE))
    return tuple(compiled)


def _decode(raw: str, patterns: tuple[re.Pattern[str], ...]) -> Decoded:
    text = raw.strip()
    if not text:
        return Decoded("unknown", "", False, raw, "Nothing was scanned — scan the barcode again")
    if len(text) > _MAX_LENGTH:
        error = f"Too long to be one code ({len(text)} characters) — scan one barcode at a time"
        return Decoded("unknown", "", False, raw, error)
    aim, text = split_aim(text)
    compact = "".join(text.split())
    scan = _Scan(raw, symbology_name(aim, compact))
    if not text:
        return scan.unknown("", "Only a barcode type was scanned — scan the barcode again")
    head = text[:4].upper()
    if head.startswith(COMMAND_PREFIX):
        return scan.command(text[len(COMMAND_PREFIX) :])
    if head.startswith(BADGE_PREFIX):
        return scan.badge(text[len(BADGE_PREFIX) :].strip())
    gs1_symbology = aim.gs1_symbology if aim is not None else None
    if gs1_symbology is not None and gs1_symbology in gtin_readers():
        return scan.gtin(without_add_on(compact, gs1_symbology), forced=True)
    if plainly_gs1(text, gs1_symbology):
        return scan.gs1(text, allow_uri=True)
    if text.lower().startswith(("http://", "https://")):
        link = scan.gs1(text, allow_uri=True)
        if link.valid:
            return link
    if is_digits(compact) and gtin14_or_none(compact, "gtin-or-upc-e") is not None:
        return scan.gtin(compact, forced=False)
    bare_gs1 = scan.gs1(compact, allow_uri=False) if is_bare_gs1(compact) else None
    if bare_gs1 is not None and bare_gs1.valid:
        return bare_gs1
    tracking = match_tracking(compact)
    if tracking is not None and (tracking.valid or tracking.distinctive):
        return scan.tracking(tracking)
    if bare_gs1 is not None:
        return bare_gs1
    for candidate in (text, compact):
        if any(pattern.fullmatch(candidate) for pattern in patterns):
            return Decoded("reference", candidate.upper(), True, raw, None, scan.symbology)
    if is_digits(compact) and len(compact) in (8, 12, 13, 14):
        return scan.gtin(compact, forced=False)
    return scan.unknown(text, f"Not a parcel, product or command code: {shown(text)}")


@dataclass(frozen=True, slots=True)
class _Scan:
    """Builds the :class:`Decoded` for one scan, carrying its raw text and symbology."""

    raw: str
    symbology: str | None

    def unknown(self, text: str, error: str) -> Decoded:
        return Decoded("unknown", text, False, self.raw, error, self.symbology)

    def command(self, rest: str) -> Decoded:
        name = command_name(rest)
        if name in ALL_COMMANDS:
            return Decoded("command", name, True, self.raw, None, self.symbology, command=name)
        known = ", ".join(ALL_COMMANDS)
        error = (
            f"Unknown command {shown(name)!r} — known commands: {known}"
            if name
            else f"This command barcode has no command on it — known commands: {known}"
        )
        return Decoded("command", shown(name), False, self.raw, error, self.symbology)

    def badge(self, name: str) -> Decoded:
        problem = badge_problem(name)
        if problem is not None:
            return Decoded("badge", shown(name), False, self.raw, problem, self.symbology)
        return Decoded("badge", name, True, self.raw, None, self.symbology, badge=name)

    def tracking(self, match: TrackingMatch) -> Decoded:
        return Decoded(
            "tracking",
            match.tracking or match.number,
            match.valid,
            self.raw,
            match.error,
            self.symbology,
            carrier=match.carrier,
        )

    def gtin(self, digits: str, *, forced: bool) -> Decoded:
        if not is_digits(digits):
            error = f"This EAN/UPC barcode read as {shown(digits)!r}, not digits — rescan it"
            return Decoded("gtin", shown(digits), False, self.raw, error, self.symbology)
        if not forced:
            found = gtin14_or_none(digits, "gtin-or-upc-e")
        else:
            found = gtin14_or_none(digits, "upc-e" if self.symbology == "UPC-E" else "gtin")
        if found is not None:
            return Decoded("gtin", digits, True, self.raw, None, self.symbology, gtin=found)
        return Decoded("gtin", digits, False, self.raw, gtin_error(digits), self.symbology)

    def gs1(self, text: str, *, allow_uri: bool) -> Decoded:
        body = text.lstrip("".join(SEPARATORS))
        try:
            elements, hri = gs1_elements(body, allow_uri=allow_uri)
        except Exception as exc:  # biip reading untrusted input: any failure means unreadable
            tracking = match_tracking(without_punctuation(body))
            if tracking is not None and tracking.valid:
                return self.tracking(tracking)
            error = (
                "This GS1 code could not be read — rescan it, or scan the item's plain barcode"
                f" (detail: {shown(str(exc), 60)})"
            )
            return Decoded("gs1", shown(body), False, self.raw, error, self.symbology)
        return self._from_elements(elements, hri, body)

    def _from_elements(self, elements: GS1ElementStrings, hri: str, body: str) -> Decoded:
        found = gs1_fields(elements)
        base = Decoded(
            "gs1",
            hri,
            True,
            self.raw,
            None,
            self.symbology,
            serial=found.serial,
            lot=found.lot,
            expiry=found.expiry,
            sscc=found.sscc,
        )
        valid, error = found.error is None, found.error
        if found.gtin_value is not None:
            return replace(base, value=found.gtin_value, valid=valid, error=error, gtin=found.gtin)
        if found.sscc_value is not None:
            return replace(base, kind="sscc", value=found.sscc_value, valid=valid, error=error)
        tracking = match_tracking(without_punctuation(body))
        if tracking is not None and tracking.valid:
            return self.tracking(tracking)
        return base
