"""``--lang`` and ``INSPECT_TUI_LANG``: the interface's language from the command line."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from inspect_tui.cli import app
from inspect_tui.cli.root import hoist_global_options
from inspect_tui.core import translation

runner = CliRunner()


@pytest.mark.parametrize(
    ("args", "env"),
    [
        (["--lang", "fr", "decode", "SF1402590004417"], {}),
        (["decode", "SF1402590004417"], {"INSPECT_TUI_LANG": "fr"}),
    ],
)
def test_a_language_the_interface_does_not_speak_is_refused_clearly(
    args: list[str], env: dict[str, str]
) -> None:
    result = runner.invoke(app, args, env=env)
    assert result.exit_code == 2
    assert "no interface in 'fr'; choose one of en, zh_CN" in result.output
    assert "Traceback" not in result.output


def test_lang_before_the_command_chooses_the_language() -> None:
    args = hoist_global_options(["--lang", "zh_CN", "decode", "SF1402590004417"])
    result = runner.invoke(app, args, env={"INSPECT_TUI_LANG": "en"})
    assert result.exit_code == 0
    assert translation.language() == "zh_CN"
    assert translation._("Empty parcel") == "空包"


def test_a_commands_own_lang_option_stays_with_the_command() -> None:
    args = ["station", "set", "bench-1", "--lang", "zh-CN"]
    assert hoist_global_options(args) == args


def test_a_chinese_locale_speaks_chinese_and_lang_en_overrides_it() -> None:
    env = {"INSPECT_TUI_LANG": "", "LANGUAGE": "", "LC_ALL": "", "LANG": "zh_CN.UTF-8"}
    assert runner.invoke(app, ["decode", "SF1402590004417"], env=env).exit_code == 0
    assert translation.language() == "zh_CN"
    assert runner.invoke(app, ["--lang", "en", "decode", "SF1402590004417"], env=env).exit_code == 0
    assert translation.language() == "en"
