"""Writing an order export whose return requests sit on its order rows, in chunks as it is read.

TikTok Shop's order export names a return on the rows of the order it belongs to, so a chunk of
orders also brings the return requests of those orders. The shipments reader hands each chunk
to this sink, which hands the orders to a ``ShipmentSink`` and then the chunk's return requests
to a ``ReturnSink``: the orders are written first, so their returns find them in the store. No
copy of either sink's checks: orders coming back after their chunk, serials across chunks, and
returns coming back are found by those sinks as for any other file.

Importing only the returns of such an export, the orders are read and checked but not kept:
each chunk's return requests go to the ``ReturnSink``, which finds their orders in the store.

Once a problem is found the orders are no longer written; their returns are then not given to
the ``ReturnSink`` either, which would report orders it cannot find (they are in the file).
"""

from __future__ import annotations

import gc

from inspect_tui.services.importing.checks import ShipmentKey
from inspect_tui.services.importing.records import Batch, ShipmentRecord
from inspect_tui.services.importing.result import TableCounts
from inspect_tui.services.importing.streamed_records import ReturnSink
from inspect_tui.services.importing.streaming import ShipmentSink
from inspect_tui.services.importing.validation import Problems


class OrderExportSink:
    """Takes a chunk of orders and the return requests read on their rows, and writes both.

    Attributes:
        chunk: Orders the reader gathers before handing them over.
        flushed: True once a chunk has been handed over.
        orders: Where the orders are written; None when only the returns are imported.
        returns: Where the return requests are written.
    """

    def __init__(
        self, batch: Batch, problems: Problems, returns: ReturnSink, orders: ShipmentSink | None
    ) -> None:
        self.batch = batch
        self.problems = problems
        self.returns = returns
        self.orders = orders
        self.chunk = orders.chunk if orders is not None else returns.chunk
        self.flushed = False

    @property
    def lines_written(self) -> int:
        """Shipment lines and return lines written so far."""
        written = self.returns.lines_written
        return written + (self.orders.lines_written if self.orders is not None else 0)

    def tallies(self) -> dict[str, TableCounts]:
        """Created, updated and unchanged per table, for the tables the file gave rows to."""
        tables = {"returns": self.returns.counts}
        if self.orders is not None:
            tables = {"shipments": self.orders.counts, **tables}
        return {name: counts for name, counts in tables.items() if counts.as_dict() != EMPTY}

    def close(self) -> None:
        """Drop both sinks' temporary tables (a rollback drops them too)."""
        if self.orders is not None:
            self.orders.close()
        self.returns.close()

    def check_unseen(self, order_key: str) -> None:
        """Nothing to do: an order coming back is found when its chunk is handed over.

        The export has no platform column, so every row takes the default one and no row is
        refused for a blank platform; the ``ShipmentSink`` finds the order among the earlier
        chunks' in ``take`` (one query per chunk, not one per order), and the ``ReturnSink``
        finds a return coming back.
        """

    def take(
        self, shipments: dict[ShipmentKey, ShipmentRecord], serials: dict[str, tuple[int, str]]
    ) -> None:
        """Write one chunk of orders, then the return requests of their rows; forget the returns.

        Raises:
            NotStreamable: An order (or return) of the chunk was in an earlier chunk.
        """
        self.flushed = True
        returns, self.batch.returns = self.batch.returns, {}
        if self.orders is not None:
            self.orders.take(shipments, serials)
        if returns and not (self.orders is not None and self.problems):
            self.returns.take(returns)
        # The import pauses the cyclic collector; the two writes of a chunk leave cycles
        # (results, statements) that would otherwise pile up until the end: ~200 bytes an order.
        gc.collect(0)


EMPTY = TableCounts().as_dict()
