"""One converter per generic field: cell text -> store value, shaped by the file's layout."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import partial
from typing import Any, TypeVar

from inspect_tui.core.translation import _
from inspect_tui.services.importing import values as v
from inspect_tui.services.importing.layout import (
    DATE_FIELDS,
    LIST_FIELDS,
    MONEY_FIELDS,
    BoundLayout,
    Layout,
)
from inspect_tui.services.importing.validation import Problems

T = TypeVar("T")

MAX_LENGTH = {
    "order_ref": 120,
    "rma_ref": 120,
    "sku": 120,
    "ordered_sku": 120,
    "package_ref": 120,
    "buyer_ref": 200,
    "buyer_name": 200,
    "carrier": 80,
    "carrier_return": 80,
    "tracking_out": 80,
    "tracking_return": 80,
}
"""Column sizes of the store, so an over-long value is an import error, not a database one."""

BLANK: dict[str, Any] = {
    "buyer_ref": "",
    "buyer_name": "",
    "carrier": "",
    "carrier_return": "",
    "title": "",
    "reason_text": "",
    "risk_level": "none",
    "currency": "CNY",
    "serialized": False,
    "freight_insurance": False,
    "components": [],
    "serials": [],
    "photos": [],
    "seal_ids": [],
}
"""What a blank cell means for each field (None when not listed)."""

_REASON = re.compile(r"^[A-Z0-9_]{1,40}$")


def cached(function: Callable[[str], T], limit: int = 100_000) -> Callable[[str], T]:
    """Remember results for repeated cell texts (platforms, prices, GTINs repeat a lot)."""
    memo: dict[str, T] = {}

    def call(text: str) -> T:
        try:
            return memo[text]
        except KeyError:
            value = function(text)
            if len(memo) < limit:
                memo[text] = value
            return value

    return call


def text_up_to(limit: int, text: str) -> str:
    """Text of at most ``limit`` characters."""
    if len(text) > limit:
        raise v.BadValue(
            _("is {length} characters long; expected at most {limit}").format(
                length=len(text), limit=limit
            )
        )
    return text


def required_text(
    line: int, name: str, text: str, blank: str, bound: BoundLayout, problems: Problems
) -> bool:
    """Whether a row's ``text`` for ``name`` (an order, a return, a SKU) is given and fits.

    When not, its problem goes to ``problems``: ``blank`` (a message marked with ``N_``) for a
    blank cell, or its length.
    """
    if not text:
        problems.add(line, bound.label(name), _(blank))
        return False
    if len(text) > MAX_LENGTH[name]:
        problems.add(
            line,
            bound.label(name),
            _("is longer than {limit} characters; expected at most {limit}").format(
                limit=MAX_LENGTH[name]
            ),
        )
        return False
    return True


def parse_currency(text: str) -> str:
    """A three-letter ISO 4217 code, upper-case."""
    if len(text) != 3 or not text.isalpha():
        raise v.BadValue(_("is not a currency code; expected three letters like CNY or USD"))
    return text.upper()


def parse_reason_code(text: str) -> str:
    """The buyer's claimed reason as a code: 'not as described' -> NOT_AS_DESCRIBED."""
    code = re.sub(r"[\s\-/]+", "_", text.strip()).upper()
    if not _REASON.match(code):
        raise v.BadValue(
            _(
                "is not a reason code; expected up to 40 letters, digits and underscores "
                "like NO_REASON or DEFECTIVE (put the buyer's words in reason_text)"
            )
        )
    return code


def converter(name: str, layout: Layout) -> Callable[[str], Any]:
    """The function that turns a non-blank cell of field ``name`` into its store value."""
    if name in DATE_FIELDS:
        return partial(v.parse_datetime, zone=layout.zone, formats=layout.formats.get(name, ()))
    if name in ("shipped_weight_g", "unit_weight_g"):
        return cached(partial(v.parse_grams, unit=layout.units.get(name, "g")))
    if name in MONEY_FIELDS:
        return cached(partial(v.parse_money, unit=layout.units.get(name, "major")))
    if name in LIST_FIELDS:
        return partial(v.split_list, separator=layout.list_separator)
    if name in MAX_LENGTH:
        return partial(text_up_to, MAX_LENGTH[name])
    simple: dict[str, Callable[[str], Any]] = {
        "platform": v.parse_platform,
        "risk_level": v.parse_risk,
        "gtin": v.parse_gtin,
        "serialized": v.parse_bool,
        "freight_insurance": v.parse_bool,
        "currency": parse_currency,
        "reason_code": parse_reason_code,
        "qty": v.parse_qty,
    }
    if name in simple:
        return cached(simple[name])
    return str


def convert_cells(
    cells: Iterable[tuple[str, str]],
    convert: dict[str, Callable[[str], Any]],
    line: int,
    bound: BoundLayout,
    problems: Problems,
) -> dict[str, Any]:
    """The store values of a row's ``(field, text)`` cells; a blank cell takes its field's blank.

    A cell that does not convert is a problem on ``line`` and is left out.
    """
    values: dict[str, Any] = {}
    for name, text in cells:
        if not text:
            values[name] = BLANK.get(name)
            continue
        try:
            values[name] = convert[name](text)
        except v.BadValue as error:
            problems.add(line, bound.label(name), f"'{text}' {error}")
    return values
