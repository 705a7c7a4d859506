"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-22 03:42:54.733303
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel  # noqa: F401  (autogenerate renders sqlmodel types)
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "audit_event",
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("station", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("action", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
        sa.Column("entity", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("prev_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.PrimaryKeyConstraint("seq"),
    )
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_event_entity"), ["entity"], unique=False)

    op.create_table(
        "operator",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("role", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("pin_hash", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("failed_pins", sa.Integer(), nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    op.create_table(
        "product",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sku", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("sku_key", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("gtin", sqlmodel.sql.sqltypes.AutoString(length=14), nullable=True),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("unit_weight_g", sa.Integer(), nullable=True),
        sa.Column("serialized", sa.Boolean(), nullable=False),
        sa.Column("components", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("sku"),
    )
    with op.batch_alter_table("product", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_product_gtin"), ["gtin"], unique=False)
        batch_op.create_index(batch_op.f("ix_product_sku_key"), ["sku_key"], unique=False)

    op.create_table(
        "shipment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("platform", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("order_ref", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("order_key", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("package_ref", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True),
        sa.Column("package_key", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True),
        sa.Column("buyer_ref", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("buyer_name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("shipped_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("carrier", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("tracking_out", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=True),
        sa.Column("tracking_out_key", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=True),
        sa.Column("shipped_weight_g", sa.Integer(), nullable=True),
        sa.Column("risk_level", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("currency", sqlmodel.sql.sqltypes.AutoString(length=3), nullable=False),
        sa.Column("seal_ids", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("platform", "order_key", name="uq_shipment_platform_order"),
    )
    with op.batch_alter_table("shipment", schema=None) as batch_op:
        batch_op.create_index("ix_shipment_buyer", ["platform", "buyer_ref"], unique=False)
        batch_op.create_index(batch_op.f("ix_shipment_order_key"), ["order_key"], unique=False)
        batch_op.create_index(batch_op.f("ix_shipment_package_key"), ["package_key"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_shipment_tracking_out_key"), ["tracking_out_key"], unique=False
        )

    op.create_table(
        "station",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("scale", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("photo_inbox", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    op.create_table(
        "return_request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("rma_ref", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("rma_key", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("shipment_id", sa.Integer(), nullable=False),
        sa.Column("tracking_return", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=True),
        sa.Column(
            "tracking_return_key", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=True
        ),
        sa.Column("carrier_return", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reason_code", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
        sa.Column("reason_text", sa.Text(), nullable=False),
        sa.Column("refund_minor", sa.Integer(), nullable=True),
        sa.Column("freight_insurance", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["shipment_id"],
            ["shipment.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("rma_ref"),
    )
    with op.batch_alter_table("return_request", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_return_request_rma_key"), ["rma_key"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_return_request_shipment_id"), ["shipment_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_return_request_tracking_return_key"),
            ["tracking_return_key"],
            unique=False,
        )

    op.create_table(
        "shipment_line",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("shipment_id", sa.Integer(), nullable=False),
        sa.Column("line_no", sa.Integer(), nullable=False),
        sa.Column("sku", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("qty", sa.Integer(), nullable=False),
        sa.Column("gtin", sqlmodel.sql.sqltypes.AutoString(length=14), nullable=True),
        sa.Column("unit_price_minor", sa.Integer(), nullable=False),
        sa.Column("ordered_sku", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True),
        sa.Column("serials", sa.JSON(), nullable=False),
        sa.Column("components", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["shipment_id"], ["shipment.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("shipment_id", "line_no", name="uq_line_shipment_no"),
    )
    with op.batch_alter_table("shipment_line", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_shipment_line_shipment_id"), ["shipment_id"], unique=False
        )

    op.create_table(
        "inspection",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("return_id", sa.Integer(), nullable=True),
        sa.Column("shipment_id", sa.Integer(), nullable=True),
        sa.Column("scanned_code", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("station", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("inspector", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("step", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("weight_g", sa.Integer(), nullable=True),
        sa.Column("weight_source", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
        sa.Column("weighed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("expected_weight_g", sa.Integer(), nullable=True),
        sa.Column("test_result", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
        sa.Column("outer_box_damaged", sa.Boolean(), nullable=True),
        sa.Column("outcome", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.Column("suggested", sa.JSON(), nullable=False),
        sa.Column("refund_minor", sa.Integer(), nullable=True),
        sa.Column("justification", sa.Text(), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("needs_review", sa.Boolean(), nullable=False),
        sa.Column("review_state", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
        sa.Column("reviewed_by", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=True),
        sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("review_comment", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["return_id"],
            ["return_request.id"],
        ),
        sa.ForeignKeyConstraint(
            ["shipment_id"],
            ["shipment.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("code"),
    )
    with op.batch_alter_table("inspection", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_inspection_completed_at"), ["completed_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_inspection_day"), ["day"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_inspection_needs_review"), ["needs_review"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_inspection_outcome"), ["outcome"], unique=False)
        batch_op.create_index(batch_op.f("ix_inspection_return_id"), ["return_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_inspection_shipment_id"), ["shipment_id"], unique=False
        )
        batch_op.create_index("ix_inspection_station_status", ["station", "status"], unique=False)

    op.create_table(
        "return_line",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("return_id", sa.Integer(), nullable=False),
        sa.Column("sku", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("qty", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["return_id"], ["return_request.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("return_id", "sku", name="uq_return_line_sku"),
    )
    with op.batch_alter_table("return_line", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_return_line_return_id"), ["return_id"], unique=False)

    op.create_table(
        "inspection_unit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("inspection_id", sa.Integer(), nullable=False),
        sa.Column("line_no", sa.Integer(), nullable=True),
        sa.Column("scanned_code", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("sku", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True),
        sa.Column("gtin", sqlmodel.sql.sqltypes.AutoString(length=14), nullable=True),
        sa.Column("serial", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True),
        sa.Column("match", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("grade", sqlmodel.sql.sqltypes.AutoString(length=1), nullable=True),
        sa.Column("checklist", sa.JSON(), nullable=False),
        sa.Column("components_present", sa.JSON(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("disposition", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
        sa.Column("scanned_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["inspection_id"], ["inspection.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("inspection_unit", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_inspection_unit_inspection_id"), ["inspection_id"], unique=False
        )

    op.create_table(
        "evidence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("inspection_id", sa.Integer(), nullable=True),
        sa.Column("shipment_id", sa.Integer(), nullable=True),
        sa.Column("unit_id", sa.Integer(), nullable=True),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("original_name", sqlmodel.sql.sqltypes.AutoString(length=400), nullable=False),
        sa.Column("stored_path", sqlmodel.sql.sqltypes.AutoString(length=400), nullable=False),
        sa.Column("sha256", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("bytes", sa.BigInteger(), nullable=False),
        sa.Column("captured_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["inspection_id"],
            ["inspection.id"],
        ),
        sa.ForeignKeyConstraint(
            ["shipment_id"],
            ["shipment.id"],
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"],
            ["inspection_unit.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("evidence", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_evidence_inspection_id"), ["inspection_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_evidence_sha256"), ["sha256"], unique=False)
        batch_op.create_index(batch_op.f("ix_evidence_shipment_id"), ["shipment_id"], unique=False)


def downgrade() -> None:

    with op.batch_alter_table("evidence", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_evidence_shipment_id"))
        batch_op.drop_index(batch_op.f("ix_evidence_sha256"))
        batch_op.drop_index(batch_op.f("ix_evidence_inspection_id"))

    op.drop_table("evidence")
    with op.batch_alter_table("inspection_unit", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_inspection_unit_inspection_id"))

    op.drop_table("inspection_unit")
    with op.batch_alter_table("return_line", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_return_line_return_id"))

    op.drop_table("return_line")
    with op.batch_alter_table("inspection", schema=None) as batch_op:
        batch_op.drop_index("ix_inspection_station_status")
        batch_op.drop_index(batch_op.f("ix_inspection_shipment_id"))
        batch_op.drop_index(batch_op.f("ix_inspection_return_id"))
        batch_op.drop_index(batch_op.f("ix_inspection_outcome"))
        batch_op.drop_index(batch_op.f("ix_inspection_needs_review"))
        batch_op.drop_index(batch_op.f("ix_inspection_day"))
        batch_op.drop_index(batch_op.f("ix_inspection_completed_at"))

    op.drop_table("inspection")
    with op.batch_alter_table("shipment_line", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_shipment_line_shipment_id"))

    op.drop_table("shipment_line")
    with op.batch_alter_table("return_request", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_return_request_tracking_return_key"))
        batch_op.drop_index(batch_op.f("ix_return_request_shipment_id"))
        batch_op.drop_index(batch_op.f("ix_return_request_rma_key"))

    op.drop_table("return_request")
    op.drop_table("station")
    with op.batch_alter_table("shipment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_shipment_tracking_out_key"))
        batch_op.drop_index(batch_op.f("ix_shipment_package_key"))
        batch_op.drop_index(batch_op.f("ix_shipment_order_key"))
        batch_op.drop_index("ix_shipment_buyer")

    op.drop_table("shipment")
    with op.batch_alter_table("product", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_product_sku_key"))
        batch_op.drop_index(batch_op.f("ix_product_gtin"))

    op.drop_table("product")
    op.drop_table("operator")
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_event_entity"))

    op.drop_table("audit_event")
