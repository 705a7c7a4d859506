"""The supervisor desk in Simplified Chinese: a parcel's story, the dashboard, the export.

Alice really inspects the parcels at the bench; sam reviews them through the real app with the
interface in Chinese. Each screen is read back as the terminal shows it: its Chinese words are
there and none of its English labels is left.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, SelectionList, Static

from inspect_tui.services.inspecting.workstation import Workstation
from inspect_tui.services.shared.errors import DeskError
from inspect_tui.ui.app import InspectApp
from inspect_tui.ui.screens.dashboard import DashboardScreen
from inspect_tui.ui.screens.export_screen import ExportScreen
from inspect_tui.ui.screens.note_dialog import NoteDialog
from inspect_tui.ui.screens.review_queue import ReviewQueueScreen

from . import test_supervisor as supervisor
from .helpers import settle
from .test_snapshots import SnapCompare
from .test_supervisor import (
    Bench,
    enter_desk,
    open_detail,
    overturn_to_reject,
    wait_for,
)
from .test_zh_cn import footer_words

pytestmark = pytest.mark.usefixtures("zh_cn")

bench = supervisor.bench
open_review = supervisor.open_review
desk_app = supervisor.desk_app

DETAIL_ENGLISH = (
    "Shipped vs received", "Findings", "Evidence", "Timeline", "Before shipping",
    "At the bench", "Suggested", "refund", "inspected by", "completed", "Waiting for",
    "Review", "Shipped", "Received", "Who", "Step", "Details", "Kind", "From", "Check",
    "g shipped", "expected", "missing", "packing", "order", "buyer", "weigh", "decide",
    "Return ", "back by", "Approve", "Overturn", "Reopen", "Evidence pack", "Appeal",
    "Leave desk", "supervisor",
)  # fmt: skip
"""Every English label of the detail (a word found inside the data would be a false alarm)."""

DASHBOARD_ENGLISH = (
    "Desk figures", "Today", "Last 30 days", "Parcels", "Completed", "Outcomes",
    "Reject rate", "Refunds", "kept", "paid", "claimed", "Review", "Inspectors",
    "Inspector", "Rejects", "Overrides", "Override rate", "Overturned", "Avg min",
    "Repeat offenders", "Most rejected", "Rejected", "Buyer", "Platform", "Returns",
    "Value", "Appeals", "Due within", "recovered", "submitted", "loading", "nobody",
    "Refresh", "Back", "supervisor", "parcels",
)  # fmt: skip

EXPORT_ENGLISH = (
    "Export the inspection log", "Completed from", "Outcomes", "none ticked", "Format",
    "Byte-order mark", "One row per unit", "File", "Replace an existing file", "Export",
    "Fill in the form", "Back / cancel", "Accept", "Partial refund", "Reject", "supervisor",
)  # fmt: skip


def screen_text(app: InspectApp) -> str:
    """What the terminal shows, as text (the screenshot's characters, no styles)."""
    svg = app.export_screenshot()
    svg = re.sub(r"<style.*?</style>", "", svg, flags=re.DOTALL)
    svg = re.sub(r"<(defs|clipPath)\b.*?</\1>", "", svg, flags=re.DOTALL)
    lines = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    return html.unescape("".join(lines)).replace("\xa0", " ")


def english_left(text: str, labels: tuple[str, ...]) -> list[str]:
    return [label for label in labels if re.search(rf"\b{re.escape(label)}\b", text)]


def headings(app: InspectApp, selector: str) -> list[str]:
    table = app.screen.query_one(selector, DataTable)
    return [str(column.label) for column in table.columns.values()]


async def open_dashboard(pilot: Pilot[None]) -> DashboardScreen:
    await enter_desk(pilot)
    await pilot.press("d")
    app = pilot.app
    await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen))
    screen = app.screen
    assert isinstance(screen, DashboardScreen)
    await wait_for(pilot, lambda: not screen.busy and screen.offenders is not None)
    pilot.app.clear_notifications()
    await pilot.pause()
    return screen


async def open_export(pilot: Pilot[None]) -> ExportScreen:
    await enter_desk(pilot)
    await pilot.press("x")
    app = pilot.app
    await wait_for(pilot, lambda: isinstance(app.screen, ExportScreen))
    pilot.app.clear_notifications()
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, ExportScreen)
    return screen


async def test_a_parcels_story_reads_in_chinese(desk_app: InspectApp, bench: Bench) -> None:
    async with desk_app.run_test(size=(200, 100)) as pilot:
        await enter_desk(pilot)
        await open_detail(pilot, bench.empty)
        desk_app.clear_notifications()
        await settle(pilot)
        text = screen_text(desk_app)
        for words in ("复核", "拒绝退款", "空包 EMPTY_PARCEL", "退款 ¥0.00", "验货员 alice",
                      "建议：", "等待你复核", "发出与收到对比", "发现", "证据", "时间线",
                      "发货前", "验货时", "重量", "发货 520 g", "缺 1 件", "淘宝 · 订单",
                      "买家", "主管 sam"):  # fmt: skip
            assert words in text, words
        assert headings(desk_app, "#story-side")[1:3] == ["发货", "实收"]
        assert headings(desk_app, "#story-timeline") == ["时间", "操作人", "步骤", "详情"]
        assert headings(desk_app, "#story-evidence")[:3] == ["类型", "来源", "文件"]
        steps = desk_app.screen.query_one("#story-timeline", DataTable).get_column("step")
        assert {"开始验货", "称重", "附证据", "决定"} <= {str(step) for step in steps}
        assert "发货前照片  打包" in text and "称重照片    验货" in text
        assert {"批准", "推翻", "重新打开", "证据包", "申诉材料", "返回队列"} <= set(
            footer_words(desk_app)
        )
        assert english_left(text, DETAIL_ENGLISH) == []

        await pilot.press("a")
        await settle(pilot)
        dialog = desk_app.screen
        assert isinstance(dialog, NoteDialog)
        assert dialog.title_text == f"批准 {bench.empty}"
        assert dialog.query_one(Input).placeholder == "备注（可选）"
        assert english_left(screen_text(desk_app), ("Approve", "Cancel", "Comment")) == []


async def test_the_queue_says_it_is_loading_in_chinese(desk_app: InspectApp, bench: Bench) -> None:
    async with desk_app.run_test(size=(160, 45)) as pilot:
        await enter_desk(pilot)
        queue = desk_app.screen
        assert isinstance(queue, ReviewQueueScreen)
        queue.load()  # F6's read: the summary says what is being read until the rows come
        summary = str(queue.query_one("#queue-summary", Static).render())
        assert summary.startswith("正在读取"), summary
        assert "Loading" not in summary
        await wait_for(pilot, lambda: not queue.reading)


async def test_the_dashboard_reads_in_chinese(desk_app: InspectApp, bench: Bench) -> None:
    async with desk_app.run_test(size=(160, 45)) as pilot:
        screen = await open_dashboard(pilot)
        text = screen_text(desk_app)
        assert screen.title == "验货台数据 · 今天"
        for words in ("包裹", "已完成", "3 个包裹", "结果", "拒绝率", "退款", "复核",
                      "各原因拒绝率", "验货员", "重复退货买家", "拒收最多的 SKU", "申诉",
                      "48 小时内到期", "已追回", "主管 sam"):  # fmt: skip
            assert words in text, words
        assert headings(desk_app, "#inspectors")[:3] == ["验货员", "已完成", "拒绝"]
        assert {"今天", "近 30 天", "刷新", "返回队列"} <= set(footer_words(desk_app))
        assert english_left(text, DASHBOARD_ENGLISH) == []

        await pilot.press("m")
        await wait_for(pilot, lambda: not screen.busy and screen.offenders is not None)
        assert screen.title == "验货台数据 · 近 30 天"


async def test_the_export_reads_in_chinese_and_says_a_bad_date_in_chinese(
    desk_app: InspectApp, bench: Bench
) -> None:
    async with desk_app.run_test(size=(160, 45)) as pilot:
        await open_export(pilot)
        text = screen_text(desk_app)
        for words in ("导出验货记录", "完成日期从", "结果", "不勾选：全部", "格式", "每件商品一行",
                      "文件", "覆盖已有文件", "填好表单后按 ctrl+s", "拒绝退款"):  # fmt: skip
            assert words in text, words
        assert {"导出", "返回 / 取消导出"} <= set(footer_words(desk_app))
        assert english_left(text, EXPORT_ENGLISH) == []

        start = desk_app.screen.query_one("#start", Input)
        start.value = "2026-13-01"
        await pilot.press("ctrl+s")
        await settle(pilot)
        shown = screen_text(desk_app)
        assert "开始日期 '2026-13-01' 不是日期：请写成 YYYY-MM-DD" in shown


async def test_a_folder_given_as_the_file_is_refused_in_chinese(
    desk_app: InspectApp, bench: Bench, tmp_path: Path
) -> None:
    async with desk_app.run_test(size=(160, 45)) as pilot:
        await open_export(pilot)
        desk_app.screen.query_one("#path", Input).value = str(tmp_path)
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "是文件夹" in screen_text(desk_app))
        assert f"{tmp_path} 是文件夹：请给出其中的文件名。" in screen_text(desk_app)


@pytest.mark.parametrize("size", [(80, 24), (160, 45)])
def test_detail_in_chinese(
    snap_compare: SnapCompare, desk_app: InspectApp, bench: Bench, size: tuple[int, int]
) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await enter_desk(pilot)
        await open_detail(pilot, bench.empty)
        pilot.app.clear_notifications()
        await pilot.pause()

    assert snap_compare(desk_app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", [(80, 24), (160, 45)])
def test_dashboard_in_chinese(
    snap_compare: SnapCompare, desk_app: InspectApp, bench: Bench, size: tuple[int, int]
) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await open_dashboard(pilot)

    assert snap_compare(desk_app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", [(80, 24), (160, 45)])
def test_export_in_chinese(
    snap_compare: SnapCompare, desk_app: InspectApp, bench: Bench, size: tuple[int, int]
) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        screen = await open_export(pilot)
        # The data directory is a new temporary folder each run: a fixed one keeps the picture.
        path = screen.query_one("#path", Input)
        path.value = path.value.replace(str(screen.folder), "/srv/returns/exports")
        # A focused date field blinks its cursor and selects its text on a timer: the picture
        # is taken with the outcomes list focused instead.
        screen.query_one("#outcomes", SelectionList).focus()
        await pilot.pause()

    assert snap_compare(desk_app, terminal_size=size, run_before=run_before)


async def test_a_refused_overturn_says_why_in_chinese(desk_app: InspectApp, bench: Bench) -> None:
    """The service's refusal (evidence still missing) reaches the dialog in the desk's words."""
    async with desk_app.run_test(size=(160, 45)) as pilot:
        await enter_desk(pilot)
        dialog = await overturn_to_reject(pilot, bench.escalated)

        def problem() -> str:
            return str(dialog.query_one("#problem", Static).render())

        await wait_for(pilot, lambda: "仍缺证据" in problem())
        assert problem() == (
            f"仍缺证据：商品及其配件的照片（原因：买新退旧）。请重新打开 {bench.escalated}，"
            "让验货员补上。"
        )
        assert dialog.query_one("#justification", Input).value == "sole is worn"


async def test_a_store_refusal_at_the_bench_is_said_in_chinese(
    connect: Callable[[str], Workstation],
) -> None:
    """Errors the services raise are worded in the language in use when they are raised."""
    workstation = connect("alice")
    try:
        with pytest.raises(DeskError) as refused:
            workstation.open_parcel("SF0000000000000")
        assert str(refused.value).startswith("找不到 'SF0000000000000' 对应的包裹。")
        with pytest.raises(DeskError) as too_long:
            workstation.open_parcel("X" * 500)
        assert str(too_long.value).startswith("扫描内容长 500 个字符；最多")
    finally:
        workstation.close()
