"""Starting the installed ``inspect-tui`` with a store or policy it cannot use: one message."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

COMMAND = shutil.which("inspect-tui")

if COMMAND is None:
    pytest.skip(
        "the inspect-tui command is not installed (pip install -e .)", allow_module_level=True
    )


CONTROL = re.compile(r"\x1b\[[0-9;?<>=$]*[A-Za-z~]")
"""A terminal control sequence (cursor, modes) as the app writes them."""


def left_on_screen(stderr: str) -> str:
    """What the terminal shows once the app has given it back (the app draws its scan screen
    before the store opens, so a store that cannot be used is told after the app closes)."""
    _, _, after = stderr.rpartition("\x1b[?1049l")  # leaving the app's alternate screen
    return CONTROL.sub("", after)


def run(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    assert COMMAND is not None
    env = {**os.environ, "INSPECT_TUI_HOME": str(tmp_path / "home")}
    return subprocess.run(
        [COMMAND, *args], env=env, capture_output=True, text=True, timeout=60, check=False
    )


@pytest.mark.parametrize(
    "where",
    ["sqlite-under-a-file", "postgresql://127.0.0.1:1"],
)
def test_an_unusable_database_is_one_line_not_a_traceback(tmp_path: Path, where: str) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    url = (
        f"sqlite:///{blocker / 'inspect.db'}"
        if where.startswith("sqlite")
        else "postgresql+psycopg://desk:secret@127.0.0.1:1/desk"
    )
    done = run(tmp_path, "--db", url)
    assert done.returncode == 1
    assert left_on_screen(done.stderr).startswith("inspect-tui: Cannot open the database")
    assert "Traceback" not in done.stderr
    assert "secret" not in done.stderr


def test_a_broken_policy_file_is_named_with_the_problem(tmp_path: Path) -> None:
    policy = tmp_path / "policy.toml"
    policy.write_text("[weight]\ntolerance_g = -1\n", encoding="utf-8")
    done = run(tmp_path, "--db", f"sqlite:///{tmp_path / 'x.db'}", "--policy", str(policy))
    assert done.returncode == 1
    assert "inspect-tui: policy: weight.tolerance_g" in done.stderr
    assert "Traceback" not in done.stderr
