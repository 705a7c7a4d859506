"""``inspect-tui station add|set|list`` on both stores, and ``inspect-tui scale test`` on a pty."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from inspect_tui.cli import app
from inspect_tui.cli.root import hoist_global_options
from inspect_tui.services.inspecting.stations import get_station
from inspect_tui.services.shared.database import open_store
from scale_sim import PtyScale, running

runner = CliRunner()
MT_SICS = "serial:///dev/ttyUSB0?protocol=mt-sics&baud=9600"


def _run(url: str, *args: str) -> tuple[int, str]:
    """Run the command as the console script does (global options may follow the command)."""
    result = runner.invoke(app, hoist_global_options(["--db", url, *args]))
    return result.exit_code, result.output


def test_add_set_and_list_a_station(store_url: str, tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    code, out = _run(
        store_url, "station", "add", "bench-2", "--inbox", str(inbox), "--lang", "zh-CN"
    )
    assert code == 0, out
    assert "Station bench-2 added." in out and "scale:       manual" in out

    code, out = _run(
        store_url, "station", "set", "bench-2", "--scale", MT_SICS,
        "--printer", "tcp://10.0.0.9", "--recording", str(tmp_path / "video"),
    )  # fmt: skip
    assert code == 0, out

    code, out = _run(store_url, "station", "list", "--json")
    assert code == 0, out
    [station] = json.loads(out)
    assert station == {
        "name": "bench-2",
        "scale": MT_SICS,
        "photo_inbox": str(inbox),
        "printer": "tcp://10.0.0.9",
        "recording_folder": str(tmp_path / "video"),
        "language": "zh-CN",
    }
    code, out = _run(store_url, "station", "list")
    assert "bench-2" in out and f"photo inbox: {inbox}" in out and "language:    zh-CN" in out

    code, out = _run(store_url, "station", "set", "bench-2", "--printer", "", "--lang", "")
    assert code == 0, out
    [station] = json.loads(_run(store_url, "station", "list", "--json")[1])
    assert (station["printer"], station["language"], station["scale"]) == (None, None, MT_SICS)


def test_another_machine_sees_the_setup(store_url: str, tmp_path: Path) -> None:
    """The setup lives in the database: a second process on the same store reads it back."""
    assert _run(store_url, "station", "add", "bench-3", "--scale", "hid:///dev/hidraw0")[0] == 0
    listed = subprocess.run(
        [sys.executable, "-m", "inspect_tui", "--db", store_url, "station", "list", "--json"],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "INSPECT_TUI_HOME": str(tmp_path / "other")},
    )
    assert json.loads(listed.stdout)[0]["scale"] == "hid:///dev/hidraw0"


def test_a_bad_scale_spec_is_refused_and_nothing_is_saved(store_url: str) -> None:
    assert _run(store_url, "station", "add", "bench-4")[0] == 0
    code, out = _run(store_url, "station", "set", "bench-4", "--scale", "serial:///dev/ttyUSB0")
    assert code == 2
    assert "names no protocol: add ?protocol= with one of continuous, yaohua, mt-sics, nci" in out
    assert "Traceback" not in out
    engine = open_store(store_url)
    try:
        view = get_station(engine, "bench-4")
    finally:
        engine.dispose()
    assert view is not None and view.scale == "manual"


def test_bad_printer_and_language_are_refused(store_url: str) -> None:
    code, out = _run(store_url, "station", "add", "bench-5", "--printer", "lpt1")
    assert code == 2 and "tcp://HOST:9100" in out
    code, out = _run(store_url, "station", "add", "bench-5", "--lang", "english please")
    assert code == 2 and "is not a language tag" in out
    assert _run(store_url, "station", "list")[1].startswith("No stations yet")


def test_add_twice_and_set_unknown_say_what_to_do(store_url: str) -> None:
    assert _run(store_url, "station", "add", "bench-1")[0] == 0
    code, out = _run(store_url, "station", "add", "bench-1")
    assert code == 2 and "already exists: change it with `inspect-tui station set`" in out
    code, out = _run(store_url, "station", "set", "bench-9", "--lang", "en")
    assert code == 2 and "No station called 'bench-9'" in out and "Stations: bench-1." in out
    code, out = _run(store_url, "station", "set", "bench-1")
    assert code == 2 and "nothing to set" in out


def test_scale_test_prints_live_readings(tmp_path: Path) -> None:
    frames = iter([b"US,GS,+0000.512kg\r\n"] * 4 + [b"ST,GS,+0000.760kg\r\n"] * 1000)
    with running(PtyScale(tmp_path / "ttyUSB0", lambda: next(frames))):
        result = runner.invoke(
            app,
            [
                "scale",
                "test",
                f"serial://{tmp_path}/ttyUSB0?protocol=continuous",
                "--seconds",
                "1.5",
            ],
        )
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith(f"Reading continuous:{tmp_path}/ttyUSB0 for 1.5 s")
    assert any(line.endswith("512 g  in motion") for line in lines)
    assert any(line.endswith("760 g  stable") for line in lines)
    assert lines[-1].endswith("of them stable.")


def test_scale_test_of_a_station_and_of_a_missing_scale(store_url: str, tmp_path: Path) -> None:
    port = tmp_path / "ttyUSB7"
    spec = f"serial://{port}?protocol=mt-sics"
    assert _run(store_url, "station", "add", "bench-7", "--scale", spec)[0] == 0

    code, out = _run(store_url, "--station", "bench-7", "scale", "test", "--seconds", "0.5")
    assert code == 1
    assert f"no reading from mt-sics:{port} in 0.5 s" in out
    assert "No scale is plugged in" in out

    with running(PtyScale(port, lambda: b"S S      1.250 kg\r\n", request=b"\n")):
        code, out = _run(store_url, "scale", "test", "--station", "bench-7", "--seconds", "1")
    assert code == 0, out
    assert "1250 g  stable" in out


def test_scale_test_refuses_manual_and_bad_specs(tmp_path: Path) -> None:
    code, out = _run(f"sqlite:///{tmp_path / 'x.db'}", "scale", "test", "manual")
    assert code == 2 and "this scale is manual" in out
    code, out = _run(
        f"sqlite:///{tmp_path / 'x.db'}", "scale", "test", "serial:///dev/ttyUSB0?protocol=xk"
    )
    assert code == 2 and "protocol 'xk' is not supported" in out
    code, out = _run(f"sqlite:///{tmp_path / 'x.db'}", "--station", "nowhere", "scale", "test")
    assert code == 3 and "no station called 'nowhere'" in out
