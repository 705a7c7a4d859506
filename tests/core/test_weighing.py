"""The scale: expected weight, the empty/light/ok/heavy verdict, and typed weights."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from inspect_tui.core.policy import Policy, policy_from_toml
from inspect_tui.core.weighing import (
    ExpectedWeight,
    ImpossibleWeight,
    expected_weight,
    parse_weight,
    validate_weight,
    verdict,
)

if TYPE_CHECKING:
    from conftest import Builders


def test_shipped_weight_is_used_when_recorded(build: Builders, policy: Policy) -> None:
    assert expected_weight(build.shipment(), policy) == ExpectedWeight(760, "shipped")


def test_catalog_weights_plus_packaging_without_a_shipped_weight(
    build: Builders, policy: Policy
) -> None:
    shipment = build.shipment(shipped_weight_g=None)
    # 300 g earbuds + 2 x 60 g cases = 420 g goods; packaging 150 g + 10 % of 420 g = 42 g.
    assert expected_weight(shipment, policy) == ExpectedWeight(612, "catalog")


def test_partial_return_uses_catalog_weight_of_the_returned_lines(
    build: Builders, policy: Policy
) -> None:
    shipment = build.shipment()
    only_cases = (build.phone_case(qty=1),)
    # 60 g + 150 g packaging + 6 g
    assert expected_weight(shipment, policy, lines=only_cases) == ExpectedWeight(216, "catalog")


def test_unknown_when_a_catalog_weight_is_missing(build: Builders, policy: Policy) -> None:
    shipment = build.shipment(
        [build.earbuds(unit_weight_g=None), build.phone_case()], shipped_weight_g=None
    )
    assert expected_weight(shipment, policy) == ExpectedWeight(None, "unknown")


@pytest.mark.parametrize(
    ("grams", "expected_verdict"),
    [
        (95, "empty"),
        (190, "empty"),
        (191, "light"),
        (683, "light"),
        (684, "ok"),
        (760, "ok"),
        (836, "ok"),
        (837, "heavy"),
    ],
)
def test_verdict_thresholds(grams: int, expected_verdict: str, policy: Policy) -> None:
    # 760 g expected: empty at <= 25 % (190 g); tolerance max(50 g, 10 %) = 76 g.
    result = verdict(grams, ExpectedWeight(760, "shipped"), policy)
    assert result.verdict == expected_verdict
    assert result.ratio == pytest.approx(grams / 760)


def test_empty_explanation_reads_like_the_bench(policy: Policy) -> None:
    result = verdict(95, ExpectedWeight(760, "shipped"), policy)
    assert result.explanation == (
        "Parcel weighs 95 g; the shipment weighed 760 g (12 %). Empty-parcel threshold: 25 %."
    )


def test_light_and_catalog_explanations(policy: Policy) -> None:
    result = verdict(500, ExpectedWeight(612, "catalog"), policy)
    assert result.verdict == "light"
    assert "catalog weight with packaging is 612 g" in result.explanation
    assert "112 g light" in result.explanation


def test_small_parcels_use_the_gram_tolerance(policy: Policy) -> None:
    assert verdict(160, ExpectedWeight(200, "shipped"), policy).verdict == "ok"
    assert verdict(149, ExpectedWeight(200, "shipped"), policy).verdict == "light"


def test_unknown_when_either_side_is_missing(policy: Policy) -> None:
    no_weight = verdict(None, ExpectedWeight(760, "shipped"), policy)
    assert (no_weight.verdict, no_weight.ratio) == ("unknown", None)
    assert "put the parcel on the scale" in no_weight.explanation
    no_reference = verdict(700, ExpectedWeight(None, "unknown"), policy)
    assert no_reference.verdict == "unknown"
    assert "700 g" in no_reference.explanation


def test_policy_threshold_changes_the_verdict() -> None:
    strict = policy_from_toml("[weight]\nempty_ratio = 0.1")
    assert verdict(95, ExpectedWeight(760, "shipped"), strict).verdict == "light"


@pytest.mark.parametrize(
    ("text", "grams"),
    [
        ("760", 760),
        ("760 g", 760),
        ("760G", 760),
        ("0.76 kg", 760),
        ("1.2kg", 1200),
        ("12 oz", 340),
        ("1.5 lb", 680),
        ("1.5 lbs", 680),
        (" 2 公斤 ", 2000),
        ("1.2斤", 600),
        ("759.5", 760),
    ],
)
def test_parse_weight_reads_typed_weights(text: str, grams: int) -> None:
    assert parse_weight(text) == grams


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ("abc", "Cannot read 'abc' as a weight"),
        ("", "Cannot read '' as a weight"),
        ("760 stone", "Cannot read '760 stone'"),
        ("-5", "must be more than 0"),
        ("0", "'0' is not a parcel weight"),
        ("900 kg", "more than the 70 kg parcel limit"),
        ("0.2", "0 g is not a parcel weight"),
    ],
)
def test_parse_weight_refuses_with_what_to_type(text: str, hint: str) -> None:
    with pytest.raises(ImpossibleWeight) as error:
        parse_weight(text)
    assert hint in str(error.value)
    assert "0.76 kg" in str(error.value)


def test_validate_weight_limits() -> None:
    validate_weight(1)
    validate_weight(70_000)
    with pytest.raises(ImpossibleWeight, match="not a parcel weight"):
        validate_weight(0)
    with pytest.raises(ImpossibleWeight, match="70 kg parcel limit"):
        validate_weight(70_001)
    with pytest.raises(ImpossibleWeight, match="30 kg parcel limit"):
        validate_weight(30_001, max_g=30_000)
    assert parse_weight("25 kg", max_g=30_000) == 25_000
