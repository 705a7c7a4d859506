"""Reference patterns that could stall decoding are refused; plain ones pass."""

from __future__ import annotations

import pytest

from inspect_tui.core.codes import DEFAULT_REFERENCE_PATTERNS, decode
from inspect_tui.core.pattern_check import pattern_problem


@pytest.mark.parametrize(
    "pattern",
    [r"(A+)+B", r"(a*)*", r"(\d+)*x", r"(x+x+)+y", r"(a|ab)*c", r"((ab)*c)+", r"(a)\1",
     r"(?=(a+)+)b", "x" * 201, "RMA-("],
)  # fmt: skip
def test_patterns_that_backtrack_are_refused(pattern: str) -> None:
    assert pattern_problem(pattern)
    with pytest.raises(ValueError, match="Reference pattern"):
        decode("A" * 26, reference_patterns=[pattern])


@pytest.mark.parametrize(
    "pattern",
    [*DEFAULT_REFERENCE_PATTERNS, r"RMA-?\d{4,}", r"TB-RF-\d{6}", r"(RMA|RT)-\d+",
     r"(\d{3}-)+\d+", r"(?:ab){2,5}", r"[A-Z]{2}\d{10}"],
)  # fmt: skip
def test_plain_patterns_pass(pattern: str) -> None:
    assert pattern_problem(pattern) is None
