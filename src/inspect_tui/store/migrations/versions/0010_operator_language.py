"""operator language: the interface language an operator prefers

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07 18:00:00.000000

- ``operator.language``: the interface language the bench switches to when the operator signs in
  (``zh_CN``, ``en``); NULL keeps the desk's language (``--lang``, ``INSPECT_TUI_LANG``, the
  locale). Added with a plain ``ALTER TABLE ... ADD COLUMN``; existing operators get NULL.
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel  # noqa: F401  (the column type below)
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "operator",
        sa.Column("language", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
    )


def downgrade() -> None:
    with op.batch_alter_table("operator") as batch:
        batch.drop_column("language")
