"""Operators and their PINs."""

from __future__ import annotations

import subprocess
import sys

import pytest
from sqlalchemy import Engine, text

from inspect_tui.services.operators import OperatorError, add_operator, list_operators
from inspect_tui.services.pins import check_pin, hash_pin


def test_pin_hash_is_salted_and_checks() -> None:
    first, second = hash_pin("4321"), hash_pin("4321")
    assert first != second
    assert "4321" not in first
    assert check_pin("4321", first) and check_pin("4321", second)
    assert not check_pin("4322", first)
    assert not check_pin("4321", None)
    assert not check_pin("4321", "garbage$$")


def test_supervisor_needs_a_pin(engine: Engine) -> None:
    with pytest.raises(OperatorError, match="supervisor needs a PIN"):
        add_operator(engine, "boss", "supervisor")
    assert list_operators(engine) == []


def test_add_and_update(engine: Engine) -> None:
    add_operator(engine, "alice", "clerk")
    add_operator(engine, "boss", "supervisor", "9876")
    add_operator(engine, "alice", "supervisor", "1111")
    views = {view.name: view for view in list_operators(engine)}
    assert views["alice"].role == "supervisor" and views["alice"].has_pin
    with engine.connect() as connection:
        stored = connection.execute(
            text("SELECT pin_hash FROM operator WHERE name='boss'")
        ).scalar()
    assert stored is not None and "9876" not in stored and check_pin("9876", stored)


@pytest.mark.parametrize(
    ("name", "role", "pin", "message"),
    [
        ("", "clerk", None, "not usable"),
        ("bob", "owner", None, "role"),
        ("bob", "clerk", "12", "4 or more digits"),
        ("bob", "clerk", "abcd", "4 or more digits"),
    ],
)
def test_bad_operator_input(
    engine: Engine, name: str, role: str, pin: str | None, message: str
) -> None:
    with pytest.raises(OperatorError, match=message):
        add_operator(engine, name, role, pin)


def test_cli_reads_the_pin_from_stdin(sqlite_url: str) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "inspect_tui",
            "--db",
            sqlite_url,
            "operator",
            "add",
            "boss",
            "--role",
            "supervisor",
            "--pin-stdin",
        ],
        input="5555\n",
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "boss (supervisor)" in result.stdout
    refused = subprocess.run(
        [
            sys.executable,
            "-m",
            "inspect_tui",
            "--db",
            sqlite_url,
            "operator",
            "add",
            "kim",
            "--role",
            "supervisor",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert refused.returncode == 2
    assert "needs a PIN" in refused.stderr
