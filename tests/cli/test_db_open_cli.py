"""``inspect-tui db``: a database that cannot even be opened is one line naming it, no traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from inspect_tui.cli import app

runner = CliRunner()


def _unmakeable(tmp_path: Path) -> str:
    """A SQLite URL whose folder cannot be created: a plain file stands where it would go."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    return f"sqlite:///{blocker / 'inspect.db'}"


@pytest.mark.parametrize("command", [["db", "current"], ["db", "upgrade"]])
def test_a_database_whose_folder_cannot_be_made_is_one_line(
    tmp_path: Path, command: list[str]
) -> None:
    url = _unmakeable(tmp_path)
    result = runner.invoke(app, ["--db", url, *command])
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)  # refused, not crashed
    assert result.stderr.startswith(f"inspect-tui: cannot open {url}: ")
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("command", [["db", "current"], ["db", "upgrade"]])
def test_a_database_url_of_no_known_kind_is_one_line(command: list[str]) -> None:
    result = runner.invoke(app, ["--db", "nonsense://somewhere", *command])
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)
    assert result.stderr.startswith("inspect-tui: cannot open nonsense://somewhere: ")


def test_copy_names_the_desk_it_cannot_open_not_the_target(tmp_path: Path) -> None:
    source = _unmakeable(tmp_path)
    target = f"sqlite:///{tmp_path / 'target' / 'inspect.db'}"
    result = runner.invoke(app, ["--db", source, "db", "copy", "--to", target])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"inspect-tui: cannot open {source}: ")


@pytest.mark.parametrize(
    "command",
    [["lookup", "SF1402590004417"], ["report", "daily", "--json"], ["audit", "verify"]],
)
def test_the_commands_that_open_the_store_name_a_url_of_no_known_kind(
    command: list[str],
) -> None:
    result = runner.invoke(app, ["--db", "nonsense://somewhere", *command])
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)
    assert "Cannot open the database nonsense://somewhere" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
