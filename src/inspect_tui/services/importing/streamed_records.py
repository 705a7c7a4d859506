"""Writing catalog and returns files as they are read, in chunks, inside one write transaction.

The products and returns counterparts of ``streaming.py``: the reader hands over every
``CHUNK_RECORDS`` products or return requests, which are checked against what came before and
written at once, so memory stays bounded by a chunk. What the whole-file import kept in dicts
lives in temporary tables (``staging.py``): the SKUs already read, with their line, so a SKU
repeated chunks apart is still reported; the return requests already written. Once any problem
is found nothing more is written, but reading and checking go on so every problem is reported;
the caller then rolls the transaction back.

A return request whose rows come back after its chunk was written raises ``NotStreamable``;
the caller rolls back and reads the file again grouped by return (``regrouping.py``).
"""

from __future__ import annotations

from sqlalchemy import Connection

from inspect_tui.core.translation import _
from inspect_tui.services.importing.checks import resolve_returns
from inspect_tui.services.importing.lookups import is_empty
from inspect_tui.services.importing.records import Batch, ProductRecord, ReturnRecord
from inspect_tui.services.importing.result import TableCounts
from inspect_tui.services.importing.staging import Staging
from inspect_tui.services.importing.streaming import NotStreamable
from inspect_tui.services.importing.validation import Problems
from inspect_tui.services.importing.writing import write_products, write_returns

CHUNK_RECORDS = 20_000
"""Products or return requests per chunk: fast bulk writes, bounded memory."""
STAGED_PRODUCTS = (
    "CREATE TEMPORARY TABLE staged_product (sku_key VARCHAR PRIMARY KEY, line INTEGER NOT NULL)",
)
STAGED_RETURNS = ("CREATE TEMPORARY TABLE staged_return (rma_key VARCHAR PRIMARY KEY)",)


class _RecordSink:
    """What the products and returns sinks share: the connection, the problems, the tallies.

    Attributes:
        chunk: Records the reader gathers before handing them over.
        counts: Rows created, updated and unchanged so far.
        lines_written: Child rows written so far (return lines).
    """

    def __init__(
        self,
        connection: Connection,
        batch: Batch,
        problems: Problems,
        staging: tuple[str, ...],
        chunk: int | None,
    ) -> None:
        self.connection = connection
        self.batch = batch
        self.problems = problems
        self.chunk = chunk or CHUNK_RECORDS
        self.counts = TableCounts()
        self.lines_written = 0
        self.staging = Staging(connection, staging)
        self.fresh = False
        """True when the store had none of these records before the import began."""

    def close(self) -> None:
        """Drop the temporary tables (a rollback drops them too)."""
        self.staging.close()

    def _tally(self, counts: TableCounts) -> None:
        self.counts.created += counts.created
        self.counts.updated += counts.updated
        self.counts.unchanged += counts.unchanged


class ProductSink(_RecordSink):
    """Takes products from a catalog reader, finds SKUs repeated across chunks, writes them."""

    def __init__(
        self, connection: Connection, batch: Batch, problems: Problems, chunk: int | None = None
    ) -> None:
        super().__init__(connection, batch, problems, STAGED_PRODUCTS, chunk)
        self.fresh = is_empty(connection, "product")

    def take(self, products: list[ProductRecord]) -> None:
        """Check one chunk of products against the earlier chunks' SKUs and write it.

        The chunk's SKUs (each once: the reader refuses repeats within a chunk) are staged
        first, an earlier chunk's line kept; only when some were already there are their lines
        read back to say where.
        """
        rows = [(record.sku_key, record.line) for record in products]
        added = self.staging.insert("staged_product", ("sku_key", "line"), rows, keep_first=True)
        fresh = products
        if added < len(rows):
            first: dict[str, int] = dict(
                self.staging.found(
                    "SELECT sku_key, line FROM staged_product WHERE sku_key IN ({marks})",
                    (record.sku_key for record in products),
                )
            )
            fresh = [record for record in products if first[record.sku_key] == record.line]
            label = self.batch.labels.get("sku", "sku")
            for record in products:
                line = first[record.sku_key]
                if line != record.line:
                    message = _("'{sku}' is also on line {line}; expected each SKU once").format(
                        sku=record.sku, line=line
                    )
                    self.problems.add(record.line, label, message)
        if self.problems or not fresh:
            return
        chunk = Batch(products=fresh, present=self.batch.present)
        self._tally(write_products(self.connection, chunk, fresh=self.fresh))


class ReturnSink(_RecordSink):
    """Takes return requests from a returns reader, finds their shipments, writes them."""

    def __init__(
        self, connection: Connection, batch: Batch, problems: Problems, chunk: int | None = None
    ) -> None:
        super().__init__(connection, batch, problems, STAGED_RETURNS, chunk)
        self.fresh = is_empty(connection, "return_request")

    def take(self, returns: dict[str, ReturnRecord]) -> None:
        """Check one chunk of finished return requests against the store and write it.

        Raises:
            NotStreamable: A return request of the chunk was in an earlier chunk.
        """
        again = self.staging.found(
            "SELECT rma_key FROM staged_return WHERE rma_key IN ({marks})", returns
        )
        if again:
            message = f"return {again[0][0]} comes back after other returns"
            raise NotStreamable(message, regroup=True)
        self.staging.insert("staged_return", ("rma_key",), [(k,) for k in returns])
        chunk = Batch(returns=returns, present=self.batch.present, labels=self.batch.labels)
        label = self.batch.labels.get("order_ref", "order_ref")
        resolved = resolve_returns(self.connection, chunk, self.problems, label)
        if self.problems or not returns:
            return
        counts, lines = write_returns(self.connection, chunk, resolved, {}, fresh=self.fresh)
        self._tally(counts)
        self.lines_written += lines
