"""Copying a whole desk from one store to another (a SQLite file to PostgreSQL, typically).

Every table is copied row for row, identifiers included, in one transaction on the target:
either the target ends up holding the whole desk or it is left as it was. Values go through
the tables' own column types both ways, so times, JSON and money read back on the target as
they were written on the source, and the audit chain (whose hashes cover them) verifies there
as it did at home. The target must be empty: copying into a desk that already has work would
mix two audit chains. PostgreSQL's id sequences are moved past the copied ids afterwards.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, Table, func, insert, select, text
from sqlmodel import SQLModel

from inspect_tui.store import migrate

BATCH = 2000


class CopyRefused(Exception):
    """The target cannot take the copy; the message says why and what to do."""


@dataclass(frozen=True, slots=True)
class CopyReport:
    """What was copied.

    Attributes:
        rows: Rows copied per table, in copy order.
    """

    rows: dict[str, int]

    @property
    def total(self) -> int:
        """All rows copied."""
        return sum(self.rows.values())


def copy_store(source: Engine, target: Engine, *, batch: int = BATCH) -> CopyReport:
    """Copy every row of ``source`` into the empty store ``target``.

    An empty target database (no tables) is given the schema first.

    Raises:
        CopyRefused: The source or the target is not at this program's schema, or the target
            already holds rows.
    """
    head = migrate.head_revision()
    if migrate.current_revision(source) != head:
        raise CopyRefused(
            "The desk to copy is not at this program's schema: run `inspect-tui db upgrade` on it."
        )
    target_revision = migrate.current_revision(target)
    if target_revision is None:
        migrate.upgrade(target)
    elif target_revision != head:
        raise CopyRefused(
            f"The target database is at schema {target_revision}, this program needs {head}: "
            "run `inspect-tui db upgrade` on it (or copy into an empty database)."
        )
    tables = list(SQLModel.metadata.sorted_tables)
    rows: dict[str, int] = {}
    with target.begin() as writer:
        _refuse_rows(writer, tables)
        with source.connect().execution_options(sqlite_begin="DEFERRED") as reader:
            for table in tables:
                rows[table.name] = 0
                for chunk in _chunks(reader, table, batch):
                    writer.execute(insert(table), chunk)
                    rows[table.name] += len(chunk)
        if writer.dialect.name == "postgresql":
            _move_sequences(writer, tables)
    return CopyReport(rows)


def _refuse_rows(writer: Connection, tables: list[Table]) -> None:
    for table in tables:
        count = writer.execute(select(func.count()).select_from(table)).scalar_one()
        if count:
            raise CopyRefused(
                f"The target database is not empty (table {table.name} holds {count} rows): "
                "nothing was copied. Copy into a new, empty database."
            )


def _chunks(reader: Connection, table: Table, batch: int) -> Iterator[list[dict[str, object]]]:
    order = list(table.primary_key.columns) or list(table.columns)
    result = reader.execute(select(table).order_by(*order).execution_options(yield_per=batch))
    for part in result.mappings().partitions(batch):
        yield [dict(row) for row in part]


def _move_sequences(writer: Connection, tables: list[Table]) -> None:
    for table in tables:
        for column in table.primary_key.columns:
            sequence = writer.execute(
                text("SELECT pg_get_serial_sequence(:t, :c)"), {"t": table.name, "c": column.name}
            ).scalar()
            if sequence is None:
                continue
            highest = writer.execute(select(func.max(column))).scalar()
            writer.execute(
                text("SELECT setval(:s, :v, false)"), {"s": sequence, "v": (highest or 0) + 1}
            )
