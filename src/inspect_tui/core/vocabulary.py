"""The desk's words as types: outcomes, grades, steps, statuses, dispositions, reasons.

Each is a :class:`~enum.StrEnum`, so a member *is* its stored string: the database, the exports
and the policy TOML keep the plain codes (``"reject"``, ``"USED_OR_WORN"``), and code compares
with ``Outcome.REJECT`` instead of a bare string that a typo would silently break. The order of
each enum is the order people read them in.
"""

from __future__ import annotations

from enum import StrEnum

__all__ = [
    "AppealStatus",
    "Disposition",
    "Grade",
    "InspectionStatus",
    "OutsideWindowMode",
    "Outcome",
    "ReasonCode",
    "ReviewState",
    "STEPS",
    "Step",
]


class Outcome(StrEnum):
    """What the inspection decides for the buyer's refund."""

    ACCEPT = "accept"
    PARTIAL = "partial"
    REJECT = "reject"
    ESCALATE = "escalate"
    REFUSED = "refused"
    """Refused at receipt, in front of the courier."""


class Grade(StrEnum):
    """A unit's condition."""

    A = "A"
    """New or sealed."""
    B = "B"
    """Opened, like new."""
    C = "C"
    """Used, working."""
    D = "D"
    """Damaged or defective."""
    X = "X"
    """Not our item."""


class Step(StrEnum):
    """The clerk's steps through one parcel, in order."""

    CARD = "card"
    WEIGH = "weigh"
    CONTENTS = "contents"
    CONDITION = "condition"
    EVIDENCE = "evidence"
    DECISION = "decision"
    DONE = "done"


STEPS: tuple[Step, ...] = tuple(Step)
"""The steps in order, for moving to the next or the previous one."""


class InspectionStatus(StrEnum):
    """Whether an inspection is still at the bench."""

    OPEN = "open"
    COMPLETED = "completed"


class ReviewState(StrEnum):
    """Where a completed inspection stands with the supervisor."""

    PENDING = "pending"
    APPROVED = "approved"
    OVERTURNED = "overturned"
    REOPENED = "reopened"


class Disposition(StrEnum):
    """Where a unit goes after inspection."""

    RESTOCK = "restock"
    OPEN_BOX = "open_box"
    REFURBISH = "refurbish"
    RETURN_TO_VENDOR = "return_to_vendor"
    QUARANTINE = "quarantine"
    SCRAP = "scrap"
    RETURN_TO_BUYER = "return_to_buyer"
    RETURN_TO_COURIER = "return_to_courier"


class ReasonCode(StrEnum):
    """Why a refund is refused, reduced or granted; the reject side first."""

    EMPTY_PARCEL = "EMPTY_PARCEL"
    MISSING_ITEMS = "MISSING_ITEMS"
    MISSING_PARTS = "MISSING_PARTS"
    SWAPPED_ITEM = "SWAPPED_ITEM"
    SERIAL_MISMATCH = "SERIAL_MISMATCH"
    SEAL_MISMATCH = "SEAL_MISMATCH"
    SEAL_MISSING = "SEAL_MISSING"
    USED_OR_WORN = "USED_OR_WORN"
    BUYER_DAMAGE = "BUYER_DAMAGE"
    DEFECT_NOT_FOUND = "DEFECT_NOT_FOUND"
    OUTSIDE_WINDOW = "OUTSIDE_WINDOW"
    NO_REASON_RETURN = "NO_REASON_RETURN"
    DEFECT_CONFIRMED = "DEFECT_CONFIRMED"
    SELLER_ERROR = "SELLER_ERROR"
    TRANSIT_DAMAGE = "TRANSIT_DAMAGE"


class OutsideWindowMode(StrEnum):
    """What a no-reason return requested outside its window gets (the policy's choice)."""

    REJECT_NO_REASON = "reject_no_reason"
    ESCALATE = "escalate"
    ALLOW = "allow"


class AppealStatus(StrEnum):
    """Where a seller's appeal to the platform stands."""

    SUBMITTED = "submitted"
    WON = "won"
    LOST = "lost"
    PARTIAL = "partial"
