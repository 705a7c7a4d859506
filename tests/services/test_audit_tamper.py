"""The tamper suite: edits made behind the program's back are named by ``audit verify``.

An honest desk (the demo store, three parcels inspected through the Workstation, a reject
approved by the supervisor, a parcel left open) verifies clean; then
each test edits the database or the evidence store the way someone with write access could,
and ``audit verify`` must exit 1 naming what is wrong. Every edit runs on SQLite and
PostgreSQL.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Connection, Engine, Table, text

from inspect_tui.services.demo import DEMO_SUPERVISOR_PIN, load_demo
from inspect_tui.services.inspecting.workstation import Workstation
from inspect_tui.services.review.desk import ReviewDesk
from inspect_tui.services.shared.database import open_store
from inspect_tui.services.shared.errors import AuditKeyMissing
from inspect_tui.store import audit_anchor
from inspect_tui.store.audit import event_hash
from inspect_tui.store.audit_verify import StoreReport, verify_store
from inspect_tui.store.models import AuditEvent
from stories import accepted_defect, empty_parcel_reject, escalated_seller_error

PARKED = 120
EVENTS: Table = AuditEvent.__table__  # type: ignore[attr-defined]
BENCH_TIME = datetime(2026, 11, 18, 10, 0, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class Desk:
    """The honest store and what was done in it."""

    url: str
    engine: Engine
    home: Path
    reject: str
    escalated: str
    accepted: str

    @property
    def evidence_dir(self) -> Path:
        return self.home / "evidence"

    def verify(self) -> StoreReport:
        return verify_store(self.engine, evidence_dir=self.evidence_dir)

    def cli(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "inspect_tui", "--db", self.url, "audit", *args],
            capture_output=True,
            text=True,
            check=False,
        )


@pytest.fixture
def desk(store_url: str, _isolated_home: Path, photo: Path) -> Iterator[Desk]:
    demo = load_demo(store_url, _isolated_home)
    ws = Workstation.connect(
        demo.db_url, station="bench-1", operator="alice", data_dir=demo.data_dir,
        clock=lambda: BENCH_TIME,
    )  # fmt: skip
    reject = empty_parcel_reject(ws, photo)
    escalated = escalated_seller_error(ws, photo)
    accepted = accepted_defect(ws, photo)
    ws.open_parcel("TM-RF-55120")
    ws.close()
    review = ReviewDesk.connect(
        demo.db_url, operator="sam", pin=DEMO_SUPERVISOR_PIN, data_dir=demo.data_dir,
        clock=lambda: BENCH_TIME,
    )  # fmt: skip
    review.approve(reject, "Scale photo is clear")
    review.close()
    engine = open_store(store_url)
    honest = Desk(store_url, engine, _isolated_home, reject, escalated, accepted)
    report = honest.verify()
    assert report.intact, report.problems
    assert report.entities > 5 and report.files >= 1
    yield honest
    engine.dispose()


def sql(desk: Desk, statement: str, **params: object) -> None:
    with desk.engine.begin() as connection:
        connection.execute(text(statement), params)


def last_seq(connection: Connection) -> int:
    return int(connection.execute(text("SELECT max(seq) FROM audit_event")).scalar_one())


def broken(desk: Desk, *expected: str) -> None:
    """``audit verify`` (the service and the command) finds the edit and names it."""
    report = desk.verify()
    assert not report.intact
    found = "\n".join(report.problems)
    for words in expected:
        assert words in found, found
    run = desk.cli("verify")
    assert run.returncode == 1, run.stdout
    assert "BROKEN" in run.stderr and expected[0] in run.stderr
    assert "Traceback" not in run.stderr


def test_the_honest_desk_verifies_clean_from_the_command(desk: Desk) -> None:
    run = desk.cli("verify")
    assert run.returncode == 0, run.stderr
    assert "Audit trail intact" in run.stdout


def test_deleting_the_last_event(desk: Desk) -> None:
    with desk.engine.begin() as connection:
        end = last_seq(connection)
        connection.execute(text("DELETE FROM audit_event WHERE seq = :s"), {"s": end})
    broken(desk, f"event {end} was deleted")


def test_deleting_the_last_hundred_events(desk: Desk) -> None:
    ws = Workstation.connect(desk.url, station="bench-1", operator="alice", data_dir=desk.home)
    parked = ws.open_parcel("TM-RF-55120")
    for _ in range(PARKED):
        ws.cancel(parked.inspection_id)
    ws.close()
    with desk.engine.begin() as connection:
        end = last_seq(connection)
        connection.execute(text("DELETE FROM audit_event WHERE seq > :s"), {"s": end - 100})
    broken(desk, f"ends at event {end - 100}", f"events {end - 99}-{end} were deleted")


def test_deleting_every_event_and_the_head_record(desk: Desk) -> None:
    sql(desk, "DELETE FROM audit_event")
    sql(desk, "DELETE FROM audit_head")
    broken(desk, "the chain is empty", f"inspection {desk.reject} has no audit event")


def test_deleting_everything_leaves_the_anchor_kept_elsewhere(desk: Desk, tmp_path: Path) -> None:
    kept = tmp_path / "mailed-anchor.jsonl"
    taken = desk.cli("anchor", "-o", str(kept))
    assert taken.returncode == 0, taken.stderr
    tables = ("audit_event", "audit_head", "evidence", "inspection_unit", "inspection", "operator")
    for table in tables:
        sql(desk, f"DELETE FROM {table}")  # noqa: S608
    audit_anchor.head_file(desk.engine.url).unlink()
    audit_anchor.anchors_file(desk.engine.url).unlink()
    report = desk.verify()
    assert report.intact  # nothing left in the data dir or the database says otherwise...
    run = desk.cli("verify", "--anchor", str(kept))
    assert run.returncode == 1  # ...but the anchor sent elsewhere does
    assert "the chain is empty" in run.stderr and "were deleted" in run.stderr


def test_editing_a_payload_and_rehashing_forward_without_the_key(desk: Desk) -> None:
    with desk.engine.begin() as connection:
        rows = connection.execute(EVENTS.select().order_by(EVENTS.c.seq)).all()
        prev = rows[0].prev_hash
        for row in rows:
            payload = row.payload.replace('"grams":90', '"grams":900')
            new = event_hash(AuditEvent(**{**row._mapping, "payload": payload, "prev_hash": prev}))
            connection.execute(
                text(
                    "UPDATE audit_event SET payload = :p, prev_hash = :prev, hash = :h, "
                    "key_id = '' WHERE seq = :s"
                ),
                {"p": payload, "prev": prev, "h": new, "s": row.seq},
            )
            prev = new
        connection.execute(text("DELETE FROM audit_head"))
    broken(desk, "is not the one", "the signed head record is missing")


def test_rehashing_forward_from_the_edited_event_only(desk: Desk) -> None:
    with desk.engine.begin() as connection:
        end = last_seq(connection)
        row = connection.execute(EVENTS.select().where(EVENTS.c.seq == end)).one()
        payload = '{"step":"forged"}'
        new = event_hash(AuditEvent(**{**row._mapping, "payload": payload}))
        connection.execute(
            text("UPDATE audit_event SET payload = :p, hash = :h, key_id = '' WHERE seq = :s"),
            {"p": payload, "h": new, "s": end},
        )
    broken(desk, f"event {end} (review.approve) is not signed")


@pytest.mark.parametrize("signed_as", ["unsigned", "the desk key's id"])
def test_appending_a_forged_review_approve(desk: Desk, signed_as: str) -> None:
    with desk.engine.begin() as connection:
        end = last_seq(connection)
        head = connection.execute(
            text("SELECT hash, key_id, at FROM audit_event WHERE seq = :s"), {"s": end}
        ).one()
        connection.execute(
            text(
                "INSERT INTO audit_event (seq, at, actor, station, action, entity, payload, "
                "prev_hash, hash, key_id, state) VALUES (:s, :at, 'sam', '', "
                "'review.approve', :e, '{}', :prev, :h, :k, '')"
            ),
            {"s": end + 1, "at": head.at, "e": f"inspection:{desk.escalated}",
             "prev": head.hash, "h": "ab" * 32,
             "k": "" if signed_as == "unsigned" else head.key_id},
        )  # fmt: skip
    broken(desk, f"event {end + 1} (review.approve)")


def test_outcome_changed_from_reject_to_accept_with_a_refund(desk: Desk) -> None:
    sql(
        desk,
        "UPDATE inspection SET outcome = 'accept', reasons = '[\"NO_REASON_RETURN\"]', "
        "refund_minor = 59900 WHERE code = :c",
        c=desk.reject,
    )
    broken(desk, f"inspection {desk.reject} was changed outside the program")


def test_a_weight_changed(desk: Desk) -> None:
    sql(desk, "UPDATE inspection SET weight_g = 1900 WHERE code = :c", c=desk.reject)
    broken(desk, f"inspection {desk.reject} was changed outside the program")


def test_a_grade_changed(desk: Desk) -> None:
    sql(
        desk,
        "UPDATE inspection_unit SET grade = 'A' WHERE inspection_id = "
        "(SELECT id FROM inspection WHERE code = :c)",
        c=desk.accepted,
    )
    broken(desk, f"inspection {desk.accepted} was changed outside the program")


def test_a_unit_deleted(desk: Desk) -> None:
    sql(
        desk,
        "DELETE FROM inspection_unit WHERE inspection_id = "
        "(SELECT id FROM inspection WHERE code = :c)",
        c=desk.escalated,
    )
    broken(desk, f"inspection {desk.escalated} was changed outside the program")


def test_an_evidence_sha_changed(desk: Desk) -> None:
    sql(
        desk,
        "UPDATE evidence SET sha256 = :h WHERE inspection_id = "
        "(SELECT id FROM inspection WHERE code = :c)",
        h="0" * 64,
        c=desk.reject,
    )
    broken(
        desk,
        f"inspection {desk.reject} was changed outside the program",
        "its SHA-256 is no longer the one recorded",
    )


def test_a_forged_review(desk: Desk) -> None:
    sql(
        desk,
        "UPDATE inspection SET review_state = 'approved', reviewed_by = 'sam' WHERE code = :c",
        c=desk.escalated,
    )
    broken(desk, f"inspection {desk.escalated} was changed outside the program")


def test_a_clerk_given_the_supervisor_role(desk: Desk) -> None:
    sql(desk, "UPDATE operator SET role = 'supervisor' WHERE name = 'alice'")
    broken(desk, "operator alice was changed outside the program")


def test_an_inspection_deleted(desk: Desk) -> None:
    for table in ("evidence", "inspection_unit"):
        sql(
            desk,
            f"DELETE FROM {table} WHERE inspection_id = "  # noqa: S608
            "(SELECT id FROM inspection WHERE code = :c)",
            c=desk.reject,
        )
    sql(desk, "DELETE FROM inspection WHERE code = :c", c=desk.reject)
    broken(desk, f"inspection {desk.reject} was deleted")


def test_an_evidence_file_edited_on_disk(desk: Desk) -> None:
    stored = next(path for path in desk.evidence_dir.rglob("*") if path.is_file())
    stored.write_bytes(stored.read_bytes() + b"edited")
    broken(desk, f"evidence file {stored.relative_to(desk.evidence_dir).as_posix()}", "edited")


def test_an_evidence_file_removed(desk: Desk) -> None:
    stored = next(path for path in desk.evidence_dir.rglob("*") if path.is_file())
    stored.unlink()
    broken(desk, "is missing from")


def test_a_forged_anchor_is_named(desk: Desk, tmp_path: Path) -> None:
    forged = tmp_path / "forged.jsonl"
    forged.write_text(
        '{"seq":1,"hash":"' + "0" * 64 + '","at":"2026-11-18T10:00:00+00:00",'
        '"key_id":"0123456789abcdef","mac":"' + "0" * 64 + '"}\n'
    )
    run = desk.cli("verify", "--anchor", str(forged))
    assert run.returncode == 1
    assert "is not signed with this desk's key" in run.stderr


def test_a_damaged_anchor_file_is_a_message(desk: Desk, tmp_path: Path) -> None:
    damaged = tmp_path / "damaged.jsonl"
    damaged.write_text("not an anchor\n")
    run = desk.cli("verify", "--anchor", str(damaged))
    assert run.returncode == 1
    assert f"{damaged}:1 is not an audit anchor" in run.stderr
    assert "Traceback" not in run.stderr


def test_a_bench_without_the_desk_key_is_told_and_saves_nothing(
    desk: Desk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws = Workstation.connect(desk.url, station="bench-2", operator="alice", data_dir=desk.home)
    monkeypatch.setenv("INSPECT_TUI_AUDIT_KEY_FILE", str(tmp_path / "no-key-here"))
    with pytest.raises(AuditKeyMissing, match="Copy audit.key from a station of this desk"):
        ws.open_parcel("DY-RT-20017")
    ws.close()
    monkeypatch.delenv("INSPECT_TUI_AUDIT_KEY_FILE")
    assert desk.verify().intact
    with desk.engine.connect() as connection:
        opened = text("SELECT count(*) FROM inspection WHERE station = 'bench-2'")
        assert connection.execute(opened).scalar_one() == 0
