"""The supervisor's detail of one inspection: its record, side by side, evidence checked.

The record (view, audit timeline, review) is ``inspection_record``'s, the same one evidence
packs are built from; this adds the shipped-vs-received comparison and who may review it.
"""

from __future__ import annotations

from pathlib import Path

from sqlmodel import Session

from inspect_tui.core.policy import Policy
from inspect_tui.services.records.inspection_record import check_evidence, read_record
from inspect_tui.services.review.figures import review_mark
from inspect_tui.services.review.summaries import InspectionDetail, SideBySide
from inspect_tui.services.shared.views import InspectionView
from inspect_tui.store.models import Inspection


def load_detail(
    session: Session,
    inspection: Inspection,
    policy: Policy,
    evidence_dir: Path,
    *,
    reviewer: str,
) -> InspectionDetail:
    """Everything recorded about ``inspection``, as the supervisor ``reviewer`` sees it.

    Buyer history is counted as of when the parcel was completed, so the supervisor sees what
    the clerk saw. Evidence files are hashed again here: call this from a worker thread.
    """
    record = read_record(session, inspection, evidence_dir=evidence_dir, policy=policy)
    return InspectionDetail(
        record=record,
        side_by_side=side_by_side(record.view),
        evidence=check_evidence(record),
        review=review_mark(inspection),
        reviewable=inspection.status == "completed"
        and inspection.inspector != reviewer
        and not any(
            event.actor == reviewer and event.action.startswith("inspection.")
            for event in record.timeline
        ),
    )


def side_by_side(view: InspectionView) -> tuple[SideBySide, ...]:
    """What was shipped beside what came back: weight, each line, units not on the order."""
    rows = []
    shipment = view.shipment
    shipped_w = shipment.shipped_weight_g if shipment else None
    expected = f"{view.expected_weight_g} g expected" if view.expected_weight_g else "unknown"
    rows.append(
        SideBySide(
            "weight",
            f"{shipped_w} g shipped, {expected}" if shipped_w else expected,
            f"{view.weight_g} g ({view.weight_verdict})" if view.weight_g is not None else "—",
            None if view.weight_g is None else view.weight_verdict == "ok",
        )
    )
    missing = {m.line: m for m in view.missing}
    for line in shipment.lines if shipment else ():
        units = [u for u in view.units if u.line == line.line_no]
        serials = f", serials {', '.join(line.serials)}" if line.serials else ""
        got = [
            " ".join(filter(None, (u.serial or u.sku or u.scanned_code, u.match, u.grade)))
            for u in units
        ]
        gap = missing.get(line.line_no)
        if gap:
            got.append(f"{gap.missing} missing")
        agrees = (
            None
            if not units and not gap
            else (not gap and all(u.match == "matched" for u in units))
        )
        rows.append(
            SideBySide(
                f"line {line.line_no} {line.sku}",
                f"{line.qty} × {line.title or line.sku}{serials}",
                "; ".join(got) or "not returned",
                agrees,
            )
        )
    for unit in view.units:
        if unit.line is None:
            rows.append(SideBySide("not on the order", "—", f"{unit.scanned_code} {unit.match}",
                                   False))  # fmt: skip
    return tuple(rows)
