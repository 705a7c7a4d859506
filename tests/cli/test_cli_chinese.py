"""The command line in Chinese: its help (chosen by ``--lang``, ``INSPECT_TUI_LANG`` or the
locale before anything is parsed) and every help text in the catalog."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer.main
from click.testing import Result
from rich.cells import cell_len
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


SAMPLES = Path(__file__).resolve().parents[2] / "sample_data"


def _zh(url: str, *args: str) -> Result:
    return runner.invoke(app, ["--lang", "zh_CN", "--db", url, *args])


def test_an_import_says_what_it_did_in_chinese(sqlite_url: str, tmp_path: Path) -> None:
    products = _zh(sqlite_url, "import", "products", str(SAMPLES / "products.csv"))
    shipments = _zh(sqlite_url, "import", "shipments", str(SAMPLES / "shipments.csv"))

    assert products.exit_code == 0, products.output
    assert "已导入 " in products.stdout and "商品：新建 11，更新 0，未变 0。" in products.stdout
    assert shipments.exit_code == 0, shipments.output
    assert "发货记录：新建 16" in shipments.stdout and "7 张照片已存为证据" in shipments.stdout
    assert "created" not in products.stdout + shipments.stdout
    bad = tmp_path / "bad.csv"
    bad.write_text("sku,title,unit_weight_g\n,No SKU,12\n", encoding="utf-8")
    rejected = _zh(sqlite_url, "import", "products", str(bad))
    assert rejected.exit_code == 1
    assert f"{bad}：未导入（1 个问题）；未写入任何内容。" in rejected.stderr


def test_stations_and_operators_are_administered_in_chinese(sqlite_url: str) -> None:
    none = _zh(sqlite_url, "operator", "list")
    added = _zh(sqlite_url, "station", "add", "bench-1", "--inbox", "/srv/inbox")
    nothing = _zh(sqlite_url, "station", "set", "bench-1")

    assert "还没有操作员：请用 `inspect-tui operator add NAME" in none.stdout
    assert added.exit_code == 0, added.output
    lines = added.stdout.splitlines()
    assert lines[:2] == ["工位 bench-1 已添加。", "bench-1"]
    assert "照片收件箱：" in added.stdout and "photo inbox" not in added.stdout
    # The values stand in one column although the labels are two cells a character wide.
    starts = {cell_len(line.rstrip().rpartition(" ")[0]) + 1 for line in lines[2:]}
    assert len(lines) == 7 and starts == {cell_len("  照片收件箱： ")}
    assert nothing.exit_code == 2 and "没有要设置的内容：请给出 --inbox" in nothing.output


def test_decode_db_scale_and_audit_speak_chinese(sqlite_url: str) -> None:
    good = runner.invoke(app, ["--lang", "zh_CN", "decode", "4006381333931"])
    bad = runner.invoke(app, ["--lang", "zh_CN", "decode", "4006381333932"])
    revision = _zh(sqlite_url, "db", "current")
    manual = runner.invoke(app, ["--lang", "zh_CN", "scale", "test", "manual"])
    audit = _zh(sqlite_url, "audit", "verify")

    assert "(有效)" in good.stdout and "(无效)" in bad.stdout and bad.exit_code == 1
    assert revision.stdout.startswith("数据库：") and "；最新：" in revision.stdout
    assert manual.exit_code == 2 and "此秤为手动录入（由验货员输入重量）" in manual.output
    assert audit.exit_code == 0, audit.output
    assert "审计链完整：已核验 " in audit.stdout and "个事件" in audit.stdout


def test_json_stays_as_scripts_read_it_in_chinese() -> None:
    decoded = runner.invoke(app, ["--lang", "zh_CN", "decode", "--json", "4006381333931"])

    assert decoded.exit_code == 0, decoded.output
    assert json.loads(decoded.stdout)["valid"] is True


def test_a_new_database_is_upgraded_from_empty_not_from_an_empty_parcel(tmp_path: Path) -> None:
    fresh = f"sqlite:///{tmp_path / 'new.db'}"

    upgraded = _zh(fresh, "db", "upgrade")

    assert upgraded.exit_code == 0, upgraded.output
    assert upgraded.stdout.startswith("数据库已从 空数据库 升级到 ")
    assert "空包" not in upgraded.stdout


def test_an_imports_problem_lines_are_in_chinese(sqlite_url: str, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "order_ref,platform,sku,qty,shipped_weight_g\nA1,ebay,X,1,heavy\n", encoding="utf-8"
    )

    rejected = _zh(sqlite_url, "import", "shipments", str(bad))

    assert rejected.exit_code == 1
    lines = rejected.stderr.splitlines()
    # Codes, column names and the cells themselves stay as the file has them.
    assert f"{bad}:2: platform: 'ebay' 不是已知的平台：应为以下之一：taobao, tmall" in lines[0]
    assert lines[1] == (f"{bad}:2: shipped_weight_g: 'heavy' 不是重量：应为以 g 计的数字，如 250")
    assert "expected" not in rejected.stderr
