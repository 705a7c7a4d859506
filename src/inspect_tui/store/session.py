"""Units of work: one transaction, serialised with every other writer, with its audit event.

``writing`` is the only way the services change the store. It takes the audit chain's lock at
the start of the transaction (``BEGIN IMMEDIATE`` on SQLite, an advisory lock on PostgreSQL),
so the chain's head cannot move under it, and commits only when the block finishes without an
exception. ``reading`` is a plain read-only transaction.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine, text
from sqlmodel import Session

from inspect_tui.store.engine import is_sqlite

AUDIT_LOCK_KEY = 7_234_001


@contextmanager
def writing(engine: Engine) -> Iterator[Session]:
    """A write transaction holding the store-wide writer lock; commits on success."""
    with Session(engine, expire_on_commit=False) as session:
        if not is_sqlite(engine):
            session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": AUDIT_LOCK_KEY})
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


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
