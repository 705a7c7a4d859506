"""What the rules look at: the shipment, the return request and what the clerk recorded so far.

These frozen values are built by the Workstation service from database rows after every step and
handed to ``core.rules.assess``; they hold tuples, never lists, so an assessment can never change
its inputs. Money is in minor units (fen, cents), weights in grams, times timezone-aware UTC.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

MATCH_KINDS = (
    "matched",
    "serial_needed",
    "serial_mismatch",
    "unexpected",
    "duplicate",
    "over_quantity",
)
"""How a scanned unit relates to the shipment; see ``core.matching.match_scan``."""
TEST_RESULTS = ("reproduced", "not_reproduced")
"""The clerk's function test of a claimed defect."""
SEAL_STATES = ("present", "missing", "mismatch")
"""What the clerk found of a seal: the shipment's seal scanned, marked missing (or broken), or a
seal id that is not the shipment's."""


def _require_aware(value: datetime, name: str) -> None:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware, got {value!r}")


@dataclass(frozen=True, slots=True)
class ExpectedLine:
    """One line of the shipment: what was packed, and its serials and accessories."""

    line_no: int
    sku: str
    title: str
    qty: int
    gtin: str | None = None
    serials: tuple[str, ...] = ()
    """Serials recorded at packing; empty when the product is not serialized."""
    components: tuple[str, ...] = ()
    """Accessories packed with each unit (charger, cable, manual)."""
    unit_price_minor: int = 0
    unit_weight_g: int | None = None
    """Catalog weight of one unit, used when the parcel was not weighed at shipping."""
    ordered_sku: str | None = None
    """The SKU the buyer ordered when a different one was shipped (a seller error)."""
    serialized: bool = False
    """Serials were recorded at packing, or the catalog says the product carries one."""

    def __post_init__(self) -> None:
        if self.qty < 1:
            raise ValueError(f"line {self.line_no}: qty must be at least 1, got {self.qty}")
        if self.unit_price_minor < 0:
            raise ValueError(f"line {self.line_no}: unit price must not be negative")

    @property
    def substituted(self) -> bool:
        """Whether the seller shipped a different SKU than the one ordered."""
        return self.ordered_sku is not None and (
            self.ordered_sku.strip().casefold() != self.sku.strip().casefold()
        )


@dataclass(frozen=True, slots=True)
class ShippedParcel:
    """The original outbound shipment of the order."""

    platform: str
    order_ref: str
    shipped_at: datetime
    shipped_weight_g: int | None
    """Weight on the scale at packing, when it was recorded."""
    risk_level: str
    """The platform's risk flag: none, low, medium or high (any case; blank = none)."""
    lines: tuple[ExpectedLine, ...]
    currency: str = "CNY"
    seal_ids: tuple[str, ...] = ()
    """Seal tags and security labels fixed before shipping."""

    def __post_init__(self) -> None:
        _require_aware(self.shipped_at, "shipped_at")

    def line(self, line_no: int) -> ExpectedLine | None:
        """The line with this number, if the shipment has it."""
        return next((line for line in self.lines if line.line_no == line_no), None)


@dataclass(frozen=True, slots=True)
class ClaimedReturn:
    """The buyer's return request (RMA / refund request)."""

    rma_ref: str
    requested_at: datetime
    reason_code: str | None
    """The accept-side reason the buyer asserts: NO_REASON_RETURN, DEFECT_CONFIRMED (claims a
    defect), SELLER_ERROR (wrong item sent) or TRANSIT_DAMAGE (arrived damaged); None = not
    stated, treated as a no-reason return."""
    reason_text: str = ""
    refund_minor: int | None = None
    """Refund asked for; None = the value of the requested lines."""
    freight_insurance: bool = False
    lines: tuple[tuple[str, int], ...] = ()
    """(sku, qty) requested; empty = the whole order."""

    def __post_init__(self) -> None:
        _require_aware(self.requested_at, "requested_at")


@dataclass(frozen=True, slots=True)
class ReceivedUnit:
    """One scanned unit and what the clerk recorded about it."""

    unit_id: int
    code: str
    """The scanned text, as scanned."""
    sku: str | None = None
    gtin: str | None = None
    serial: str | None = None
    line_no: int | None = None
    """Shipment line the unit was matched to; None when unexpected."""
    match: str = "matched"
    """One of MATCH_KINDS, as decided by ``matching.match_scan`` when scanned."""
    grade: str | None = None
    """A, B, C, D or X; None until graded."""
    checklist: tuple[tuple[str, bool], ...] = ()
    """(check name, answer) pairs; unanswered checks are absent."""
    components_present: tuple[str, ...] | None = None
    """Accessories found with the unit; None = not ticked off."""
    note: str = ""

    def answer(self, check: str) -> bool | None:
        """The clerk's answer to a checklist item, or None when not answered."""
        return next((value for name, value in self.checklist if name == check), None)


@dataclass(frozen=True, slots=True)
class BuyerHistory:
    """The buyer's earlier returns (this one excluded) within ``window_days``."""

    returns: int = 0
    rejects: int = 0
    window_days: int = 90


@dataclass(frozen=True, slots=True)
class ParcelState:
    """Everything known about one parcel on the bench, as of the latest step."""

    shipment: ShippedParcel | None
    """None for an unmatched parcel."""
    claim: ClaimedReturn | None
    weight_g: int | None
    units: tuple[ReceivedUnit, ...]
    evidence_kinds: tuple[str, ...]
    """Kinds of evidence attached so far (pre_shipment when the shipment has photos)."""
    history: BuyerHistory
    received_at: datetime
    test_result: str | None = None
    """The clerk's defect test: "reproduced", "not_reproduced" or None (not tested)."""
    outer_box_damaged: bool | None = None
    """Whether the parcel's outer packaging arrived damaged; None = not recorded."""
    seals: tuple[tuple[str, str], ...] = ()
    """(seal id, one of SEAL_STATES) as the clerk checked them."""
    shipped_this: bool | None = None
    """The clerk's answer to "is this what we shipped?" after comparing a returned product that
    is not on the order with the pre-shipment photo; None = not answered."""

    def __post_init__(self) -> None:
        _require_aware(self.received_at, "received_at")
        for seal, found in self.seals:
            if found not in SEAL_STATES:
                raise ValueError(f"seal {seal}: state must be one of {SEAL_STATES}, got {found!r}")
        if self.test_result is not None and self.test_result not in TEST_RESULTS:
            raise ValueError(f"test_result must be one of {TEST_RESULTS}, got {self.test_result!r}")
