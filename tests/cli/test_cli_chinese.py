"""The command line in Chinese: its help (chosen by ``--lang``, ``INSPECT_TUI_LANG`` or the
locale before anything is parsed) and every help text in the catalog."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer.main
from typer.testing import CliRunner

from inspect_tui import language
from inspect_tui.cli import app
from inspect_tui.cli.localising import asked_language
from inspect_tui.core import translation

runner = CliRunner()
CHINESE_LOCALE = {"INSPECT_TUI_LANG": "", "LANGUAGE": "", "LC_ALL": "", "LANG": "zh_CN.UTF-8"}


def test_lang_zh_cn_gives_the_root_help_in_chinese() -> None:
    result = runner.invoke(app, ["--lang", "zh_CN", "--help"])

    assert result.exit_code == 0, result.output
    assert "退货验货台的终端工作站" in result.output
    assert "选项" in result.output and "命令" in result.output  # Typer's own headings
    assert "导出验货记录。" in result.output  # a command's short help
    assert "显示此帮助并退出。" in result.output
    assert "A terminal workstation" not in result.output


def test_a_chinese_locale_gives_a_commands_help_in_chinese() -> None:
    result = runner.invoke(app, ["export", "inspections", "--help"], env=CHINESE_LOCALE)

    assert result.exit_code == 0, result.output
    assert "导出已完成的验货单" in result.output
    assert "以此语言（en、zh_CN）的文字作列标题" in result.output  # --lang's help
    assert "[必填]" in result.output and "显示此帮助并退出。" in result.output


def test_lang_en_keeps_the_help_in_english_under_a_chinese_locale() -> None:
    result = runner.invoke(app, ["--lang", "en", "report", "daily", "--help"], env=CHINESE_LOCALE)

    assert result.exit_code == 0, result.output
    assert "The figures of a day" in result.output and "Options" in result.output


def test_the_installed_command_speaks_the_locales_language(tmp_path: Path) -> None:
    """The console script as a shell runs it: only ``LANG`` says Chinese."""
    env = {
        "PATH": "/usr/bin:/bin",
        "INSPECT_TUI_HOME": str(tmp_path),
        "LANG": "zh_CN.UTF-8",
        "PYTHONPATH": os.environ.get("PYTHONPATH", ""),
    }
    result = subprocess.run(
        [sys.executable, "-m", "inspect_tui", "sheet", "--help"],
        capture_output=True,
        text=True,
        check=True,
        env=env,
        timeout=60,
    )
    assert "生成命令表：每个扫描命令一个条码和一个二维码。" in result.stdout


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--lang", "zh_CN", "decode", "X"], "zh_CN"),
        (["--lang=en", "--help"], "en"),
        (["--db", "--lang", "--lang", "zh"], "zh"),  # a value that looks like the option
        (["--db", "sqlite:///x.db", "--station", "s", "--lang", "zh_CN", "report"], "zh_CN"),
        (["station", "set", "bench-1", "--lang", "zh_CN"], None),  # the command's own option
        (["--lang"], None),
        (["--help"], None),
    ],
)
def test_the_roots_lang_is_read_before_the_commands_name(
    args: list[str], expected: str | None
) -> None:
    assert asked_language(args) == expected


def test_a_language_not_spoken_is_still_refused_when_help_is_asked() -> None:
    result = runner.invoke(app, ["--lang", "fr", "decode", "SF1402590004417"])

    assert result.exit_code == 2
    assert "no interface in 'fr'" in result.output


def _help_texts(command: typer.core.TyperGroup | typer.core.TyperCommand) -> list[str]:
    texts = [command.help or ""]
    texts += [getattr(param, "help", None) or "" for param in command.params]
    for sub in getattr(command, "commands", {}).values():
        texts += _help_texts(sub)
    return [text for text in texts if text]


def test_every_help_text_of_every_command_has_a_chinese_translation() -> None:
    """A help text written without ``N_()`` would be missing from the catalog: English left."""
    texts = _help_texts(typer.main.get_command(app))
    assert len(texts) > 150
    language.use_language("zh_CN")
    untranslated = [text for text in texts if translation._(text) == text]
    assert untranslated == []


def test_a_lookup_in_chinese_names_the_platform_reason_and_match_in_words(
    sqlite_url: str, tmp_path: Path
) -> None:
    from inspect_tui.services.demo import load_demo

    load_demo(sqlite_url, tmp_path / "data")
    chinese = runner.invoke(app, ["--lang", "zh_CN", "--db", sqlite_url, "lookup", "TB-RF-880001"])
    english = runner.invoke(app, ["--lang", "en", "--db", sqlite_url, "lookup", "TB-RF-880001"])

    assert chinese.exit_code == 0, chinese.output
    assert "淘宝 订单 TB4015528817（按退货申请号找到）" in chinese.output
    assert "退货申请 TB-RF-880001：七天无理由退货" in chinese.output
    assert "买家记录：" in chinese.output and "风险预警：" in chinese.output
    assert "Order TB4015528817 on taobao (found by rma_ref)" in english.output  # as scripts read
    missing = runner.invoke(app, ["--lang", "zh_CN", "--db", sqlite_url, "lookup", "NOPE-1"])
    assert missing.exit_code == 3 and "找不到 'NOPE-1' 对应的发货记录或退货申请" in missing.output
