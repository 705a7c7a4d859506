"""The buyer's claimed reason, in the platforms' words, read as one of the rules' four claims."""

from __future__ import annotations

import pytest

from inspect_tui.core.claims import claim_code


@pytest.mark.parametrize(
    ("reason", "claim"),
    [
        ("WRONG_ITEM", "SELLER_ERROR"),
        ("wrong item sent", "SELLER_ERROR"),
        ("发错货", "SELLER_ERROR"),
        ("发错尺码：下单42码，收到41码", "SELLER_ERROR"),
        ("NO_REASON", "NO_REASON_RETURN"),
        ("七天无理由退货", "NO_REASON_RETURN"),
        ("QUALITY_ISSUE", "DEFECT_CONFIRMED"),
        ("NOT_AS_DESCRIBED", "DEFECT_CONFIRMED"),
        ("ARRIVED_DAMAGED", "TRANSIT_DAMAGE"),
        ("Arrived damaged", "TRANSIT_DAMAGE"),
    ],
)
def test_platform_words_name_a_claim(reason: str, claim: str) -> None:
    assert claim_code(reason) == claim


@pytest.mark.parametrize("reason", [None, "", "   ", "GIFT_RETURN"])
def test_unknown_words_are_no_claim(reason: str | None) -> None:
    assert claim_code(reason) is None
