"""The audit chain: intact after writes, broken by any edit or deletion, on every back end."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from inspect_tui.store import audit, audit_key, audit_state
from inspect_tui.store.audit_key import AuditKeyError
from inspect_tui.store.models import AuditEvent
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


def _legacy_events(engine: Engine, count: int) -> None:
    """Events as stores wrote them before the desk key: plain SHA-256, no key id, no state."""
    prev = audit.GENESIS
    at = datetime(2026, 11, 18, 9, 0, tzinfo=UTC)
    with engine.begin() as connection:
        for seq in range(1, count + 1):
            payload = audit.canonical_payload({"n": seq})
            event = AuditEvent(
                seq=seq, at=at, actor="alice", station="bench-1", action="test.step",
                payload=payload, prev_hash=prev, hash="",
            )  # fmt: skip
            digest = audit.event_hash(event)
            connection.execute(
                AuditEvent.__table__.insert(),  # type: ignore[attr-defined]
                {"seq": seq, "at": at, "actor": "alice", "station": "bench-1",
                 "action": "test.step", "entity": "", "payload": payload, "prev_hash": prev,
                 "hash": digest, "key_id": "", "state": ""},
            )  # fmt: skip
            prev = digest


def _cli(store_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "inspect_tui", "--db", store_url, "audit", *args],
        capture_output=True,
        text=True,
        check=False,
    )


def test_an_unsigned_chain_verifies_and_says_so_until_a_signed_event_seals_it(
    store_url: str, engine: Engine
) -> None:
    _legacy_events(engine, 4)
    before = _cli(store_url, "verify")
    assert before.returncode == 0, before.stderr
    assert "unsigned up to event 4" in before.stdout
    _append(engine, 1)
    after = _cli(store_url, "verify")
    assert after.returncode == 0, after.stderr
    assert "signed event 5 seals them" in after.stdout
    key = audit_key.load_key()
    assert key is not None
    with engine.connect() as connection:
        row = connection.execute(text("SELECT key_id, prev_hash FROM audit_event WHERE seq = 5"))
        signed = row.one()
    assert signed.key_id == key.key_id


def test_anchoring_an_unsigned_chain_seals_it(store_url: str, engine: Engine) -> None:
    _legacy_events(engine, 3)
    taken = _cli(store_url, "anchor")
    assert taken.returncode == 0, taken.stderr
    line = json.loads(taken.stdout)
    assert (line["seq"], line["key_id"]) == (3, audit_key.load_key().key_id)  # type: ignore[union-attr]
    assert "the signed head record seals them" in _cli(store_url, "verify").stdout
    # Rewriting the unsigned events with the old algorithm no longer goes unseen.
    with engine.begin() as connection:
        connection.execute(text("DELETE FROM audit_event WHERE seq = 3"))
    broken = _cli(store_url, "verify")
    assert broken.returncode == 1
    assert "event 3 was deleted" in broken.stderr


def test_a_station_without_the_key_cannot_write_nor_vouch(
    store_url: str, engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _append(engine, 2)
    signed_by = audit_key.load_key()
    assert signed_by is not None
    monkeypatch.setenv("INSPECT_TUI_AUDIT_KEY_FILE", str(tmp_path / "elsewhere" / "audit.key"))
    with pytest.raises(AuditKeyError, match=f"signed with key {signed_by.key_id}"):
        _append(engine, 1)
    assert audit.verify(engine, key=signed_by).checked == 2  # nothing was written
    run = _cli(store_url, "verify")
    assert run.returncode == 1
    assert "has no audit key at" in run.stderr and "Traceback" not in run.stderr
    refused = _cli(store_url, "anchor")
    assert refused.returncode == 1
    assert "not anchored" in refused.stderr and "Traceback" not in refused.stderr


def test_a_broken_chain_is_not_anchored(store_url: str, engine: Engine) -> None:
    _append(engine, 3)
    with engine.begin() as connection:
        connection.execute(text("UPDATE audit_event SET actor = 'mallory' WHERE seq = 2"))
    run = _cli(store_url, "anchor")
    assert run.returncode == 1
    assert "does not verify, so it was not anchored" in run.stderr
    assert "event 2" in run.stderr and "Traceback" not in run.stderr
    assert run.stdout == ""


def test_a_column_added_to_a_table_later_leaves_earlier_digests_as_they_were() -> None:
    inspection = {field: None for field in audit_state.INSPECTION_FIELDS}
    unit = {field: None for field in audit_state.UNIT_FIELDS}
    before = audit_state.inspection_digest(inspection, [unit], [])
    grown = audit_state.inspection_digest(
        {**inspection, "facts_snapshot": {"buyer": "王小明"}}, [{**unit, "photo_id": 7}], []
    )
    assert grown == before
    changed = audit_state.inspection_digest({**inspection, "weight_g": 90}, [unit], [])
    assert changed != before
