"""Disposition labels for a completed inspection: one per unit (or one for the parcel)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from inspect_tui.services.shared.views import InspectionView

if TYPE_CHECKING:
    from inspect_tui.services.printouts.labels import LabelData


def label_data(view: InspectionView) -> list[LabelData]:
    """What goes on each label of a completed inspection."""
    # Deferred: the label libraries (Pillow, python-barcode, qrcode) load on completion.
    from inspect_tui.services.printouts.labels import LabelData

    outcome = view.decision.outcome if view.decision else view.suggested.outcome
    day = view.completed_at or view.opened_at
    assert day is not None
    titles = {line.line_no: line.title for line in view.shipment.lines} if view.shipment else {}
    order_ref = view.shipment.order_ref if view.shipment else None
    if not view.units:
        return [
            LabelData(
                inspection_code=view.code,
                outcome=outcome,
                disposition="quarantine",
                sku=None,
                grade=None,
                title=view.note or None,
                order_ref=order_ref,
                day=day.date(),
            )
        ]
    return [
        LabelData(
            inspection_code=view.code,
            outcome=outcome,
            disposition=unit.disposition or "quarantine",
            sku=unit.sku,
            grade=unit.grade,
            title=titles.get(unit.line or 0) or None,
            order_ref=order_ref,
            day=day.date(),
            unit=number,
        )
        for number, unit in enumerate(view.units, start=1)
    ]


def write_inspection_labels(view: InspectionView, directory: Path) -> tuple[Path, ...]:
    """Write PNG and ZPL labels for every unit of a completed inspection.

    The label libraries (Pillow, python-barcode, qrcode) load here, on completion, so they
    cost nothing on the scan path.
    """
    # Deferred: the label libraries (Pillow, python-barcode, qrcode) load on completion.
    from inspect_tui.services.printouts.labels import write_labels_for

    return tuple(write_labels_for(label_data(view), directory))
