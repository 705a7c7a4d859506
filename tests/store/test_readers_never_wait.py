"""Reading a SQLite desk never takes (or waits for) the writer's lock.

While another program holds the file's write lock, opening the store (its schema check),
connecting a station, looking a parcel up and verifying the audit trail all work.
"""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import pytest

from inspect_tui.core.policy import default_policy
from inspect_tui.services.inspecting.workstation import Workstation
from inspect_tui.services.records.lookup import lookup_parcel
from inspect_tui.services.shared.database import open_store
from inspect_tui.store import engine as store_engine
from inspect_tui.store import migrate
from inspect_tui.store.audit_verify import verify_store

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from bench_load import make_pool  # noqa: E402  (the benchmark's pool of parcels, shared)


def test_readers_work_while_another_program_writes(
    sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    codes = make_pool(sqlite_url, tmp_path / "pool", 2)
    monkeypatch.setattr(store_engine, "BUSY_TIMEOUT_MS", 200)
    writer = sqlite3.connect(sqlite_url.removeprefix("sqlite:///"), isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    try:
        engine = open_store(sqlite_url)
        try:
            assert migrate.is_current(engine)
            found = lookup_parcel(engine, codes[0], default_policy(), tmp_path / "evidence")
            assert found.matched_by == "tracking_out"
            assert verify_store(engine, evidence_dir=None).intact
        finally:
            engine.dispose()
        bench = Workstation.connect(sqlite_url, station="bench-1", operator="clerk")
        try:
            assert bench.resume_open() is None
        finally:
            bench.close()
    finally:
        writer.execute("ROLLBACK")
        writer.close()
