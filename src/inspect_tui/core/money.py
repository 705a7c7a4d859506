"""Money: amounts are integers in the currency's minor unit (fen, cents); this turns them into text.

The one place that knows how many decimals a currency has and how it is written, so the bench,
the reports, the exports and the evidence PDF never disagree about an amount.
"""

from __future__ import annotations

from decimal import Decimal

__all__ = [
    "CURRENCY_SYMBOLS",
    "ZERO_DECIMAL_CURRENCIES",
    "amount_decimal",
    "amount_text",
    "amount_with_code",
    "amount_with_symbol",
]

ZERO_DECIMAL_CURRENCIES = frozenset({"JPY", "KRW", "VND"})
"""Currencies whose minor unit is the unit itself."""

CURRENCY_SYMBOLS: dict[str, str] = {
    "CNY": "¥",
    "RMB": "¥",
    "JPY": "¥",
    "USD": "$",
    "CAD": "CA$",
    "AUD": "A$",
    "HKD": "HK$",
    "EUR": "€",
    "GBP": "£",
}
"""Symbols for the currencies sellers on these platforms use; others show their ISO code."""


def _places(currency: str | None) -> int:
    return 0 if (currency or "").upper() in ZERO_DECIMAL_CURRENCIES else 2


def amount_decimal(minor: int, currency: str | None) -> Decimal:
    """The amount as an exact decimal in major units: 39900 CNY → ``Decimal('399.00')``."""
    return Decimal(minor).scaleb(-_places(currency))


def amount_text(minor: int, currency: str | None = None, *, grouped: bool = False) -> str:
    """The amount in major units without a currency: ``399.00``, ``1,299.00`` when grouped.

    Args:
        minor: The amount in minor units.
        currency: ISO 4217 code; decides the decimals (none for JPY, KRW, VND; else two).
        grouped: Separate thousands with commas.
    """
    sign, value, places = "-" if minor < 0 else "", abs(minor), _places(currency)
    whole, part = divmod(value, 10**places)
    whole_text = f"{whole:,}" if grouped else str(whole)
    return f"{sign}{whole_text}.{part:0{places}d}" if places else f"{sign}{whole_text}"


def amount_with_code(minor: int | None, currency: str | None) -> str:
    """``399.00 CNY``, as a document for a platform writes it; ``—`` when unknown."""
    if minor is None:
        return "—"
    return f"{amount_text(minor, currency)} {(currency or '').upper()}".strip()


def amount_with_symbol(minor: int | None, currency: str | None) -> str:
    """``¥399.00``, ``$1,299.00``, ``SGD 12.50``, as a person reads it; ``—`` when unknown."""
    if minor is None:
        return "—"
    code = (currency or "").upper()
    text = amount_text(abs(minor), code, grouped=True)
    sign = "-" if minor < 0 else ""
    symbol = CURRENCY_SYMBOLS.get(code)
    return f"{sign}{symbol}{text}" if symbol else f"{sign}{code} {text}".strip()
