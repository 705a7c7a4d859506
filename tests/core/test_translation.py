"""Which language the interface speaks, and how a date reads in it."""

from __future__ import annotations

from datetime import date

import pytest

from inspect_tui.core import translation
from inspect_tui.core.translation import UnknownLanguage, long_date, pick_language


@pytest.mark.parametrize(
    ("explicit", "environ", "expected"),
    [
        (None, {}, "en"),
        (None, {"LANG": "zh_CN.UTF-8"}, "zh_CN"),
        (None, {"LANG": "zh_CN.GB18030"}, "zh_CN"),
        (None, {"LANG": "en_US.UTF-8"}, "en"),
        (None, {"LANG": "C.UTF-8"}, "en"),
        (None, {"LANG": "fr_FR.UTF-8"}, "en"),
        (None, {"LANG": "en_GB.UTF-8", "LC_ALL": "zh_CN.UTF-8"}, "zh_CN"),
        (None, {"LANG": "zh_CN.UTF-8", "LC_MESSAGES": "en_US.UTF-8"}, "en"),
        (None, {"LANGUAGE": "fr:zh_CN:en", "LANG": "en_US.UTF-8"}, "zh_CN"),
        (None, {"INSPECT_TUI_LANG": "zh-CN", "LANG": "en_US.UTF-8"}, "zh_CN"),
        (None, {"INSPECT_TUI_LANG": "en", "LANG": "zh_CN.UTF-8"}, "en"),
        ("zh", {"INSPECT_TUI_LANG": "en"}, "zh_CN"),
        ("zh_Hans", {}, "zh_CN"),
        ("en", {"LANG": "zh_CN.UTF-8"}, "en"),
        ("  ", {"LANG": "zh_CN.UTF-8"}, "zh_CN"),
    ],
)
def test_the_language_comes_from_lang_then_the_variable_then_the_locale(
    explicit: str | None, environ: dict[str, str], expected: str
) -> None:
    assert pick_language(explicit, environ) == expected


@pytest.mark.parametrize(
    ("explicit", "environ"), [("fr", {}), (None, {"INSPECT_TUI_LANG": "klingon"})]
)
def test_a_language_asked_for_by_name_and_not_spoken_is_refused(
    explicit: str | None, environ: dict[str, str]
) -> None:
    with pytest.raises(UnknownLanguage, match="en, zh_CN"):
        pick_language(explicit, environ)


def test_a_date_reads_the_chinese_way_in_chinese() -> None:
    day = date(2026, 12, 7)
    assert long_date(day) == "7 December 2026"
    translation.install("zh_CN", None)
    try:
        assert long_date(day) == "2026年12月7日"
    finally:
        translation.install("en", None)
