"""The clerk's steps on the units in the parcel: scan, take back, grade, accessories, tests."""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import Session, col, select

from inspect_tui.core.codes import decode
from inspect_tui.core.matching import match_scan
from inspect_tui.core.seals import seal_state
from inspect_tui.core.translation import N_, _
from inspect_tui.services.inspecting.station_base import StationBase
from inspect_tui.services.inspecting.unit_codes import place_on_line, place_unknown
from inspect_tui.services.records import inspection_view
from inspect_tui.services.shared.errors import InvalidInput
from inspect_tui.services.shared.input_limits import MAX_NOTE, MAX_SCAN, MAX_SERIAL, bounded
from inspect_tui.services.shared.views import InspectionView
from inspect_tui.store.models import Evidence, Inspection, InspectionUnit


class UnitSteps(StationBase):
    """Scanning and grading the units taken out of the parcel."""

    def scan_item(
        self,
        inspection_id: int,
        code: str,
        *,
        foreign_ok: bool = False,
        line_no: int | None = None,
    ) -> InspectionView:
        """Record one unit (or seal tag) taken out of the parcel and match it to the shipment.

        A seal id of the shipment records the seal as present; a seal-like id that is not the
        shipment's is a seal mismatch; neither is a unit. A code the catalog knows as another
        product is a foreign unit at once; a code nobody knows needs ``foreign_ok`` (the clerk's
        confirmation). ``line_no`` places a bare serial on that line of the order.

        Raises:
            InvalidInput: a garbled, command, parcel or unreadable code.
            ForeignItemUnconfirmed: nobody knows the code and ``foreign_ok`` is False.
            SerialNeedsProduct: a serial of one of several serialized products: pass ``line_no``.
        """
        text = code.strip()
        if not text or not text.isprintable():
            raise InvalidInput(_("That scan was empty or garbled: scan the unit again."))
        text = bounded(text, N_("The scanned code"), MAX_SCAN)
        decoded = decode(text, reference_patterns=self.policy.reference_patterns)
        if decoded.kind in ("command", "badge"):
            raise InvalidInput(
                _("{text!r} is a {kind} barcode, not a unit.").format(text=text, kind=decoded.kind)
            )
        if decoded.kind in ("gtin", "gs1") and not decoded.valid:
            raise InvalidInput(decoded.error or f"{text!r} could not be read: scan it again.")
        with self._write() as session:
            inspection = self._open(session, inspection_id)
            loaded = inspection_view.load(
                session, inspection, self.policy, self.evidence_dir, self.clock()
            )
            shipment = loaded.state.shipment
            if shipment is None or loaded.shipment is None:
                raise InvalidInput(_("This parcel matches no shipment: describe it in the note."))
            seal = seal_state(shipment.seal_ids, text, self.policy.seal_patterns)
            if seal is not None:
                return self._record_seal(session, inspection, *seal)
            if decoded.kind in ("tracking", "reference") and not decoded.gtin:
                raise InvalidInput(
                    _(
                        "{text!r} looks like a parcel or order code, not a unit: scan the unit's "
                        "own barcode or serial."
                    ).format(text=text)
                )
            units = loaded.state.units
            if line_no is not None:
                found = place_on_line(shipment.lines, units, text, line_no)
            else:
                found = match_scan(
                    shipment.lines, units, text=text, gtin=decoded.gtin, serial=decoded.serial
                )
                if found.match == "unexpected":
                    found = place_unknown(
                        session,
                        loaded.shipment,
                        shipment.lines,
                        units,
                        text,
                        decoded,
                        found,
                        foreign_ok=foreign_ok,
                    )
            if found.serial and len(found.serial) > MAX_SERIAL:
                raise InvalidInput(
                    _(
                        "A serial number is at most {max_serial} characters; this one has {count}: "
                        "scan the unit's own serial barcode."
                    ).format(max_serial=MAX_SERIAL, count=len(found.serial))
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
                {
                    "code": text,
                    "match": found.match,
                    "line": found.line_no,
                    "serial": found.serial,
                    "foreign_ok": foreign_ok,
                },
            )

    def mark_seal_missing(self, inspection_id: int, seal_id: str | None = None) -> InspectionView:
        """Record that a seal fixed before shipping is missing or broken.

        ``seal_id`` may be left out when exactly one of the shipment's seals is still unchecked.
        """
        with self._write() as session:
            inspection = self._open(session, inspection_id)
            loaded = inspection_view.load(
                session, inspection, self.policy, self.evidence_dir, self.clock()
            )
            expected = loaded.shipment.seal_ids if loaded.shipment else ()
            if not expected:
                raise InvalidInput(_("This order was shipped without a seal tag: nothing to mark."))
            if seal_id is None:
                done = {s.casefold() for s in inspection.seals or {}}
                left = [s for s in expected if s.casefold() not in done] or list(expected)
                if len(left) > 1:
                    raise InvalidInput(
                        _("Which seal is missing? This order has {items}: pick one.").format(
                            items=", ".join(left)
                        )
                    )
                seal_id = left[0]
            wanted = next((s for s in expected if s.casefold() == seal_id.strip().casefold()), None)
            if wanted is None:
                raise InvalidInput(
                    _("{seal_id} is not a seal of this order ({items}).").format(
                        seal_id=seal_id, items=", ".join(expected)
                    )
                )
            return self._record_seal(session, inspection, wanted, "missing")

    def _record_seal(
        self, session: Session, inspection: Inspection, seal_id: str, state: str
    ) -> InspectionView:
        seals = {
            k: v for k, v in (inspection.seals or {}).items() if k.casefold() != seal_id.casefold()
        }
        inspection.seals = {**seals, seal_id: state}
        return self._step(session, inspection, "inspection.seal", {"seal": seal_id, "state": state})

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
        grade = bounded(grade, N_("The grade"), 8).upper()
        note = bounded(note, N_("The note"), MAX_NOTE, lines=True) if note is not None else None
        known = [g.code for g in self.policy.grades]
        if grade not in known:
            raise InvalidInput(
                _("Grade {grade!r} is not known: use one of {items}.").format(
                    grade=grade, items=", ".join(known)
                )
            )
        checks = [item.name for item in self.policy.checklist]
        for name in checklist or {}:
            if name not in checks:
                raise InvalidInput(
                    _("Checklist item {name!r} is not known: {items}.").format(
                        name=name, items=", ".join(checks)
                    )
                )
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
                    _("{unknown} is not an accessory of this unit ({allowed}).").format(
                        unknown=", ".join(unknown), allowed=", ".join(allowed) or _("it has none")
                    )
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

    def set_test_result(
        self, inspection_id: int, result: str | None, note: str | None = None
    ) -> InspectionView:
        """Record the clerk's function test of a claimed defect, with what was tried.

        A recorded result with a note (this one, or the parcel's note) is the ``test_note``
        evidence that DEFECT_CONFIRMED and DEFECT_NOT_FOUND require. ``note=None`` keeps the
        note recorded before.
        """
        if result not in (None, "reproduced", "not_reproduced"):
            raise InvalidInput(_("A test result is 'reproduced' or 'not_reproduced'."))
        with self._write() as session:
            inspection = self._open(session, inspection_id)
            inspection.test_result = result
            if note is not None:
                inspection.test_note = note.strip()
            return self._step(
                session,
                inspection,
                "inspection.test",
                {"result": result, "note": inspection.test_note},
            )

    def answer_seller_error(self, inspection_id: int, shipped_this: bool) -> InspectionView:
        """The clerk's answer to "is this what we shipped?" after comparing the returned item
        with the pre-shipment photo: True is the seller's error (accept), False a swap (reject,
        with the pre-shipment photo as evidence)."""
        with self._write() as session:
            inspection = self._open(session, inspection_id)
            loaded = inspection_view.load(
                session, inspection, self.policy, self.evidence_dir, self.clock()
            )
            asked = inspection.seller_error_answer is not None or any(
                f.code == "claim.seller_error_question" for f in loaded.assessment.findings
            )
            if not asked:
                raise InvalidInput(
                    _(
                        "There is no question about what was shipped on this parcel: nothing to "
                        "answer."
                    )
                )
            inspection.seller_error_answer = bool(shipped_this)
            return self._step(
                session, inspection, "inspection.seller_error", {"shipped_this": bool(shipped_this)}
            )

    def set_outer_box(self, inspection_id: int, damaged: bool | None) -> InspectionView:
        """Record whether the parcel's outer packaging arrived damaged (transit damage)."""
        with self._write() as session:
            inspection = self._open(session, inspection_id)
            inspection.outer_box_damaged = damaged
            return self._step(session, inspection, "inspection.outer_box", {"damaged": damaged})
