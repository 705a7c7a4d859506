"""Bulk inserts: one Core ``insert()`` compiled once, rows sent with the driver's executemany.

Handing SQLAlchemy a list of dicts costs several microseconds per row in parameter handling
before the driver sees it, which for a million shipment lines is more than the database's own
work (measured: 3.0 s against 1.2 s for 55,500 shipments on SQLite). Here the statement is
compiled once for the connection's dialect, each column's own bind processor (the store's
``UtcDateTime`` and ``JsonList`` types included) is applied only where the type has one, and
the rows go to ``exec_driver_sql`` in chunks: the same SQL and the same stored values, in the
same transaction, at close to the driver's speed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Boolean, Connection, insert

from inspect_tui.services.importing.lookups import table
from inspect_tui.store.types import JsonList

CHUNK = 20_000
"""Rows per executemany call: large enough to be fast, small enough to bound memory."""
CACHE_KIB = 65_536
"""SQLite page cache during an import, in KiB (64 MiB; only used as the import needs it).

Once the store outgrows it, it is most of what a large import's memory grows by
(bench/README.md), so it is kept to what a small back-office PC can spare."""


class BulkInsert:
    """INSERT INTO ``table_name`` (``columns``) for many rows given as tuples in that order."""

    def __init__(self, connection: Connection, table_name: str, columns: Sequence[str]) -> None:
        target = table(table_name)
        dialect = connection.dialect
        compiled = insert(target).compile(
            dialect=dialect, column_keys=list(columns), for_executemany=True
        )
        self.connection = connection
        self.sql = str(compiled)
        self.columns = tuple(columns)
        self.positional = bool(compiled.positional)
        names = list(compiled.positiontup or []) if self.positional else list(compiled.params)
        position = {name: index for index, name in enumerate(columns)}
        missing = [name for name in names if name not in position]
        if missing:  # columns with defaults that the compiled statement expects a value for
            raise ValueError(f"bulk insert into {table_name} needs values for {missing}")
        self.order = [position[name] for name in names]
        self.names = names
        self.processors: dict[int, Callable[[Any], Any]] = {}
        for index, name in enumerate(columns):
            column_type = target.c[name].type
            adapted = column_type.dialect_impl(dialect)
            processor: Callable[[Any], Any] | None = adapted.bind_processor(dialect)
            if processor is not None and isinstance(column_type, JsonList):
                processor = _empty_list_shortcut(processor)
            elif isinstance(column_type, Boolean):
                # It only checks the value is a bool (the import's always are) and, on SQLite,
                # makes it 1 or 0, which the driver does itself for a bool.
                processor = None
            if processor is not None:
                self.processors[index] = processor
        self._prepare = _row_maker(self.order, self.processors, names, self.positional)

    def run(self, rows: Iterable[Sequence[Any]]) -> int:
        """Insert ``rows`` (each in ``columns`` order); the number inserted."""
        count = 0
        prepare = self._prepare
        chunk: list[Any] = []
        for row in rows:
            chunk.append(prepare(row))
            if len(chunk) >= CHUNK:
                count += self._send(chunk)
                chunk = []
        if chunk:
            count += self._send(chunk)
        return count

    def _send(self, chunk: list[Any]) -> int:
        self.connection.exec_driver_sql(self.sql, chunk)
        return len(chunk)


@contextmanager
def roomy_page_cache(connection: Connection) -> Iterator[None]:
    """Give SQLite a page cache big enough for the indexes a large import writes to.

    With the default 2 MB cache, inserting half a million shipments spends most of its time
    re-reading index pages; ``CACHE_KIB`` keeps them in memory. The setting belongs to this
    connection only and is put back afterwards. PostgreSQL needs nothing here.
    """
    if connection.dialect.name != "sqlite":
        yield
        return
    previous = connection.exec_driver_sql("PRAGMA cache_size").scalar()
    connection.exec_driver_sql(f"PRAGMA cache_size=-{CACHE_KIB}")
    try:
        yield
    finally:
        connection.exec_driver_sql(f"PRAGMA cache_size={int(previous or -2000)}")


def _row_maker(
    order: list[int],
    processors: dict[int, Callable[[Any], Any]],
    names: list[str],
    positional: bool,
) -> Callable[[Sequence[Any]], Any]:
    """A function turning one row (in ``columns`` order) into the driver's parameters.

    Written out as one expression per statement (the values in the statement's order, each
    through its column's processor where it has one) instead of looping over the columns for
    every row: the row's conversion was a fifth of a large import's time. Only positions and
    the processors' names go into the source, never data.
    """
    values = [f"p{i}(row[{i}])" if i in processors else f"row[{i}]" for i in order]
    if positional:
        body = f"({', '.join(values)},)"
    else:
        body = (
            "{" + ", ".join(f"{name!r}: {v}" for name, v in zip(names, values, strict=True)) + "}"
        )
    namespace: dict[str, Any] = {f"p{i}": processor for i, processor in processors.items()}
    exec(f"def prepare(row):\n    return {body}\n", namespace)  # noqa: S102
    maker: Callable[[Sequence[Any]], Any] = namespace["prepare"]
    return maker


def _empty_list_shortcut(processor: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """Shortcuts for the lists an import writes most: empty, or of plain ASCII text.

    Most serials, seal id and component lists are empty (``[]`` is serialised once); the others
    are mostly short codes, written straight into JSON when no character of theirs needs
    escaping. The shortcut is used only where the column's own processor gives that same text.
    """
    empty = processor([])
    plain = processor(["A-1", "b 2"]) == '["A-1", "b 2"]'

    def process(value: Any) -> Any:
        if not value:
            return empty
        if plain and type(value) is list:
            try:
                inner = "".join(value)  # a TypeError for anything but text
            except TypeError:
                return processor(value)
            if inner.isascii() and inner.isprintable() and '"' not in inner and "\\" not in inner:
                return '["' + '", "'.join(value) + '"]'
        return processor(value)

    return process


def insert_dicts(
    connection: Connection, table_name: str, columns: Sequence[str], rows: Iterable[dict[str, Any]]
) -> int:
    """Bulk-insert dict rows (for the small tables: products, returns, evidence)."""
    bulk = BulkInsert(connection, table_name, columns)
    return bulk.run(tuple(row[name] for name in columns) for row in rows)
