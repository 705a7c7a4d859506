"""What typed or scanned text may be, checked before it reaches the store.

SQLite keeps text of any length while PostgreSQL refuses a value longer than its column, and
neither stores a NUL or a lone surrogate: so every name, code and note is measured and
cleaned here first, on every back end alike, and refused in words when it cannot be kept.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from inspect_tui.core.policy import OUTCOMES, REASON_CODES
from inspect_tui.core.translation import _
from inspect_tui.services.shared.errors import InvalidInput

MAX_NAME = 80
"""A station's or an operator's name (``station.name``, ``operator.name``)."""
MAX_SCAN = 200
"""A scanned code: a tracking number, a GS1 element string or Digital Link, a serial."""
MAX_SERIAL = 120
"""A unit's serial number as stored (``inspection_unit.serial``)."""
MAX_NOTE = 4000
"""A note, a justification: what a clerk types, not a document."""


def bounded(value: object, what: str, limit: int, *, lines: bool = False) -> str:
    """``value`` trimmed, when it is text of at most ``limit`` characters the store can keep.

    ``lines`` allows line breaks and tabs (notes); other control characters, NULs and lone
    surrogates are refused everywhere.

    Raises:
        InvalidInput: not text, too long, or with characters that cannot be stored.
    """
    what = _(what)
    if not isinstance(value, str):
        raise InvalidInput(_("{what} must be text.").format(what=what))
    text = value.strip()
    if len(text) > limit:
        raise InvalidInput(
            _(
                "{what} is {count:,} characters long; at most {limit} fit. Shorten it (or "
                "scan the right barcode)."
            ).format(what=what, count=len(text), limit=limit)
        )
    for char in text:
        kind = unicodedata.category(char)
        if kind == "Cs" or (kind == "Cc" and not (lines and char in "\n\t\r")):
            raise InvalidInput(
                _(
                    "{what} holds a control character (U+{char:04X}) that cannot be kept: type it "
                    "again or scan again."
                ).format(what=what, char=ord(char))
            )
    return text


def bounded_name(value: object, what: str) -> str:
    """A non-empty name of at most ``MAX_NAME`` characters on one line."""
    text = bounded(value, what, MAX_NAME)
    if not text:
        raise InvalidInput(_("{what} is empty: give a name.").format(what=_(what)))
    return text


MAX_ROW_ID = 2**31 - 1
"""The largest row number the store's integer keys hold on every back end."""


def row_id(value: object, what: str) -> int:
    """``value`` as a row number the store can look up.

    Raises:
        InvalidInput: not a whole number from 1 to ``MAX_ROW_ID``.
    """
    what = _(what)
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= MAX_ROW_ID:
        raise InvalidInput(
            _("There is no {what} number {value}.").format(what=what, value=str(value)[:20])
        )
    return value


def known_decision(outcome: str | None, reasons: Sequence[str] | None) -> None:
    """Check that ``outcome`` (when given) and every reason code are ones the desk knows.

    Raises:
        InvalidInput: an unknown outcome or reason code.
    """
    if outcome is not None and outcome not in OUTCOMES:
        raise InvalidInput(
            _("Outcome {outcome!r} is not known: {items}.").format(
                outcome=outcome, items=", ".join(OUTCOMES)
            )
        )
    for reason in reasons or ():
        if reason not in REASON_CODES:
            raise InvalidInput(_("Reason code {reason!r} is not known.").format(reason=reason))
