"""Opening the store for a use case: the engine, upgraded or checked against the migrations."""

from __future__ import annotations

from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError

from inspect_tui.store import migrate
from inspect_tui.store.engine import is_sqlite, make_engine


class StoreError(Exception):
    """The store cannot be used as it is; the message says what to do."""


def open_store(url: str, *, upgrade_embedded: bool = True) -> Engine:
    """An engine for ``url`` whose schema is current.

    An embedded SQLite store is upgraded on the spot. A shared PostgreSQL store is only
    checked, because upgrading it is a decision for whoever runs the stations.
    """
    try:
        engine = make_engine(url)
    except OSError as error:
        raise StoreError(
            f"Cannot open the database {url}: its folder cannot be created "
            f"({error.strerror or error})"
        ) from error
    try:
        if is_sqlite(engine):
            if upgrade_embedded and not migrate.is_current(engine):
                migrate.upgrade(engine)
            return engine
        current = migrate.current_revision(engine)
    except OperationalError as error:
        engine.dispose()
        raise StoreError(
            f"Cannot open the database {engine.url!r}: {_first_line(error)}"
        ) from error
    if current != migrate.head_revision():
        engine.dispose()
        raise StoreError(
            f"The database is at schema {current or 'none'}, this program needs "
            f"{migrate.head_revision()}: run `inspect-tui db upgrade`."
        )
    return engine


def _first_line(error: Exception) -> str:
    text = str(getattr(error, "orig", None) or error)
    return text.strip().splitlines()[0] if text.strip() else type(error).__name__
