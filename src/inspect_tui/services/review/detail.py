"""The supervisor's detail of one inspection: its record, side by side, evidence checked.

The record (view, audit timeline, review) is ``inspection_record``'s, the same one evidence
packs are built from; this adds the shipped-vs-received comparison and who may review it.
"""

from __future__ import annotations

from pathlib import Path

from sqlmodel import Session

from inspect_tui.core.policy import Policy
from inspect_tui.core.translation import N_, _
from inspect_tui.core.vocabulary import InspectionStatus
from inspect_tui.services.evidence.store import EvidenceStore
from inspect_tui.services.records.inspection_record import check_evidence, read_record
from inspect_tui.services.review.figures import review_mark
from inspect_tui.services.review.summaries import InspectionDetail, SideBySide
from inspect_tui.services.shared.views import InspectionView
from inspect_tui.store.models import Inspection

VERDICT_WORDS: dict[str, str] = {
    "empty": N_("empty"),
    "light": N_("light"),
    "ok": N_("ok"),
    "heavy": N_("heavy"),
    "unknown": N_("unknown"),
}
"""A weight verdict as the comparison reads it (English; shown through ``_``)."""

MATCH_WORDS: dict[str, str] = {
    "matched": N_("matched"),
    "serial_needed": N_("serial needed"),
    "serial_mismatch": N_("serial mismatch"),
    "unexpected": N_("not on the order"),
    "duplicate": N_("scanned twice"),
    "over_quantity": N_("more than shipped"),
}
"""How a returned unit matched, as the comparison reads it (English; shown through ``_``)."""


def _words(table: dict[str, str], code: str) -> str:
    known = table.get(code)
    return _(known) if known is not None else code


def load_detail(
    session: Session,
    inspection: Inspection,
    policy: Policy,
    evidence_dir: Path,
    *,
    reviewer: str,
    store: EvidenceStore | None = None,
) -> InspectionDetail:
    """Everything recorded about ``inspection``, as the supervisor ``reviewer`` sees it.

    Buyer history is counted as of when the parcel was completed, so the supervisor sees what
    the clerk saw. Evidence files are hashed again here, fetched through ``store`` when given
    (a shared store's files come to this machine's cache): call this from a worker thread.
    """
    record = read_record(session, inspection, evidence_dir=evidence_dir, policy=policy)
    return InspectionDetail(
        record=record,
        side_by_side=side_by_side(record.view),
        evidence=check_evidence(record, store, offline_ok=True),
        review=review_mark(inspection),
        reviewable=inspection.status == InspectionStatus.COMPLETED
        and inspection.inspector != reviewer
        and not any(
            event.actor == reviewer and event.action.startswith("inspection.")
            for event in record.timeline
        ),
    )


def side_by_side(view: InspectionView) -> tuple[SideBySide, ...]:
    """What was shipped beside what came back: weight, each line, units not on the order.

    Read in the language in use (the detail is read when the supervisor opens it).
    """
    rows = []
    shipment = view.shipment
    shipped_w = shipment.shipped_weight_g if shipment else None
    expected = (
        _("{grams} g expected").format(grams=view.expected_weight_g)
        if view.expected_weight_g
        else _("unknown")
    )
    rows.append(
        SideBySide(
            _("weight"),
            _("{grams} g shipped, {expected}").format(grams=shipped_w, expected=expected)
            if shipped_w
            else expected,
            f"{view.weight_g} g ({_words(VERDICT_WORDS, view.weight_verdict)})"
            if view.weight_g is not None
            else "—",
            None if view.weight_g is None else view.weight_verdict == "ok",
        )
    )
    missing = {m.line: m for m in view.missing}
    for line in shipment.lines if shipment else ():
        units = [u for u in view.units if u.line == line.line_no]
        serials = (
            _(", serials {serials}").format(serials=", ".join(line.serials)) if line.serials else ""
        )
        got = [
            " ".join(
                filter(
                    None,
                    (u.serial or u.sku or u.scanned_code, _words(MATCH_WORDS, u.match), u.grade),
                )
            )
            for u in units
        ]
        gap = missing.get(line.line_no)
        if gap:
            got.append(_("{count} missing").format(count=gap.missing))
        agrees = (
            None
            if not units and not gap
            else (not gap and all(u.match == "matched" for u in units))
        )
        rows.append(
            SideBySide(
                _("line {number} {sku}").format(number=line.line_no, sku=line.sku),
                f"{line.qty} × {line.title or line.sku}{serials}",
                "; ".join(got) or _("not returned"),
                agrees,
            )
        )
    for unit in view.units:
        if unit.line is None:
            received = f"{unit.scanned_code} {_words(MATCH_WORDS, unit.match)}"
            rows.append(SideBySide(_("not on the order"), "—", received, False))
    return tuple(rows)
