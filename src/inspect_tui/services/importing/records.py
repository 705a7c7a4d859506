"""What an import file says, in store terms, before anything is written.

Every format (generic, Shopify, TikTok Shop, a mapped back-office export) is read into these
records; validation and writing only ever see them. They are plain slotted objects and tuples,
not ORM rows, so a million shipment lines stay affordable.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, NamedTuple, Protocol

Kind = Literal["products", "shipments", "returns"]


class LineRecord(NamedTuple):
    """One shipment line as the file gives it (``line`` is the file line, for errors)."""

    line: int
    line_no: int
    sku: str
    title: str
    qty: int
    gtin: str | None
    unit_price_minor: int
    serials: list[str]
    ordered_sku: str | None = None
    """The SKU the buyer ordered, when the seller shipped another (a packing mistake)."""


@dataclass(slots=True)
class ProductRecord:
    """A catalog item; ``values`` holds only the columns the file has."""

    line: int
    sku: str
    sku_key: str
    values: dict[str, Any]


@dataclass(slots=True)
class PhotoRef:
    """A pre-shipment photo named in the file, resolved against the file's folder."""

    line: int
    written: str
    path: Path


@dataclass(slots=True)
class ShipmentRecord:
    """An order's outbound shipment, gathered from all of its rows.

    Attributes:
        line: The order's first line in the file.
        values: Order-level fields the file has, already converted (shipped_at is UTC, ...).
        raw: The first row's order-level cells, to spot later rows that contradict them.
    """

    line: int
    platform: str
    order_ref: str
    order_key: str
    values: dict[str, Any]
    raw: tuple[str, ...]
    lines: list[LineRecord] = field(default_factory=list)
    photos: list[PhotoRef] = field(default_factory=list)
    seal_ids: list[str] = field(default_factory=list)


@dataclass(slots=True)
class ReturnRecord:
    """A buyer's return request, gathered from its rows (one row per returned line)."""

    line: int
    rma_ref: str
    rma_key: str
    order_ref: str
    order_key: str
    platform: str | None
    values: dict[str, Any]
    raw: tuple[str, ...]
    lines: dict[str, list[Any]] = field(default_factory=dict)
    """sku_key -> [line, sku, qty]; the same SKU on two rows adds up."""
    line_refunds: int | None = None
    """The rows' own refund amounts added up (minor units); None when no row gives one."""


class OrderSink(Protocol):
    """Where a shipments reader hands finished orders to be written before the file ends."""

    chunk: int
    """How many orders the reader gathers before handing them over."""
    flushed: bool
    """True once orders were handed over (the reader no longer holds every order)."""

    def take(
        self, shipments: dict[tuple[str, str], ShipmentRecord], serials: dict[str, tuple[int, str]]
    ) -> None:
        """Check and write the finished orders and the serials their rows named."""

    def check_unseen(self, order_key: str) -> None:
        """Stop the chunked import when orders already handed over include this key."""


class CatalogSink(Protocol):
    """Where a catalog reader hands every ``chunk`` products to be written before the file ends."""

    chunk: int
    """How many products the reader gathers before handing them over."""

    def take(self, products: list[ProductRecord]) -> None:
        """Check the products against earlier chunks and write them."""


class RequestSink(Protocol):
    """Where a returns reader hands finished return requests to be written before the file ends."""

    chunk: int
    """How many return requests the reader gathers before handing them over."""

    def take(self, returns: dict[str, ReturnRecord]) -> None:
        """Check the return requests against earlier chunks and the store, and write them."""


@dataclass(slots=True)
class Batch:
    """Everything one file contributes, plus what the reader noticed on the way.

    Attributes:
        present: Per table ('product', 'shipment', 'return_request'), the fields the file has;
            fields it does not have are left as they are on re-import.
        rows: Data rows read.
        skipped: Rows deliberately not imported (cancelled orders, non-shipping lines).
        notes: Things worth telling the user that are not errors (ignored columns, ...).
        labels: Field -> the file's column name, for errors found after reading.
        sink: When set, shipments are handed to it in chunks as they are read instead of
            piling up in ``shipments``.
        product_sink: The same for ``products``.
        return_sink: The same for ``returns``.
    """

    products: list[ProductRecord] = field(default_factory=list)
    shipments: dict[tuple[str, str], ShipmentRecord] = field(default_factory=dict)
    returns: dict[str, ReturnRecord] = field(default_factory=dict)
    present: dict[str, frozenset[str]] = field(default_factory=dict)
    rows: int = 0
    skipped: int = 0
    notes: list[str] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict)
    sink: OrderSink | None = None
    product_sink: CatalogSink | None = None
    return_sink: RequestSink | None = None
