"""appeal tracking: a platform's case about a rejected return, as the supervisor records it

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07 18:00:00.000000

- ``appeal``: one row per inspection and platform: the platform's case number, when it stepped
  in and when its response window closes, the status (submitted / won / lost / partial), the
  money recovered, who recorded it. A new table: existing rows are untouched.
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel  # noqa: F401  (the column types below)
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "appeal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("inspection_id", sa.Integer(), nullable=False),
        sa.Column("platform", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("case_ref", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deadline_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recovered_minor", sa.BigInteger(), nullable=False),
        sa.Column("currency", sqlmodel.sql.sqltypes.AutoString(length=3), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("recorded_by", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["inspection_id"], ["inspection.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("inspection_id", "platform", name="uq_appeal_inspection_platform"),
    )
    op.create_index("ix_appeal_inspection_id", "appeal", ["inspection_id"], unique=False)
    op.create_index("ix_appeal_status", "appeal", ["status"], unique=False)
    op.create_index("ix_appeal_deadline_at", "appeal", ["deadline_at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_appeal_deadline_at", table_name="appeal")
    op.drop_index("ix_appeal_status", table_name="appeal")
    op.drop_index("ix_appeal_inspection_id", table_name="appeal")
    op.drop_table("appeal")
