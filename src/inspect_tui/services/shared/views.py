"""What the services hand to the screens, the CLI and scripts: plain frozen values.

Where the core already has the type (a shipped line, a finding, the rules' suggestion), the view
is that type, not a mirror of it. Nothing here is
attached to a database session, so a view can cross from a worker thread to
the UI thread, be kept, compared, or turned into JSON.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from inspect_tui.core.parcel import ExpectedLine
from inspect_tui.services.shared.json_form import to_json as to_json  # its importers keep this name

if TYPE_CHECKING:  # the rules load with the inspections that use them, not with ``lookup``
    from inspect_tui.core.findings import Finding
    from inspect_tui.core.rules import Suggestion

LineView = ExpectedLine
"""One shipped line, as the core judges it and the screens show it (one type for both)."""


@dataclass(frozen=True, slots=True)
class EvidenceView:
    """A stored evidence file: a pre-shipment photo or one taken at the bench."""

    evidence_id: int
    kind: str
    path: Path
    sha256: str
    bytes: int
    original_name: str
    captured_at: datetime | None
    unit_id: int | None = None

    @property
    def exists(self) -> bool:
        """False when the stored file has gone missing from the evidence store."""
        return self.path.is_file()


@dataclass(frozen=True, slots=True)
class ShipmentView:
    """The original outbound shipment, as recorded before it left."""

    shipment_id: int
    platform: str
    order_ref: str
    package_ref: str | None
    buyer_ref: str
    buyer_name: str
    shipped_at: datetime | None
    carrier: str
    tracking_out: str | None
    shipped_weight_g: int | None
    risk_level: str
    currency: str
    seal_ids: tuple[str, ...]
    lines: tuple[LineView, ...]
    photos: tuple[EvidenceView, ...] = ()


@dataclass(frozen=True, slots=True)
class ReturnView:
    """The buyer's return request."""

    return_id: int
    rma_ref: str
    tracking_return: str | None
    carrier_return: str
    requested_at: datetime | None
    reason_code: str | None
    reason_text: str
    refund_minor: int | None
    freight_insurance: bool
    lines: tuple[tuple[str, int], ...]


@dataclass(frozen=True, slots=True)
class BuyerHistoryView:
    """Other returns and rejects of the same buyer on the same platform."""

    returns: int
    rejects: int
    window_days: int | None = None


@dataclass(frozen=True, slots=True)
class ParcelView:
    """What a scanned parcel identifier leads to: the shipment, the return, the buyer."""

    shipment: ShipmentView
    return_request: ReturnView | None
    buyer_history: BuyerHistoryView
    expected_weight_g: int | None
    expected_weight_source: str
    matched_by: str


@dataclass(frozen=True, slots=True)
class UnitView:
    """One unit taken out of the parcel."""

    unit_id: int
    line: int | None
    scanned_code: str
    sku: str | None
    gtin: str | None
    serial: str | None
    match: str
    grade: str | None
    checklist: dict[str, bool]
    components_present: tuple[str, ...] | None
    note: str
    disposition: str | None
    explanation: str = ""


@dataclass(frozen=True, slots=True)
class MissingView:
    """Expected units not yet scanned on one line."""

    line: int
    sku: str
    title: str
    missing: int
    serials: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class DecisionView:
    """What the clerk decided (absent until ``decide``)."""

    outcome: str
    reasons: tuple[str, ...]
    refund: int | None
    justification: str
    needs_review: bool
    decided_at: datetime | None
    review_state: str | None = None


@dataclass(frozen=True, slots=True)
class SealsView:
    """The shipment's seal tags against what the clerk found."""

    expected: tuple[str, ...] = ()
    """Seal ids fixed before shipping."""
    present: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()
    """Marked missing or broken by the clerk."""
    mismatched: tuple[str, ...] = ()
    """Seal ids scanned that are not the shipment's."""

    @property
    def unchecked(self) -> tuple[str, ...]:
        """Expected seals neither scanned nor marked missing."""
        done = {s.casefold() for s in self.present + self.missing}
        return tuple(s for s in self.expected if s.casefold() not in done)


@dataclass(frozen=True, slots=True)
class SellerErrorQuestion:
    """ "Is this what we shipped?": asked when the buyer says the wrong item was sent and a
    product that is not on the order came back. Answer with ``Workstation.answer_seller_error``."""

    unit_ids: tuple[int, ...]
    """The returned units to compare (database ids)."""
    places: tuple[int, ...]
    """The same units by their place on screen (1 = first scanned)."""
    text: str
    photos: tuple[EvidenceView, ...]
    """The shipment's pre-shipment photos to compare them with."""


@dataclass(frozen=True, slots=True)
class InspectionView:
    """One parcel on the bench, as it stands after the last finished step."""

    inspection_id: int
    code: str
    status: str
    step: str
    station: str
    inspector: str
    opened_at: datetime | None
    completed_at: datetime | None
    scanned_code: str
    shipment: ShipmentView | None
    return_request: ReturnView | None
    buyer_history: BuyerHistoryView
    risk_flags: tuple[str, ...]
    weight_g: int | None
    weight_source: str | None
    expected_weight_g: int | None
    weight_verdict: str
    weight_ratio: float | None
    units: tuple[UnitView, ...]
    missing: tuple[MissingView, ...]
    evidence: tuple[EvidenceView, ...]
    findings: tuple[Finding, ...]
    suggested: Suggestion
    decision: DecisionView | None
    return_window_days_left: int | None
    note: str = ""
    test_result: str | None = None
    outer_box_damaged: bool | None = None
    labels: tuple[Path, ...] = field(default_factory=tuple)
    notices: tuple[str, ...] = field(default_factory=tuple)
    """Sentences for the clerk about the step just done (e.g. why there is no unboxing clip)."""
    seals: SealsView = field(default_factory=SealsView)
    question: SellerErrorQuestion | None = None
    """The seller-error question waiting for the clerk's answer, if any."""
    review_note: str = ""
    """The supervisor's note when the inspection was reopened, shown until it is completed again."""
    test_note: str = ""

    @property
    def is_unmatched(self) -> bool:
        """True for a parcel that matched no shipment (quarantined with the clerk's note)."""
        return self.shipment is None


@dataclass(frozen=True, slots=True)
class RecentParcel:
    """A line of the scan screen's list of the last parcels."""

    code: str
    order_ref: str | None
    status: str
    outcome: str | None
    at: datetime | None


@dataclass(frozen=True, slots=True)
class DaySummary:
    """The scan screen's header: today's count and the last few parcels at this station."""

    inspected_today: int
    completed_today: int
    recent: tuple[RecentParcel, ...]
