"""Opening the store for a use case: the engine, upgraded or checked against the migrations."""

from __future__ import annotations

from sqlalchemy import Engine, inspect, text
from sqlalchemy.exc import ArgumentError, OperationalError

from inspect_tui.core.words import counted
from inspect_tui.store import migrate
from inspect_tui.store.engine import is_sqlite, make_engine


class StoreError(Exception):
    """The store cannot be used as it is; the message says what to do.

    Attributes:
        empty: True when the database has no schema at all (nothing to lose by creating it).
    """

    def __init__(self, message: str, *, empty: bool = False) -> None:
        super().__init__(message)
        self.empty = empty


def open_store(url: str, *, upgrade_embedded: bool = True, refuse_data: bool = False) -> Engine:
    """An engine for ``url`` whose schema is current.

    An embedded SQLite store is upgraded on the spot when it is behind. A shared PostgreSQL
    store is only checked, because upgrading it is a decision for whoever runs the stations.
    The check is a read: it never takes the writer's lock, so opening the store never waits
    for (or holds up) a station that is writing.

    Args:
        url: The database URL.
        upgrade_embedded: Upgrade a SQLite store's schema when it is behind.
        refuse_data: Raise ``StoreError`` if the store already holds shipments (for the demo).
    """
    try:
        engine = make_engine(url)
    except OSError as error:
        raise StoreError(
            f"Cannot open the database {url}: its folder cannot be created "
            f"({error.strerror or error})"
        ) from error
    except ArgumentError as error:  # not a URL, or a kind of database this program cannot use
        raise StoreError(f"Cannot open the database {url}: {error}") from error
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
            f"{migrate.head_revision()}: run `inspect-tui db upgrade`.",
            empty=current is None and not inspect(engine).get_table_names(),
        )
    if refuse_data:
        _refuse_data(engine)
    return engine


def _refuse_data(engine: Engine) -> None:
    with engine.connect().execution_options(sqlite_begin="DEFERRED") as connection:
        shipments = connection.execute(text("SELECT count(*) FROM shipment")).scalar_one()
    if shipments:
        engine.dispose()
        raise StoreError(
            f"The database {engine.url!r} already holds {counted(shipments, 'shipment')}; the demo "
            "needs an empty database (create one, or leave out --db for a demo file of its own)"
        )


def _first_line(error: Exception) -> str:
    text = str(getattr(error, "orig", None) or error)
    return text.strip().splitlines()[0] if text.strip() else type(error).__name__
