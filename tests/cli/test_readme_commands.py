"""The README is executable: every command line it shows runs, on a fresh demo store.

The command lines in README.md's Commands section and in sample_data/README.md run in order
through the real entry point's argument handling, against a demo store built by the first
line (``inspect-tui demo --no-start``) with one parcel then completed at the bench, as the
README describes. Only output paths are rewritten (into the test's folder). A line fails the
test by exiting non-zero or by a traceback; every command of the README's table must be shown
at least once, so a new command cannot go undocumented.
"""

from __future__ import annotations

import re
import shlex
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PIL import Image
from typer.testing import CliRunner

from inspect_tui import config
from inspect_tui.cli import app
from inspect_tui.cli.root import hoist_global_options
from inspect_tui.services.inspecting.workstation import Workstation

ROOT = Path(__file__).resolve().parents[2]
BENCH_TIME = datetime(2026, 11, 18, 10, 0, tzinfo=UTC)
OUTPUT_OPTIONS = ("-o", "--output")
INTERACTIVE = (["inspect-tui"], ["inspect-tui", "demo"])
"""Lines that start the interactive app; the README's examples use --no-start instead."""


def section(text: str, heading: str) -> str:
    """The text of the ``## heading`` section of a Markdown document."""
    start = text.index(f"\n## {heading}\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end >= 0 else len(text)]


def command_lines(text: str) -> list[str]:
    """The ``inspect-tui`` lines of the fenced shell blocks in ``text``."""
    lines: list[str] = []
    for block in re.findall(r"```(?:bash|sh)\n(.*?)```", text, flags=re.DOTALL):
        lines += [
            line.strip()
            for line in block.splitlines()
            if "inspect-tui" in line and not line.lstrip().startswith("#")
        ]
    return lines


def table_commands(text: str) -> set[str]:
    """The commands named in the first column of the Commands table (``db upgrade``, …)."""
    found: set[str] = set()
    for cell in re.findall(r"^\| (.*?) \| ", text, flags=re.MULTILINE):
        for synopsis in re.findall(r"`inspect-tui([^`]*)`", cell):
            words = []
            for word in synopsis.split():
                if not re.fullmatch(r"[a-z][a-z\\|]*", word):
                    break
                words.append(word.replace("\\|", "|"))
            if words:
                found.add(" ".join(words))
    return found


def split(line: str, folder: Path) -> tuple[list[str], str | None]:
    """A README line as (arguments after inspect-tui, standard input); output paths moved."""
    stdin = None
    if "|" in line and line.startswith("echo "):
        echo, line = (part.strip() for part in line.split("|", 1))
        stdin = " ".join(shlex.split(echo)[1:]) + "\n"
    elif "|" in line and line.startswith("printf "):
        printf, line = (part.strip() for part in line.split("|", 1))
        stdin = shlex.split(printf)[1].encode().decode("unicode_escape")
    words = shlex.split(line)
    assert words[0] == "inspect-tui", line
    args = words[1:]
    for index, word in enumerate(args[:-1]):
        if word in OUTPUT_OPTIONS:
            args[index + 1] = str(folder / Path(args[index + 1]).name)
    return args, stdin


def complete_a_parcel(home: Path) -> str:
    """Alice finds an empty parcel at bench-1 and completes the reject; its code."""
    photo = home / "scale.jpg"
    Image.new("RGB", (40, 30), (120, 120, 120)).save(photo, "JPEG")
    ws = Workstation.connect(
        config.demo_db_url(home),
        station="bench-1",
        operator="alice",
        data_dir=home,
        clock=lambda: BENCH_TIME,
    )
    try:
        view = ws.open_parcel("TB-RF-880001")
        view = ws.record_weight(view.inspection_id, 90)
        view = ws.attach_evidence(view.inspection_id, photo, "scale_photo")
        view = ws.attach_evidence(view.inspection_id, photo, "open_box_photo")
        return ws.complete(ws.decide(view.inspection_id).inspection_id).code
    finally:
        ws.close()


def run_lines(lines: list[str], home: Path, folder: Path) -> None:
    """Run each line in order; after the demo is built, complete a parcel on it."""
    runner = CliRunner()
    failures: list[str] = []
    for line in lines:
        args, stdin = split(line, folder)
        if ["inspect-tui", *args] in INTERACTIVE:
            continue
        result = runner.invoke(app, hoist_global_options(args), input=stdin)
        crashed = result.exception is not None and not isinstance(result.exception, SystemExit)
        if result.exit_code != 0 or crashed or "Traceback" in result.output:
            failures.append(f"{line}\n  exit {result.exit_code}: {result.output.strip()[-500:]}")
        if args[:1] == ["demo"]:
            assert complete_a_parcel(home) == "INS-20261118-0001"
    assert not failures, "\n".join(failures)


def test_the_readme_commands_run_on_the_demo_store(
    _isolated_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    commands = section((ROOT / "README.md").read_text(encoding="utf-8"), "Commands")
    lines = command_lines(commands)
    assert lines[0] == "inspect-tui demo --no-start"
    shown = {" ".join(split(line, tmp_path)[0][:2]) for line in lines}
    shown |= {" ".join(split(line, tmp_path)[0][:1]) for line in lines}
    for command in table_commands(commands) - NEEDS_HARDWARE:
        assert any(alternative in shown for alternative in _alternatives(command)), command
    run_lines(lines, _isolated_home, tmp_path)


def test_the_sample_data_readme_commands_run_on_the_demo_store(
    _isolated_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    lines = command_lines((ROOT / "sample_data" / "README.md").read_text(encoding="utf-8"))
    assert len(lines) >= 7
    run_lines(["inspect-tui demo --no-start", *lines], _isolated_home, tmp_path)


NEEDS_HARDWARE = {"scale test"}
"""Commands of the table that need a device this machine does not have (a scale on a port);
their own tests drive them through a simulated serial port."""


def _alternatives(command: str) -> list[str]:
    """``import products|shipments`` -> ``import products``, ``import shipments``."""
    head, _, rest = command.partition(" ")
    if not rest:
        return [head]
    return [f"{head} {choice}" for choice in rest.split(" ")[0].split("|")]
