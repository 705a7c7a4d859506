"""``LANG=zh_CN.UTF-8 inspect-tui demo`` in a real terminal: the bench speaks Chinese.

The installed command, a fresh data directory and cache (so the catalog is compiled from its
``.po`` file as on a clean install), the language taken from the locale alone; ``--lang en``
brings English back on the same locale.
"""

from __future__ import annotations

import itertools
import os
import shutil
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
