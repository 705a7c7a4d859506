"""The audit chain: intact after writes, broken by any edit or deletion, on every back end."""

from __future__ import annotations

import subprocess
import sys

import pytest
from sqlalchemy import Engine, text

from inspect_tui.store import audit
from inspect_tui.store.session import writing


def _append(engine: Engine, count: int) -> None:
    for index in range(count):
        with writing(engine) as session:
            audit.record(
                session,
                actor="alice",
                station="bench-1",
                action="test.step",
                entity=f"thing:{index}",
                payload={"n": index, "name": "王小明"},
            )


def test_empty_chain_is_intact(engine: Engine) -> None:
    report = audit.verify(engine)
    assert report.intact and report.checked == 0


def test_chain_links_each_event_to_the_previous(engine: Engine) -> None:
    _append(engine, 5)
    report = audit.verify(engine)
    assert report.intact
    assert report.checked == 5
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT seq, prev_hash, hash FROM audit_event ORDER BY seq")
        ).all()
    assert [row.seq for row in rows] == [1, 2, 3, 4, 5]
    assert rows[0].prev_hash == audit.GENESIS
    for before, after in zip(rows, rows[1:], strict=False):
        assert after.prev_hash == before.hash


def test_editing_a_payload_is_caught_at_that_event(engine: Engine) -> None:
    _append(engine, 5)
    with engine.begin() as connection:
        connection.execute(
            text("UPDATE audit_event SET payload = :p WHERE seq = 3"), {"p": '{"n":99}'}
        )
    report = audit.verify(engine)
    assert not report.intact
    assert report.broken_seq == 3
    assert "altered" in (report.problem or "")


def test_editing_and_rehashing_is_caught_at_the_next_event(engine: Engine) -> None:
    _append(engine, 4)
    with engine.begin() as connection:
        connection.execute(text("UPDATE audit_event SET hash = :h WHERE seq = 2"), {"h": "f" * 64})
    report = audit.verify(engine)
    assert not report.intact
    assert report.broken_seq == 2


def test_deleting_an_event_is_caught(engine: Engine) -> None:
    _append(engine, 5)
    with engine.begin() as connection:
        connection.execute(text("DELETE FROM audit_event WHERE seq = 2"))
    report = audit.verify(engine)
    assert not report.intact
    assert report.broken_seq == 2
    assert "missing" in (report.problem or "")


def test_a_failed_unit_of_work_leaves_no_event(engine: Engine) -> None:
    with pytest.raises(RuntimeError), writing(engine) as session:
        audit.record(session, actor="a", action="x")
        raise RuntimeError("boom")
    assert audit.verify(engine).checked == 0


def test_cli_verify_exit_codes(store_url: str, engine: Engine) -> None:
    _append(engine, 3)
    ok = subprocess.run(
        [sys.executable, "-m", "inspect_tui", "--db", store_url, "audit", "verify"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert ok.returncode == 0, ok.stderr
    assert "intact" in ok.stdout and "3" in ok.stdout
    with engine.begin() as connection:
        connection.execute(text("UPDATE audit_event SET actor = 'mallory' WHERE seq = 2"))
    broken = subprocess.run(
        [sys.executable, "-m", "inspect_tui", "audit", "verify", "--db", store_url],
        capture_output=True,
        text=True,
        check=False,
    )
    assert broken.returncode == 1
    assert "event 2" in broken.stderr
    assert "Traceback" not in broken.stderr
