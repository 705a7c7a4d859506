"""``inspect-tui export inspections``: through Typer's runner, and as a real process.

Inspections are completed with the Workstation on the demo store (SQLite and PostgreSQL); what
the command writes is read back with csv, json and openpyxl.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from inspect_tui.cli import app
from inspect_tui.services.demo import load_demo
from inspect_tui.services.inspecting.workstation import Workstation

runner = CliRunner()
BENCH_TIME = datetime(2026, 11, 18, 10, 0, tzinfo=UTC)
FORMULA = "=1+2"


@pytest.fixture
def desk(store_url: str, _isolated_home: Path) -> Iterator[str]:
    """The demo store with three completed inspections (accept, override, unmatched)."""
    demo = load_demo(store_url, _isolated_home)
    ws = Workstation.connect(
        demo.db_url,
        station="bench-1",
        operator="alice",
        data_dir=demo.data_dir,
        clock=lambda: BENCH_TIME,
    )
    try:
        view = ws.open_parcel("SF1402590004417")
        view = ws.record_weight(view.inspection_id, 515)
        view = ws.scan_item(view.inspection_id, "HP100-2411-00871")
        view = ws.grade_unit(view.inspection_id, view.units[0].unit_id, "A")
        ws.complete(ws.decide(view.inspection_id).inspection_id)
        view = ws.open_parcel("KS-TH-7781")
        view = ws.record_weight(view.inspection_id, 510)
        view = ws.scan_item(view.inspection_id, "HP100-2411-00912")
        view = ws.grade_unit(view.inspection_id, view.units[0].unit_id, "A")
        view = ws.decide(view.inspection_id, "escalate", justification=FORMULA)
        ws.complete(view.inspection_id)
        view = ws.open_unmatched("SF9999999999999", "纸箱，无单据")
        view = ws.record_weight(view.inspection_id, 300)
        ws.complete(ws.decide(view.inspection_id).inspection_id)
    finally:
        ws.close()
    yield demo.db_url


def export(url: str, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["--db", url, "export", "inspections", *args])
    assert not isinstance(result.exception, Exception) or isinstance(
        result.exception, SystemExit
    ), result.exception
    return result.exit_code, result.stdout, result.stderr


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_csv_export(desk: str, tmp_path: Path) -> None:
    out = tmp_path / "log.csv"

    code, stdout, _ = export(desk, "--format", "csv", "-o", str(out), "--tz", "UTC")

    assert code == 0
    assert f"Exported 3 inspections to {out}" in stdout
    assert out.read_bytes()[:3] == b"\xef\xbb\xbf"
    rows = read_csv(out)
    assert len(rows) == 3
    assert rows[0]["buyer_name"] == "王小明" and rows[0]["refund"] == "399.00"
    assert any(row["justification"] == "'" + FORMULA for row in rows)
    assert any(row["note"] == "纸箱，无单据" for row in rows)


def test_xlsx_export_per_unit_with_a_filter(desk: str, tmp_path: Path) -> None:
    out = tmp_path / "units.xlsx"

    code, stdout, _ = export(desk, "-o", str(out), "--units", "--outcome", "accept")

    assert code == 0, stdout
    sheet = openpyxl.load_workbook(out).active
    assert sheet is not None
    rows = list(sheet.values)
    header, data = rows[0], rows[1:]
    assert len(data) == 1
    row = dict(zip(header, data[0], strict=True))
    assert row["outcome"] == "accept" and row["unit"] == 1
    assert row["unit_serial"] == "HP100-2411-00871"
    assert row["weight_g"] == 515 and isinstance(row["weight_g"], int)


def test_several_outcomes_after_one_option(desk: str, tmp_path: Path) -> None:
    out = tmp_path / "log.csv"

    code, stdout, stderr = export(desk, "-o", str(out), "--outcome", "accept", "reject", "refused")

    assert code == 0, stderr
    rows = read_csv(out)
    assert rows and {row["outcome"] for row in rows} <= {"accept", "reject", "refused"}
    everything = tmp_path / "all.csv"
    assert export(desk, "-o", str(everything))[0] == 0
    assert len(rows) == sum(
        row["outcome"] in ("accept", "reject", "refused") for row in read_csv(everything)
    )
    code, _, stderr = export(desk, "-o", str(tmp_path / "x.csv"), "reject")
    assert code == 2 and "outcomes go after --outcome" in stderr


def test_jsonl_export_by_days(desk: str, tmp_path: Path) -> None:
    out = tmp_path / "log.jsonl"

    code, _, _ = export(
        desk, "-o", str(out), "--from", "2026-11-18", "--to", "2026-11-18", "--tz", "+08:00"
    )

    assert code == 0
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == 3
    assert lines[0]["completed_at"] == "2026-11-18T18:00:00+08:00"

    empty = tmp_path / "none.jsonl"
    code, stdout, _ = export(desk, "-o", str(empty), "--from", "2026-11-19")
    assert code == 0 and "Exported 0 inspections" in stdout
    assert empty.read_text(encoding="utf-8") == ""


def test_no_bom(desk: str, tmp_path: Path) -> None:
    out = tmp_path / "log.csv"

    code, _, _ = export(desk, "-o", str(out), "--no-bom")

    assert code == 0
    assert out.read_bytes().startswith(b"code,")


def test_existing_file_needs_force(desk: str, tmp_path: Path) -> None:
    out = tmp_path / "log.csv"
    out.write_text("old", encoding="utf-8")

    code, _, stderr = export(desk, "-o", str(out))
    assert code == 1
    assert "already exists" in stderr and "--force" in stderr
    assert out.read_text(encoding="utf-8") == "old"

    code, _, _ = export(desk, "-o", str(out), "--force")
    assert code == 0 and len(read_csv(out)) == 3


@pytest.mark.parametrize(
    ("args", "exit_code", "message"),
    [
        (["--from", "2026-02-30"], 2, "--from '2026-02-30' is not a date"),
        (["--to", "yesterday"], 2, "YYYY-MM-DD"),
        (["--tz", "Mars/Olympus"], 2, "is not a time zone"),
        (["--outcome", "rejected"], 1, "Unknown outcome 'rejected'"),
        (["--from", "2026-11-20", "--to", "2026-11-18"], 1, "starts"),
    ],
)
def test_bad_options_are_explained(
    desk: str, tmp_path: Path, args: list[str], exit_code: int, message: str
) -> None:
    out = tmp_path / "log.csv"

    code, _, stderr = export(desk, "-o", str(out), *args)

    assert code == exit_code
    assert message in stderr
    assert not out.exists()


def test_unknown_format_and_unwritable_folder(desk: str, tmp_path: Path) -> None:
    code, _, stderr = export(desk, "-o", str(tmp_path / "log.txt"))
    assert code == 2 and "--format" in stderr

    code, _, stderr = export(desk, "-o", str(tmp_path / "no" / "such" / "log.csv"))
    assert code == 1 and "does not exist" in stderr


def test_real_process_reports_a_bad_date_without_a_traceback(
    sqlite_url: str, tmp_path: Path
) -> None:
    out = tmp_path / "log.csv"
    env = {**os.environ, "INSPECT_TUI_HOME": str(tmp_path / "home")}

    bad = subprocess.run(
        [sys.executable, "-m", "inspect_tui", "export", "inspections", "-o", str(out)]
        + ["--from", "18.11.2026", "--db", sqlite_url],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    good = subprocess.run(
        [sys.executable, "-m", "inspect_tui", "--db", sqlite_url, "export", "inspections"]
        + ["-o", str(out)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )

    assert bad.returncode == 2
    assert "not a date" in bad.stderr and "Traceback" not in bad.stderr
    assert good.returncode == 0, good.stderr
    assert read_csv(out) == []


@pytest.mark.parametrize("command", ["export", "evidence"])
def test_a_file_name_too_long_is_refused_in_words(desk: str, tmp_path: Path, command: str) -> None:
    long_name = "x" * 300
    for target in (tmp_path / f"{long_name}.zip", tmp_path / long_name / "log.zip"):
        args = (
            ["export", "inspections", "--format", "csv", "-o", str(target)]
            if command == "export"
            else ["evidence", "INS-20261118-0001", "-o", str(target)]
        )
        result = runner.invoke(app, ["--db", desk, *args])
        assert isinstance(result.exception, SystemExit) or result.exception is None, (
            result.exception
        )
        assert result.exit_code != 0
        assert "at most 255" in result.stderr
    assert list(tmp_path.iterdir()) == [] or all(len(p.name) < 255 for p in tmp_path.iterdir())


def test_lang_gives_csv_and_xlsx_headers_in_words_and_leaves_the_values_as_codes(
    desk: str, tmp_path: Path
) -> None:
    csv_file, xlsx_file = tmp_path / "log.csv", tmp_path / "log.xlsx"

    code, stdout, _ = export(desk, "-o", str(csv_file), "--tz", "UTC", "--lang", "zh_CN")
    assert code == 0 and "已导出 3 个验货单到" in stdout
    assert export(desk, "-o", str(xlsx_file), "--tz", "UTC", "--lang", "zh_CN")[0] == 0

    rows = read_csv(csv_file)
    assert list(rows[0])[:3] == ["验货单号", "开始时间", "完成时间"]
    assert {"结果", "原因", "重量（克）", "退款", "去向"} <= set(rows[0])
    assert rows[0]["结果"] == "accept" and rows[0]["完成时间"] == "2026-11-18T10:00:00+00:00"
    sheet = openpyxl.load_workbook(xlsx_file, read_only=True).active
    header = [cell.value for cell in next(sheet.iter_rows(max_row=1))]
    assert header == list(rows[0])
    per_unit = tmp_path / "units.csv"
    assert export(desk, "-o", str(per_unit), "--units", "--lang", "zh_CN", "--force")[0] == 0
    assert {"商品编码", "序列号", "等级"} <= set(read_csv(per_unit)[0])


def test_without_lang_the_headers_stay_the_column_names_whatever_the_locale(
    desk: str, tmp_path: Path
) -> None:
    out, lines = tmp_path / "log.csv", tmp_path / "log.jsonl"
    chinese = {"INSPECT_TUI_LANG": "", "LANGUAGE": "", "LC_ALL": "", "LANG": "zh_CN.UTF-8"}

    result = runner.invoke(
        app, ["--db", desk, "export", "inspections", "-o", str(out)], env=chinese
    )
    assert result.exit_code == 0, result.output
    assert "已导出 3 个验货单" in result.stdout  # the message in the locale's language
    assert list(read_csv(out)[0])[:3] == ["code", "opened_at", "completed_at"]
    assert export(desk, "-o", str(lines), "--lang", "zh_CN")[0] == 0
    assert list(json.loads(lines.read_text(encoding="utf-8").splitlines()[0]))[:2] == [
        "code",
        "opened_at",
    ]


def test_an_unknown_export_language_is_refused_before_anything_is_written(
    desk: str, tmp_path: Path
) -> None:
    out = tmp_path / "log.csv"
    code, _, stderr = export(desk, "-o", str(out), "--lang", "fr")
    assert code == 2 and "no interface in 'fr'" in stderr
    assert not out.exists()
