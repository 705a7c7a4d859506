"""bench findings: the seal check, the seller-error answer and the test note on an inspection

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07 15:00:00.000000

- ``inspection.seals``: seal id -> "present" / "missing" / "mismatch", as the clerk checked the
  shipment's seal tags (a JSON object, ``{}`` for every existing inspection).
- ``inspection.seller_error_answer``: the clerk's answer after comparing a returned product that
  is not on the order with the pre-shipment photo (NULL: not asked or not answered).
- ``inspection.test_note``: what the clerk wrote about the function test.

Plain ``ALTER TABLE ... ADD COLUMN`` with server defaults, so existing rows need no copy.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "inspection", sa.Column("test_note", sa.Text(), nullable=False, server_default="")
    )
    op.add_column("inspection", sa.Column("seals", sa.JSON(), nullable=False, server_default="{}"))
    op.add_column("inspection", sa.Column("seller_error_answer", sa.Boolean(), nullable=True))


def downgrade() -> None:
    op.drop_column("inspection", "seller_error_answer")
    op.drop_column("inspection", "seals")
    op.drop_column("inspection", "test_note")
