"""``inspect-tui decode`` and ``inspect-tui policy show`` from the command line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from inspect_tui.cli import app

runner = CliRunner()


def test_decode_json_gs1() -> None:
    result = runner.invoke(app, ["decode", "]C10106901234567014|21HP100-2411-00871", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["kind"] == "gs1" and data["valid"] is True
    assert data["gtin"] == "06901234567014"
    assert data["serial"] == "HP100-2411-00871"
    assert data["symbology"]
    assert data["error"] is None


def test_decode_reports_a_wrong_check_digit() -> None:
    result = runner.invoke(app, ["decode", "4006381333932", "--json"])
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert data["kind"] == "gtin" and data["valid"] is False
    assert "expected 1" in data["error"]


def test_decode_garbage_in_a_real_process() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "inspect_tui", "decode", "\x07\x1b[31mnoise", "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1, result.stderr
    assert json.loads(result.stdout)["kind"] == "unknown"


def test_decode_exits_1_for_a_code_it_cannot_read() -> None:
    unreadable = runner.invoke(app, ["decode", "hello world"])
    assert unreadable.exit_code == 1
    assert "Not a parcel, product or command code" in unreadable.stdout
    assert runner.invoke(app, ["decode", "SF1402590004417"]).exit_code == 0


def test_policy_show_prints_loadable_toml(tmp_path: Path) -> None:
    import tomllib

    result = runner.invoke(app, ["policy", "show"])
    assert result.exit_code == 0, result.output
    data = tomllib.loads(result.output)
    assert data["weight"]["empty_ratio"] == 0.25
    override = tmp_path / "policy.toml"
    override.write_text("[weight]\nempty_ratio = 0.3\n", encoding="utf-8")
    result = runner.invoke(app, ["policy", "show", "--file", str(override)])
    assert tomllib.loads(result.output)["weight"]["empty_ratio"] == 0.3


def test_policy_show_names_a_bad_key(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[wieght]\nempty_ratio = 0.3\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "inspect_tui", "policy", "show", "--file", str(bad)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "wieght" in result.stderr
    assert "Traceback" not in result.stderr
