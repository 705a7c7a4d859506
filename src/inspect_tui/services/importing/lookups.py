"""Reading what the store already holds for an import, in chunks of keys.

A file can name hundreds of thousands of orders, so existing rows are fetched with ``IN`` lists
of at most ``CHUNK`` keys rather than one query per row or one giant statement. When a table is
empty the lookups are skipped altogether (the common case of a first, large import).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any, TypeVar

from sqlalchemy import Connection, Table, select
from sqlmodel import SQLModel

T = TypeVar("T")
CHUNK = 500


def table(name: str) -> Table:
    """A table of the store's schema by name, for Core statements."""
    return SQLModel.metadata.tables[name]


def chunks(items: Sequence[T], size: int = CHUNK) -> Iterator[Sequence[T]]:
    """``items`` in slices of at most ``size``."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


def is_empty(connection: Connection, name: str) -> bool:
    """True when the table has no rows (so no existing keys need looking up)."""
    found = table(name).c.id
    return connection.execute(select(found).limit(1)).first() is None


def rows_where_in(
    connection: Connection,
    name: str,
    columns: Iterable[str],
    key_column: str,
    keys: Iterable[Any],
    **equals: Any,
) -> Iterator[Any]:
    """Rows of ``name`` whose ``key_column`` is one of ``keys`` (and other columns equal)."""
    source = table(name)
    selected = [source.c[column] for column in columns]
    distinct = sorted(set(keys))
    for part in chunks(distinct):
        statement = select(*selected).where(source.c[key_column].in_(part))
        for column, value in equals.items():
            statement = statement.where(source.c[column] == value)
        yield from connection.execute(statement)
