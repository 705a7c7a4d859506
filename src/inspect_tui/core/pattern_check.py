"""Reference patterns that cannot stall a scan: no nested or alternating repetition.

A policy's ``references.patterns`` are regular expressions run against every scan that is not
otherwise recognised. Python's engine backtracks: a pattern such as ``(A+)+B`` takes time
doubling with each character of a scan that almost matches (26 ``A``\\ s: seconds). Such
patterns are refused when the policy is loaded, so the bench never waits on one. Refused: a
repeated group that itself holds a repetition or an alternation (``(A+)+``, ``(a|ab)*``),
back-references, and patterns longer than :data:`MAX_PATTERN`. Plain references
(``RMA-?\\d{4,}``, ``TB-RF-\\d{6}``) and fixed counts inside a repetition (``(\\d{3}-)+``)
are untouched.
"""

from __future__ import annotations

import re
from re import _parser  # type: ignore[attr-defined]
from typing import Any

MAX_PATTERN = 200
"""The longest reference pattern accepted, in characters."""

_REPEATS = {_parser.MAX_REPEAT, _parser.MIN_REPEAT, _parser.POSSESSIVE_REPEAT}
_REFERENCES = {_parser.GROUPREF, _parser.GROUPREF_EXISTS}


def pattern_problem(pattern: str) -> str | None:
    """Why ``pattern`` could make decoding a scan slow (or is not valid); None when safe."""
    if len(pattern) > MAX_PATTERN:
        return f"is {len(pattern)} characters long; at most {MAX_PATTERN}"
    try:
        parsed = _parser.parse(pattern)
    except re.error as error:
        return f"is not a valid regular expression ({error})"
    return _walk(list(parsed), inside_repeat=False)


def _walk(items: list[tuple[Any, Any]], *, inside_repeat: bool) -> str | None:
    for op, value in items:
        if op in _REFERENCES:
            return "refers back to a group (\\1); write the reference out instead"
        if op in _REPEATS:
            low, high, body = value
            if inside_repeat and high > 1 and low != high:
                return (
                    "repeats a group that itself repeats (like (A+)+), which can take "
                    "seconds on one scan; write it without the outer repetition"
                )
            problem = _walk(list(body), inside_repeat=inside_repeat or high > 1)
            if problem:
                return problem
        elif op is _parser.BRANCH:
            if inside_repeat:
                return (
                    "repeats an alternation (like (a|ab)*), which can take seconds on one "
                    "scan; list the alternatives as separate patterns"
                )
            for branch in value[1]:
                problem = _walk(list(branch), inside_repeat=inside_repeat)
                if problem:
                    return problem
        elif op is _parser.SUBPATTERN:
            problem = _walk(list(value[-1]), inside_repeat=inside_repeat)
            if problem:
                return problem
        elif op in (_parser.ASSERT, _parser.ASSERT_NOT):
            problem = _walk(list(value[1]), inside_repeat=inside_repeat)
            if problem:
                return problem
    return None
