"""station setup: a station's label printer, recording folder and language

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07 15:00:00.000000

- ``station.printer``: the label printer spec (``tcp://HOST:9100`` or ``cups:QUEUE``).
- ``station.recording_folder``: where the bench camera writes its time-stamped video segments.
- ``station.language``: the language the station's screens use (``en``, ``zh-CN``).

All three are nullable and added with plain ``ALTER TABLE ... ADD COLUMN`` (no table copy on
SQLite); existing stations keep working unchanged.
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel  # noqa: F401  (the column types below)
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "station",
        sa.Column("printer", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    )
    op.add_column("station", sa.Column("recording_folder", sa.Text(), nullable=True))
    op.add_column(
        "station",
        sa.Column("language", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
    )


def downgrade() -> None:
    # Plain DROP COLUMN (SQLite 3.35+), as in 0004.
    op.drop_column("station", "language")
    op.drop_column("station", "recording_folder")
    op.drop_column("station", "printer")
