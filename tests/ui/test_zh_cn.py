"""The bench in Simplified Chinese: prompts, steps, keys and the desk's words for the codes.

The store keeps its codes (EMPTY_PARCEL, reject); only what a person reads changes.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Static
from textual.widgets._footer import FooterKey

from inspect_tui.core import translation
from inspect_tui.services.inspecting.workstation import Workstation
from inspect_tui.ui.app import InspectApp, build_app
from inspect_tui.ui.screens.review_queue import ReviewQueueScreen
from inspect_tui.ui.widgets.decision_panel import DecisionPanel
from inspect_tui.ui.widgets.scan_field import ScanField
from inspect_tui.ui.widgets.step_bar import StepBar

from . import test_supervisor as supervisor
from .helpers import EMPTY, HAPPY, inspect_screen, scan, settle, status_text
from .test_snapshots import SnapCompare, steps
from .test_supervisor import Bench, enter_desk

pytestmark = pytest.mark.usefixtures("zh_cn")

bench = supervisor.bench
open_review = supervisor.open_review
desk_app = supervisor.desk_app


def footer_words(app: InspectApp) -> list[str]:
    return [key.description for key in app.screen.query(FooterKey) if key.description]


async def test_the_bench_speaks_chinese_from_scan_to_decision(app: InspectApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert "扫描退货包裹" in str(screen.query_one("#scan-title", Static).content)
        field = screen.query_one(ScanField)
        assert (field.prompt, field.hint) == ("包裹", "扫包裹面单")
        assert "刷新" in footer_words(app)

        await scan(pilot, EMPTY)
        inspect = inspect_screen(app)
        assert status_text(app) == f"已打开 {inspect.view.code}。"
        steps = str(inspect.query_one(StepBar).content)
        assert "1 包裹" in steps and "2 称重" in steps and "7 完成" in steps
        assert inspect.query_one(ScanField).prompt == "重量/商品"
        assert {"下一步", "暂留包裹", "退出", "命令"} <= set(footer_words(app))

        await scan(pilot, "80")
        assert status_text(app).startswith("已记录重量：80 g — 空包 — ")
        for _step in range(4):
            await scan(pilot, "CMD:NEXT")
        panel = inspect.query_one(DecisionPanel)
        assert panel.banner_text.startswith("建议：拒绝退款 · 退款 ¥0.00")
        assert "空包 EMPTY_PARCEL — 包裹为空或只有包装" in panel.body_text
        assert inspect.view.suggested.reasons == ("EMPTY_PARCEL",)
        assert inspect.view.suggested.outcome == "reject"
        assert {"上一步", "采纳建议", "另作决定", "完成"} <= set(footer_words(app))
        assert not any(word.isascii() for word in footer_words(app))


async def test_english_is_back_once_the_language_is(
    connect: Callable[[str], Workstation],
) -> None:
    translation.install("en", None)
    app = build_app(connect, operator="alice", tz=UTC)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert "Scan a return parcel" in str(app.screen.query_one("#scan-title", Static).content)
        assert app.screen.query_one(ScanField).prompt == "Parcel"


@pytest.mark.parametrize("size", [(80, 24), (160, 45)])
def test_scan_screen_in_chinese(
    snap_compare: SnapCompare, app: InspectApp, size: tuple[int, int]
) -> None:
    assert snap_compare(app, terminal_size=size, run_before=steps(HAPPY, "520", keys=("f10",)))


@pytest.mark.parametrize("size", [(80, 24), (160, 45)])
def test_parcel_card_in_chinese(
    snap_compare: SnapCompare, app: InspectApp, size: tuple[int, int]
) -> None:
    assert snap_compare(app, terminal_size=size, run_before=steps(HAPPY))


def test_decision_on_an_empty_parcel_in_chinese(snap_compare: SnapCompare, app: InspectApp) -> None:
    assert snap_compare(
        app,
        terminal_size=(160, 45),
        run_before=steps(EMPTY, "80", "CMD:NEXT", "CMD:NEXT", "CMD:NEXT", "CMD:NEXT"),
    )


@pytest.mark.parametrize("size", [(80, 24), (160, 45)])
def test_review_queue_in_chinese(
    snap_compare: SnapCompare, desk_app: InspectApp, bench: Bench, size: tuple[int, int]
) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await enter_desk(pilot)
        pilot.app.clear_notifications()
        await pilot.pause()

    assert snap_compare(desk_app, terminal_size=size, run_before=run_before)


async def test_the_review_queue_reads_in_chinese(desk_app: InspectApp, bench: Bench) -> None:
    async with desk_app.run_test(size=(160, 45)) as pilot:
        await enter_desk(pilot)
        screen = desk_app.screen
        assert isinstance(screen, ReviewQueueScreen)
        headings = [str(column.label) for column in screen.query_one(DataTable).columns.values()]
        assert headings[:4] == ["完成时间", "验货单", "结果", "原因"]
        summary = str(screen.query_one("#queue-summary", Static).content)
        assert summary.startswith("2026年11月20日 待复核 ")
        assert "空包" in str(screen.query_one(DataTable).get_row_at(0)[3]) or "空包" in "".join(
            str(screen.query_one(DataTable).get_row_at(row)[3])
            for row in range(screen.query_one(DataTable).row_count)
        )
