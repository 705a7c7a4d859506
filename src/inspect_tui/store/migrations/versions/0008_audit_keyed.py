"""audit keyed: signed events, the state they left, and a signed head

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07 15:00:00.000000

- ``audit_event.key_id``: which desk key signed the event's hash (HMAC-SHA256). Events written
  before this revision keep an empty ``key_id``: their hashes stay plain SHA-256, and the first
  signed event after them seals them (its signed hash covers their last hash).
- ``audit_event.state``: SHA-256 of the entity's rows (an inspection with its units and
  evidence, an operator's role, PIN and status) as the event left them; empty before.
- ``audit_head``: one row naming the chain's last event, signed with the desk key, so a cut-off
  tail is noticed.

Columns are added with plain ``ALTER TABLE ... ADD COLUMN`` (no copy of the table on SQLite)
with a server default of ``''``, which the existing rows take.
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel  # noqa: F401  (the column types below)
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for name, length in (("key_id", 16), ("state", 64)):
        op.add_column(
            "audit_event",
            sa.Column(
                name,
                sqlmodel.sql.sqltypes.AutoString(length=length),
                nullable=False,
                server_default="",
            ),
        )
    op.create_table(
        "audit_head",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("key_id", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("mac", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )


def downgrade() -> None:
    op.drop_table("audit_head")
    op.drop_column("audit_event", "state")
    op.drop_column("audit_event", "key_id")
