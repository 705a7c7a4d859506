"""Errors a person at the desk can cause, each with a message that says what to do next.

The screens show ``str(error)`` as it is; the CLI prints it. None of them loses recorded work:
they are raised before anything is written.
"""

from __future__ import annotations

from inspect_tui.core.display_names import outcome_name
from inspect_tui.core.errors import DeskError
from inspect_tui.core.translation import _, language

__all__ = [
    "AuditKeyMissing",
    "DecisionIncomplete",
    "DeskError",
    "ForeignItemUnconfirmed",
    "InspectionClosed",
    "InvalidInput",
    "NotAParcelCode",
    "ParcelNotFound",
    "ParcelOpenElsewhere",
    "SerialNeedsProduct",
    "StoreBusy",
    "UnknownOperator",
    "WrongPin",
    "outcome_words",
]


def outcome_words(outcome: str) -> str:
    """An outcome as a message names it: its code in English (as typed on the command line,
    ``reject``), the desk's word for it in another language (拒绝退款)."""
    return outcome if language() == "en" else outcome_name(outcome)


class UnknownOperator(DeskError):
    """No active operator by that name or badge."""


class WrongPin(DeskError):
    """The PIN did not match (or the operator is locked for a while)."""


class ParcelNotFound(DeskError):
    """No shipment or return request carries the scanned identifier."""

    def __init__(self, code: str) -> None:
        super().__init__(
            _(
                "No parcel found for {code!r}. Check the label and scan again, or open it as "
                "an unmatched parcel (it goes to quarantine with your note)."
            ).format(code=code)
        )
        self.code = code


class NotAParcelCode(DeskError):
    """The scan is a valid code of another kind (a product, a command) where a parcel was due."""


class ParcelOpenElsewhere(DeskError):
    """The parcel's inspection is open at another station."""

    def __init__(self, code: str, station: str, operator: str) -> None:
        super().__init__(
            _(
                "Parcel {code} is being inspected at station {station} by {operator}. Take it "
                "over only if that bench has stopped."
            ).format(code=code, station=station, operator=operator)
        )
        self.station = station
        self.operator = operator


class InspectionClosed(DeskError):
    """The inspection is completed: only a supervisor can reopen it."""


class InvalidInput(DeskError):
    """A weight, grade, checklist answer, evidence kind or unit that cannot be accepted."""


class DecisionIncomplete(DeskError):
    """A decision or completion that lacks a justification, evidence or a decision."""


class StoreBusy(DeskError):
    """The database is locked or unreachable; nothing was written, try the step again."""


class ForeignItemUnconfirmed(InvalidInput):
    """A unit scan that neither the order nor the catalog knows: typed noise, or a foreign item.

    Nothing is recorded. The clerk confirms it as a foreign item by scanning it again (or one
    key): the caller then repeats ``scan_item`` with ``foreign_ok=True``.
    """

    def __init__(self, code: str) -> None:
        super().__init__(
            _(
                "{code!r} is not a product we know: scan it again or press F to record it as "
                "a foreign item."
            ).format(code=code)
        )
        self.code = code


class SerialNeedsProduct(InvalidInput):
    """A bare serial that is not on the order, and the order has several serialized products.

    The caller asks which product it is and repeats ``scan_item`` with ``line_no``.
    """

    def __init__(self, code: str, lines: tuple[tuple[int, str, str], ...]) -> None:
        named = "; ".join(f"line {n} · {sku}" for n, sku, _title in lines)
        super().__init__(
            _(
                "Serial {code} is not on this order: which product is it? Pick its line ({named})."
            ).format(code=code, named=named)
        )
        self.code = code
        self.lines = lines
        """(line number, SKU, title) of each product it could be."""


class AuditKeyMissing(DeskError):
    """This station lacks the desk's audit key (or holds another): nothing was written."""
