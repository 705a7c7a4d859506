"""Writing a shipments file as it is read, in chunks of orders, inside one write transaction.

A million shipment lines held as records until the end took gigabytes; here the reader hands
over every ``CHUNK_ORDERS`` finished orders, which are checked against what came before and
written at once, so memory stays bounded by a chunk. The checks that span the whole file run
in SQL against temporary tables of the same transaction instead of Python dicts: which orders
were already seen (an order whose rows come back after a chunk was written), which serials the
file already used, and which serials the store already shipped. Once any problem is found
nothing more is written, but reading and checking go on so every problem is reported; the
caller then rolls the transaction back, so a rejected file still leaves the store untouched.

An order whose rows are not together across chunks raises ``NotStreamable`` with ``regroup``
set: the caller rolls back and reads the file again grouped by order (``regrouping.py``).

Pre-shipment photos are copied into the evidence store with their chunk's orders, and their
evidence rows written in the same transaction. If the file is then rejected (a problem in a
later chunk, a photo the store will not take), the rollback removes every row; photos already
copied may stay in the store, stored under their SHA-256 and referred to by no evidence row,
as when the whole-file import fails while writing.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, text

from inspect_tui.core.translation import _
from inspect_tui.services.evidence.store import EvidenceStore, EvidenceStoreError
from inspect_tui.services.importing.checks import (
    ShipmentKey,
    report_shipped_before,
    serial_places,
    shipped_serials,
)
from inspect_tui.services.importing.lookups import is_empty
from inspect_tui.services.importing.photos import store_refusal
from inspect_tui.services.importing.records import Batch, ShipmentRecord
from inspect_tui.services.importing.result import TableCounts
from inspect_tui.services.importing.shipment_writer import write_shipments
from inspect_tui.services.importing.staging import Staging
from inspect_tui.services.importing.validation import Problems
from inspect_tui.services.importing.values import key

CHUNK_ORDERS = 20_000
"""Orders per chunk: large enough for fast bulk writes, small enough to bound memory."""
STAGING = (
    "CREATE TEMPORARY TABLE staged_order (order_key VARCHAR NOT NULL, platform VARCHAR NOT "
    "NULL, PRIMARY KEY (order_key, platform))",
    "CREATE TEMPORARY TABLE staged_serial (serial_key VARCHAR PRIMARY KEY, line INTEGER NOT "
    "NULL, order_ref VARCHAR NOT NULL)",
    "CREATE TEMPORARY TABLE stored_serial (serial_key VARCHAR NOT NULL, platform VARCHAR NOT "
    "NULL, order_key VARCHAR NOT NULL, order_ref VARCHAR NOT NULL)",
    "CREATE INDEX stored_serial_key ON stored_serial (serial_key)",
)

STAGED_SERIALS = (
    "SELECT serial_key, line, order_ref FROM staged_serial WHERE serial_key IN ({marks})"
)
STORED_SERIALS = (
    "SELECT serial_key, platform, order_key, order_ref FROM stored_serial "
    "WHERE serial_key IN ({marks})"
)


class NotStreamable(Exception):
    """The file cannot be written in chunks as it comes (orders split across chunks).

    Attributes:
        regroup: True when reading the rows grouped by order would do (``regrouping.py``);
            False when the file needs the whole-file import.
    """

    def __init__(self, message: str, *, regroup: bool = False) -> None:
        super().__init__(message)
        self.regroup = regroup


class ShipmentSink:
    """Takes finished orders from the reader, checks them across the file, and writes them.

    Attributes:
        chunk: Orders the reader gathers before handing them over.
        counts: Shipments created, updated and unchanged so far.
        lines_written: Shipment lines written so far.
        photos_stored: Pre-shipment photos attached so far (evidence rows).
        flushed: True once a chunk has been handed over (the reader's memory was reset).
    """

    def __init__(
        self,
        connection: Connection,
        batch: Batch,
        problems: Problems,
        store: EvidenceStore,
        chunk: int | None = None,
    ) -> None:
        self.connection = connection
        self.batch = batch
        self.problems = problems
        self.store = store
        self.chunk = chunk or CHUNK_ORDERS
        self.counts = TableCounts()
        self.lines_written = 0
        self.photos_stored = 0
        self.flushed = False
        self.store_was_empty = is_empty(connection, "shipment")
        self.serials_staged = False
        self.staging = Staging(connection, STAGING)
        self.store_has_serials = not is_empty(connection, "shipment_line")
        if self.store_has_serials:
            self._stage_store_serials()

    def close(self) -> None:
        """Drop the temporary tables (a rollback drops them too)."""
        self.staging.close()

    def check_unseen(self, order_key: str) -> None:
        """Raise ``NotStreamable`` when an earlier chunk had an order with this key."""
        found = self.connection.execute(
            text("SELECT 1 FROM staged_order WHERE order_key = :k LIMIT 1"), {"k": order_key}
        ).first()
        if found is not None:
            raise NotStreamable(f"order {order_key} comes back after other orders", regroup=True)

    def take(
        self, shipments: dict[ShipmentKey, ShipmentRecord], serials: dict[str, tuple[int, str]]
    ) -> None:
        """Check and write one chunk of finished orders; the reader then forgets them.

        Args:
            shipments: The chunk's orders (those without a line to ship are left out).
            serials: Serial key -> (line, order_ref) of every serial the chunk's rows named.

        Raises:
            NotStreamable: An order of the chunk was in an earlier chunk.
        """
        self.flushed = True
        orders = {k: record for k, record in shipments.items() if record.lines}
        self._stage_orders(orders)
        self._check_serials(orders, serials)
        if self.problems or not orders:
            return
        held, self.batch.shipments = self.batch.shipments, orders
        try:
            outcome = write_shipments(
                self.connection, self.batch, self.store, fresh=self.store_was_empty
            )
        except (OSError, EvidenceStoreError) as error:  # only the photos' copies raise these
            # Reading goes on, writing nothing more; every problem is reported, then rolled back.
            self.problems.add(0, "photos", store_refusal(self.store, error))
            return
        finally:
            self.batch.shipments = held  # the reader's own dict, which it clears itself
        self.counts.created += outcome.counts.created
        self.counts.updated += outcome.counts.updated
        self.counts.unchanged += outcome.counts.unchanged
        self.lines_written += outcome.lines_written
        self.photos_stored += outcome.photos_stored

    def _stage_orders(self, orders: dict[ShipmentKey, ShipmentRecord]) -> None:
        found = self.staging.found(
            "SELECT order_key FROM staged_order WHERE order_key IN ({marks})",
            (order_key for _platform, order_key in orders),
        )
        if found:
            raise NotStreamable(f"order {found[0][0]} comes back after other orders", regroup=True)
        self._insert("staged_order", ("order_key", "platform"), [(o, p) for p, o in orders])

    def _check_serials(
        self, orders: dict[ShipmentKey, ShipmentRecord], serials: dict[str, tuple[int, str]]
    ) -> None:
        """Serials used by an earlier chunk, or shipped before on another order of the store."""
        if not serials:
            return
        # rows of (serial_key, line, order_ref) and of (serial_key, platform, order_key, order_ref)
        again = self.staging.found(STAGED_SERIALS, serials) if self.serials_staged else []
        shipped = self.staging.found(STORED_SERIALS, serials) if self.store_has_serials else []
        if again or shipped:
            self._report(orders, serials, again, shipped)
        earlier = {serial_key for serial_key, _line, _order_ref in again}
        self._insert(
            "staged_serial",
            ("serial_key", "line", "order_ref"),
            [(k, at, ref) for k, (at, ref) in serials.items() if k not in earlier],
        )
        self.serials_staged = True

    def _report(
        self,
        orders: dict[ShipmentKey, ShipmentRecord],
        serials: dict[str, tuple[int, str]],
        again: list[Any],
        shipped: list[Any],
    ) -> None:
        """Report the chunk's serials found among earlier chunks' and the store's."""
        label = self.batch.labels.get("serials", "serials")
        wanted = serial_places(orders)
        for serial_key, first_line, order_ref in again:
            hit = wanted.get(serial_key)
            at, written = (hit[0], hit[1]) if hit else (serials[serial_key][0], serial_key)
            self.problems.add(
                at,
                label,
                _(
                    "'{serial}' is also on line {line} (order {order}); expected each "
                    "unit's serial once"
                ).format(serial=written, line=first_line, order=order_ref),
            )
        for serial_key, platform, order_key, order_ref in shipped:
            place = wanted.get(serial_key)
            report_shipped_before(self.problems, label, place, (platform, order_key), order_ref)

    def _stage_store_serials(self) -> None:
        """Copy the store's shipped serials (by key) into ``stored_serial``, in pieces."""
        rows: list[tuple[str, str, str, str]] = []
        statement = shipped_serials().execution_options(yield_per=CHUNK_ORDERS)
        result = self.connection.execute(statement)
        for platform, order_key, order_ref, serials in result:
            rows.extend((key(serial), platform, order_key, order_ref) for serial in serials)
            if len(rows) >= CHUNK_ORDERS:
                self._insert(
                    "stored_serial", ("serial_key", "platform", "order_key", "order_ref"), rows
                )
                rows = []
        result.close()
        self._insert("stored_serial", ("serial_key", "platform", "order_key", "order_ref"), rows)

    def _insert(self, name: str, columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
        self.staging.insert(name, columns, rows)
