"""Carrier tracking numbers: which carrier a parcel number belongs to and whether it is intact.

Return parcels arrive with a carrier label; the clerk scans it to find the return. The formats
(carrier, pattern, check-digit method) are data in ``carriers.toml`` next to this module, tried
in file order; this module holds only the check-digit arithmetic and the matching. A format
without a published check digit (most Chinese domestic carriers) matches on its pattern alone,
so when formats overlap the carrier is a best guess — look parcels up by the number, not by
the carrier.

The check-digit methods follow the carriers' published rules as collected in
jkeen/tracking_number_data (CHECKSUM_ALGORITHMS.md) and the UPU S10 standard.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources

__all__ = [
    "CHECKSUMS",
    "TrackingFormat",
    "TrackingMatch",
    "gs1_mod10_check_digit",
    "match_tracking",
    "mod7_check_digit",
    "s10_check_digit",
    "tracking_formats",
    "ups_check_digit",
]

_S10_WEIGHTS = (8, 6, 4, 2, 3, 5, 9, 7)
_WHITESPACE = re.compile(r"\s+")


def gs1_mod10_check_digit(body: str) -> str:
    """The GS1 / USPS / FedEx Ground mod-10 check digit: weights 3,1,3,… from the right.

    Args:
        body: ASCII digits the check digit covers.

    Returns:
        The expected check digit.
    """
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return str((10 - total % 10) % 10)


def ups_check_digit(body: str) -> str:
    """The UPS 1Z check digit over the 15 characters after ``1Z``.

    Letters count as ``(ord(c) - 3) % 10`` (A=2, B=3, …); every second character is doubled.

    Args:
        body: The 15 upper-case letters and digits between ``1Z`` and the check digit.

    Returns:
        The expected check digit.
    """
    total = 0
    for i, char in enumerate(body):
        value = int(char) if char.isdigit() else (ord(char) - 3) % 10
        total += value * 2 if i % 2 else value
    return str((10 - total % 10) % 10)


def s10_check_digit(body: str) -> str:
    """The UPU S10 check digit over the 8 serial digits.

    Weights 8 6 4 2 3 5 9 7, then ``11 - sum % 11`` with 10 written as 0 and 11 as 5.

    Args:
        body: The 8 serial digits.

    Returns:
        The expected check digit.
    """
    remainder = sum(int(d) * w for d, w in zip(body, _S10_WEIGHTS, strict=True)) % 11
    return {0: "5", 1: "0"}.get(remainder, str(11 - remainder))


def mod7_check_digit(body: str) -> str:
    """The DHL Express check digit: the number before it, modulo 7."""
    return str(int(body) % 7)


def _weighted_mod11(weights: tuple[int, ...]) -> Callable[[str], str]:
    def check(body: str) -> str:
        total = sum(int(d) * weights[i % len(weights)] for i, d in enumerate(body))
        return str(total % 11 % 10)

    return check


CHECKSUMS: Mapping[str, Callable[[str], str]] = {
    "gs1_mod10": gs1_mod10_check_digit,
    "ups_mod10": ups_check_digit,
    "s10": s10_check_digit,
    "mod7": mod7_check_digit,
    "fedex_mod11_317": _weighted_mod11((3, 1, 7)),
    "fedex_mod11_173": _weighted_mod11((1, 7, 3)),
}
"""Check-digit methods by the name ``carriers.toml`` uses; each returns the expected check."""


@dataclass(frozen=True, slots=True)
class TrackingFormat:
    """One carrier number format from ``carriers.toml``."""

    name: str
    """What a supervisor would call it, e.g. "FedEx Ground (15)"."""
    carrier: str
    """Carrier shown to the clerk; empty when the post is taken from the S10 country code."""
    pattern: re.Pattern[str]
    """Full-match pattern with ``body``/``check`` (and for S10 ``country``) groups."""
    checksum: str
    """Key into :data:`CHECKSUMS`, or ``"none"`` for pattern-only formats."""
    distinctive: bool
    """Whether the shape alone says "this is this carrier's number"."""
    prefix: str = ""
    """Digits prepended to the body before computing the check digit."""
    carrier_by_country: bool = False
    """Whether the carrier is the post of the S10 country code."""


@dataclass(frozen=True, slots=True)
class TrackingMatch:
    """A scanned string read as a tracking number."""

    number: str
    """The number upper-cased with whitespace removed."""
    carrier: str
    format_name: str
    valid: bool
    distinctive: bool
    """Whether the shape is unmistakably a tracking number even though it may be invalid."""
    error: str | None = None
    """Clerk-readable explanation when not valid."""
    tracking: str = ""
    """The tracking number the carrier's site knows: ``number`` itself, or the one embedded in
    a longer barcode (the 12 digits at the end of a FedEx 34-digit label barcode)."""


@dataclass(frozen=True, slots=True)
class _Carriers:
    formats: tuple[TrackingFormat, ...]
    countries: frozenset[str]
    posts: Mapping[str, str]


@cache
def _carriers() -> _Carriers:
    text = resources.files("inspect_tui.core").joinpath("carriers.toml").read_text("utf-8")
    data = tomllib.loads(text)
    formats = []
    for entry in data["format"]:
        checksum = str(entry["checksum"])
        if checksum != "none" and checksum not in CHECKSUMS:
            raise ValueError(f"carriers.toml: unknown checksum {checksum!r} in {entry['name']!r}")
        formats.append(
            TrackingFormat(
                name=str(entry["name"]),
                carrier=str(entry["carrier"]),
                pattern=re.compile(str(entry["pattern"])),
                checksum=checksum,
                distinctive=bool(entry["distinctive"]),
                prefix=str(entry.get("prefix", "")),
                carrier_by_country=bool(entry.get("carrier_by_country", False)),
            )
        )
    s10 = data["s10"]
    return _Carriers(
        formats=tuple(formats),
        countries=frozenset(str(s10["countries"]).split()),
        posts={str(k): str(v) for k, v in s10["posts"].items()},
    )


def tracking_formats() -> tuple[TrackingFormat, ...]:
    """All known formats in the order they are tried (loaded once from ``carriers.toml``)."""
    return _carriers().formats


def _carrier_of(fmt: TrackingFormat, match: re.Match[str]) -> str:
    if not fmt.carrier_by_country:
        return fmt.carrier
    country = match.group("country")
    return _carriers().posts.get(country, f"Post ({country})")


def _verdict(fmt: TrackingFormat, number: str, match: re.Match[str]) -> TrackingMatch:
    carrier = _carrier_of(fmt, match)

    embedded = match.group("tracking") if "tracking" in fmt.pattern.groupindex else None

    def result(error: str | None) -> TrackingMatch:
        return TrackingMatch(
            number, carrier, fmt.name, error is None, fmt.distinctive, error, embedded or number
        )

    if fmt.checksum == "none":
        return result(None)
    got = match.group("check")
    expected = CHECKSUMS[fmt.checksum](fmt.prefix + match.group("body"))
    if got != expected:
        return result(
            f"{carrier} tracking number {number} has check digit {got}, expected {expected}"
            " — rescan the label or type the number"
        )
    if "country" in fmt.pattern.groupindex:
        country = match.group("country")
        if country not in _carriers().countries:
            return result(
                f"Postal number {number} ends in {country!r}, which is not a country code"
                " — check the last two letters or type the number"
            )
    return result(None)


def match_tracking(text: str) -> TrackingMatch | None:
    """Read a scanned string as a carrier tracking number.

    Formats are tried in ``carriers.toml`` order; the first whose pattern matches and whose
    check digit is right wins. When none is right, the first mismatching distinctive format is
    returned (invalid), else the first mismatching plain-digit format (invalid, not
    distinctive), so the caller can decide how loudly to complain.

    Args:
        text: The scanned string; case and whitespace are ignored.

    Returns:
        The match, or None when no format's pattern fits at all.
    """
    number = _WHITESPACE.sub("", text).upper()
    if not number.isascii() or not number.isalnum():
        return None
    first_distinctive: TrackingMatch | None = None
    first_plain: TrackingMatch | None = None
    for fmt in tracking_formats():
        match = fmt.pattern.fullmatch(number)
        if match is None:
            continue
        verdict = _verdict(fmt, number, match)
        if verdict.valid:
            return verdict
        if verdict.distinctive and first_distinctive is None:
            first_distinctive = verdict
        elif not verdict.distinctive and first_plain is None:
            first_plain = verdict
    return first_distinctive or first_plain
