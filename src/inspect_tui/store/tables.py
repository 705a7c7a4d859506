"""The tables of the store, declared once as SQLAlchemy Core tables.

Weights are integer grams, money is integer minor units (fen, cents), times are UTC. Every
identifier a parcel can be found by also has a ``*_key`` column holding its normalised form
(trimmed, case-folded, spaces removed) with an index, so a scan is one indexed lookup.

The ORM classes (``store.models``) map onto these tables; the read-only commands (``lookup``,
``report``) query them directly, without building those classes (about a tenth of a second
of every such command). Alembic compares migrations against the same metadata.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    Table,
    Text,
    UniqueConstraint,
    text,
)
from sqlmodel import SQLModel
from sqlmodel.sql.sqltypes import AutoString

from inspect_tui.store.types import JsonDict, JsonList, UtcDateTime


def _owner_key(name: str, owner: str) -> Column[int]:
    """Column ``name``: the id of the ``owner`` row this row is part of, indexed; goes with it."""
    return Column(
        name, Integer, ForeignKey(f"{owner}.id", ondelete="CASCADE"), nullable=False, index=True
    )


PRODUCT = Table(
    "product",
    SQLModel.metadata,
    Column("id", Integer, primary_key=True),
    Column("sku", AutoString(length=120), nullable=False, unique=True),
    Column("sku_key", AutoString(length=120), nullable=False, index=True),
    Column("gtin", AutoString(length=14), nullable=True, index=True),
    Column("title", Text, nullable=False, default=""),
    Column("unit_weight_g", Integer, nullable=True),
    Column("serialized", Boolean, nullable=False, default=False),
    Column("components", JsonList(), nullable=False),
)

SHIPMENT = Table(
    "shipment",
    SQLModel.metadata,
    Column("id", Integer, primary_key=True),
    Column("platform", AutoString(length=32), nullable=False),
    Column("order_ref", AutoString(length=120), nullable=False),
    Column("order_key", AutoString(length=120), nullable=False, index=True),
    Column("package_ref", AutoString(length=120), nullable=True),
    Column("package_key", AutoString(length=120), nullable=True, index=True),
    Column("buyer_ref", AutoString(length=200), nullable=False, default=""),
    Column("buyer_name", AutoString(length=200), nullable=False, default=""),
    Column("shipped_at", UtcDateTime(), nullable=True),
    Column("carrier", AutoString(length=80), nullable=False, default=""),
    Column("tracking_out", AutoString(length=80), nullable=True),
    Column("tracking_out_key", AutoString(length=80), nullable=True, index=True),
    Column("shipped_weight_g", Integer, nullable=True),
    Column("risk_level", AutoString(length=16), nullable=False, default="none"),
    Column("currency", AutoString(length=3), nullable=False, default="CNY"),
    Column("seal_ids", JsonList(), nullable=False),
    UniqueConstraint("platform", "order_key", name="uq_shipment_platform_order"),
)

# With the id, PostgreSQL finds a buyer's shipments from the index alone (SQLite's indexes
# carry the rowid anyway).
Index("ix_shipment_buyer", SHIPMENT.c.platform, SHIPMENT.c.buyer_ref, SHIPMENT.c.id)

SHIPMENT_LINE = Table(
    "shipment_line",
    SQLModel.metadata,
    Column("id", Integer, primary_key=True),
    _owner_key("shipment_id", "shipment"),
    Column("line_no", Integer, nullable=False),
    Column("sku", AutoString(length=120), nullable=False),
    Column("title", Text, nullable=False, default=""),
    Column("qty", Integer, nullable=False),
    Column("gtin", AutoString(length=14), nullable=True),
    Column("unit_price_minor", Integer, nullable=False, default=0),
    Column("ordered_sku", AutoString(length=120), nullable=True),
    Column("serials", JsonList(), nullable=False),
    Column("components", JsonList(), nullable=False),
    UniqueConstraint("shipment_id", "line_no", name="uq_line_shipment_no"),
)

RETURN_REQUEST = Table(
    "return_request",
    SQLModel.metadata,
    Column("id", Integer, primary_key=True),
    Column("rma_ref", AutoString(length=120), nullable=False, unique=True),
    Column("rma_key", AutoString(length=120), nullable=False, index=True),
    Column("shipment_id", Integer, ForeignKey("shipment.id"), nullable=False, index=True),
    Column("platform", AutoString(length=32), nullable=True),
    Column("buyer_ref", AutoString(length=200), nullable=True),
    Column("tracking_return", AutoString(length=80), nullable=True),
    Column("tracking_return_key", AutoString(length=80), nullable=True, index=True),
    Column("carrier_return", AutoString(length=80), nullable=False, default=""),
    Column("requested_at", UtcDateTime(), nullable=True),
    Column("reason_code", AutoString(length=40), nullable=True),
    Column("reason_text", Text, nullable=False, default=""),
    Column("refund_minor", Integer, nullable=True),
    Column("freight_insurance", Boolean, nullable=False, default=False),
)

Index(
    "ix_return_request_shipment_requested",
    RETURN_REQUEST.c.shipment_id,
    RETURN_REQUEST.c.requested_at,
    RETURN_REQUEST.c.refund_minor,
)
Index(
    "ix_return_request_buyer_requested",
    RETURN_REQUEST.c.platform,
    RETURN_REQUEST.c.buyer_ref,
    RETURN_REQUEST.c.requested_at,
    RETURN_REQUEST.c.refund_minor,
)

RETURN_LINE = Table(
    "return_line",
    SQLModel.metadata,
    Column("id", Integer, primary_key=True),
    _owner_key("return_id", "return_request"),
    Column("sku", AutoString(length=120), nullable=False),
    Column("qty", Integer, nullable=False),
    UniqueConstraint("return_id", "sku", name="uq_return_line_sku"),
)

STATION = Table(
    "station",
    SQLModel.metadata,
    Column("id", Integer, primary_key=True),
    Column("name", AutoString(length=80), nullable=False, unique=True),
    Column("scale", AutoString(length=200), nullable=False, default="manual"),
    Column("photo_inbox", Text, nullable=True),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("printer", AutoString(length=200), nullable=True),
    Column("recording_folder", Text, nullable=True),
    Column("language", AutoString(length=16), nullable=True),
)

OPERATOR = Table(
    "operator",
    SQLModel.metadata,
    Column("id", Integer, primary_key=True),
    Column("name", AutoString(length=80), nullable=False, unique=True),
    Column("role", AutoString(length=16), nullable=False),
    Column("pin_hash", AutoString(length=300), nullable=True),
    Column("active", Boolean, nullable=False, default=True),
    Column("failed_pins", Integer, nullable=False, default=0),
    Column("locked_until", UtcDateTime(), nullable=True),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("language", AutoString(length=16), nullable=True),
)

INSPECTION = Table(
    "inspection",
    SQLModel.metadata,
    Column("id", Integer, primary_key=True),
    Column("code", AutoString(length=40), nullable=False, unique=True),
    Column("return_id", Integer, ForeignKey("return_request.id"), nullable=True, index=True),
    Column("shipment_id", Integer, ForeignKey("shipment.id"), nullable=True, index=True),
    Column("platform", AutoString(length=32), nullable=True),
    Column("buyer_ref", AutoString(length=200), nullable=True),
    Column("scanned_code", AutoString(length=200), nullable=False, default=""),
    Column("station", AutoString(length=80), nullable=False),
    Column("inspector", AutoString(length=80), nullable=False),
    Column("status", AutoString(length=16), nullable=False, default="open"),
    Column("step", AutoString(length=16), nullable=False, default="card"),
    Column("day", Date, nullable=False, index=True),
    Column("opened_at", UtcDateTime(), nullable=False),
    Column("completed_at", UtcDateTime(), nullable=True, index=True),
    Column("weight_g", Integer, nullable=True),
    Column("weight_source", AutoString(length=40), nullable=True),
    Column("weighed_at", UtcDateTime(), nullable=True),
    Column("expected_weight_g", Integer, nullable=True),
    Column("test_result", AutoString(length=20), nullable=True),
    Column("outer_box_damaged", Boolean, nullable=True),
    Column("outcome", AutoString(length=16), nullable=True, index=True),
    Column("reasons", JsonList(), nullable=False),
    Column("suggested", JsonDict(), nullable=False),
    Column("refund_minor", Integer, nullable=True),
    Column("justification", Text, nullable=False, default=""),
    Column("decided_at", UtcDateTime(), nullable=True),
    Column("needs_review", Boolean, nullable=False, default=False, index=True),
    Column("review_state", AutoString(length=16), nullable=True),
    Column("reviewed_by", AutoString(length=80), nullable=True),
    Column("reviewed_at", UtcDateTime(), nullable=True),
    Column("review_comment", Text, nullable=False, default=""),
    Column("note", Text, nullable=False, default=""),
    Column("facts", JSON(none_as_null=True), nullable=True),
    Column("test_note", Text, nullable=False, default=""),
    Column("seals", JsonDict(), nullable=False),
    Column("seller_error_answer", Boolean, nullable=True),
    Column("version", Integer, nullable=False, default=1),
)

OPEN_ONLY = text("status = 'open'")

Index("ix_inspection_station_status", INSPECTION.c.station, INSPECTION.c.status)
Index("ix_inspection_review_queue", INSPECTION.c.review_state, INSPECTION.c.completed_at)
Index(
    "ix_inspection_completed_buyer",
    INSPECTION.c.completed_at,
    INSPECTION.c.status,
    INSPECTION.c.platform,
    INSPECTION.c.buyer_ref,
)
Index(
    "ix_inspection_outcome_buyer",
    INSPECTION.c.outcome,
    INSPECTION.c.status,
    INSPECTION.c.completed_at,
    INSPECTION.c.platform,
    INSPECTION.c.buyer_ref,
)
OPEN_INSPECTION_PER_SHIPMENT = Index(
    "uq_inspection_open_shipment",
    INSPECTION.c.shipment_id,
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
    INSPECTION.c.shipment_id,
    INSPECTION.c.outcome,
    INSPECTION.c.status,
    INSPECTION.c.completed_at,
)

INSPECTION_UNIT = Table(
    "inspection_unit",
    SQLModel.metadata,
    Column("id", Integer, primary_key=True),
    _owner_key("inspection_id", "inspection"),
    Column("line_no", Integer, nullable=True),
    Column("scanned_code", AutoString(length=200), nullable=False),
    Column("sku", AutoString(length=120), nullable=True),
    Column("gtin", AutoString(length=14), nullable=True),
    Column("serial", AutoString(length=120), nullable=True),
    Column("match", AutoString(length=20), nullable=False),
    Column("grade", AutoString(length=1), nullable=True),
    Column("checklist", JsonDict(), nullable=False),
    Column("components_present", JSON(none_as_null=True), nullable=True),
    Column("note", Text, nullable=False, default=""),
    Column("disposition", AutoString(length=20), nullable=True),
    Column("scanned_at", UtcDateTime(), nullable=False),
)

EVIDENCE = Table(
    "evidence",
    SQLModel.metadata,
    Column("id", Integer, primary_key=True),
    Column("inspection_id", Integer, ForeignKey("inspection.id"), nullable=True, index=True),
    Column("shipment_id", Integer, ForeignKey("shipment.id"), nullable=True, index=True),
    Column("unit_id", Integer, ForeignKey("inspection_unit.id"), nullable=True),
    Column("kind", AutoString(length=40), nullable=False),
    Column("original_name", AutoString(length=400), nullable=False, default=""),
    Column("stored_path", AutoString(length=400), nullable=False),
    Column("sha256", AutoString(length=64), nullable=False, index=True),
    Column("bytes", BigInteger, nullable=False),
    Column("captured_at", UtcDateTime(), nullable=False),
)

AUDIT_EVENT = Table(
    "audit_event",
    SQLModel.metadata,
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("at", UtcDateTime(), nullable=False),
    Column("actor", AutoString(length=80), nullable=False),
    Column("station", AutoString(length=80), nullable=False, default=""),
    Column("action", AutoString(length=60), nullable=False),
    Column("entity", AutoString(length=80), nullable=False, default="", index=True),
    Column("payload", Text, nullable=False),
    Column("prev_hash", AutoString(length=64), nullable=False),
    Column("hash", AutoString(length=64), nullable=False),
    Column("key_id", AutoString(length=16), nullable=False, default=""),
    Column("state", AutoString(length=64), nullable=False, default=""),
)

AUDIT_HEAD = Table(
    "audit_head",
    SQLModel.metadata,
    Column("id", Integer, primary_key=True, default=1),
    Column("seq", Integer, nullable=False),
    Column("hash", AutoString(length=64), nullable=False),
    Column("at", UtcDateTime(), nullable=False),
    Column("key_id", AutoString(length=16), nullable=False),
    Column("mac", AutoString(length=64), nullable=False),
)

APPEAL = Table(
    "appeal",
    SQLModel.metadata,
    Column("id", Integer, primary_key=True),
    Column("inspection_id", Integer, ForeignKey("inspection.id"), nullable=False, index=True),
    Column("platform", AutoString(length=32), nullable=False),
    Column("case_ref", AutoString(length=120), nullable=False),
    Column("status", AutoString(length=16), nullable=False, index=True),
    Column("opened_at", UtcDateTime(), nullable=False),
    Column("deadline_at", UtcDateTime(), nullable=False, index=True),
    Column("recovered_minor", BigInteger, nullable=False),
    Column("currency", AutoString(length=3), nullable=False, default="CNY"),
    Column("note", Text, nullable=False, default=""),
    Column("recorded_by", AutoString(length=80), nullable=False),
    Column("updated_at", UtcDateTime(), nullable=False),
    UniqueConstraint("inspection_id", "platform", name="uq_appeal_inspection_platform"),
)
