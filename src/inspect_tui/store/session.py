"""Units of work: one transaction, with its audit event, that waits its turn without failing.

``writing`` is the only way the services change the store; it commits only when the block
finishes without an exception. ``reading`` is a plain read-only transaction.

How writers take turns differs by back end:

- **SQLite** has one writer at a time. A write transaction starts with ``BEGIN IMMEDIATE``
  (so two processes never both read the audit chain's head and then race to append to it).
  While another station writes, the start is tried again every few milliseconds for up to
  ``patience_s()`` (20 s); only then does the caller see the error. Nothing has run inside
  the block before the start succeeds, so a retry repeats nothing.
- **PostgreSQL**, by default, takes the audit chain's advisory lock at the start, which
  serialises the transaction with every other writer. ``writing(engine, rows=True)`` does not:
  the caller locks the rows it changes (``lock_rows``), and the chain's lock is taken only by
  ``store.audit.record`` just before an event is appended, so it is held from the append to
  the commit, a few milliseconds. Stations working on different parcels then never wait for
  each other except for that append.
"""

from __future__ import annotations

import random
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import Engine, text
from sqlalchemy.exc import OperationalError
from sqlmodel import Session

from inspect_tui.store import engine as engine_module
from inspect_tui.store.engine import is_sqlite

AUDIT_LOCK_KEY = 7_234_001
BUSY_RETRIES = 3
"""A SQLite write waits (1 + this) busy timeouts for the writer's lock before giving up."""
QUICK_TRY_MS = 20
"""How long SQLite itself waits for the lock at each try (see ``_begun``)."""


@dataclass(slots=True)
class BusyCounts:
    """How often this process had to wait its turn (read by the load benchmark).

    Attributes:
        retries: Write transactions that had to wait for another station's write.
        gave_up: Write transactions that never started (the caller saw the error).
    """

    retries: int = 0
    gave_up: int = 0


busy_counts = BusyCounts()


@contextmanager
def writing(engine: Engine, *, rows: bool = False) -> Iterator[Session]:
    """A write transaction that commits on success.

    Args:
        engine: The store.
        rows: On PostgreSQL, lock rows instead of the whole store: the caller takes
            ``lock_rows`` on what it changes and the audit chain is locked only at the append.
            Ignored on SQLite, which has a single writer anyway.
    """
    with _begun(engine) as session:
        if not rows and not is_sqlite(engine):
            lock_chain(session)
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


@contextmanager
def _begun(engine: Engine) -> Iterator[Session]:
    """A session whose transaction has started; on SQLite, waiting for the writer's lock.

    SQLite is asked to give up after ``QUICK_TRY_MS`` and the start is tried again after a
    pause of a few milliseconds, until ``patience_s()`` has passed: a waiting station looks
    every few milliseconds instead of SQLite's up to 100, so stations take turns about as
    they arrive.
    """
    if not is_sqlite(engine):
        with Session(engine, expire_on_commit=False) as session:
            session.connection()
            yield session
        return
    deadline = time.monotonic() + patience_s()
    waited = False
    while True:
        session = Session(engine, expire_on_commit=False)
        try:
            session.connection(execution_options={"sqlite_busy_ms": QUICK_TRY_MS})
        except OperationalError as error:
            session.close()
            if not _busy(error) or time.monotonic() >= deadline:
                if _busy(error):
                    busy_counts.gave_up += 1
                raise
            if not waited:
                busy_counts.retries += 1
                waited = True
            time.sleep(random.uniform(0.001, 0.004))
            continue
        with session:
            yield session
        return


def patience_s() -> float:
    """How long a SQLite write waits for the writer's lock before the clerk is told."""
    return engine_module.BUSY_TIMEOUT_MS / 1000 * (1 + BUSY_RETRIES)


def _busy(error: OperationalError) -> bool:
    text_ = str(getattr(error, "orig", error)).lower()
    return "locked" in text_ or "busy" in text_


def lock_chain(session: Session) -> None:
    """Hold the audit chain's lock until the transaction ends (PostgreSQL; SQLite has it)."""
    if not _on_sqlite(session):
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": AUDIT_LOCK_KEY})


def lock_name(session: Session, name: str) -> None:
    """Hold a named lock until the transaction ends (PostgreSQL; SQLite has one writer).

    For what has no row to lock yet, such as the next inspection number of a day.
    """
    if not _on_sqlite(session):
        key = zlib.crc32(name.encode("utf-8"))
        session.execute(text("SELECT pg_advisory_xact_lock(:a, :b)"), {"a": 1, "b": key - 2**31})


def _on_sqlite(session: Session) -> bool:
    return session.get_bind().dialect.name == "sqlite"


@contextmanager
def reading(engine: Engine) -> Iterator[Session]:
    """A read-only transaction that never blocks writers on SQLite.

    Closing the session ends the transaction without expiring what was loaded, so rows read
    here can still be looked at after the block.
    """
    if is_sqlite(engine):
        connection = engine.connect().execution_options(sqlite_begin="DEFERRED")
        with connection, Session(bind=connection, expire_on_commit=False) as session:
            yield session
        return
    with Session(engine, expire_on_commit=False) as session:
        yield session
