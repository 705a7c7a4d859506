"""Engines for the embedded SQLite store and for a shared PostgreSQL server.

SQLite runs in WAL mode with ``synchronous=FULL`` (the WAL is synced at every commit, so a
step the screen calls done survives a power loss, not only a crash of the program), a busy
timeout and foreign keys on. Its write transactions start
with ``BEGIN IMMEDIATE`` so two processes never both read the audit chain's head and then race
to append to it; PostgreSQL gets the same guarantee from an advisory lock (see ``session.py``).
Reads (``sqlite_begin="DEFERRED"``) never take the writer's lock.

PostgreSQL sessions carry a lock timeout, a statement timeout and an idle-in-transaction
timeout: a station frozen in the middle of a step (a stopped process, a hung PC) costs the
others a clear message after ``LOCK_TIMEOUT_MS`` instead of an endless wait, and the server
ends the frozen transaction after ``IDLE_IN_TRANSACTION_MS``, releasing its locks.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url

BUSY_TIMEOUT_MS = 5000
LOCK_TIMEOUT_MS = 4000
STATEMENT_TIMEOUT_MS = 120_000
IDLE_IN_TRANSACTION_MS = 15_000
SYNCHRONOUS = "FULL"
"""With WAL, NORMAL may lose the last commits on power loss; FULL syncs each commit."""


def normalise_url(url: str) -> str:
    """Use the psycopg 3 driver for plain ``postgresql://`` URLs."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def is_sqlite(engine: Engine) -> bool:
    """True for the embedded store."""
    return engine.dialect.name == "sqlite"


def make_engine(url: str, *, echo: bool = False) -> Engine:
    """Create an engine for ``url``, creating the SQLite file's directory if needed."""
    url = normalise_url(url)
    parsed = make_url(url)
    if parsed.drivername.startswith("sqlite"):
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url,
            echo=echo,
            connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
        )
        _configure_sqlite(engine)
        return engine
    # Deferred: the tables load with a PostgreSQL engine only, and then with their options.
    from inspect_tui.store.tables import add_postgresql_options

    add_postgresql_options()
    options = (
        f"-c lock_timeout={LOCK_TIMEOUT_MS} -c statement_timeout={STATEMENT_TIMEOUT_MS} "
        f"-c idle_in_transaction_session_timeout={IDLE_IN_TRANSACTION_MS}"
    )
    return create_engine(url, echo=echo, pool_pre_ping=True, connect_args={"options": options})


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's begin event below decide how each transaction starts.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA synchronous={SYNCHRONOUS}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        options = connection.get_execution_options()
        mode = options.get("sqlite_begin", "IMMEDIATE")
        # A writer that waits in its own loop (store.session) asks SQLite to give up quickly
        # instead: SQLite's own wait sleeps up to 100 ms between looks and keeps missing the
        # moments another station's back-to-back steps leave free.
        wait_ms = options.get("sqlite_busy_ms", BUSY_TIMEOUT_MS)
        connection.exec_driver_sql(f"PRAGMA busy_timeout={int(wait_ms)}")
        connection.exec_driver_sql(f"BEGIN {mode}")
