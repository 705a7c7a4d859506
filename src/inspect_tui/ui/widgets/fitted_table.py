"""Filling a DataTable whose columns are exactly as wide as their widest cell.

Left to itself a ``DataTable`` measures every cell of every new row through Rich when it next
idles (for a day's 700-odd parcels in the review queue, or a month's 1,400 repeat offenders,
more time than reading them), and never narrows a column. :func:`fill_table` works the widths
out in one pass over cells that are plain ``Content`` (never read as markup); a
:class:`FittedTable` then skips the measuring, which fixed widths and one-line rows make
pointless.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from typing import TypeVar

from textual.content import Content
from textual.widgets import DataTable
from textual.widgets.data_table import RowKey

Cells = Sequence[Content]
CellT = TypeVar("CellT")


class FittedTable(DataTable[CellT]):
    """A ``DataTable`` that does not measure rows it has nothing to learn from.

    When every column has a fixed width and a new row is one line with no label, measuring
    its cells changes nothing that is drawn; such rows are left out of the measuring (the
    table's size is still worked out). Any other row is measured as a ``DataTable`` does.
    """

    def _update_dimensions(self, new_rows: Iterable[RowKey]) -> None:
        # Overrides DataTable's private hook (textual is pinned in pyproject.toml).
        if all(not column.auto_width for column in self.columns.values()):
            rows = self.rows
            new_rows = [
                key
                for key in new_rows
                if key in rows and (rows[key].label is not None or rows[key].auto_height)
            ]
        super()._update_dimensions(new_rows)


def fill_table(
    table: DataTable[Content],
    columns: Sequence[tuple[str, str]],
    rows: Sequence[Cells],
    keys: Sequence[Hashable] | None = None,
) -> None:
    """Replace the columns and rows of ``table``.

    Args:
        table: The table to fill (a :class:`FittedTable` skips measuring the new rows).
        columns: ``(key, label)`` of each column.
        rows: The cells of each row, one per column.
        keys: A key for each row (None: no row keys).
    """
    table.clear(columns=True)
    for index, (key, label) in enumerate(columns):
        width = max([Content(label).cell_length, *(row[index].cell_length for row in rows)])
        table.add_column(label, key=key, width=width)
    for number, row in enumerate(rows):
        table.add_row(*row, key=None if keys is None else str(keys[number]))
