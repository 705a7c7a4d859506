"""Stations: the benches, their scale and their photo inbox."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine
from sqlmodel import Session, select

from inspect_tui.store import audit
from inspect_tui.store.models import Station
from inspect_tui.store.session import writing
from inspect_tui.store.types import utcnow


def ensure_station(session: Session, name: str) -> Station:
    """The station row for ``name``, created on first use (inside a write transaction)."""
    station = session.exec(select(Station).where(Station.name == name)).first()
    if station is None:
        station = Station(name=name, created_at=utcnow())
        session.add(station)
        session.flush()
    return station


def configure_station(
    engine: Engine,
    name: str,
    *,
    photo_inbox: Path | None = None,
    scale: str | None = None,
    actor: str = "admin",
) -> None:
    """Set a station's photo inbox folder and scale driver."""
    with writing(engine) as session:
        station = ensure_station(session, name)
        if photo_inbox is not None:
            station.photo_inbox = str(photo_inbox)
        if scale is not None:
            station.scale = scale
        session.add(station)
        audit.record(
            session,
            actor=actor,
            station=name,
            action="station.configure",
            entity=f"station:{name}",
            payload={"photo_inbox": station.photo_inbox, "scale": station.scale},
        )
