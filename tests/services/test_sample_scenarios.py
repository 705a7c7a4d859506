"""Every scenario of sample_data/README.md, played through the Workstation on the demo data.

The scenarios are data (tests/scenarios.py): the codes a scanner sends, in order. ``play`` applies
them as a bench does (first code opens the parcel, a weight while none is recorded, units, command
barcodes) and the suggestion after the last one must be the README's. A second test reads the
README's table and fails when a row has no played scenario or says something else.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from inspect_tui.core.codes import decode
from inspect_tui.services.inspecting.workstation import Workstation, parse_weight_text
from inspect_tui.services.shared.errors import InvalidInput
from inspect_tui.services.shared.views import InspectionView
from scenarios import SCENARIOS, Expected, Scenario

README = Path(__file__).resolve().parents[2] / "sample_data" / "README.md"
OUTCOMES = ("accept", "partial", "reject", "escalate", "refused")


def play(ws: Workstation, codes: tuple[str, ...]) -> InspectionView:
    """Apply a scenario's codes in order, as the bench applies a scanner's burst."""
    view = ws.open_parcel(codes[0])
    iid = view.inspection_id
    for code in codes[1:]:
        view = _apply(ws, view, iid, code)
    return view


def _apply(ws: Workstation, view: InspectionView, iid: int, code: str) -> InspectionView:
    if code.startswith("KEY:"):
        what, _, value = code.removeprefix("KEY:").partition("=")
        if what == "MISSING":
            unit = view.units[-1]
            line = (
                next(x for x in view.shipment.lines if x.line_no == unit.line)
                if view.shipment
                else None
            )
            present = [c for c in (line.components if line else ()) if c != value]
            view = ws.set_components(iid, unit.unit_id, present)
            return ws.grade_unit(
                iid, unit.unit_id, unit.grade or "A", {"accessories_complete": False}
            )
        if what == "TEST-NOTE":
            return ws.set_test_result(iid, view.test_result, note=value)
        raise AssertionError(f"unknown key step {code!r}")
    decoded = decode(code)
    if decoded.kind == "command":
        return _command(ws, view, iid, decoded.command or "")
    if view.weight_g is None:
        try:
            grams = parse_weight_text(code, ws.policy)
        except InvalidInput:
            pass
        else:
            return ws.record_weight(iid, grams)
    return ws.scan_item(iid, code)


def _command(ws: Workstation, view: InspectionView, iid: int, command: str) -> InspectionView:
    if command.startswith("GRADE-"):
        return ws.grade_unit(iid, view.units[-1].unit_id, command.removeprefix("GRADE-"))
    simple = {
        "SEAL-MISSING": lambda: ws.mark_seal_missing(iid),
        "TEST-WORKS": lambda: ws.set_test_result(iid, "not_reproduced"),
        "TEST-FAILS": lambda: ws.set_test_result(iid, "reproduced"),
        "BOX-INTACT": lambda: ws.set_outer_box(iid, False),
        "BOX-DAMAGED": lambda: ws.set_outer_box(iid, True),
        "SHIPPED-THIS": lambda: ws.answer_seller_error(iid, True),
        "NOT-SHIPPED": lambda: ws.answer_seller_error(iid, False),
    }
    return simple[command]()


def _check(view: InspectionView, expected: Expected) -> None:
    got = view.suggested
    assert (got.outcome, got.reasons) == (expected.outcome, expected.reasons), got.explanations
    if expected.refund_minor is not None:
        assert got.refund_minor == expected.refund_minor
    for flag in expected.flags:
        assert any(shown.startswith(flag) for shown in view.risk_flags), view.risk_flags


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: f"{s.number}")
def test_each_scenario_ends_with_the_readme_suggestion(ws: Workstation, scenario: Scenario) -> None:
    _check(play(ws, scenario.codes), scenario.expected)


def readme_rows() -> dict[int, tuple[str, tuple[str, ...], int | None]]:
    """The README table's expected outcome, reasons and refund, by scenario number."""
    text = README.read_text(encoding="utf-8")
    rows: dict[int, tuple[str, tuple[str, ...], int | None]] = {}
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < 9 or not cells[0].isdigit():
            continue
        expected = cells[-1]
        plain = re.sub(r"\(.*?\)", "", expected)
        outcome = plain.split()[0].strip("*")
        reasons = tuple(re.findall(r"\b[A-Z][A-Z_]{3,}[A-Z]\b", plain))
        refund = re.search(r"refund ([\d.]+)", plain)
        rows[int(cells[0])] = (
            outcome,
            reasons,
            round(float(refund.group(1)) * 100) if refund else None,
        )
    return rows


def test_the_readme_table_and_the_played_scenarios_agree() -> None:
    rows = readme_rows()
    assert sorted(rows) == [s.number for s in SCENARIOS], "a README row has no played scenario"
    for scenario in SCENARIOS:
        outcome, reasons, refund = rows[scenario.number]
        assert outcome in OUTCOMES, (scenario.number, outcome)
        expected = scenario.expected
        assert (outcome, set(reasons)) == (expected.outcome, set(expected.reasons)), scenario.number
        if refund is not None:
            assert refund == expected.refund_minor, scenario.number
