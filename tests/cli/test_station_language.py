"""The station's language: a bench set to Chinese starts in Chinese unless told otherwise.

The order is ``--lang`` > ``INSPECT_TUI_LANG`` > the station's > the locale. The app is started
as ``inspect-tui --station bench-1 --operator alice`` starts it, in a fresh interpreter, run
headless up to its scan screen, whose title is read back.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

import pytest

from inspect_tui.core.translation import pick_language

LOCALE_EN = {"LANG": "en_US.UTF-8"}


def _env(home: Path, **extra: str) -> dict[str, str]:
    return {
        "INSPECT_TUI_HOME": str(home),
        "PATH": "/usr/bin:/bin",
        "TZ": "UTC",
        "LANG": "en_US.UTF-8",
        "PYTHONPATH": os.environ.get("PYTHONPATH", ""),  # the code under test, not another
        **extra,
    }


def _cli(home: Path, *args: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "inspect_tui", *args],
        capture_output=True,
        check=True,
        env=_env(home),
        timeout=120,
    )


def _scan_title(home: Path, *options: str, env: Mapping[str, str] = LOCALE_EN) -> str:
    """The scan screen's title of the app started with ``options`` under ``env``."""
    dump = home / "title.json"
    code = (
        "import json\n"
        "from textual.app import App\n"
        "run = App.run\n"
        "async def read_title(pilot):\n"
        "    for _ in range(600):\n"
        "        app = pilot.app\n"
        "        signed_in = app.workstation is not None and app.is_idle\n"
        "        if signed_in and type(app.screen).__name__ == 'ScanScreen':\n"
        "            break\n"
        "        await pilot.pause(0.05)\n"
        "    title = str(pilot.app.screen.query_one('#scan-title').content)\n"
        f"    open({str(dump)!r}, 'w').write(json.dumps(title))\n"
        "    pilot.app.exit()\n"
        "App.run = lambda app, **_: run(app, headless=True, auto_pilot=read_title)\n"
        "import sys\n"
        "from inspect_tui.cli import main\n"
        f"sys.argv = ['inspect-tui', *{list(options)!r}, "
        "'--station', 'bench-1', '--operator', 'alice']\n"
        "main()\n"
    )
    subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        check=True,
        env=_env(home, **env),
        timeout=120,
    )
    title: str = json.loads(dump.read_text())
    return title


@pytest.fixture(scope="module")
def chinese_bench(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data directory with the demo's store whose bench-1 is set to speak Chinese."""
    home = tmp_path_factory.mktemp("home")
    _cli(home, "demo", "--no-start")
    _cli(home, "station", "set", "bench-1", "--lang", "zh-CN")
    return home


def test_a_bench_set_to_chinese_starts_in_chinese_on_an_english_locale(
    chinese_bench: Path,
) -> None:
    assert "扫描退货包裹" in _scan_title(chinese_bench)


@pytest.mark.parametrize(
    ("options", "env"),
    [
        (("--lang", "en"), LOCALE_EN),
        ((), {**LOCALE_EN, "INSPECT_TUI_LANG": "en"}),
    ],
)
def test_lang_and_the_environment_still_win_over_the_station(
    chinese_bench: Path, options: tuple[str, ...], env: dict[str, str]
) -> None:
    assert "Scan a return parcel" in _scan_title(chinese_bench, *options, env=env)


@pytest.mark.parametrize(
    ("explicit", "environ", "station", "spoken"),
    [
        (None, {"LANG": "en_US.UTF-8"}, "zh-CN", "zh_CN"),
        ("en", {"LANG": "zh_CN.UTF-8"}, "zh-CN", "en"),
        (None, {"INSPECT_TUI_LANG": "en"}, "zh-CN", "en"),
        (None, {"LANG": "zh_CN.UTF-8"}, "en", "en"),
        (None, {"LANG": "zh_CN.UTF-8"}, "fr", "zh_CN"),
        (None, {"LANG": "zh_CN.UTF-8"}, None, "zh_CN"),
    ],
)
def test_the_order_of_the_choices(
    explicit: str | None, environ: dict[str, str], station: str | None, spoken: str
) -> None:
    assert pick_language(explicit, environ, station=station) == spoken
