"""``LANG=zh_CN.UTF-8 inspect-tui demo`` in a real terminal: the bench speaks Chinese.

The installed command, a fresh data directory and cache (so the catalog is compiled from its
``.po`` file as on a clean install), the language taken from the locale alone; ``--lang en``
brings English back on the same locale.
"""

from __future__ import annotations

import itertools
import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from tmux_terminal import Terminal

pytestmark = pytest.mark.e2e

TMUX = shutil.which("tmux")
COMMAND = shutil.which("inspect-tui")
_sockets = itertools.count()

if TMUX is None:
    pytest.skip("tmux is not installed (CI installs it)", allow_module_level=True)
if COMMAND is None:
    pytest.skip(
        "the inspect-tui command is not installed (pip install -e .)", allow_module_level=True
    )


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> Iterator[Terminal]:
    # tmux shows wide characters only when its own locale says UTF-8; LC_CTYPE says so
    # without choosing the app's language (that comes from LANGUAGE, LC_ALL, LC_MESSAGES, LANG).
    monkeypatch.setenv("LC_CTYPE", "C.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    term = Terminal(f"inspect-zh-{os.getpid()}-{next(_sockets)}")
    yield term
    term.kill_server()


def demo_command(tmp_path: Path, *options: str) -> str:
    return (
        f"exec env -u INSPECT_TUI_LANG -u LANGUAGE -u LC_ALL -u LC_MESSAGES LANG=zh_CN.UTF-8 "
        f"INSPECT_TUI_HOME={tmp_path / 'home'} XDG_CACHE_HOME={tmp_path / 'cache'} "
        f"INSPECT_TUI_IMAGES=0 {COMMAND} {' '.join(options)} demo"
    )


def test_the_demo_speaks_chinese_under_a_chinese_locale(terminal: Terminal, tmp_path: Path) -> None:
    terminal.start(demo_command(tmp_path))
    terminal.wait_for("扫描退货包裹")
    terminal.wait_for("扫包裹面单")
    terminal.wait_for("f6 刷新")
    terminal.keys("SF1402590004417", "Enter")
    shown = terminal.wait_for("淘宝 · 订单 TB4015528817")
    assert "王小明" in shown and "运费险" in shown and "重量/商品" in shown
    terminal.keys("520", "Enter")
    shown = terminal.wait_for("已记录重量：520 g — 重量正常")
    assert "称重" in shown
    assert list((tmp_path / "cache" / "inspect-tui" / "locale").glob("zh_CN-*.mo"))


def test_lang_en_keeps_english_on_a_chinese_locale(terminal: Terminal, tmp_path: Path) -> None:
    terminal.start(demo_command(tmp_path, "--lang", "en"))
    shown = terminal.wait_for("Scan a return parcel")
    assert "扫描退货包裹" not in shown


def test_the_supervisor_desk_speaks_chinese_under_a_chinese_locale(
    terminal: Terminal, tmp_path: Path
) -> None:
    """The queue, a parcel's story, the dashboard and the export, read off a real terminal."""
    import subprocess

    from PIL import Image

    from inspect_tui.services.inspecting.workstation import Workstation
    from stories import empty_parcel_reject

    assert COMMAND is not None
    home, url = tmp_path / "home", f"sqlite:///{tmp_path / 'inspect.db'}"
    env = {**os.environ, "INSPECT_TUI_HOME": str(home), "INSPECT_TUI_LANG": "en"}
    subprocess.run([COMMAND, "--db", url, "demo", "--no-start"], check=True, env=env,
                   capture_output=True)  # fmt: skip
    photo = tmp_path / "bench.jpg"
    Image.new("RGB", (32, 24), (200, 120, 40)).save(photo, "JPEG")
    workstation = Workstation.connect(url, station="bench-1", operator="alice", data_dir=home)
    try:
        code = empty_parcel_reject(workstation, photo)
    finally:
        workstation.close()

    terminal.start(
        f"exec env -u INSPECT_TUI_LANG -u LANGUAGE -u LC_ALL -u LC_MESSAGES LANG=zh_CN.UTF-8 "
        f"INSPECT_TUI_HOME={home} XDG_CACHE_HOME={tmp_path / 'cache'} INSPECT_TUI_IMAGES=0 "
        f"{COMMAND} --db {url} --station bench-1 --operator alice"
    )
    terminal.wait_for("扫描退货包裹")
    terminal.keys("F12")
    terminal.wait_for("主管台")
    terminal.keys("OP:sam", "Enter")
    time.sleep(1.0)  # then a person types the PIN
    terminal.keys("2468", "Enter")
    shown = terminal.wait_for(code)
    assert "复核队列" in shown and "拒绝退款" in shown

    terminal.keys("Enter")
    shown = terminal.wait_for("等待你复核")
    for words in ("拒绝退款", "空包 EMPTY_PARCEL", "发出与收到对比", "批准", "推翻", "返回队列"):
        assert words in shown, words
    for english in ("Waiting for", "Shipped vs received", "Suggested", "Approve", "Overturn"):
        assert english not in shown, english
    terminal.keys("a")
    shown = terminal.wait_for(f"批准 {code}")
    assert "维持验货员的决定" in shown and "Comment" not in shown
    terminal.keys("Escape")
    time.sleep(0.5)
    terminal.keys("Escape")
    terminal.wait_for("复核队列")

    terminal.keys("d")
    terminal.wait_for("各原因拒绝率")
    shown = terminal.wait_for("近 30 天")  # the footer's key
    for words in ("今天", "包裹", "拒绝率"):
        assert words in shown, words
    # The page opens at its top; on this small terminal the clerks' box is further down:
    # Tab moves on to the next table, and the page scrolls to it.
    terminal.keys("Tab")
    shown += terminal.wait_for("验货员")
    for english in ("Desk figures", "Reject rate", "Inspectors", "Appeals", "Last 30 days"):
        assert english not in shown, english
    terminal.keys("Escape")
    terminal.wait_for("复核队列")

    terminal.keys("x")
    terminal.wait_for("导出验货记录")
    shown = terminal.wait_for("返回 / 取消导出")
    for words in ("完成日期从", "格式", "填好表单后按", "返回 / 取消导出"):
        assert words in shown, words
    for english in ("Export the inspection log", "Completed from", "One row per unit"):
        assert english not in shown, english
