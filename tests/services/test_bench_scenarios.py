"""Every sample scenario played as one burst through the bench controller.

The codes are those of ``tests/scenarios.py`` (the sample_data/README.md table as a scanner sends
it); the steps no barcode carries go in as the bench commands their keys run. The suggestion at
the end must be the README's.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from inspect_tui.services.bench.controller import BenchController
from inspect_tui.services.demo import DemoStore
from inspect_tui.services.inspecting.workstation import Workstation
from scenarios import SCENARIOS, Scenario

BENCH_TIME = datetime(2026, 11, 18, 10, 0, tzinfo=UTC)


@pytest.fixture
def bench(demo: DemoStore) -> Iterator[BenchController]:
    controller = BenchController(
        lambda operator: Workstation.connect(
            demo.db_url,
            station="bench-1",
            operator=operator,
            data_dir=demo.data_dir,
            clock=lambda: BENCH_TIME,
        )
    )
    controller.sign_in("alice")
    yield controller
    controller.close()


KEY_COMMANDS = {"MISSING": "mark_missing", "TEST-NOTE": "test_note"}


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: f"{s.number}")
def test_each_scenario_as_a_burst_ends_with_the_readme_suggestion(
    bench: BenchController, scenario: Scenario
) -> None:
    for code in scenario.codes:
        if code.startswith("KEY:"):
            what, _, value = code.removeprefix("KEY:").partition("=")
            bench.command(KEY_COMMANDS[what], value)
        else:
            bench.scan(code)
    view = bench.state.view
    assert view is not None and view.scanned_code == scenario.codes[0]
    got, expected = view.suggested, scenario.expected
    assert (got.outcome, got.reasons) == (expected.outcome, expected.reasons), got.explanations
    if expected.refund_minor is not None:
        assert got.refund_minor == expected.refund_minor
    for flag in expected.flags:
        assert any(shown.startswith(flag) for shown in view.risk_flags), view.risk_flags
