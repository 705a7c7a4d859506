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


class Memo(dict[str, T]):
    """``function``'s results by cell text: a hit is a plain dict lookup, a miss computes it.

    Kept up to ``limit`` texts. A text whose conversion raises is never kept.
    """

    __slots__ = ("function", "limit")

    def __init__(self, function: Callable[[str], T], limit: int) -> None:
        super().__init__()
        self.function = function
        self.limit = limit

    def __missing__(self, text: str) -> T:
        value = self.function(text)
        if len(self) < self.limit:
            self[text] = value
        return value


def cached(function: Callable[[str], T], limit: int = 100_000) -> Callable[[str], T]:
    """Remember results for repeated cell texts (platforms, prices, GTINs repeat a lot)."""
    return Memo(function, limit).__getitem__


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


def converter(name: str, layout: Layout, *, cache: bool = True) -> Callable[[str], Any]:
    """The function that turns a non-blank cell of field ``name`` into its store value.

    With ``cache`` the results of fields whose texts repeat are remembered (a catalog says
    ``False`` for the GTIN, which each product has its own of).
    """
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
        return cached(simple[name]) if cache else simple[name]
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


class RowConverter:
    """Converts the cells of a group of fields, one row at a time, with a fast path.

    Most rows are ordinary: every cell converts. For them one generated function builds the
    row's values in a single expression (the texts unpacked, each field through its converter,
    a blank cell to its blank, plain text and text under its length limit taken as they are),
    with no per-cell function-call chain. A row where some cell does not convert goes through
    ``convert_cells`` again, which reports every bad cell exactly as it always did.

    Attributes:
        fields: The fields, in the order of the texts given to ``values``.
        convert: Field -> its converter (``converter``).
    """

    def __init__(self, fields: tuple[str, ...], convert: dict[str, Callable[[str], Any]]) -> None:
        self.fields = fields
        self.convert = convert
        self.fast = _row_function(fields, convert)

    def values(
        self, texts: tuple[str, ...], line: int, bound: BoundLayout, problems: Problems
    ) -> dict[str, Any]:
        """The store values of one row's ``texts``; a bad cell is a problem on ``line``."""
        try:
            return self.fast(texts)
        except v.BadValue:
            return self.reported(texts, line, bound, problems)

    def reported(
        self, texts: tuple[str, ...], line: int, bound: BoundLayout, problems: Problems
    ) -> dict[str, Any]:
        """The values of a row ``fast`` refused, each bad cell a problem on ``line``."""
        cells = zip(self.fields, texts, strict=True)
        return convert_cells(cells, self.convert, line, bound, problems)


def _row_function(
    fields: tuple[str, ...], convert: dict[str, Callable[[str], Any]]
) -> Callable[[tuple[str, ...]], dict[str, Any]]:
    """The fast path of ``RowConverter``, written out for these fields.

    Only positions, field names and the converters' limits go into the source, never data.
    """
    namespace: dict[str, Any] = {}
    parts: list[str] = []
    for index, name in enumerate(fields):
        function = convert[name]
        cell = f"t{index}"
        namespace[f"b{index}"] = BLANK.get(name)
        namespace[f"f{index}"] = function
        if function is str:  # plain text: the cell as it is
            expression = cell if BLANK.get(name) == "" else f"({cell} or b{index})"
        elif isinstance(function, partial) and function.func is text_up_to:
            limit = int(function.args[0])
            expression = (
                f"({cell} if len({cell}) <= {limit} else f{index}({cell})) if {cell} else b{index}"
            )
        else:
            expression = f"f{index}({cell}) if {cell} else b{index}"
        parts.append(f"{name!r}: {expression}")
    cells = "".join(f"t{index}, " for index in range(len(fields)))
    source = f"def row(texts):\n    ({cells}) = texts\n    return {{{', '.join(parts)}}}\n"
    if not fields:
        source = "def row(texts):\n    return {}\n"
    exec(source, namespace)  # noqa: S102
    row: Callable[[tuple[str, ...]], dict[str, Any]] = namespace["row"]
    return row
