"""``inspect-tui appeal`` and ``report appeals`` on a parcel rejected at the bench.

The kit is opened from disk (Pillow, hashlib); bad input must give a message in words and a
non-zero exit, never a traceback, and write nothing.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PIL import Image
from typer.testing import CliRunner, Result

from inspect_tui.cli import app
from inspect_tui.services.demo import load_demo
from inspect_tui.services.inspecting.workstation import Workstation

runner = CliRunner()
BENCH_TIME = datetime(2026, 11, 18, 10, 0, tzinfo=UTC)


class Desk:
    """The demo store with an empty parcel rejected at the bench."""

    def __init__(self, url: str, code: str) -> None:
        self.url, self.code = url, code

    def run(self, *args: str, stdin: str | None = None) -> Result:
        result = runner.invoke(app, ["--db", self.url, *args], input=stdin)
        if result.exception is not None:
            assert isinstance(result.exception, SystemExit), result.exception
        return result


@pytest.fixture
def desk(store_url: str, _isolated_home: Path, tmp_path: Path) -> Iterator[Desk]:
    demo = load_demo(store_url, _isolated_home)  # the data dir the commands use
    photo = tmp_path / "scale.jpg"
    Image.new("RGB", (2400, 1800), (120, 160, 200)).save(photo, "JPEG")
    ws = Workstation.connect(
        demo.db_url, station="bench-1", operator="alice", data_dir=demo.data_dir,
        clock=lambda: BENCH_TIME,
    )  # fmt: skip
    try:
        view = ws.open_parcel("TB-RF-880001")
        view = ws.record_weight(view.inspection_id, 35)
        view = ws.attach_evidence(view.inspection_id, photo, "scale_photo")
        view = ws.attach_evidence(view.inspection_id, photo, "open_box_photo")
        code = ws.complete(ws.decide(view.inspection_id).inspection_id).code
    finally:
        ws.close()
    yield Desk(demo.db_url, code)


def test_the_kit_from_the_command_line(desk: Desk, tmp_path: Path) -> None:
    folder = tmp_path / "kit"

    result = desk.run("appeal", desk.code, "--platform", "Douyin", "-o", str(folder))

    assert result.exit_code == 0, result.output
    assert "3 photos" in result.stdout and "/500 characters" in result.stdout
    manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
    assert manifest["kit"]["platform"] == "douyin"
    for item in manifest["files"]:
        assert hashlib.sha256((folder / item["path"]).read_bytes()).hexdigest() == item["sha256"]
    assert "空包" in (folder / "statement.txt").read_text("utf-8")
    same = desk.run(
        "appeal", "kit", desk.code, "--platform", "taobao", "-o", str(folder), "--force"
    )
    assert same.exit_code == 0, same.output
    assert json.loads((folder / "manifest.json").read_text("utf-8"))["kit"]["platform"] == "taobao"


def test_bad_kit_requests_say_what_is_wrong(desk: Desk, tmp_path: Path) -> None:
    folder = tmp_path / "kit"

    unknown_platform = desk.run("appeal", desk.code, "--platform", "jd", "-o", str(folder))
    unknown_code = desk.run(
        "appeal", "INS-20991231-0009", "--platform", "taobao", "-o", str(folder)
    )
    bad_limits = tmp_path / "limits.toml"
    bad_limits.write_text("[taobao]\nmax_photos = 'five'\n", encoding="utf-8")
    limits = desk.run("appeal", desk.code, "--platform", "taobao", "-o", str(folder),
                      "--limits", str(bad_limits))  # fmt: skip
    no_platform = desk.run("appeal", desk.code, "-o", str(folder))

    assert unknown_platform.exit_code == 2
    assert "no platform 'jd'" in unknown_platform.stderr and "taobao" in unknown_platform.stderr
    assert unknown_code.exit_code == 3 and "no inspection" in unknown_code.stderr
    assert limits.exit_code == 2 and "max_photos = 'five'" in limits.stderr
    assert no_platform.exit_code == 2 and "--platform" in no_platform.stderr
    for result in (unknown_platform, unknown_code, limits):
        assert "Traceback" not in result.output
    assert not folder.exists()


def test_recording_and_reporting_appeals(desk: Desk) -> None:
    first = desk.run("appeal", "record", desk.code, "--as", "sam", "--case", "TB-CASE-1",
                     "--opened", "2026-11-20T09:00:00+08:00", stdin="2468\n")  # fmt: skip
    won = desk.run("appeal", "record", desk.code, "--as", "sam", "--status", "won",
                   "--recovered", "399.00", stdin="2468\n")  # fmt: skip
    report = desk.run("report", "appeals", "--json")

    assert first.exit_code == 0, first.output
    assert "case TB-CASE-1" in first.stdout and "submitted" in first.stdout
    assert won.exit_code == 0, won.output
    summary = json.loads(report.stdout)
    assert summary["counts"]["won"] == 1 and summary["recovered"] == {"CNY": "399.00"}
    assert summary["appeals"][0]["deadline_at"] == "2026-11-23T01:00:00+00:00"  # 72 h later
    text = desk.run("report", "appeals")
    assert "won 1" in text.stdout and "Recovered: 399.00 CNY" in text.stdout


def test_bad_appeal_records_say_what_is_wrong(desk: Desk) -> None:
    wrong_pin = desk.run("appeal", "record", desk.code, "--as", "sam", "--case", "C-1",
                         stdin="1111\n")  # fmt: skip
    no_supervisor = desk.run("appeal", "record", desk.code, "--case", "C-1")
    status = desk.run("appeal", "record", desk.code, "--as", "sam", "--case", "C-1",
                      "--status", "pending", stdin="2468\n")  # fmt: skip
    amount = desk.run("appeal", "record", desk.code, "--as", "sam", "--case", "C-1",
                      "--recovered", "lots", stdin="2468\n")  # fmt: skip
    unknown = desk.run("appeal", "record", "INS-20991231-0009", "--as", "sam", "--case", "C-1",
                       stdin="2468\n")  # fmt: skip

    assert wrong_pin.exit_code == 1 and "PIN" in wrong_pin.stderr
    assert no_supervisor.exit_code == 2 and "--as NAME" in no_supervisor.stderr
    assert status.exit_code == 2 and "'pending' is not known" in status.stderr
    assert amount.exit_code == 2 and "not an amount" in amount.stderr
    assert unknown.exit_code == 3 and "no inspection" in unknown.stderr
    report = json.loads(desk.run("report", "appeals", "--json").stdout)
    assert report["appeals"] == []
