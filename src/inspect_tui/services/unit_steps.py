"""The clerk's steps on the units in the parcel: scan, take back, grade, accessories, tests."""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import col, select

from inspect_tui.core.codes import decode
from inspect_tui.core.matching import match_scan
from inspect_tui.services import inspection_view
from inspect_tui.services.errors import InvalidInput
from inspect_tui.services.input_limits import MAX_NOTE, MAX_SCAN, MAX_SERIAL, bounded
from inspect_tui.services.station_base import StationBase
from inspect_tui.services.views import InspectionView
from inspect_tui.store.models import Evidence, InspectionUnit


class UnitSteps(StationBase):
    """Scanning and grading the units taken out of the parcel."""

    def scan_item(self, inspection_id: int, code: str) -> InspectionView:
        """Record one unit taken out of the parcel and match it to the shipment."""
        text = code.strip()
        if not text or not text.isprintable():
            raise InvalidInput("That scan was empty or garbled: scan the unit again.")
        text = bounded(text, "The scanned code", MAX_SCAN)
        decoded = decode(text, reference_patterns=self.policy.reference_patterns)
        if decoded.kind in ("command", "badge"):
            raise InvalidInput(f"{text!r} is a {decoded.kind} barcode, not a unit.")
        if decoded.kind in ("gtin", "gs1") and not decoded.valid:
            raise InvalidInput(decoded.error or f"{text!r} could not be read: scan it again.")
        with self._write() as session:
            inspection = self._open(session, inspection_id)
            loaded = inspection_view.load(
                session, inspection, self.policy, self.evidence_dir, self.clock()
            )
            if loaded.state.shipment is None:
                raise InvalidInput("This parcel matches no shipment: describe it in the note.")
            if decoded.kind in ("tracking", "reference") and not decoded.gtin:
                raise InvalidInput(
                    f"{text!r} looks like a parcel or order code, not a unit: scan the unit's "
                    "own barcode or serial."
                )
            found = match_scan(
                loaded.state.shipment.lines,
                loaded.state.units,
                text=text,
                gtin=decoded.gtin,
                serial=decoded.serial,
            )
            if found.serial and len(found.serial) > MAX_SERIAL:
                raise InvalidInput(
                    f"A serial number is at most {MAX_SERIAL} characters; this one has "
                    f"{len(found.serial)}: scan the unit's own serial barcode."
                )
            if found.completes_unit_id is not None:
                unit = session.get(InspectionUnit, found.completes_unit_id)
                assert unit is not None
                unit.serial, unit.match = found.serial, found.match
            else:
                unit = InspectionUnit(
                    inspection_id=inspection_id,
                    line_no=found.line_no,
                    scanned_code=text,
                    sku=found.sku,
                    gtin=found.gtin,
                    serial=found.serial,
                    match=found.match,
                    scanned_at=self.clock(),
                )
            session.add(unit)
            inspection.step = "contents"
            return self._step(
                session,
                inspection,
                "inspection.scan",
                {"code": text, "match": found.match, "line": found.line_no, "serial": found.serial},
            )

    def remove_unit(self, inspection_id: int, unit_id: int) -> InspectionView:
        """Take back a unit scanned by mistake."""
        with self._write() as session:
            inspection = self._open(session, inspection_id)
            unit = self._unit(session, inspection_id, unit_id)
            for row in session.exec(select(Evidence).where(col(Evidence.unit_id) == unit_id)):
                row.unit_id = None
                session.add(row)
            session.delete(unit)
            return self._step(
                session,
                inspection,
                "inspection.unscan",
                {"unit_id": unit_id, "code": unit.scanned_code},
            )

    def grade_unit(
        self,
        inspection_id: int,
        unit_id: int,
        grade: str,
        checklist: dict[str, bool] | None = None,
        note: str | None = None,
    ) -> InspectionView:
        """Grade one unit (A–D, X) with the checklist answers and a note."""
        grade = bounded(grade, "The grade", 8).upper()
        note = bounded(note, "The note", MAX_NOTE, lines=True) if note is not None else None
        known = [g.code for g in self.policy.grades]
        if grade not in known:
            raise InvalidInput(f"Grade {grade!r} is not known: use one of {', '.join(known)}.")
        checks = [item.name for item in self.policy.checklist]
        for name in checklist or {}:
            if name not in checks:
                raise InvalidInput(f"Checklist item {name!r} is not known: {', '.join(checks)}.")
        with self._write() as session:
            inspection = self._open(session, inspection_id)
            unit = self._unit(session, inspection_id, unit_id)
            unit.grade = grade
            if checklist is not None:
                unit.checklist = {**unit.checklist, **{k: bool(v) for k, v in checklist.items()}}
            if note is not None:
                unit.note = note.strip()
            session.add(unit)
            inspection.step = "condition"
            return self._step(
                session,
                inspection,
                "inspection.grade",
                {"unit_id": unit_id, "grade": grade, "checklist": checklist or {}, "note": note},
            )

    def set_components(
        self, inspection_id: int, unit_id: int, present: Sequence[str]
    ) -> InspectionView:
        """Record which of the unit's accessories came back."""
        with self._write() as session:
            inspection = self._open(session, inspection_id)
            unit = self._unit(session, inspection_id, unit_id)
            loaded = inspection_view.load(
                session, inspection, self.policy, self.evidence_dir, self.clock()
            )
            line = (
                loaded.state.shipment.line(unit.line_no)
                if (loaded.state.shipment and unit.line_no)
                else None
            )
            allowed = list(line.components) if line else []
            unknown = [name for name in present if name not in allowed]
            if unknown:
                raise InvalidInput(
                    f"{', '.join(unknown)} is not an accessory of this unit "
                    f"({', '.join(allowed) or 'it has none'})."
                )
            unit.components_present = list(present)
            unit.checklist = {
                **unit.checklist,
                "accessories_complete": set(present) >= set(allowed),
            }
            session.add(unit)
            return self._step(
                session,
                inspection,
                "inspection.components",
                {"unit_id": unit_id, "present": list(present)},
            )

    def set_test_result(self, inspection_id: int, result: str | None) -> InspectionView:
        """Record the clerk's function test of a claimed defect."""
        if result not in (None, "reproduced", "not_reproduced"):
            raise InvalidInput("A test result is 'reproduced' or 'not_reproduced'.")
        with self._write() as session:
            inspection = self._open(session, inspection_id)
            inspection.test_result = result
            return self._step(session, inspection, "inspection.test", {"result": result})

    def set_outer_box(self, inspection_id: int, damaged: bool | None) -> InspectionView:
        """Record whether the parcel's outer packaging arrived damaged (transit damage)."""
        with self._write() as session:
            inspection = self._open(session, inspection_id)
            inspection.outer_box_damaged = damaged
            return self._step(session, inspection, "inspection.outer_box", {"damaged": damaged})
