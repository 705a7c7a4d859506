"""The embedded store's settings and the migrations that create every table."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import Engine, inspect, text
from sqlmodel import select

from inspect_tui.services.shared.database import StoreError, open_store
from inspect_tui.store import migrate
from inspect_tui.store.engine import make_engine, normalise_url
from inspect_tui.store.models import Operator
from inspect_tui.store.session import reading, writing

TABLES = {
    "product",
    "shipment",
    "shipment_line",
    "return_request",
    "return_line",
    "station",
    "operator",
    "inspection",
    "inspection_unit",
    "evidence",
    "audit_event",
    "alembic_version",
}


def test_sqlite_pragmas(sqlite_url: str) -> None:
    engine = make_engine(sqlite_url)
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000
        # FULL (2): with WAL, NORMAL (1) may lose the last commits on power loss.
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 2
    engine.dispose()


def test_migrations_create_every_table(engine: Engine) -> None:
    assert set(inspect(engine).get_table_names()) >= TABLES
    assert migrate.is_current(engine)


def test_open_store_creates_and_upgrades_an_embedded_file(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'deep' / 'dir' / 'inspect.db'}"
    engine = open_store(url)
    assert migrate.current_revision(engine) == migrate.head_revision()
    engine.dispose()


def test_foreign_keys_are_enforced(engine: Engine) -> None:
    with pytest.raises(Exception, match="(?i)foreign"), engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO shipment_line (shipment_id, line_no, sku, title, qty, gtin,"
                " unit_price_minor, serials, components) VALUES (999, 1, 'X', '', 1, NULL, 0,"
                " '[]', '[]')"
            )
        )


def test_times_come_back_as_utc(engine: Engine) -> None:
    shanghai = timezone(timedelta(hours=8))
    local = datetime(2026, 11, 22, 9, 30, tzinfo=shanghai)
    with writing(engine) as session:
        session.add(Operator(name="li", role="clerk", created_at=local))
    with reading(engine) as session:
        row = session.exec(select(Operator)).one()
        assert row.created_at == local
        assert row.created_at is not None and row.created_at.tzinfo is not None
        assert row.created_at.astimezone(UTC).hour == 1


def test_naive_times_are_refused(engine: Engine) -> None:
    with pytest.raises(Exception, match="naive"), writing(engine) as session:
        session.add(Operator(name="x", role="clerk", created_at=datetime(2026, 1, 1)))
        session.flush()


def test_postgres_url_uses_psycopg() -> None:
    assert normalise_url("postgresql://u:p@127.0.0.1/db").startswith("postgresql+psycopg://")


def test_unreachable_server_gives_a_clear_error() -> None:
    with pytest.raises(StoreError, match="Cannot open the database"):
        open_store("postgresql+psycopg://nobody@127.0.0.1:1/none")
