"""Filling a DataTable whose columns are exactly as wide as their widest cell.

Left to itself a ``DataTable`` measures every cell through Rich when it next idles (for a
day's 700-odd parcels in the review queue, a third of the time to show them), does not
measure ``Content`` cells at all, and never narrows a column. Working the widths out here,
in one pass over cells that are plain ``Content`` (never read as markup), avoids all three.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence

from rich.cells import cell_len
from textual.content import Content
from textual.widgets import DataTable

Cells = Sequence[Content]


def fill_table(
    table: DataTable[Content],
    columns: Sequence[tuple[str, str]],
    rows: Sequence[Cells],
    keys: Sequence[Hashable] | None = None,
) -> None:
    """Replace the columns and rows of ``table``.

    Args:
        table: The table to fill.
        columns: ``(key, label)`` of each column.
        rows: The cells of each row, one per column.
        keys: A key for each row (None: no row keys).
    """
    table.clear(columns=True)
    for index, (key, label) in enumerate(columns):
        width = max([cell_len(label), *(row[index].cell_length for row in rows)])
        table.add_column(label, key=key, width=width)
    for number, row in enumerate(rows):
        table.add_row(*row, key=None if keys is None else str(keys[number]))
