"""The tables of the store.

Weights are integer grams, money is integer minor units (fen, cents), times are UTC. Every
identifier a parcel can be found by also has a ``*_key`` column holding its normalised form
(trimmed, case-folded, spaces removed) with an index, so a scan is one indexed lookup.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    Date,
    Index,
    Integer,
    Text,
    UniqueConstraint,
    text,
)
from sqlmodel import Field, SQLModel, col
from sqlmodel._compat import SQLModelConfig

from inspect_tui.store.types import JsonDict, JsonList, UtcDateTime


class _Table(SQLModel):
    """Base of every table: pydantic builds a table's validator on first use, not at import.

    Nothing validates table rows through pydantic (SQLModel builds them without it), and
    building every table's validator cost each command about 25 ms of its start-up.
    """

    model_config = SQLModelConfig(defer_build=True)


def _when(nullable: bool = False, index: bool = False) -> Any:
    return Field(default=None, sa_column=Column(UtcDateTime(), nullable=nullable, index=index))


class Product(_Table, table=True):
    """A catalog item: what a SKU is, weighs and comes with."""

    __tablename__ = "product"

    id: int | None = Field(default=None, primary_key=True)
    sku: str = Field(max_length=120, unique=True)
    sku_key: str = Field(max_length=120, index=True)
    gtin: str | None = Field(default=None, max_length=14, index=True)
    title: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    unit_weight_g: int | None = None
    serialized: bool = False
    components: list[str] = Field(
        default_factory=list, sa_column=Column(JsonList(), nullable=False)
    )


class Shipment(_Table, table=True):
    """The original outbound shipment of an order, as packed and recorded before it left."""

    __tablename__ = "shipment"
    __table_args__ = (UniqueConstraint("platform", "order_key", name="uq_shipment_platform_order"),)

    id: int | None = Field(default=None, primary_key=True)
    platform: str = Field(max_length=32)
    order_ref: str = Field(max_length=120)
    order_key: str = Field(max_length=120, index=True)
    package_ref: str | None = Field(default=None, max_length=120)
    package_key: str | None = Field(default=None, max_length=120, index=True)
    buyer_ref: str = Field(default="", max_length=200)
    buyer_name: str = Field(default="", max_length=200)
    shipped_at: datetime | None = _when(nullable=True)
    carrier: str = Field(default="", max_length=80)
    tracking_out: str | None = Field(default=None, max_length=80)
    tracking_out_key: str | None = Field(default=None, max_length=80, index=True)
    shipped_weight_g: int | None = None
    risk_level: str = Field(default="none", max_length=16)
    currency: str = Field(default="CNY", max_length=3)
    seal_ids: list[str] = Field(default_factory=list, sa_column=Column(JsonList(), nullable=False))


# With the id, PostgreSQL finds a buyer's shipments from the index alone (SQLite's indexes
# carry the rowid anyway).
Index("ix_shipment_buyer", col(Shipment.platform), col(Shipment.buyer_ref), col(Shipment.id))


class ShipmentLine(_Table, table=True):
    """One line of a shipment: a SKU, how many, and the serials that went out."""

    __tablename__ = "shipment_line"
    __table_args__ = (UniqueConstraint("shipment_id", "line_no", name="uq_line_shipment_no"),)

    id: int | None = Field(default=None, primary_key=True)
    shipment_id: int = Field(foreign_key="shipment.id", index=True, ondelete="CASCADE")
    line_no: int
    sku: str = Field(max_length=120)
    title: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    qty: int
    gtin: str | None = Field(default=None, max_length=14)
    unit_price_minor: int = 0
    ordered_sku: str | None = Field(default=None, max_length=120)
    serials: list[str] = Field(default_factory=list, sa_column=Column(JsonList(), nullable=False))
    components: list[str] = Field(
        default_factory=list, sa_column=Column(JsonList(), nullable=False)
    )


class ReturnRequest(_Table, table=True):
    """The buyer's request to return (RMA / refund request) for one shipment."""

    __tablename__ = "return_request"

    id: int | None = Field(default=None, primary_key=True)
    rma_ref: str = Field(max_length=120, unique=True)
    rma_key: str = Field(max_length=120, index=True)
    shipment_id: int = Field(foreign_key="shipment.id", index=True)
    platform: str | None = Field(default=None, max_length=32)
    """The shipment's platform, written with the request by the importer."""
    buyer_ref: str | None = Field(default=None, max_length=200)
    """The shipment's buyer, written with ``platform``: the desk's figures count a buyer's
    return requests from this table alone (``ix_return_request_buyer_requested``). An import
    that corrects the shipment's buyer corrects it here too."""
    tracking_return: str | None = Field(default=None, max_length=80)
    tracking_return_key: str | None = Field(default=None, max_length=80, index=True)
    carrier_return: str = Field(default="", max_length=80)
    requested_at: datetime | None = _when(nullable=True)
    reason_code: str | None = Field(default=None, max_length=40)
    reason_text: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    refund_minor: int | None = None
    freight_insurance: bool = False


Index(
    "ix_return_request_shipment_requested",
    col(ReturnRequest.shipment_id),
    col(ReturnRequest.requested_at),
    col(ReturnRequest.refund_minor),
)
Index(
    "ix_return_request_buyer_requested",
    col(ReturnRequest.platform),
    col(ReturnRequest.buyer_ref),
    col(ReturnRequest.requested_at),
    col(ReturnRequest.refund_minor),
)


class ReturnLine(_Table, table=True):
    """One SKU and quantity the buyer asked to return."""

    __tablename__ = "return_line"
    __table_args__ = (UniqueConstraint("return_id", "sku", name="uq_return_line_sku"),)

    id: int | None = Field(default=None, primary_key=True)
    return_id: int = Field(foreign_key="return_request.id", index=True, ondelete="CASCADE")
    sku: str = Field(max_length=120)
    qty: int


class Station(_Table, table=True):
    """A receiving bench: its scale, photo inbox, label printer, recording folder and language.

    Stored in the database so every machine at the desk sees the same setup
    (``inspect-tui station add|set|list``).
    """

    __tablename__ = "station"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=80, unique=True)
    scale: str = Field(default="manual", max_length=200)
    photo_inbox: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    created_at: datetime | None = _when()
    printer: str | None = Field(default=None, max_length=200)
    recording_folder: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    language: str | None = Field(default=None, max_length=16)


class Operator(_Table, table=True):
    """A person at the desk: clerk or supervisor. PINs are stored only as salted hashes."""

    __tablename__ = "operator"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=80, unique=True)
    role: str = Field(max_length=16)
    pin_hash: str | None = Field(default=None, max_length=300)
    active: bool = True
    failed_pins: int = 0
    locked_until: datetime | None = _when(nullable=True)
    created_at: datetime | None = _when()
    language: str | None = Field(default=None, max_length=16)
    """The interface language the operator works in (``zh_CN``); None: the desk's."""


class Inspection(_Table, table=True):
    """One parcel on the bench, from the first scan to the frozen result."""

    __tablename__ = "inspection"

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=40, unique=True)
    return_id: int | None = Field(default=None, foreign_key="return_request.id", index=True)
    shipment_id: int | None = Field(default=None, foreign_key="shipment.id", index=True)
    platform: str | None = Field(default=None, max_length=32)
    """The shipment's platform, copied when the parcel is opened (None: no shipment)."""
    buyer_ref: str | None = Field(default=None, max_length=200)
    """The shipment's buyer, copied with ``platform``: the desk's figures find a period's
    buyers and their rejects from the inspection alone (``ix_inspection_*_buyer``). An import
    that corrects the shipment's buyer corrects it here too."""
    scanned_code: str = Field(default="", max_length=200)
    station: str = Field(max_length=80)
    inspector: str = Field(max_length=80)
    status: str = Field(default="open", max_length=16)
    step: str = Field(default="card", max_length=16)
    day: date = Field(sa_column=Column(Date, nullable=False, index=True))
    opened_at: datetime | None = _when()
    completed_at: datetime | None = _when(nullable=True, index=True)
    weight_g: int | None = None
    weight_source: str | None = Field(default=None, max_length=40)
    weighed_at: datetime | None = _when(nullable=True)
    expected_weight_g: int | None = None
    test_result: str | None = Field(default=None, max_length=20)
    outer_box_damaged: bool | None = None
    outcome: str | None = Field(default=None, max_length=16, index=True)
    reasons: list[str] = Field(default_factory=list, sa_column=Column(JsonList(), nullable=False))
    suggested: dict[str, Any] = Field(
        default_factory=dict, sa_column=Column(JsonDict(), nullable=False)
    )
    refund_minor: int | None = None
    justification: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    decided_at: datetime | None = _when(nullable=True)
    needs_review: bool = Field(default=False, index=True)
    review_state: str | None = Field(default=None, max_length=16)
    reviewed_by: str | None = Field(default=None, max_length=80)
    reviewed_at: datetime | None = _when(nullable=True)
    review_comment: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    note: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    facts: dict[str, Any] | None = Field(
        default=None, sa_column=Column(JSON(none_as_null=True), nullable=True)
    )
    """The shipment and return as they stood when the parcel was decided (migration 0006):
    a completed inspection is read against these, whatever a later import changes."""
    test_note: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    """What the clerk wrote about the function test (satisfies the ``test_note`` evidence)."""
    seals: dict[str, Any] = Field(
        default_factory=dict, sa_column=Column(JsonDict(), nullable=False)
    )
    """Seal id -> "present", "missing" or "mismatch", as the clerk checked them."""
    seller_error_answer: bool | None = None
    """The clerk's answer to "is this what we shipped?" (pre-shipment photo compared)."""
    version: int = 1


OPEN_ONLY = text("status = 'open'")

Index("ix_inspection_station_status", Inspection.station, Inspection.status)
Index("ix_inspection_review_queue", col(Inspection.review_state), col(Inspection.completed_at))
Index(
    "ix_inspection_completed_buyer",
    col(Inspection.completed_at),
    col(Inspection.status),
    col(Inspection.platform),
    col(Inspection.buyer_ref),
)
Index(
    "ix_inspection_outcome_buyer",
    col(Inspection.outcome),
    col(Inspection.status),
    col(Inspection.completed_at),
    col(Inspection.platform),
    col(Inspection.buyer_ref),
)
OPEN_INSPECTION_PER_SHIPMENT = Index(
    "uq_inspection_open_shipment",
    col(Inspection.shipment_id),
    unique=True,
    sqlite_where=OPEN_ONLY,
)
"""Exactly one open inspection per parcel, whatever identifier reached it.

Partial on both back ends: its PostgreSQL ``WHERE`` is added by ``add_postgresql_options``.
"""


def add_postgresql_options() -> None:
    """Give the tables their PostgreSQL-only options (the open-inspection index's ``WHERE``).

    Called when a PostgreSQL engine is made (``store.engine``), not at import: naming a
    ``postgresql_*`` option makes SQLAlchemy load its PostgreSQL dialect (about 35 ms of every
    command), which a command on the embedded SQLite store never uses. Safe to call again.
    """
    OPEN_INSPECTION_PER_SHIPMENT.dialect_options["postgresql"]["where"] = OPEN_ONLY


Index(
    "ix_inspection_shipment_outcome",
    col(Inspection.shipment_id),
    col(Inspection.outcome),
    col(Inspection.status),
    col(Inspection.completed_at),
)


class InspectionUnit(_Table, table=True):
    """One unit taken out of the parcel and scanned, with its match, grade and disposition."""

    __tablename__ = "inspection_unit"

    id: int | None = Field(default=None, primary_key=True)
    inspection_id: int = Field(foreign_key="inspection.id", index=True, ondelete="CASCADE")
    line_no: int | None = None
    scanned_code: str = Field(max_length=200)
    sku: str | None = Field(default=None, max_length=120)
    gtin: str | None = Field(default=None, max_length=14)
    serial: str | None = Field(default=None, max_length=120)
    match: str = Field(max_length=20)
    grade: str | None = Field(default=None, max_length=1)
    checklist: dict[str, Any] = Field(
        default_factory=dict, sa_column=Column(JsonDict(), nullable=False)
    )
    components_present: list[str] | None = Field(
        default=None, sa_column=Column(JSON(none_as_null=True), nullable=True)
    )
    note: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    disposition: str | None = Field(default=None, max_length=20)
    scanned_at: datetime | None = _when()


class Evidence(_Table, table=True):
    """A file kept as proof: a pre-shipment photo or one taken at the bench.

    The file itself lives in the evidence store under its SHA-256; this row says what it shows.
    """

    __tablename__ = "evidence"

    id: int | None = Field(default=None, primary_key=True)
    inspection_id: int | None = Field(default=None, foreign_key="inspection.id", index=True)
    shipment_id: int | None = Field(default=None, foreign_key="shipment.id", index=True)
    unit_id: int | None = Field(default=None, foreign_key="inspection_unit.id")
    kind: str = Field(max_length=40)
    original_name: str = Field(default="", max_length=400)
    stored_path: str = Field(max_length=400)
    sha256: str = Field(max_length=64, index=True)
    bytes: int = Field(sa_column=Column(BigInteger, nullable=False))
    captured_at: datetime | None = _when()


class AuditEvent(_Table, table=True):
    """One link of the append-only, signed, hash-chained audit trail.

    ``hash`` is the HMAC-SHA256, with the desk key, of the event's content including
    ``prev_hash`` (a plain SHA-256 for events from before the desk had a key), so editing or
    deleting any row breaks the chain from that row on. See ``store.audit``.
    """

    __tablename__ = "audit_event"

    seq: int = Field(sa_column=Column(Integer, primary_key=True, autoincrement=False))
    at: datetime | None = _when()
    actor: str = Field(max_length=80)
    station: str = Field(default="", max_length=80)
    action: str = Field(max_length=60)
    entity: str = Field(default="", max_length=80, index=True)
    payload: str = Field(sa_column=Column(Text, nullable=False))
    prev_hash: str = Field(max_length=64)
    hash: str = Field(max_length=64)
    key_id: str = Field(default="", max_length=16)
    """Which desk key signed ``hash`` (HMAC-SHA256); empty for events from before keys."""
    state: str = Field(default="", max_length=64)
    """SHA-256 of the entity's rows as this event left them; empty when not tracked."""


class AuditHead(_Table, table=True):
    """The chain's last event, signed with the desk key, so a cut-off tail is noticed.

    One row, rewritten with every event. Without the key nobody can write a head that
    points to an earlier event; an old head row saved and put back is caught by the head
    and anchors kept outside the database.
    """

    __tablename__ = "audit_head"

    id: int = Field(default=1, primary_key=True)
    seq: int
    hash: str = Field(max_length=64)
    at: datetime | None = _when()
    key_id: str = Field(max_length=16)
    mac: str = Field(max_length=64)


class Appeal(_Table, table=True):
    """A platform's case about a rejected return (申诉 / 平台介入), as the supervisor tracks it.

    One row per inspection and platform, updated as the case moves on: submitted, then won,
    lost or partly won, with the money the seller kept or got back.
    """

    __tablename__ = "appeal"
    __table_args__ = (
        UniqueConstraint("inspection_id", "platform", name="uq_appeal_inspection_platform"),
    )

    id: int | None = Field(default=None, primary_key=True)
    inspection_id: int = Field(foreign_key="inspection.id", index=True)
    platform: str = Field(max_length=32)
    case_ref: str = Field(max_length=120)
    """The platform's case (dispute) number."""
    status: str = Field(max_length=16, index=True)
    """submitted, won, lost or partial."""
    opened_at: datetime | None = _when()
    """When the platform stepped in (the response window counts from here)."""
    deadline_at: datetime | None = _when(index=True)
    """When the platform's response window closes."""
    recovered_minor: int = Field(default=0, sa_column=Column(BigInteger, nullable=False))
    """Money the seller kept or got back through the appeal, in minor units."""
    currency: str = Field(default="CNY", max_length=3)
    note: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    recorded_by: str = Field(max_length=80)
    """The supervisor who last recorded it."""
    updated_at: datetime | None = _when()
