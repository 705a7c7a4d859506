"""Turning an inspection's rows into the view the screens show, with the rules applied.

After every step the Workstation rebuilds the parcel's state from the store, hands it to
``core.rules.assess`` and returns the result as an ``InspectionView``: the screen always shows
where the parcel stands, and a restarted program shows exactly the same.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TypeVar

from sqlmodel import Session, col, select

from inspect_tui.core.display_names import risk_level_name
from inspect_tui.core.matching import compare, match_scan, requested_lines
from inspect_tui.core.parcel import BuyerHistory, ParcelState, ReceivedUnit
from inspect_tui.core.policy import Policy
from inspect_tui.core.rules import Assessment, assess
from inspect_tui.core.translation import _
from inspect_tui.core.vocabulary import InspectionStatus
from inspect_tui.core.weighing import ExpectedWeight, verdict
from inspect_tui.services.records import frozen_facts, parcels
from inspect_tui.services.shared.views import (
    BuyerHistoryView,
    DecisionView,
    InspectionView,
    MissingView,
    ReturnView,
    SealsView,
    SellerErrorQuestion,
    ShipmentView,
    UnitView,
)
from inspect_tui.store.models import (
    Evidence,
    Inspection,
    InspectionUnit,
    ReturnRequest,
    Shipment,
)


@dataclass(frozen=True, slots=True)
class Loaded:
    """An inspection with everything the rules need, read in one transaction."""

    inspection: Inspection
    shipment: ShipmentView | None
    claim: ReturnView | None
    history: BuyerHistoryView
    units: tuple[InspectionUnit, ...]
    evidence: tuple[Evidence, ...]
    state: ParcelState
    assessment: Assessment
    expected: ExpectedWeight


def load(
    session: Session,
    inspection: Inspection,
    policy: Policy,
    evidence_dir: Path,
    now: datetime | None = None,
) -> Loaded:
    """Read an inspection's parcel, units and evidence, and assess it.

    ``now`` is the moment buyer history is counted back from (the time of the step). A
    decided inspection is read against the facts frozen on it (``frozen_facts``), not against
    the shipment and return rows a later import may have changed.
    """
    assert inspection.id is not None
    shipment_row = return_row = None
    if not inspection.facts:
        shipment_row = (
            session.get(Shipment, inspection.shipment_id) if inspection.shipment_id else None
        )
        return_row = (
            session.get(ReturnRequest, inspection.return_id) if inspection.return_id else None
        )
    if inspection.facts:
        shipment, claim = frozen_facts.thaw(inspection.facts, evidence_dir)
    else:
        shipment = (
            parcels.shipment_view(session, shipment_row, evidence_dir) if shipment_row else None
        )
        claim = parcels.return_view(session, return_row) if return_row else None
    if shipment is not None:
        history = parcels.buyer_history(
            session,
            shipment,
            policy,
            exclude_return_id=claim.return_id if claim else None,
            exclude_inspection_id=inspection.id,
            now=now,
        )
    else:
        history = BuyerHistoryView(0, 0, policy.repeat_returner.days)
    units = _rows_of(session, InspectionUnit, inspection.id)
    evidence = _rows_of(session, Evidence, inspection.id)
    kinds = {row.kind for row in evidence}
    if shipment is not None and shipment.photos:
        kinds.add("pre_shipment")
    if inspection.test_result and (inspection.test_note.strip() or inspection.note.strip()):
        kinds.add("test_note")
    state = ParcelState(
        shipment=parcels.shipped_parcel(shipment) if shipment else None,
        claim=parcels.claimed_return(claim),
        weight_g=inspection.weight_g,
        units=tuple(received_unit(row) for row in units),
        evidence_kinds=tuple(sorted(kinds)),
        history=BuyerHistory(history.returns, history.rejects, history.window_days or 0),
        received_at=inspection.opened_at or datetime.now(UTC),
        test_result=inspection.test_result,
        outer_box_damaged=inspection.outer_box_damaged,
        seals=tuple((str(k), str(v)) for k, v in (inspection.seals or {}).items()),
        shipped_this=inspection.seller_error_answer,
    )
    expected = (
        parcels.parcel_expected_weight(shipment, claim, policy)
        if shipment is not None
        else ExpectedWeight(None, "unknown")
    )
    return Loaded(
        inspection,
        shipment,
        claim,
        history,
        units,
        evidence,
        state,
        assess(state, policy),
        expected,
    )


def received_unit(row: InspectionUnit) -> ReceivedUnit:
    """The core's picture of a scanned unit."""
    assert row.id is not None
    return ReceivedUnit(
        unit_id=row.id,
        code=row.scanned_code,
        sku=row.sku,
        gtin=row.gtin,
        serial=row.serial,
        line_no=row.line_no,
        match=row.match,
        grade=row.grade,
        checklist=tuple(sorted((str(k), bool(v)) for k, v in row.checklist.items())),
        components_present=(
            tuple(row.components_present) if row.components_present is not None else None
        ),
        note=row.note,
    )


def to_view(
    loaded: Loaded, policy: Policy, evidence_dir: Path, labels: tuple[Path, ...] = ()
) -> InspectionView:
    """The immutable view of a loaded inspection."""
    inspection = loaded.inspection
    assert inspection.id is not None
    suggestion = loaded.assessment.suggestion
    judged = verdict(inspection.weight_g, loaded.expected, policy)
    decision = None
    if inspection.outcome:
        decision = DecisionView(
            outcome=inspection.outcome,
            reasons=tuple(inspection.reasons),
            refund=inspection.refund_minor,
            justification=inspection.justification,
            needs_review=inspection.needs_review,
            decided_at=inspection.decided_at,
            review_state=inspection.review_state,
        )
    return InspectionView(
        inspection_id=inspection.id,
        code=inspection.code,
        status=inspection.status,
        step=inspection.step,
        station=inspection.station,
        inspector=inspection.inspector,
        opened_at=inspection.opened_at,
        completed_at=inspection.completed_at,
        scanned_code=inspection.scanned_code,
        shipment=loaded.shipment,
        return_request=loaded.claim,
        buyer_history=loaded.history,
        risk_flags=risk_flags(loaded, policy),
        weight_g=inspection.weight_g,
        weight_source=inspection.weight_source,
        expected_weight_g=loaded.expected.grams,
        weight_verdict=judged.verdict,
        weight_ratio=judged.ratio,
        units=unit_views(loaded),
        missing=missing_views(loaded),
        evidence=tuple(parcels.evidence_view(row, evidence_dir) for row in loaded.evidence),
        findings=loaded.assessment.findings,
        suggested=suggestion,
        decision=decision,
        return_window_days_left=window_days_left(loaded, policy),
        note=inspection.note,
        test_result=inspection.test_result,
        outer_box_damaged=inspection.outer_box_damaged,
        labels=labels,
        seals=seals_view(loaded),
        question=seller_question(loaded),
        review_note=inspection.review_comment if inspection.status == InspectionStatus.OPEN else "",
        test_note=inspection.test_note,
    )


def seals_view(loaded: Loaded) -> SealsView:
    """The shipment's seals and what the clerk found of them."""
    found = loaded.inspection.seals or {}

    def having(state: str) -> tuple[str, ...]:
        return tuple(str(seal) for seal, value in found.items() if value == state)

    expected = loaded.shipment.seal_ids if loaded.shipment else ()
    return SealsView(expected, having("present"), having("missing"), having("mismatch"))


def seller_question(loaded: Loaded) -> SellerErrorQuestion | None:
    """The "is this what we shipped?" question, when the rules are waiting for it."""
    asked = [f for f in loaded.assessment.findings if f.code == "claim.seller_error_question"]
    if not asked:
        return None
    places = {unit.unit_id: n for n, unit in enumerate(loaded.state.units, start=1)}
    ids = tuple(f.unit_id for f in asked if f.unit_id is not None)
    return SellerErrorQuestion(
        unit_ids=ids,
        places=tuple(places[i] for i in ids),
        text=" ".join(f.explanation for f in asked),
        photos=loaded.shipment.photos if loaded.shipment else (),
    )


def unit_views(loaded: Loaded) -> tuple[UnitView, ...]:
    """Each unit with the sentence that says how it matched, replayed in scan order."""
    lines = loaded.state.shipment.lines if loaded.state.shipment else ()
    views = []
    so_far: list[ReceivedUnit] = []
    for row, unit in zip(loaded.units, loaded.state.units, strict=True):
        explanation = ""
        if lines:
            replay = match_scan(
                lines, so_far, text=row.scanned_code, gtin=row.gtin, serial=row.serial
            )
            explanation = replay.explanation
        so_far.append(unit)
        assert row.id is not None
        views.append(
            UnitView(
                unit_id=row.id,
                line=row.line_no,
                scanned_code=row.scanned_code,
                sku=row.sku,
                gtin=row.gtin,
                serial=row.serial,
                match=row.match,
                grade=row.grade,
                checklist={str(k): bool(v) for k, v in row.checklist.items()},
                components_present=unit.components_present,
                note=row.note,
                disposition=row.disposition,
                explanation=explanation,
            )
        )
    return tuple(views)


def missing_views(loaded: Loaded) -> tuple[MissingView, ...]:
    """Expected units not yet scanned, per line of what the return covers."""
    shipment = loaded.state.shipment
    if shipment is None:
        return ()
    claim = loaded.state.claim
    covered, _unknown = requested_lines(shipment.lines, claim.lines if claim else ())
    contents = compare(covered, loaded.state.units)
    titles = {line.line_no: line for line in covered}
    result = []
    for tally in contents.per_line:
        if tally.missing <= 0:
            continue
        line = titles[tally.line_no]
        waiting = tuple(s for s in tally.serials_expected if s not in tally.serials_received)
        result.append(MissingView(tally.line_no, tally.sku, line.title, tally.missing, waiting))
    return tuple(result)


def risk_flags(loaded: Loaded, policy: Policy) -> tuple[str, ...]:
    """Short flags for the parcel card: platform risk, repeat returner, freight insurance."""
    flags: list[str] = []
    if loaded.shipment is None:
        return (_("unmatched parcel"),)
    level = (loaded.shipment.risk_level or "none").strip().casefold()
    if policy.risk.needs_attention(level):
        flags.append(_("platform risk: {level}").format(level=risk_level_name(level)))
    rule = policy.repeat_returner
    history = loaded.history
    if history.returns >= rule.returns or history.rejects >= rule.rejects:
        flags.append(
            _("repeat returner: {returns} returns, {rejects} rejects in {days} days").format(
                returns=history.returns, rejects=history.rejects, days=rule.days
            )
        )
    if loaded.claim is not None and loaded.claim.freight_insurance:
        flags.append(_("freight insurance"))
    return tuple(flags)


def window_days_left(loaded: Loaded, policy: Policy) -> int | None:
    """Days that were left in the return window when the return was requested (or now).

    Negative means the request came that many days after the window closed.
    """
    shipment = loaded.shipment
    if shipment is None or shipment.shipped_at is None:
        return None
    window = policy.window
    closes = shipment.shipped_at + timedelta(
        days=window.days_for(shipment.platform) + window.grace_days
    )
    asked = (
        loaded.claim.requested_at
        if loaded.claim is not None and loaded.claim.requested_at is not None
        else datetime.now(UTC)
    )
    return (closes - asked).days


_Row = TypeVar("_Row", InspectionUnit, Evidence)


def _rows_of(session: Session, table: type[_Row], inspection_id: int | None) -> tuple[_Row, ...]:
    """The inspection's units or evidence, in the order they were recorded."""
    query = select(table).where(col(table.inspection_id) == inspection_id).order_by(col(table.id))
    return tuple(session.exec(query).all())
