"""return request buyer: the buyer on the return request, for the period's repeat offenders

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03 20:00:00.000000

- ``return_request.platform`` and ``return_request.buyer_ref``: the buyer of the request's
  shipment, written by the importer with the request (and corrected with the shipment's buyer
  by a re-import). Existing requests get them from their shipment here.
- ``ix_return_request_buyer_requested`` (platform, buyer_ref, requested_at, refund_minor): a
  buyer's return requests in the repeat-returner window and the refunds they claimed, one
  range of this index, without going through the buyer's shipments.

The columns are added with plain ``ALTER TABLE ... ADD COLUMN`` (no copy of the table on
SQLite); filling them is one UPDATE with a primary-key lookup of the shipment per request.
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel  # noqa: F401  (the column types below)
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

RETURN_BUYER = (
    "ix_return_request_buyer_requested",
    ["platform", "buyer_ref", "requested_at", "refund_minor"],
)


def upgrade() -> None:
    op.add_column(
        "return_request",
        sa.Column("platform", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
    )
    op.add_column(
        "return_request",
        sa.Column("buyer_ref", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    )
    request = sa.table(
        "return_request",
        sa.column("shipment_id", sa.Integer()),
        sa.column("platform", sa.String()),
        sa.column("buyer_ref", sa.String()),
    )
    shipment = sa.table(
        "shipment",
        sa.column("id", sa.Integer()),
        sa.column("platform", sa.String()),
        sa.column("buyer_ref", sa.String()),
    )
    of_shipment = shipment.c.id == request.c.shipment_id
    op.execute(
        request.update().values(
            platform=sa.select(shipment.c.platform).where(of_shipment).scalar_subquery(),
            buyer_ref=sa.select(shipment.c.buyer_ref).where(of_shipment).scalar_subquery(),
        )
    )
    op.create_index(RETURN_BUYER[0], "return_request", RETURN_BUYER[1], unique=False)


def downgrade() -> None:
    op.drop_index(RETURN_BUYER[0], table_name="return_request")
    # Plain DROP COLUMN (SQLite 3.35+): batch mode would copy the table, and dropping the
    # old one with foreign keys on would cascade to its lines.
    op.drop_column("return_request", "buyer_ref")
    op.drop_column("return_request", "platform")
