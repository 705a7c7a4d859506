"""What a scan means at each step, and how values read on screen (pure functions)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pytest

from inspect_tui.core.policy import Policy
from inspect_tui.services.bench.reading import read_scan
from inspect_tui.services.inspecting.workstation import Workstation
from inspect_tui.services.shared.views import InspectionView
from inspect_tui.ui import format as fmt

from .helpers import HAPPY, HAPPY_GTIN, HAPPY_SERIAL, SWAP


@pytest.fixture
def opened(connect: Callable[[str], Workstation]) -> InspectionView:
    """The happy parcel, just opened (card step), through the real workstation."""
    workstation = connect("alice")
    try:
        return workstation.open_parcel(HAPPY)
    finally:
        workstation.close()


POLICY = Policy.default()


@pytest.mark.parametrize(
    ("step", "code", "action"),
    [
        ("card", "760", "weight"),
        ("weigh", "0.76 kg", "weight"),
        ("weigh", "12 oz", "weight"),
        ("weigh", HAPPY_GTIN, "unit"),  # a product barcode is a unit even at the weigh step
        ("weigh", HAPPY_SERIAL, "unit"),  # so is a serial shipped on the order
        ("weigh", "HP100-2303-00044", "unit"),  # and a serial that was not shipped
        ("weigh", "abc", "unit"),  # not a weight: a unit (the bench asks before recording it)
        ("decision", "ACCEPT", "command"),  # a word the prompt offers, typed and entered
        ("weigh", "done", "command"),
        ("contents", "760", "unit"),  # a number at the contents step is a serial, not grams
        ("contents", HAPPY_SERIAL, "unit"),
        ("contents", "CMD:ACCEPT", "command"),
        ("contents", "OP:ben", "badge"),
        ("done", SWAP, "parcel"),
        ("done", HAPPY_GTIN, "parcel"),  # the open-parcel call explains it is not a parcel
    ],
)
def test_what_a_scan_means_at_a_step(
    opened: InspectionView, step: str, code: str, action: str
) -> None:
    meaning = read_scan(code, replace(opened, step=step), POLICY)
    assert meaning.action == action


@pytest.mark.parametrize(
    ("code", "said"),
    [
        ("-5", "must be more than 0"),
        ("0", "must be more than 0"),
        ("760 xyz", "Cannot read '760 xyz' as a weight"),
        ("900kg", "parcel limit"),
    ],
)
def test_an_impossible_weight_is_refused_at_the_weigh_step(
    opened: InspectionView, code: str, said: str
) -> None:
    meaning = read_scan(code, replace(opened, step="weigh"), POLICY)
    assert meaning.action == "refuse"
    assert meaning.message is not None and said in meaning.message


def test_the_weight_is_read_in_grams(opened: InspectionView) -> None:
    assert read_scan("0.76kg", replace(opened, step="weigh"), POLICY).grams == 760


def test_another_parcels_label_is_not_a_unit(opened: InspectionView) -> None:
    meaning = read_scan(SWAP, replace(opened, step="contents"), POLICY)
    assert meaning.action == "refuse"
    assert meaning.message is not None and "not a unit" in meaning.message


def test_the_parcels_own_labels_are_not_units(opened: InspectionView) -> None:
    for code in (HAPPY, "TB4015528817", "tb-rf-880001"):
        meaning = read_scan(code, replace(opened, step="contents"), POLICY)
        assert meaning.action == "refuse", code
        assert meaning.message is not None and "on the bench" in meaning.message


def test_an_unknown_command_is_refused_with_the_known_ones(opened: InspectionView) -> None:
    meaning = read_scan("CMD:FLY", opened, POLICY)
    assert meaning.action == "refuse"
    assert meaning.message is not None and "ACCEPT" in meaning.message


@pytest.mark.parametrize(
    ("minor", "currency", "shown"),
    [
        (39900, "CNY", "¥399.00"),
        (12950, "USD", "$129.50"),
        (5, "EUR", "€0.05"),
        (1250, "SGD", "SGD 12.50"),
        (1500, "JPY", "¥1,500"),
        (None, "CNY", "—"),
        (-2000, "CNY", "-¥20.00"),
    ],
)
def test_money_is_shown_from_minor_units(minor: int | None, currency: str, shown: str) -> None:
    assert fmt.money(minor, currency) == shown


@pytest.mark.parametrize(
    ("days", "shown"),
    [(5, "5 days left"), (1, "1 day left"), (0, "last day"), (-4, "expired 4 days before")],
)
def test_the_return_window_reads_as_days(days: int, shown: str) -> None:
    assert fmt.window_text(days).startswith(shown)


def test_weights_read_like_a_scale() -> None:
    assert fmt.weight(760) == "760 g"
    assert fmt.weight(1350) == "1.35 kg"
    assert fmt.weight(None) == "—"
