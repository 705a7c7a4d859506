"""``inspect-tui station``: each bench's setup (scale, photo inbox, printer, recording, language).

Stored in the database, so every machine at the desk sees the same setup.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from inspect_tui.cli.common import store
from inspect_tui.cli.root import EXIT_USAGE, app, fail, settings
from inspect_tui.core.translation import N_, _

if TYPE_CHECKING:
    from collections.abc import Callable

    from sqlalchemy import Engine

    from inspect_tui.services.inspecting.stations import StationSetup, StationView

station_app = typer.Typer(
    help=N_("The benches: scale, photo inbox, label printer, recording folder, language."),
    no_args_is_help=True,
)
app.add_typer(station_app, name="station")

NameArg = Annotated[str, typer.Argument(help=N_("The station's name, e.g. bench-1."))]
InboxOpt = Annotated[
    Path | None,
    typer.Option("--inbox", file_okay=False, help=N_("Folder the bench camera writes photos to.")),
]
ScaleOpt = Annotated[
    str | None,
    typer.Option(
        "--scale",
        help=N_(
            "manual, serial:///dev/ttyUSB0?protocol=mt-sics&baud=9600 (continuous, yaohua, "
            "mt-sics, nci) or hid:///dev/hidraw0."
        ),
    ),
]
PrinterOpt = Annotated[
    str | None,
    typer.Option("--printer", help=N_("Label printer: tcp://HOST:9100 or cups:QUEUE ('' clears).")),
]
RecordingOpt = Annotated[
    Path | None,
    typer.Option(
        "--recording", file_okay=False, help=N_("Folder the bench camera writes video segments to.")
    ),
]
LangOpt = Annotated[
    str | None,
    typer.Option("--lang", help=N_("Language of the station's screens: en, zh-CN ('' clears).")),
]


def _setup(
    inbox: Path | None,
    scale: str | None,
    printer: str | None,
    recording: Path | None,
    lang: str | None,
) -> StationSetup:
    # Deferred: the store's libraries (SQLAlchemy) load with this command, not with --help.
    from inspect_tui.services.inspecting.stations import StationSetup

    return StationSetup(
        photo_inbox=inbox, scale=scale, printer=printer, recording_folder=recording, language=lang
    )


def _save(
    ctx: typer.Context,
    name: str,
    setup: StationSetup,
    write: Callable[[Engine, str, StationSetup], StationView],
) -> StationView:
    """``write`` (add or set) station ``name``'s ``setup``; a refusal ends the command."""
    # Deferred: the store's libraries (SQLAlchemy) load with this command, not with --help.
    from inspect_tui.services.inspecting.stations import StationError

    engine = store(settings(ctx))
    try:
        return write(engine, name, setup)
    except StationError as error:
        fail(str(error), EXIT_USAGE)
    finally:
        engine.dispose()


@station_app.command("add", help=N_("Add a station (its scale is manual until set)."))
def add(
    ctx: typer.Context,
    name: NameArg,
    inbox: InboxOpt = None,
    scale: ScaleOpt = None,
    printer: PrinterOpt = None,
    recording: RecordingOpt = None,
    lang: LangOpt = None,
) -> None:
    # Deferred: the store's libraries (SQLAlchemy) load with this command, not with --help.
    from inspect_tui.services.inspecting.stations import add_station

    view = _save(ctx, name, _setup(inbox, scale, printer, recording, lang), add_station)
    typer.echo(_("Station {name} added.").format(name=view.name))
    _show(view)


@station_app.command(
    "set", help=N_("Change a station's settings; those not given stay as they are.")
)
def set_(
    ctx: typer.Context,
    name: NameArg,
    inbox: InboxOpt = None,
    scale: ScaleOpt = None,
    printer: PrinterOpt = None,
    recording: RecordingOpt = None,
    lang: LangOpt = None,
) -> None:
    # Deferred: the store's libraries (SQLAlchemy) load with this command, not with --help.
    from inspect_tui.services.inspecting.stations import set_station

    if all(value is None for value in (inbox, scale, printer, recording, lang)):
        fail(
            _("nothing to set: give --inbox, --scale, --printer, --recording or --lang"),
            EXIT_USAGE,
        )
    view = _save(ctx, name, _setup(inbox, scale, printer, recording, lang), set_station)
    typer.echo(_("Station {name} saved.").format(name=view.name))
    _show(view)


@station_app.command("list", help=N_("List the stations and their setup."))
def list_(
    ctx: typer.Context,
    as_json: Annotated[
        bool, typer.Option("--json", help=N_("One JSON array of stations."))
    ] = False,
) -> None:
    # Deferred: the store's libraries (SQLAlchemy) load with this command, not with --help.
    from inspect_tui.services.inspecting.stations import list_stations

    engine = store(settings(ctx))
    try:
        views = list_stations(engine)
    finally:
        engine.dispose()
    if as_json:
        typer.echo(json.dumps([asdict(view) for view in views], ensure_ascii=False, indent=2))
        return
    if not views:
        typer.echo(_("No stations yet: add one with `inspect-tui station add NAME`."))
    for view in views:
        _show(view)


def _show(view: StationView) -> None:
    # Deferred: only a station's setup is drawn in columns (Chinese labels are two cells wide).
    from rich.cells import cell_len

    typer.echo(f"{view.name}")
    rows = [
        (_("scale:"), view.scale),
        (_("photo inbox:"), view.photo_inbox),
        (_("printer:"), view.printer),
        (_("recording:"), view.recording_folder),
        (_("language:"), view.language),
    ]
    width = max(13, *(cell_len(label) + 1 for label, _value in rows))
    for label, value in rows:
        typer.echo(f"  {label}{' ' * (width - cell_len(label))}{value or '-'}")
