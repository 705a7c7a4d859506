"""Operators and their PINs, administered only by a signed-in supervisor."""

from __future__ import annotations

import subprocess
import sys

import pytest
from sqlalchemy import Engine, text

from inspect_tui.core.policy import Policy
from inspect_tui.services.review.operators import (
    OperatorError,
    Supervisor,
    add_operator,
    bootstrap_supervisor,
    deactivate_operator,
    list_operators,
    unlock_operator,
)
from inspect_tui.services.review.pins import check_pin, hash_pin
from inspect_tui.services.review.sign_in import sign_in
from inspect_tui.services.shared.errors import UnknownOperator, WrongPin
from inspect_tui.store.models import Operator
from inspect_tui.store.session import writing
from inspect_tui.store.types import utcnow


def test_pin_hash_is_salted_and_checks() -> None:
    first, second = hash_pin("4321"), hash_pin("4321")
    assert first != second
    assert "4321" not in first
    assert check_pin("4321", first) and check_pin("4321", second)
    assert not check_pin("4322", first)
    assert not check_pin("4321", None)
    assert not check_pin("4321", "garbage$$")


SAM = Supervisor("sam", "2468")


@pytest.fixture
def desk(engine: Engine) -> Engine:
    """A desk whose first supervisor is sam (PIN 2468)."""
    bootstrap_supervisor(engine, "sam", "2468")
    return engine


def test_supervisor_needs_a_pin(desk: Engine) -> None:
    with pytest.raises(OperatorError, match="supervisor needs a PIN"):
        add_operator(desk, "boss", "supervisor", by=SAM)
    assert [view.name for view in list_operators(desk)] == ["sam"]


def test_add_and_update(desk: Engine) -> None:
    add_operator(desk, "alice", "clerk", by=SAM)
    add_operator(desk, "boss", "supervisor", "9876", by=SAM)
    add_operator(desk, "alice", "supervisor", "1111", by=Supervisor("boss", "9876"))
    views = {view.name: view for view in list_operators(desk)}
    assert views["alice"].role == "supervisor" and views["alice"].has_pin
    with desk.connect() as connection:
        stored = connection.execute(
            text("SELECT pin_hash FROM operator WHERE name='boss'")
        ).scalar()
    assert stored is not None and "9876" not in stored and check_pin("9876", stored)


@pytest.mark.parametrize(
    ("name", "role", "pin", "message"),
    [
        ("", "clerk", None, "not usable"),
        ("x" * 81, "clerk", None, "not usable"),
        ("bob", "owner", None, "role"),
        ("bob", "clerk", "12", "4 to 32 digits"),
        ("bob", "clerk", "abcd", "4 to 32 digits"),
        ("bob", "clerk", "1" * 33, "4 to 32 digits"),
    ],
)
def test_bad_operator_input(
    desk: Engine, name: str, role: str, pin: str | None, message: str
) -> None:
    with pytest.raises(OperatorError, match=message):
        add_operator(desk, name, role, pin, by=SAM)


def _pin_of(engine: Engine, name: str) -> str | None:
    with engine.connect() as connection:
        value = connection.execute(
            text("SELECT pin_hash FROM operator WHERE name = :n"), {"n": name}
        ).scalar()
    return str(value) if value is not None else None


def test_administration_needs_a_supervisors_pin(desk: Engine) -> None:
    add_operator(desk, "alice", "clerk", "1234", by=SAM)
    before = _pin_of(desk, "sam")
    # A clerk cannot promote herself, nor change a supervisor's PIN.
    with pytest.raises(UnknownOperator, match="clerk"):
        add_operator(desk, "alice", "supervisor", "1234", by=Supervisor("alice", "1234"))
    with pytest.raises(WrongPin):
        add_operator(desk, "sam", "supervisor", "0001", by=Supervisor("sam", "0001"))
    with pytest.raises(WrongPin):
        deactivate_operator(desk, "alice", by=Supervisor("sam", "9999"))
    views = {view.name: view for view in list_operators(desk)}
    assert views["alice"].role == "clerk" and views["alice"].active
    assert _pin_of(desk, "sam") == before
    # Only an empty desk takes a supervisor without anyone's PIN.
    with pytest.raises(OperatorError, match="already has"):
        bootstrap_supervisor(desk, "mallory", "1111")
    with pytest.raises(OperatorError, match="already has an active supervisor"):
        bootstrap_supervisor(desk, "mallory", "1111", force=True)
    assert "mallory" not in {view.name for view in list_operators(desk)}


def test_a_lockout_is_cleared_only_by_another_supervisor(desk: Engine) -> None:
    add_operator(desk, "sue", "supervisor", "1357", by=SAM)
    for _ in range(Policy.default().supervisor.max_wrong_pins):
        with pytest.raises(WrongPin):
            sign_in(desk, "sam", "0000", Policy.default())
    # Locked: sam cannot reset his own PIN nor unlock himself, even with the right PIN.
    with pytest.raises(WrongPin, match="locked"):
        add_operator(desk, "sam", "supervisor", "0001", by=SAM)
    with pytest.raises(OperatorError, match="another supervisor"):
        unlock_operator(desk, "sam", by=SAM)
    assert {v.name: v.locked for v in list_operators(desk)}["sam"]
    unlock_operator(desk, "sam", by=Supervisor("sue", "1357"))
    assert sign_in(desk, "sam", "2468", Policy.default()) == "sam"


def test_deactivating_keeps_one_supervisor(desk: Engine) -> None:
    add_operator(desk, "alice", "clerk", by=SAM)
    assert not deactivate_operator(desk, "alice", by=SAM).active
    with pytest.raises(OperatorError, match="last active supervisor"):
        deactivate_operator(desk, "sam", by=SAM)
    with pytest.raises(OperatorError, match="no operator"):
        deactivate_operator(desk, "nobody", by=SAM)


def test_bootstrap_on_a_desk_of_clerks_only(engine: Engine) -> None:
    with writing(engine) as session:
        session.add(Operator(name="li", role="clerk", created_at=utcnow()))
    with pytest.raises(OperatorError, match="already has operators"):
        bootstrap_supervisor(engine, "li", "1111")
    assert bootstrap_supervisor(engine, "li", "1111", force=True).role == "supervisor"


def _cli(url: str, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "inspect_tui", "--db", url, "operator", *args],
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
    )


def test_cli_administration(sqlite_url: str) -> None:
    first = _cli(sqlite_url, "add", "boss", "--role", "supervisor", "--pin-stdin", stdin="5555\n")
    assert first.returncode == 0, first.stderr
    assert "boss (supervisor)" in first.stdout
    # Without --as nobody else gets in; with the wrong PIN neither.
    refused = _cli(sqlite_url, "add", "kim", "--role", "supervisor", "--pin-stdin",
                   stdin="0001\n")  # fmt: skip
    assert refused.returncode == 2 and "already has operators" in refused.stderr
    clerk = _cli(sqlite_url, "add", "alice", stdin="")
    assert clerk.returncode == 2 and "--as" in clerk.stderr
    wrong = _cli(sqlite_url, "add", "alice", "--as", "boss", stdin="1111\n")
    assert wrong.returncode == 1 and "Wrong PIN" in wrong.stderr
    assert "Traceback" not in wrong.stderr
    added = _cli(sqlite_url, "add", "alice", "--as", "boss", "--pin-stdin",
                 stdin="5555\n2222\n")  # fmt: skip
    assert added.returncode == 0, added.stderr
    promote = _cli(sqlite_url, "add", "alice", "--role", "supervisor", "--as", "alice",
                   stdin="2222\n")  # fmt: skip
    assert promote.returncode == 1 and "only a supervisor" in promote.stderr
    gone = _cli(sqlite_url, "deactivate", "alice", "--as", "boss", stdin="5555\n")
    assert gone.returncode == 0, gone.stderr
    listed = _cli(sqlite_url, "list")
    assert "alice\tclerk\tPIN (inactive)" in listed.stdout
