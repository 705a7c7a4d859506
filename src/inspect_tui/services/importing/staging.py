"""Temporary tables of the import's write transaction that stand in for whole-file dicts.

A streamed import forgets each chunk of records once it is written; what later chunks must be
checked against (keys already seen, with the line that first named them) is kept here, in
temporary tables that the transaction's rollback or the sink's ``close`` drops. Shared by every
streamed kind: shipments (``streaming.py``), products and returns (``streamed_records.py``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Connection

from inspect_tui.services.importing.lookups import chunks


class Staging:
    """The temporary tables of one streamed import, and plain bulk writes and lookups on them.

    Attributes:
        connection: The import's connection, inside its write transaction.
        names: The temporary tables made (dropped by ``close``).
    """

    def __init__(self, connection: Connection, statements: Sequence[str]) -> None:
        self.connection = connection
        self.names: list[str] = []
        for statement in statements:
            connection.exec_driver_sql(statement)
            if statement.startswith("CREATE TEMPORARY TABLE "):
                self.names.append(statement.split()[3])

    def close(self) -> None:
        """Drop the temporary tables (a rollback drops them too)."""
        for name in self.names:
            self.connection.exec_driver_sql(f"DROP TABLE {name}")

    def insert(
        self,
        name: str,
        columns: tuple[str, ...],
        rows: list[tuple[Any, ...]],
        *,
        keep_first: bool = False,
    ) -> int:
        """Insert plain tuples into ``name`` with the driver's executemany (no type processing).

        With ``keep_first`` a row whose key the table already holds is left out (the earlier
        one stays). Returns the number of rows inserted.
        """
        if not rows:
            return 0
        mark = "?" if self.connection.dialect.paramstyle == "qmark" else "%s"
        marks = ", ".join(mark for _column in columns)
        conflict = " ON CONFLICT DO NOTHING" if keep_first else ""
        result = self.connection.exec_driver_sql(
            f"INSERT INTO {name} ({', '.join(columns)}) VALUES ({marks}){conflict}", rows
        )
        return int(result.rowcount)

    def found(self, sql: str, keys: Iterable[str]) -> list[Any]:
        """The rows of ``sql`` for all ``keys``, which go in its ``IN ({marks})``, in pieces.

        Sent to the driver as they are: the temporary tables hold plain strings and integers,
        and building each piece's statement through SQLAlchemy cost more than running it.
        """
        mark = "?" if self.connection.dialect.paramstyle == "qmark" else "%s"
        rows: list[Any] = []
        for part in chunks(sorted(set(keys))):
            marks = ", ".join(mark for _key in part)
            rows.extend(self.connection.exec_driver_sql(sql.format(marks=marks), tuple(part)))
        return rows
