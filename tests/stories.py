"""Parcels a clerk really inspects through the Workstation, for tests of what comes after.

Each story opens a demo parcel, records what the clerk saw and completes it, returning the
inspection code. The supervisor's tests (service and screens) review what these leave behind.
"""

from __future__ import annotations

from pathlib import Path

from inspect_tui.services.inspecting.workstation import Workstation


def empty_parcel_reject(ws: Workstation, photo: Path) -> str:
    """TB-RF-880001 came back empty: rejected with its evidence (goes to review)."""
    view = ws.open_parcel("SF1402590004417")
    view = ws.record_weight(view.inspection_id, 90)
    ws.attach_evidence(view.inspection_id, photo, "scale_photo")
    ws.attach_evidence(view.inspection_id, photo, "open_box_photo")
    ws.decide(view.inspection_id)
    return ws.complete(view.inspection_id).code


def escalated_seller_error(ws: Workstation, photo: Path) -> str:
    """TB-RF-880133: the rules say accept (seller error); the clerk escalates instead."""
    view = ws.open_parcel("TB-RF-880133")
    ws.attach_evidence(view.inspection_id, photo, "label_photo")
    view = ws.record_weight(view.inspection_id, 1000)
    view = ws.scan_item(view.inspection_id, "SN-RUN-42")
    view = ws.grade_unit(view.inspection_id, view.units[0].unit_id, "A")
    ws.decide(view.inspection_id, "escalate", justification="Buyer says the size was right")
    return ws.complete(view.inspection_id).code


def accepted_defect(ws: Workstation, photo: Path) -> str:
    """TB-RF-880114: defect reproduced, accepted as suggested (no review needed)."""
    view = ws.open_parcel("TB-RF-880114")
    view = ws.record_weight(view.inspection_id, 1340)
    view = ws.scan_item(view.inspection_id, "KB87-2410-03318")
    view = ws.grade_unit(view.inspection_id, view.units[0].unit_id, "D")
    view = ws.set_test_result(view.inspection_id, "reproduced")
    ws.attach_evidence(view.inspection_id, photo, "test_note")
    ws.decide(view.inspection_id)
    return ws.complete(view.inspection_id).code
