"""What the clerk does to units, their condition and the evidence, by key or command barcode.

:class:`UnitActions` adds these actions to the parcel screen (after its scans,
``ParcelScans``); ``InspectScreen`` binds them to keys and command barcodes.
"""

from __future__ import annotations

from inspect_tui.devices.photos import InboxPhoto
from inspect_tui.services.views import InspectionView
from inspect_tui.ui.desk import AnyJob, DeskJob
from inspect_tui.ui.screens.note_dialog import NoteDialog
from inspect_tui.ui.screens.parcel_scans import ParcelScans
from inspect_tui.ui.widgets.contents_panel import unit_components

TEST_RESULTS: tuple[str | None, ...] = (None, "reproduced", "not_reproduced")
"""The function test's answers, in the order the key cycles through them."""
BOX_STATES: tuple[bool | None, ...] = (None, True, False)
"""The outer box: not recorded, damaged, intact (the order the key cycles through)."""


class UnitActions(ParcelScans):
    """Selecting, removing, ticking and grading units; notes; the function test; photos."""

    # -- units -----------------------------------------------------------------------------

    def action_select(self, delta: int) -> None:
        """Pick the previous/next unit (or photo on the evidence step)."""
        if self.view.step == "evidence":
            if self.photos:
                self.photo_index = (self.photo_index + delta) % len(self.photos)
        elif self.view.units:
            ids = [unit.unit_id for unit in self.view.units]
            index = ids.index(self.selected_unit) if self.selected_unit in ids else 0
            self.selected_unit = ids[(index + delta) % len(ids)]
            self.component_cursor = 0
        self.redraw()

    def action_side(self, delta: int) -> None:
        """Move the accessory cursor (contents) or change the evidence kind (evidence)."""
        if self.view.step == "evidence":
            kinds = self.policy.evidence_kinds
            index = kinds.index(self.kind) if self.kind in kinds else 0
            self.kind = kinds[(index + delta) % len(kinds)]
        else:
            unit = self.selected()
            components = unit_components(self.view, unit) if unit else ()
            if components:
                self.component_cursor = (self.component_cursor + delta) % len(components)
        self.redraw()

    def action_remove_unit(self) -> None:
        """Take back the selected unit (scanned by mistake)."""
        self.enqueue(self.remove_intent)

    def remove_intent(self) -> AnyJob | None:
        """Remove the selected unit."""
        unit = self.selected()
        if unit is None:
            return None
        workstation = self.desk.require_workstation()
        iid = self.view.inspection_id
        return self.call(
            f"remove unit {unit.unit_id}",
            lambda: workstation.remove_unit(iid, unit.unit_id),
            done=lambda _: self.tell(f"Removed {unit.scanned_code}."),
        )

    def action_tick(self) -> None:
        """Tick (or untick) the highlighted accessory, then move to the next."""
        self.enqueue(self.tick_intent)

    def tick_intent(self) -> AnyJob | None:
        """Toggle the highlighted accessory of the selected unit."""
        unit = self.selected()
        components = unit_components(self.view, unit) if unit else ()
        if unit is None or not components:
            self.desk.show_problem("No accessories to tick: scan a unit that has some.", "warning")
            return None
        cursor = self.component_cursor % len(components)
        name = components[cursor]
        present = set(unit.components_present or ())
        present.symmetric_difference_update({name})
        ordered = [item for item in components if item in present]
        self.component_cursor = (cursor + 1) % len(components)
        workstation = self.desk.require_workstation()
        iid = self.view.inspection_id
        return self.call(
            f"tick {name}", lambda: workstation.set_components(iid, unit.unit_id, ordered)
        )

    # -- condition -------------------------------------------------------------------------

    def action_grade(self, grade: str) -> None:
        """Grade the selected unit."""
        self.enqueue(lambda: self.grade_intent(grade))

    def grade_intent(self, grade: str) -> AnyJob | None:
        """Grade the selected unit with its checklist answers; then pick the next ungraded."""
        unit = self.selected()
        if unit is None:
            self.desk.show_problem("No unit to grade: scan the unit first.", "warning")
            return None
        workstation = self.desk.require_workstation()
        iid = self.view.inspection_id
        answers = dict(self.pending_checklist.get(unit.unit_id, {}))

        def graded(view: InspectionView) -> None:
            self.pending_checklist.pop(unit.unit_id, None)
            self.tell(f"{unit.sku or unit.scanned_code}: grade {grade}.", "success")
            following = [u for u in view.units if not u.grade]
            if following:
                self.selected_unit = following[0].unit_id
                self.redraw()

        return self.call(
            f"grade {grade}",
            lambda: workstation.grade_unit(iid, unit.unit_id, grade, answers or None),
            done=graded,
        )

    def action_check(self, number: int) -> None:
        """Answer checklist question ``number`` for the selected unit (yes, then no, …)."""
        self.enqueue(lambda: self.check_intent(number))

    def check_intent(self, number: int) -> AnyJob | None:
        """Flip one checklist answer; saved at once for a graded unit, else with its grade."""
        unit = self.selected()
        items = self.policy.checklist
        if unit is None or not 1 <= number <= len(items):
            return None
        name = items[number - 1].name
        pending = self.pending_checklist.setdefault(unit.unit_id, {})
        current = pending.get(name, unit.checklist.get(name))
        answer = True if current is None else not current
        if unit.grade is None:
            pending[name] = answer
            self.redraw()
            return None
        workstation = self.desk.require_workstation()
        iid = self.view.inspection_id
        grade = unit.grade
        return self.call(
            f"checklist {name}",
            lambda: workstation.grade_unit(iid, unit.unit_id, grade, {name: answer}),
        )

    def action_test_result(self) -> None:
        """Record the function test: reproduced, not reproduced, not done."""
        self.enqueue(self.test_intent)

    def test_intent(self) -> AnyJob:
        """Cycle the function test result."""
        index = TEST_RESULTS.index(self.test_result) if self.test_result in TEST_RESULTS else 0
        result = TEST_RESULTS[(index + 1) % len(TEST_RESULTS)]
        workstation = self.desk.require_workstation()
        iid = self.view.inspection_id

        def recorded(_: InspectionView) -> None:
            self.test_result = result
            self.redraw()

        return self.call(
            "test result", lambda: workstation.set_test_result(iid, result), done=recorded
        )

    def action_outer_box(self) -> None:
        """Record the outer box: damaged, intact, not recorded."""
        self.enqueue(self.box_intent)

    def box_intent(self) -> AnyJob:
        """Cycle the outer box state."""
        index = BOX_STATES.index(self.outer_box_damaged)
        damaged = BOX_STATES[(index + 1) % len(BOX_STATES)]
        workstation = self.desk.require_workstation()
        iid = self.view.inspection_id

        def recorded(_: InspectionView) -> None:
            self.outer_box_damaged = damaged
            self.redraw()

        return self.call(
            "outer box", lambda: workstation.set_outer_box(iid, damaged), done=recorded
        )

    def action_note(self) -> None:
        """Write the selected unit's note (condition step) or the parcel's note."""
        unit = self.selected() if self.view.step == "condition" else None
        if self.view.step == "condition" and unit is not None:
            if unit.grade is None:
                self.desk.show_problem("Grade the unit first, then write its note.", "warning")
                return
            dialog = NoteDialog(
                f"Note for {unit.sku or unit.scanned_code}",
                "What you see on this unit (kept with its grade).",
                initial=unit.note,
                required=False,
            )
            self.app.push_screen(dialog, callback=lambda text: self._unit_note(unit.unit_id, text))
            return
        dialog = NoteDialog(
            f"Note for {self.view.code}",
            "Anything about the parcel the record should keep.",
            initial=self.view.note,
            required=False,
        )
        self.app.push_screen(dialog, callback=self._parcel_note)

    def _unit_note(self, unit_id: int, text: str | None) -> None:
        if text is None:
            return
        workstation = self.desk.require_workstation()
        iid = self.view.inspection_id

        def intent() -> AnyJob | None:
            unit = next((u for u in self.view.units if u.unit_id == unit_id), None)
            if unit is None or unit.grade is None:
                return None
            grade = unit.grade
            return self.call(
                "unit note", lambda: workstation.grade_unit(iid, unit_id, grade, None, text)
            )

        self.enqueue(intent)

    def _parcel_note(self, text: str | None) -> None:
        if text is None:
            return
        workstation = self.desk.require_workstation()
        iid = self.view.inspection_id
        self.enqueue(lambda: self.call("parcel note", lambda: workstation.set_note(iid, text)))

    # -- evidence --------------------------------------------------------------------------

    def action_refresh_inbox(self) -> None:
        """Read the station's photo inbox again (newest first)."""
        workstation = self.desk.require_workstation()
        self.desk.run_lookup(
            DeskJob(workstation.inbox_photos, done=self._inbox_read, what="photo inbox")
        )

    def _inbox_read(self, photos: list[InboxPhoto]) -> None:
        self.photos = list(photos)
        self.photo_index = min(self.photo_index, max(len(self.photos) - 1, 0))
        self.redraw()

    def action_attach_photo(self) -> None:
        """Attach the chosen inbox photo as the chosen kind of evidence."""
        self.enqueue(self.photo_intent)

    def photo_intent(self) -> AnyJob | None:
        """Attach on the evidence step; elsewhere, go to the evidence step first."""
        if self.view.step != "evidence":
            return self.step_intent("evidence")
        if not self.photos:
            self.desk.show_problem(
                "No photo to attach: take it with the bench camera, then F5 to refresh.",
                "warning",
            )
            return None
        photo = self.photos[self.photo_index % len(self.photos)]
        kind = self.kind
        workstation = self.desk.require_workstation()
        iid = self.view.inspection_id

        def attached(view: InspectionView) -> None:
            self.kind = self._default_kind(view)
            self.tell(f"Attached {photo.name} as {kind.replace('_', ' ')}.", "success")
            self.action_refresh_inbox()

        def vanished(_: BaseException) -> None:
            self.action_refresh_inbox()

        job = self.call(
            f"attach {photo.name}",
            lambda: workstation.attach_evidence(iid, photo.path, kind),
            done=attached,
        )
        return DeskJob(job.call, done=job.done, failed=vanished, what=job.what)
