"""review indexes: the supervisor's queue and the figures at a million inspections

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 04:30:00.000000

- ``ix_inspection_review_queue`` (review_state, completed_at): the review queue of a day and
  the overturned parcels of a period are one index range each.
- ``ix_inspection_completed_shipment`` (completed_at, status, shipment_id): which buyers were
  at the desk in a period, read from the index alone.
- ``ix_inspection_shipment_outcome`` (shipment_id, outcome, status, completed_at): a buyer's
  rejects in the repeat-returner window, read from the index alone.
- ``ix_return_request_shipment_requested`` (shipment_id, requested_at, refund_minor): a
  buyer's return requests and the refunds they claimed, read from the index alone.

The period's figures themselves scan ``ix_inspection_completed_at`` (from 0001).
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

INDEXES: tuple[tuple[str, str, list[str]], ...] = (
    ("ix_inspection_review_queue", "inspection", ["review_state", "completed_at"]),
    ("ix_inspection_completed_shipment", "inspection", ["completed_at", "status", "shipment_id"]),
    (
        "ix_inspection_shipment_outcome",
        "inspection",
        ["shipment_id", "outcome", "status", "completed_at"],
    ),
    (
        "ix_return_request_shipment_requested",
        "return_request",
        ["shipment_id", "requested_at", "refund_minor"],
    ),
)


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns, unique=False)


def downgrade() -> None:
    for name, table, _columns in reversed(INDEXES):
        op.drop_index(name, table_name=table)
