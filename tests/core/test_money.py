"""Money as text: one set of rules for the screens, the PDF, the reports and the exports."""

from __future__ import annotations

from decimal import Decimal

import pytest

from inspect_tui.core.money import (
    amount_decimal,
    amount_text,
    amount_with_code,
    amount_with_symbol,
)


@pytest.mark.parametrize(
    ("minor", "currency", "text"),
    [
        (39900, "CNY", "¥399.00"),
        (129900, "USD", "$1,299.00"),
        (1250, "SGD", "SGD 12.50"),
        (-505, "cny", "-¥5.05"),
        (1500, "JPY", "¥1,500"),
        (0, "EUR", "€0.00"),
        (None, "CNY", "—"),
    ],
)
def test_an_amount_on_screen_has_its_symbol_and_decimals(
    minor: int | None, currency: str, text: str
) -> None:
    assert amount_with_symbol(minor, currency) == text


def test_a_document_writes_the_code_and_no_thousands_separator() -> None:
    assert amount_with_code(129900, "CNY") == "1299.00 CNY"
    assert amount_with_code(1500, "JPY") == "1500 JPY"
    assert amount_with_code(None, "CNY") == "—"


def test_plain_text_and_decimals_agree_on_zero_decimal_currencies() -> None:
    assert amount_text(2900) == "29.00"
    assert amount_text(123456789, "CNY", grouped=True) == "1,234,567.89"
    assert amount_text(-7, "KRW") == "-7"
    assert amount_decimal(39900, "CNY") == Decimal("399.00")
    assert amount_decimal(1500, "JPY") == Decimal("1500")
