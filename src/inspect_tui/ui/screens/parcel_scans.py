"""What a scan means on the parcel screen: a weight, a unit, a command, the next parcel.

:class:`ParcelScans` reads every code from the scan field against the inspection as the intents
before it leave it (see ``parcel_screen``), and says what came of it beside the scan field.
"""

from __future__ import annotations

from textual import on

from inspect_tui.services.views import InspectionView
from inspect_tui.ui import format as fmt
from inspect_tui.ui.desk import AnyJob
from inspect_tui.ui.scan_meaning import read_scan
from inspect_tui.ui.screens.parcel_screen import ParcelClosed, ParcelScreen
from inspect_tui.ui.widgets.scan_field import ScanField
from inspect_tui.ui.widgets.weight_panel import verdict_banner


class ParcelScans(ParcelScreen):
    """Scans on the parcel screen, queued as intents and reported beside the scan field."""

    @on(ScanField.Scanned)
    def code_scanned(self, message: ScanField.Scanned) -> None:
        """Queue the scan; it is read against the inspection as the previous intents leave it."""
        code = message.code
        self.enqueue(lambda: self.scan_intent(code))

    def scan_intent(self, code: str) -> AnyJob | None:
        """What a scan does at the current step."""
        meaning = read_scan(code, self.view, self.policy)
        workstation = self.desk.require_workstation()
        iid = self.view.inspection_id
        if meaning.action == "refuse":
            self.desk.show_problem(meaning.message or f"{code!r} cannot be used here.", "warning")
            return None
        if meaning.action == "command" and meaning.command:
            return self.command_intent(meaning.command)
        if meaning.action == "badge":
            self.desk.show_problem(
                "Finish this parcel (DONE) or leave it open (F10) before another operator "
                "signs in.",
                "warning",
            )
            return None
        if meaning.action == "parcel":
            self.dismiss(ParcelClosed(next_code=code))
            return None
        if meaning.action == "select_unit":
            self.selected_unit = meaning.unit_id
            self.redraw()
            return None
        if meaning.action == "weight" and meaning.grams is not None:
            grams, source = meaning.grams, self.desk.scale.name
            return self.call(
                "record weight",
                lambda: workstation.record_weight(iid, grams, source),
                done=self._weighed,
            )
        return self.call(
            f"scan unit {code}", lambda: workstation.scan_item(iid, code), done=self._unit_scanned
        )

    def _weighed(self, view: InspectionView) -> None:
        words = verdict_banner(view)
        severity = {"ok": "success", "unknown": "information", "empty": "error"}.get(
            view.weight_verdict, "warning"
        )
        self.desk.show_notice(f"Weight recorded: {fmt.weight(view.weight_g)} — {words}", severity)

    def _unit_scanned(self, view: InspectionView) -> None:
        unit = self.selected()
        if unit is None:
            return
        severity = fmt.match_severity(unit.match)
        text = f"{unit.scanned_code}: {fmt.match_label(unit.match)} — {unit.explanation}"
        if severity == "error":
            expected = "; ".join(
                f"{m.sku} {m.title} ×{m.missing}"
                + (f" (serial {', '.join(m.serials)})" if m.serials else "")
                for m in view.missing
            )
            if expected:
                text += f" Still expected: {expected}."
            self.desk.show_problem(text, toast=not self._intents)
        else:
            self.tell(text, "success" if severity == "ok" else "warning")
