"""The contents step: what the return covers against what came out of the box, unit by unit."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from inspect_tui.core.translation import _, ngettext
from inspect_tui.services.bench.unit_commands import unit_components
from inspect_tui.services.shared.views import InspectionView, LineView, UnitView
from inspect_tui.ui import format as fmt
from inspect_tui.ui.widgets.sized_by_layout import SizedByLayout

COUNTED = frozenset({"matched", "serial_needed", "serial_mismatch"})
"""Matches that fill a place on their line (core.matching.COUNTED)."""

SEVERITY_STYLES = {"ok": "$success", "warning": "bold $warning", "error": "bold $error"}


def expected_quantities(view: InspectionView) -> dict[int, int]:
    """Units expected back per line: the returned quantity, else what was shipped."""
    if view.shipment is None:
        return {}
    requested: dict[str, int] = {}
    if view.return_request is not None:
        for sku, qty in view.return_request.lines:
            requested[sku] = requested.get(sku, 0) + qty
    result: dict[int, int] = {}
    for line in view.shipment.lines:
        if requested:
            result[line.line_no] = min(line.qty, requested.get(line.sku, 0))
        else:
            result[line.line_no] = line.qty
    return result


def line_of(view: InspectionView, unit: UnitView) -> LineView | None:
    """The shipped line a unit was placed on."""
    if view.shipment is None or unit.line is None:
        return None
    return next((line for line in view.shipment.lines if line.line_no == unit.line), None)


def tally_text(view: InspectionView) -> Content:
    """Per line: expected, received, and the serials still awaited."""
    if view.shipment is None:
        return Content("")
    expected = expected_quantities(view)
    rows = [
        Content.styled(
            " "
            + "  ".join((fmt.pad(_("Line"), 4), fmt.pad(_("SKU"), 13)))
            + " "
            + " ".join((fmt.pad(_("Title"), 30), fmt.pad(_("back"), 4)))
            + "  "
            + _("in box"),
            "bold",
        )
    ]
    for line in view.shipment.lines:
        want = expected.get(line.line_no, 0)
        placed = [u for u in view.units if u.line == line.line_no and u.match in COUNTED]
        got = len(placed)
        wrong = sum(1 for u in placed if fmt.match_severity(u.match) == "error")
        if wrong:
            tally = f"{got:>5} ✗ " + ngettext(
                "{count} wrong serial", "{count} wrong serials", wrong
            ).format(count=wrong)
            style = "bold $error"
        elif got == want and want:
            tally, style = f"{got:>5} ✓", "$success"
        elif got < want:
            tally, style = f"{got:>5} …", "$warning"
        else:
            tally, style = f"{got:>5} !", "bold $error"
        rows.append(
            Content.assemble(
                f" {line.line_no:>4}  {fmt.pad(line.sku, 13)} "
                f"{fmt.fit(line.title, 30)} {want:>4}  ",
                (tally, style),
            )
        )
    for missing in view.missing:
        serials = (
            " — " + _("serial {serials}").format(serials=", ".join(missing.serials))
            if missing.serials
            else ""
        )
        still = _("Still missing: line {line} {sku} ×{count}").format(
            line=missing.line, sku=missing.sku, count=missing.missing
        )
        rows.append(Content.styled(f" {still}{serials}", "$warning"))
    return Content("\n").join(rows)


UNITS_SHOWN = 12
"""How many scanned units the panel lists at once (around the selected one)."""


def unit_window(
    units: tuple[UnitView, ...], selected: int | None, size: int = UNITS_SHOWN
) -> tuple[int, int]:
    """The slice ``[start, end)`` of ``units`` to list: the selected unit and its neighbours.

    With the newest unit selected (as after a scan) this is the last ``size`` units.
    """
    ids = [unit.unit_id for unit in units]
    index = ids.index(selected) if selected in ids else len(units) - 1
    start = max(0, min(index - size // 2, len(units) - size))
    return start, min(len(units), start + size)


def units_text(view: InspectionView, selected: int | None) -> Content:
    """Every scanned unit with how it matched; wrong ones in the error colour."""
    if not view.units:
        return Content.styled(
            " " + _("No units scanned yet: scan every unit (its barcode, then its serial)."),
            "$text-muted",
        )
    start, end = unit_window(view.units, selected)
    rows: list[Content] = [
        Content.styled(" " + _("Scanned units ({count})").format(count=len(view.units)), "bold")
    ]
    if start:
        rows.append(
            Content.styled(
                "   … " + _("{count} earlier (↑ to see them)").format(count=start), "$text-muted"
            )
        )
    for number, unit in enumerate(view.units[start:end], start=start + 1):
        severity = fmt.match_severity(unit.match)
        marker = "▶" if unit.unit_id == selected else " "
        code = unit.scanned_code
        if unit.serial and unit.serial not in code:
            code += f" + {unit.serial}"
        style = SEVERITY_STYLES[severity]
        rows.append(
            Content.assemble(
                f" {marker}{number:>3}  {fmt.pad(code, 34)} ",
                (fmt.match_label(unit.match), style),
            )
        )
        if unit.explanation and (unit.unit_id == selected or severity == "error"):
            rows.append(
                Content.styled(
                    f"        {unit.explanation}", style if severity == "error" else "$text-muted"
                )
            )
    if end < len(view.units):
        rows.append(
            Content.styled(
                "   … " + _("{count} later (↓)").format(count=len(view.units) - end), "$text-muted"
            )
        )
    return Content("\n").join(rows)


def components_text(view: InspectionView, unit: UnitView | None, cursor: int) -> Content:
    """The selected unit's accessories as check boxes, the cursor on one of them."""
    if unit is None:
        return Content("")
    components = unit_components(view, unit)
    if not components:
        return Content.styled(
            " " + _("Unit {code}: no accessories to check.").format(code=unit.scanned_code),
            "$text-muted",
        )
    present = unit.components_present
    parts: list[Content | tuple[str, str] | str] = [(" " + _("Accessories: "), "bold")]
    for index, name in enumerate(components):
        box = "?" if present is None else "✓" if name in present else " "
        style = "" if present is None else "$success" if name in present else "$error"
        if index == cursor:
            style = f"{style} reverse".strip()
        parts.append((f"[{box}] {name}", style))
        parts.append("  ")
    parts.append((_("t / TICK ticks the highlighted one · ←/→ move"), "$text-muted"))
    return Content.assemble(*parts)


class ContentsPanel(SizedByLayout, Static):
    """Live checklist of expected against received units, with accessories of one unit."""

    DEFAULT_CSS = """
    ContentsPanel {
        height: auto;
    }
    """

    def show(self, view: InspectionView, selected: int | None, component_cursor: int) -> None:
        """Draw ``view`` with unit ``selected`` and accessory ``component_cursor`` highlighted."""
        unit = next((u for u in view.units if u.unit_id == selected), None)
        parts = [
            tally_text(view),
            units_text(view, selected),
            components_text(view, unit, component_cursor),
        ]
        self.update(Content("\n\n").join(part for part in parts if part.plain))
