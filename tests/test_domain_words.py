"""The desk's words are compared as types, never as bare strings a typo would silently break.

Outcomes, grades, steps, statuses, review states and dispositions are StrEnums in
``inspect_tui.core.vocabulary``; this test reads every source file and fails on a comparison of
one of their values written as a bare string (``outcome == "reject"``, ``status in ("open",)``,
``case "weigh":``).
"""

from __future__ import annotations

import re
from pathlib import Path

from inspect_tui.core.vocabulary import (
    Disposition,
    Grade,
    InspectionStatus,
    Outcome,
    ReviewState,
    Step,
)

SRC = Path(__file__).resolve().parents[1] / "src" / "inspect_tui"
VALUES = sorted(
    {str(m) for enum in (Outcome, Step, InspectionStatus, ReviewState, Disposition) for m in enum}
    | {str(m) for m in Grade},
    key=len,
    reverse=True,
)
WORD = "|".join(re.escape(v) for v in VALUES)
BARE = re.compile(
    rf"""(?:[=!]=\s*["']({WORD})["'])"""  # x == "reject"
    rf"""|(?:["']({WORD})["']\s*[=!]=)"""  # "reject" == x
    rf"""|(?:\bin\s*[(\[{{]\s*["']({WORD})["']\s*[,)\]}}])"""  # x in ("open", …)
    rf"""|(?:\bcase\s+["']({WORD})["'])"""  # case "weigh":
)


def bare_comparisons() -> list[str]:
    found = []
    for path in sorted(SRC.rglob("*.py")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            code = line.split("#", 1)[0]
            if BARE.search(code):
                found.append(f"{path.relative_to(SRC)}:{number}: {line.strip()}")
    return found


def test_the_pattern_catches_what_it_is_meant_to() -> None:
    for line in (
        'if outcome == "reject":',
        'x = "open" != s',
        'if g in ("C", "D"):',
        'case "weigh":',
    ):
        assert BARE.search(line), line
    for line in ('outcome = "reject"', "if outcome == Outcome.REJECT:", 'if key == "Alt":'):
        assert not BARE.search(line), line


def test_no_bare_string_comparison_of_the_desks_words() -> None:
    assert bare_comparisons() == []
