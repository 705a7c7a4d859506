"""The ``lookup`` use case: a parcel identifier to its shipment, return and buyer history."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine

from inspect_tui.core.policy import Policy
from inspect_tui.services.records.parcels import find_parcel, parcel_view
from inspect_tui.services.shared.views import ParcelView
from inspect_tui.store.session import reading


def lookup_parcel(engine: Engine, code: str, policy: Policy, evidence_dir: Path) -> ParcelView:
    """Find the parcel ``code`` identifies; raises ParcelNotFound / NotAParcelCode."""
    with reading(engine) as session:
        found = find_parcel(session, code, policy)
        return parcel_view(session, found, policy, evidence_dir)
