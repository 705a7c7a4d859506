"""``inspect-tui report rejects|daily`` over parcels really inspected and reviewed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PIL import Image
from typer.testing import CliRunner

from inspect_tui.cli import app
from inspect_tui.services.demo import DEMO_SUPERVISOR_PIN, load_demo
from inspect_tui.services.inspecting.workstation import Workstation
from inspect_tui.services.review.desk import ReviewDesk

runner = CliRunner()
BENCH_TIME = datetime(2026, 11, 18, 10, 0, tzinfo=UTC)
REJECT_KEYS = {
    "code", "order_ref", "buyer_ref", "platform", "outcome", "reasons", "inspector", "station",
    "completed_at", "review",
}  # fmt: skip


@pytest.fixture
def desk_url(store_url: str, tmp_path: Path) -> str:
    """The demo store after a morning at bench-1: two rejects (one approved), one accept."""
    demo = load_demo(store_url, tmp_path / "data")
    photo = tmp_path / "photo.jpg"
    Image.new("RGB", (16, 16), (90, 90, 90)).save(photo, "JPEG")
    ws = Workstation.connect(demo.db_url, station="bench-1", operator="alice",
                             data_dir=demo.data_dir, clock=lambda: BENCH_TIME)  # fmt: skip
    try:
        view = ws.open_parcel("SF1402590004417")  # came back empty
        ws.record_weight(view.inspection_id, 90)
        for kind in ("scale_photo", "open_box_photo"):
            ws.attach_evidence(view.inspection_id, photo, kind)
        ws.decide(view.inspection_id)
        ws.complete(view.inspection_id)
        view = ws.open_parcel("DY-RT-20017")  # a different watch came back
        view = ws.record_weight(view.inspection_id, 400)
        view = ws.scan_item(view.inspection_id, "06901234567014")
        for kind in ("label_photo", "item_photo"):
            ws.attach_evidence(view.inspection_id, photo, kind)
        ws.decide(view.inspection_id)
        ws.complete(view.inspection_id)
        view = ws.open_parcel("TB-RF-880133")  # seller shipped the wrong size: accepted
        ws.attach_evidence(view.inspection_id, photo, "label_photo")
        view = ws.record_weight(view.inspection_id, 1000)
        view = ws.scan_item(view.inspection_id, "SN-RUN-42")
        ws.grade_unit(view.inspection_id, view.units[0].unit_id, "A")
        ws.decide(view.inspection_id)
        ws.complete(view.inspection_id)
    finally:
        ws.close()
    review = ReviewDesk.connect(demo.db_url, operator="sam", pin=DEMO_SUPERVISOR_PIN,
                                data_dir=demo.data_dir, clock=lambda: BENCH_TIME)  # fmt: skip
    try:
        review.approve("INS-20261118-0001", "Scale photo shows 90 g")
    finally:
        review.close()
    return store_url


def invoke(url: str, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["--db", url, "report", *args])
    return result.exit_code, result.output


def test_rejects_json_lists_the_days_rejects_with_their_review(desk_url: str) -> None:
    code, output = invoke(desk_url, "rejects", "--date", "2026-11-18", "--json")
    assert code == 0, output
    rows = json.loads(output)
    assert [row["code"] for row in rows] == ["INS-20261118-0001", "INS-20261118-0002"]
    assert all(set(row) == REJECT_KEYS for row in rows)
    first, second = rows
    assert (first["order_ref"], first["buyer_ref"], first["platform"]) == (
        "TB4015528817", "tb_wangxm", "taobao",
    )  # fmt: skip
    assert (first["outcome"], first["reasons"]) == ("reject", ["EMPTY_PARCEL"])
    assert (first["inspector"], first["station"]) == ("alice", "bench-1")
    assert datetime.fromisoformat(first["completed_at"]) == BENCH_TIME
    assert first["review"] == {
        "by": "sam", "at": BENCH_TIME.isoformat(), "decision": "approved",
        "comment": "Scale photo shows 90 g",
    }  # fmt: skip
    assert second["reasons"] == ["SWAPPED_ITEM"] and second["review"] is None


def test_rejects_of_a_range_and_of_an_empty_day(desk_url: str) -> None:
    code, output = invoke(desk_url, "rejects", "--from", "2026-11-01", "--to", "2026-11-30",
                          "--json")  # fmt: skip
    assert code == 0, output
    assert len(json.loads(output)) == 2
    code, output = invoke(desk_url, "rejects", "--date", "2026-11-17", "--json")
    assert (code, json.loads(output)) == (0, [])
    code, output = invoke(desk_url, "rejects", "--json")  # today: nothing inspected
    assert (code, json.loads(output)) == (0, [])
    code, output = invoke(desk_url, "rejects", "--date", "2026-11-17")
    assert (code, output.strip()) == (0, "No rejects on 2026-11-17.")


def test_rejects_text_is_an_aligned_table(desk_url: str) -> None:
    code, output = invoke(desk_url, "rejects", "--date", "2026-11-18")
    assert code == 0, output
    lines = output.splitlines()
    header, rows = lines[0], lines[1:3]
    for column in ("ORDER", "BUYER", "OUTCOME", "REASONS", "INSPECTOR", "REVIEW"):
        start = header.index(column)
        assert all(row[start - 2 : start] == "  " and row[start] != " " for row in rows), column
    assert "TB4015528817" in rows[0] and "approved by sam" in rows[0]
    assert rows[1].endswith("not reviewed")
    assert lines[-1] == "2 rejects on 2026-11-18: 1 reviewed, 1 not yet."


def test_daily_figures(desk_url: str) -> None:
    code, output = invoke(desk_url, "daily", "--date", "2026-11-18", "--json")
    assert code == 0, output
    data = json.loads(output)
    assert (data["start"], data["end"], data["completed"]) == ("2026-11-18", "2026-11-18", 3)
    assert data["by_outcome"] == [{"name": "reject", "count": 2}, {"name": "accept", "count": 1}]
    assert {"name": "SWAPPED_ITEM", "count": 1} in data["by_reason"]
    assert data["reject_rate"] == round(2 / 3, 4)
    assert data["money"] == [{
        "currency": "CNY", "claimed_minor": 39900 + 89900 + 35900, "paid_minor": 35900,
        "kept_minor": 39900 + 89900, "open_minor": 0,
    }]  # fmt: skip
    (alice,) = data["inspectors"]
    assert (alice["inspector"], alice["completed"], alice["rejects"]) == ("alice", 3, 2)
    assert alice["overrides"] == 0 and alice["override_rate"] == 0
    assert data["top_reject_skus"] == [{"name": "HP-100", "count": 1},
                                       {"name": "SW-200", "count": 1}]  # fmt: skip
    assert {"name": "approved", "count": 1} in data["review"]
    assert data["repeat_window_days"] == 90
    code, output = invoke(desk_url, "daily", "--date", "2026-11-18")
    assert code == 0, output
    assert output.startswith("Figures for 2026-11-18 (local time)")
    assert "reject rate: 66.7%" in output
    assert "kept 1,298.00" in output
    assert "alice" in output and "Top reject SKUs: HP-100 1 · SW-200 1" in output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["rejects", "--date", "2026-13-01"], "--date '2026-13-01' is not a day: write it as"),
        (["rejects", "--date", "18/11/2026"], "is not a day"),
        (["daily", "--date", "yesterday"], "is not a day"),
        (["rejects", "--from", "2026-11-20", "--to", "2026-11-01"], "before it starts"),
        (["rejects", "--date", "2026-11-18", "--from", "2026-11-01"], "not both"),
        (["rejects", "--to", "2026-11-18"], "--to needs --from"),
    ],
)
def test_bad_dates_exit_2_with_a_message(sqlite_url: str, args: list[str], message: str) -> None:
    result = runner.invoke(app, ["--db", sqlite_url, "report", *args])
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def run(url: str, *args: str, tz: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "inspect_tui", "report", *args, "--db", url],
        capture_output=True, text=True, check=False, env={**os.environ, "TZ": tz},
    )  # fmt: skip


def test_a_real_run_reports_local_calendar_days(desk_url: str) -> None:
    # 10:00 UTC on the 18th is already 00:00 on the 19th on Kiritimati (UTC+14).
    for tz, day, expected in [
        ("UTC", "2026-11-18", 2),
        ("Pacific/Kiritimati", "2026-11-18", 0),
        ("Pacific/Kiritimati", "2026-11-19", 2),
    ]:
        result = run(desk_url, "rejects", "--date", day, "--json", tz=tz)
        assert result.returncode == 0, result.stderr
        assert len(json.loads(result.stdout)) == expected, (tz, day)
    bad = run(desk_url, "daily", "--date", "2026-02-30", tz="UTC")
    assert bad.returncode == 2
    assert "inspect-tui: --date '2026-02-30' is not a day" in bad.stderr
    assert "Traceback" not in bad.stderr


def test_reports_in_chinese_show_the_sellers_words_and_chinese_dates(desk_url: str) -> None:
    def chinese(*args: str) -> str:
        result = runner.invoke(app, ["--lang", "zh_CN", "--db", desk_url, "report", *args])
        assert result.exit_code == 0, result.output
        return result.output

    rejects = chinese("rejects", "--date", "2026-11-18").splitlines()
    header, first = rejects[0], rejects[1]
    for column in ("验货单号", "订单", "买家", "结果", "原因", "验货员", "主管复核"):
        assert column in header, column
    assert "拒绝退款" in first and "空包" in first and "sam 已批准" in first
    assert rejects[-1] == "2026年11月18日 共 2 个拒绝：已复核 1 个，未复核 1 个。"
    daily = chinese("daily", "--from", "2026-11-17", "--to", "2026-11-18")
    assert daily.startswith("2026年11月17日 至 2026年11月18日 的数据（本地时间）")
    assert "拒绝率：66.7%" in daily and "挽回 1,298.00" in daily
    assert "拒绝退款 2 · 同意退货 1" in daily and "掉包" in daily
    assert "已批准 1" in daily and "被拒最多的商品编码：HP-100 1 · SW-200 1" in daily
    assert chinese("rejects", "--date", "2026-11-17").strip() == "2026年11月17日 没有拒绝的退货。"


def test_json_reports_keep_their_english_keys_and_codes_in_chinese(desk_url: str) -> None:
    result = runner.invoke(
        app, ["--lang", "zh_CN", "--db", desk_url, "report", "rejects", "--date", "2026-11-18",
              "--json"]
    )  # fmt: skip
    rows = json.loads(result.output)
    assert set(rows[0]) == REJECT_KEYS
    assert {row["outcome"] for row in rows} == {"reject"}
    assert ["EMPTY_PARCEL"] in [row["reasons"] for row in rows]
