"""Turning the text of one cell into a store value, or saying plainly why it cannot be.

Every parser takes the trimmed cell text and either returns the value the store keeps (integer
grams, integer minor units, UTC datetimes, canonical platform names) or raises ``BadValue``
whose message finishes the sentence "'<cell>' ..." with what is wrong and what is expected.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping
from datetime import UTC, datetime, tzinfo
from decimal import Decimal, InvalidOperation

from inspect_tui.core.translation import _

PLATFORMS = ("taobao", "tmall", "douyin", "kuaishou", "1688", "shopify", "tiktok")
"""The platforms a shipment can come from, as stored."""

PLATFORM_ALIASES: dict[str, str] = {
    "淘宝": "taobao",
    "淘宝网": "taobao",
    "taobao.com": "taobao",
    "天猫": "tmall",
    "天猫商城": "tmall",
    "抖音": "douyin",
    "抖店": "douyin",
    "抖音小店": "douyin",
    "douyinshop": "douyin",
    "快手": "kuaishou",
    "快手小店": "kuaishou",
    "kwai": "kuaishou",
    "kuaishoushop": "kuaishou",
    "阿里巴巴": "1688",
    "alibaba1688": "1688",
    "1688.com": "1688",
    "shopifystore": "shopify",
    "tiktokshop": "tiktok",
    "tiktokglobalshop": "tiktok",
    "tts": "tiktok",
}
"""Other spellings seen in exports, keyed by their folded form (no spaces, no dashes)."""

RISK_LEVELS = ("none", "low", "medium", "high")
RISK_ALIASES: dict[str, str] = {
    "": "none",
    "normal": "none",
    "无": "none",
    "无风险": "none",
    "正常": "none",
    "低": "low",
    "中": "medium",
    "高": "high",
    "高风险": "high",
    "风险预警": "high",
}

WEIGHT_UNITS: dict[str, Decimal] = {
    "g": Decimal(1),
    "kg": Decimal(1000),
    "lb": Decimal("453.59237"),
    "oz": Decimal("28.349523125"),
}
MONEY_UNITS: dict[str, int] = {"major": 100, "minor": 1}
"""How a money column counts: in yuan/dollars (major, the default) or fen/cents (minor)."""

TRUE_WORDS = frozenset({"1", "y", "yes", "true", "t", "是", "有", "✓", "x"})
FALSE_WORDS = frozenset({"", "0", "n", "no", "false", "f", "否", "无", "没有"})

_CURRENCY_MARKS = "¥￥$€£"
_THOUSANDS = re.compile(r"^\d{1,3}(,\d{3})+(\.\d+)?$")


class BadValue(ValueError):
    """A cell's text is not a valid value; the message says what is expected."""


def key(text: str) -> str:
    """The lookup key of an identifier: all whitespace removed, case-folded.

    Must match the ``*_key`` columns written everywhere else (``"".join(text.split()).casefold()``).
    """
    return "".join(text.split()).casefold()


MAX_QTY = 1_000_000
"""The most units one line can carry (the store's columns hold far more; a file never does)."""
MAX_GRAMS = 100_000_000
"""The heaviest weight accepted: 100 tonnes, a full container (the store holds 2.1 billion g)."""
MAX_MINOR = 1_000_000_000
"""The largest amount accepted, in minor units: 10 million yuan/dollars (the store holds 2.1
billion minor units)."""
MAX_NUMBER_TEXT = 40
"""Longest number text read; anything longer is not a number a spreadsheet writes."""


def bounded_decimal(
    text: str, invalid: Callable[[], str], largest: int, too_large: Callable[[], str]
) -> Decimal:
    """``text`` as a finite Decimal whose size is checked before any arithmetic.

    ``Decimal("1e9999999")`` is cheap to build, but multiplying it, rounding it or turning it
    into an int is not (an import ran for minutes, or ended in ``decimal.Overflow``). The
    exponent is therefore checked first, against ``largest`` (in the units of ``text``).

    Args:
        text: The cell text (already trimmed).
        invalid: Gives the message when it is not a finite number (finishes "'<cell>' ...");
            called only then, so a good cell costs no lookup of words.
        largest: The largest magnitude allowed, in the units of ``text``.
        too_large: Gives the message when it is beyond ``largest``.

    Raises:
        BadValue: Not a number, not finite, too long, or beyond ``largest``.
    """
    if len(text) > MAX_NUMBER_TEXT:
        raise BadValue(invalid())
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise BadValue(invalid()) from None
    if not number.is_finite():
        raise BadValue(invalid())
    exponent = number.as_tuple().exponent
    if not isinstance(exponent, int) or exponent < -MAX_NUMBER_TEXT:
        raise BadValue(invalid())
    if number and (number.adjusted() >= len(str(largest)) or abs(number) > largest):
        raise BadValue(too_large())
    return number


def parse_qty(text: str) -> int:
    """A quantity: a whole number from 1 to ``MAX_QTY``."""
    value = int(text) if text.isascii() and text.isdigit() and len(text) <= 9 else None
    if value is None:
        value = _whole_decimal(text)
    if value < 1:
        raise BadValue(_("is not a valid quantity; expected a whole number of 1 or more"))
    if value > MAX_QTY:
        raise BadValue(_too_many())
    return value


def parse_count(text: str) -> int:
    """A count that may be zero (e.g. units returned): a whole number from 0 to ``MAX_QTY``."""
    value = _whole_decimal(text) if text else 0
    if value < 0:
        raise BadValue(_("is not a valid count; expected a whole number of 0 or more"))
    return value


def _too_many() -> str:
    return _("is too many units for one line; expected a whole number of at most {largest}").format(
        largest=f"{MAX_QTY:,}"
    )


def _not_a_number() -> str:
    return _("is not a number; expected a whole number like 1 or 2")


def _whole_decimal(text: str) -> int:
    number = bounded_decimal(text, _not_a_number, MAX_QTY, _too_many)
    if number != number.to_integral_value():
        raise BadValue(_("is not a whole number; expected a whole number like 1 or 2"))
    return int(number)


def parse_grams(text: str, unit: str = "g") -> int:
    """A weight in ``unit``, as whole grams (rounded), at most ``MAX_GRAMS``."""
    example = "250" if unit == "g" else "0.25"
    factor = WEIGHT_UNITS[unit]
    largest = int(MAX_GRAMS / factor)
    number = bounded_decimal(
        text,
        lambda: _("is not a weight; expected a number of {unit} like {example}").format(
            unit=unit, example=example
        ),
        largest,
        lambda: _(
            "is heavier than any parcel; expected a weight of at most {largest} {unit}"
        ).format(largest=f"{largest:,}", unit=unit),
    )
    if number < 0:
        raise BadValue(
            _("is not a weight; expected a number of {unit} of 0 or more").format(unit=unit)
        )
    return int((number * factor).to_integral_value())


def parse_money(text: str, unit: str = "major") -> int:
    """An amount of money as integer minor units (fen, cents); never through a float."""
    cleaned = text.strip(_CURRENCY_MARKS).strip()
    if _THOUSANDS.match(cleaned):
        cleaned = cleaned.replace(",", "")
    factor = MONEY_UNITS[unit]
    largest = MAX_MINOR // factor
    number = bounded_decimal(
        cleaned,
        lambda: _("is not an amount; expected a decimal number like 129.90"),
        largest,
        lambda: _("is too large an amount; expected at most {largest}").format(
            largest=f"{largest:,}"
        ),
    )
    if number < 0:
        raise BadValue(_("is not an amount; expected a decimal number of 0 or more like 129.90"))
    minor = number * factor
    if minor != minor.to_integral_value():
        raise BadValue(_("has more decimals than fen/cents; expected at most 2 decimal places"))
    return int(minor)


def parse_bool(text: str) -> bool:
    """Yes/no in the spellings exports use (true/false, 1/0, yes/no, 是/否)."""
    folded = text.casefold()
    if folded in TRUE_WORDS:
        return True
    if folded in FALSE_WORDS:
        return False
    raise BadValue(_("is not yes or no; expected true/false, yes/no or 1/0"))


def parse_platform(text: str) -> str:
    """The canonical platform name for any spelling in the alias table."""
    folded = re.sub(r"[\s\-_]", "", text.casefold())
    return _one_of(
        folded,
        PLATFORMS,
        PLATFORM_ALIASES,
        lambda: _("is not a known platform; expected one of {names}").format(
            names=", ".join(PLATFORMS)
        ),
    )


def parse_risk(text: str) -> str:
    """A platform risk flag: none, low, medium or high (blank means none)."""
    return _one_of(
        text.casefold(),
        RISK_LEVELS,
        RISK_ALIASES,
        lambda: _("is not a risk level; expected one of {names} or blank").format(
            names=", ".join(RISK_LEVELS)
        ),
    )


def _one_of(
    folded: str, names: Collection[str], aliases: Mapping[str, str], refusal: Callable[[], str]
) -> str:
    """``folded`` if it is one of ``names``, the name an alias stands for, else ``refusal()``."""
    if folded in names:
        return folded
    if folded in aliases:
        return aliases[folded]
    raise BadValue(refusal())


def parse_gtin(text: str) -> str:
    """A GTIN-8/12/13/14 with a correct check digit, stored as 14 digits (GTIN-14).

    9 to 11 digits are taken as a GTIN whose leading zeros a spreadsheet dropped; the check
    digit is the same either way.
    """
    if not text.isdigit() or not 8 <= len(text) <= 14:
        raise BadValue(
            _("is not a GTIN; expected 8, 12, 13 or 14 digits (as printed under the barcode)")
        )
    padded = text.rjust(14, "0")
    if padded.isascii():  # the digits' byte values, less 48 for each '0', summed in C
        digits = padded.encode()
        total = 3 * sum(digits[0:13:2]) + sum(digits[1:13:2]) - 48 * (3 * 7 + 6)
        last = digits[13] - 48
    else:  # digits of other scripts ('١٢٣…') are digits too
        total = 3 * sum(map(int, padded[0:13:2])) + sum(map(int, padded[1:13:2]))
        last = int(padded[13])
    check = (10 - total % 10) % 10
    if check != last:
        raise BadValue(
            _("has a wrong check digit; the last digit should be {check}").format(check=check)
        )
    return padded


def split_list(text: str, separator: str = ";") -> list[str]:
    """A list cell ('a; b; c') as its non-blank items, trimmed."""
    if separator not in text:
        return [text] if text else []
    return [item for item in map(str.strip, text.split(separator)) if item]


def parse_datetime(text: str, zone: tzinfo, formats: tuple[str, ...] = ()) -> datetime:
    """A timestamp as timezone-aware UTC; a time without a zone is read in ``zone``.

    ``formats`` are strptime patterns tried first (from a mapping file or an export's known
    layout); ISO 8601 is always accepted after them.
    """
    value: datetime | None = None
    for pattern in formats:
        try:
            value = datetime.strptime(text, pattern)
            break
        except ValueError:
            continue
    if value is None:
        try:
            value = datetime.fromisoformat(text)
        except ValueError:
            if formats:
                message = _(
                    "is not a date and time; expected '{pattern}' or ISO 8601 "
                    "like 2024-05-01T14:30:00+08:00"
                ).format(pattern=formats[0])
            else:
                message = _(
                    "is not a date and time; expected ISO 8601 like 2024-05-01T14:30:00+08:00"
                )
            raise BadValue(message) from None
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        raise BadValue(
            _("is not a plausible date; expected a year from {first} to {last}").format(
                first=MIN_YEAR, last=MAX_YEAR
            )
        )
    if value.tzinfo is None:
        value = value.replace(tzinfo=zone)
    return value.astimezone(UTC)


MIN_YEAR = 1970
MAX_YEAR = 2200
"""Dates outside these years are typing mistakes (and near year 1 or 9999 they cannot even be
moved to UTC)."""
