"""Reading a file's rows grouped by order (or return), for files whose groups are not together.

A streamed import writes each chunk of orders once it is read; an order whose rows come back
after its chunk was written cannot be merged into it. Such a file is read again, still in
bounded memory: every row goes into a temporary table of the import's transaction, keyed by
its order's key and its line, and the reader is given the rows back in that order, a page at a
time. Within an order the rows keep their file order and their own line numbers, so every
message names the line as the file has it.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import tzinfo

from sqlalchemy import Connection

from inspect_tui.services.importing import shopify, tiktok
from inspect_tui.services.importing.layout import generic_layout
from inspect_tui.services.importing.mapping import Mapping
from inspect_tui.services.importing.reading import Table
from inspect_tui.services.importing.records import Kind
from inspect_tui.services.importing.staging import Staging
from inspect_tui.services.importing.values import key

PAGE = 5_000
"""Rows fetched back at a time."""
STORE_ROWS = 20_000
"""Rows gathered before they are stored."""
GROUPED_ROWS = (
    "CREATE TEMPORARY TABLE grouped_row (group_key VARCHAR NOT NULL, line INTEGER NOT NULL, "
    "cells TEXT NOT NULL, PRIMARY KEY (group_key, line))",
)
GROUP_FIELD: dict[Kind, str] = {"shipments": "order_ref", "returns": "rma_ref"}


def group_of(
    kind: Kind, file_format: str, table: Table, zone: tzinfo, mapping: Mapping | None
) -> Callable[[list[str]], str]:
    """The key of the order (or return) a row belongs to, as the format's reader finds it.

    TikTok Shop's export is grouped by order, whichever kind is imported (its returns are on
    the order rows). Its row describing each column has spaces in its order ID: it is given
    the blank key, so it still comes back first, where the reader looks for it.
    """
    tiktok_export = file_format == "tiktok"
    layout = (
        shopify.orders_layout(zone)
        if file_format == "shopify"
        else tiktok.orders_layout(zone)
        if tiktok_export
        else mapping.layout(kind, zone)
        if mapping is not None
        else generic_layout(kind, zone)
    )
    bound = layout.bind(table.header)
    field = "order_ref" if tiktok_export else GROUP_FIELD[kind]
    if not bound.has(field):
        return lambda cells: ""  # the reader reports the missing column
    cell = bound.extractor((field,), defaults=False)

    def group(cells: list[str]) -> str:
        if not bound.fit(cells):
            return ""
        text = cell(cells)[0]
        if tiktok_export and any(ch.isspace() for ch in text):
            return ""
        return key(text)

    return group


class Regrouped:
    """The rows of ``table`` stored in a temporary table, to be read back grouped.

    Attributes:
        table: ``table`` with its rows coming back ordered by group, then line.
    """

    def __init__(
        self, connection: Connection, table: Table, group: Callable[[list[str]], str]
    ) -> None:
        self.staging = Staging(connection, GROUPED_ROWS)
        columns = ("group_key", "line", "cells")
        rows: list[tuple[str, int, str]] = []
        for line, cells in table.rows:
            rows.append((group(cells), line, json.dumps(cells, ensure_ascii=False)))
            if len(rows) >= STORE_ROWS:
                self.staging.insert("grouped_row", columns, rows)
                rows = []
        self.staging.insert("grouped_row", columns, rows)
        self.table = replace(table, rows=self._replay())

    def close(self) -> None:
        """Drop the temporary table (a rollback drops it too)."""
        self.staging.close()

    def _replay(self) -> Iterator[tuple[int, list[str]]]:
        connection = self.staging.connection
        mark = "?" if connection.dialect.paramstyle == "qmark" else "%s"
        sql = (
            f"SELECT group_key, line, cells FROM grouped_row WHERE group_key > {mark} OR "
            f"(group_key = {mark} AND line > {mark}) ORDER BY group_key, line LIMIT {PAGE}"
        )
        last_key, last_line = "", -1
        while True:
            page = connection.exec_driver_sql(sql, (last_key, last_key, last_line)).all()
            for _group, line, cells in page:
                yield line, json.loads(cells)
            if len(page) < PAGE:
                return
            last_key, last_line = page[-1][0], page[-1][1]
