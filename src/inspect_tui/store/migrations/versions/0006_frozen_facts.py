"""frozen facts: the facts an inspection was judged against, one open inspection per parcel

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07 15:00:00.000000

- ``inspection.facts`` (JSON, nullable): the shipment and return as they stood when the parcel
  was decided. A completed inspection is read against them, so a re-import that corrects a
  shipment never rewrites what a decided parcel was judged against. Existing inspections have
  none and keep being read from the shipment and return rows.
- ``uq_inspection_open_shipment``: a partial unique index on ``inspection.shipment_id`` where
  ``status = 'open'`` (both back ends support it), so a parcel has at most one open
  inspection whatever identifier reached it. A store that already holds two open inspections
  of one shipment is refused with their codes: complete or cancel one first.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

OPEN_SHIPMENT = "uq_inspection_open_shipment"
OPEN_ONLY = sa.text("status = 'open'")


def upgrade() -> None:
    op.add_column("inspection", sa.Column("facts", sa.JSON(none_as_null=True), nullable=True))
    _refuse_two_open()
    op.create_index(
        OPEN_SHIPMENT,
        "inspection",
        ["shipment_id"],
        unique=True,
        sqlite_where=OPEN_ONLY,
        postgresql_where=OPEN_ONLY,
    )


def _refuse_two_open() -> None:
    rows = (
        op.get_bind()
        .execute(
            sa.text(
                "SELECT shipment_id, code FROM inspection WHERE status = 'open' AND shipment_id "
                "IN (SELECT shipment_id FROM inspection WHERE status = 'open' AND shipment_id "
                "IS NOT NULL GROUP BY shipment_id HAVING COUNT(*) > 1) ORDER BY shipment_id, code"
            )
        )
        .all()
    )
    if rows:
        codes = ", ".join(str(code) for _shipment, code in rows)
        raise RuntimeError(
            f"Some parcels are open twice ({codes}): complete all but one of each at the "
            "bench, then upgrade again."
        )


def downgrade() -> None:
    op.drop_index(OPEN_SHIPMENT, table_name="inspection")
    op.drop_column("inspection", "facts")
