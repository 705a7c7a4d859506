"""Stations: the benches and their setup — scale, photo inbox, label printer, recording folder
and language — stored in the database so every machine at the desk sees the same.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from inspect_tui.devices.scales import ScaleSpecError, parse_scale_spec
from inspect_tui.store import audit
from inspect_tui.store.models import Station
from inspect_tui.store.session import reading, writing
from inspect_tui.store.types import utcnow

_NAME = re.compile(r"^[\w][\w .-]{0,79}$")
_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


class StationError(ValueError):
    """A station cannot be added or set up as asked; the message says why and what to do."""


@dataclass(frozen=True, slots=True)
class StationSetup:
    """What may be set on a station; None leaves a setting as it is.

    Attributes:
        photo_inbox: The folder the bench camera writes photos to.
        scale: The scale spec (``manual``, ``serial://…``, ``hid://…``).
        printer: The label printer spec (``tcp://HOST:9100`` or ``cups:QUEUE``).
        recording_folder: The folder the bench camera writes video segments to.
        language: The screens' language (``en``, ``zh-CN``).
    """

    photo_inbox: Path | None = None
    scale: str | None = None
    printer: str | None = None
    recording_folder: Path | None = None
    language: str | None = None


@dataclass(frozen=True, slots=True)
class StationView:
    """A station's setup as commands and screens show it."""

    name: str
    scale: str
    photo_inbox: str | None
    printer: str | None
    recording_folder: str | None
    language: str | None


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
    """Set a station's photo inbox folder and scale driver, creating the station if new."""
    _save(engine, name, StationSetup(photo_inbox=photo_inbox, scale=scale), actor, None)


def add_station(
    engine: Engine, name: str, setup: StationSetup, *, actor: str = "admin"
) -> StationView:
    """Add a new station with ``setup``.

    Raises:
        StationError: The name is taken or unusable, or a setting is not understood.
    """
    return _save(engine, _checked_name(name), setup, actor, must_exist=False)


def set_station(
    engine: Engine, name: str, setup: StationSetup, *, actor: str = "admin"
) -> StationView:
    """Change the settings ``setup`` gives on an existing station.

    Raises:
        StationError: No such station, or a setting is not understood.
    """
    return _save(engine, name.strip(), setup, actor, must_exist=True)


def get_station(engine: Engine, name: str) -> StationView | None:
    """The station called ``name``, or None."""
    with reading(engine) as session:
        station = session.exec(select(Station).where(Station.name == name.strip())).first()
        return None if station is None else _view(station)


def list_stations(engine: Engine) -> list[StationView]:
    """Every station, by name."""
    with reading(engine) as session:
        return [_view(row) for row in session.exec(select(Station).order_by(col(Station.name)))]


def checked_setup(setup: StationSetup) -> StationSetup:
    """``setup`` with its specs validated and folders made absolute.

    Raises:
        StationError: The scale or printer spec, or the language, is not understood.
    """
    scale = setup.scale.strip() if setup.scale is not None else None
    if scale is not None:
        try:
            parse_scale_spec(scale)
        except ScaleSpecError as error:
            raise StationError(str(error)) from None
    printer = setup.printer.strip() if setup.printer is not None else None
    if printer:
        # The printing module brings the label libraries, which the scan path never needs.
        from inspect_tui.services.printouts.printing import PrinterError, parse_printer

        try:
            parse_printer(printer)
        except PrinterError as error:
            raise StationError(str(error)) from None
    language = setup.language.strip() if setup.language is not None else None
    if language and not _LANGUAGE.match(language):
        raise StationError(f"Language {language!r} is not a language tag: use e.g. en or zh-CN.")
    return StationSetup(
        photo_inbox=_folder(setup.photo_inbox),
        scale=scale,
        printer=printer,
        recording_folder=_folder(setup.recording_folder),
        language=language,
    )


def _save(
    engine: Engine, name: str, setup: StationSetup, actor: str, must_exist: bool | None
) -> StationView:
    setup = checked_setup(setup)
    with writing(engine) as session:
        station = session.exec(select(Station).where(Station.name == name)).first()
        if station is not None and must_exist is False:
            raise StationError(
                f"Station {name!r} already exists: change it with `inspect-tui station set`."
            )
        if station is None and must_exist:
            raise StationError(_missing(session, name))
        station = station or ensure_station(session, name)
        if setup.photo_inbox is not None:
            station.photo_inbox = str(setup.photo_inbox)
        if setup.scale is not None:
            station.scale = setup.scale
        if setup.printer is not None:
            station.printer = setup.printer or None
        if setup.recording_folder is not None:
            station.recording_folder = str(setup.recording_folder)
        if setup.language is not None:
            station.language = setup.language or None
        session.add(station)
        view = _view(station)
        audit.record(
            session,
            actor=actor,
            station=name,
            action="station.configure",
            entity=f"station:{name}",
            payload={
                "photo_inbox": view.photo_inbox,
                "scale": view.scale,
                "printer": view.printer,
                "recording_folder": view.recording_folder,
                "language": view.language,
            },
        )
    return view


def _missing(session: Session, name: str) -> str:
    names = list(session.exec(select(Station.name).order_by(col(Station.name))))
    known = f" Stations: {', '.join(names)}." if names else " There are no stations yet."
    return f"No station called {name!r}: add it with `inspect-tui station add {name}`.{known}"


def _checked_name(name: str) -> str:
    name = name.strip()
    if not _NAME.match(name):
        raise StationError(
            f"Station name {name!r} is not usable: letters, digits, spaces, . and - (up to 80)."
        )
    return name


def _folder(path: Path | None) -> Path | None:
    return None if path is None else path.expanduser().absolute()


def _view(station: Station) -> StationView:
    return StationView(
        name=station.name,
        scale=station.scale,
        photo_inbox=station.photo_inbox,
        printer=station.printer,
        recording_folder=station.recording_folder,
        language=station.language,
    )
