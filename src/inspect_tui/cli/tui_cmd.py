"""Starting the terminal app (``inspect-tui`` with no command, ``demo`` and ``desk``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from inspect_tui.cli.exits import fail
from inspect_tui.cli.photo_previews import TerminalProbe
from inspect_tui.config import Settings
from inspect_tui.core.policy import PolicyError, load_policy
from inspect_tui.language import use_station_language
from inspect_tui.services.evidence.location import open_evidence_store
from inspect_tui.services.shared.errors import DeskError
from inspect_tui.services.shared.input_limits import bounded_name

if TYPE_CHECKING:
    from inspect_tui.services.inspecting.workstation import Workstation
    from inspect_tui.services.review.desk import ReviewDesk


def run_tui(settings: Settings, *, operator: str | None, supervisor_only: bool = False) -> None:
    """Start the app on the configured store.

    The policy, the station's name and the evidence store are checked first, so a broken
    policy file is a one-line message, not a screen that fails later. The store itself
    (SQLAlchemy, the tables, the schema check: most of the start-up time) opens on the app's
    worker once the first screen is drawn; a wrong ``--db`` ends the app with a one-line
    message all the same.

    Args:
        settings: The store, station and policy of this run.
        operator: Sign this clerk in at start (None asks for a badge).
        supervisor_only: The supervisor desk alone: badge and PIN first, no bench.
    """
    terminal = TerminalProbe()  # what it draws photos with, asked while the rest loads
    try:
        policy = load_policy(settings.policy_file)
    except PolicyError as error:
        fail(f"policy: {error}")
    try:
        bounded_name(settings.station, "The station name")
    except DeskError as error:
        fail(f"--station: {error}")
    try:
        open_evidence_store(settings.data_dir)  # a wrong INSPECT_TUI_EVIDENCE: one line, now
    except DeskError as error:
        fail(str(error))

    def check_store() -> str | None:
        return _check_store(settings)

    def connect(name: str) -> Workstation:
        from inspect_tui.services.inspecting.workstation import Workstation

        return Workstation.connect(
            settings.db_url,
            station=settings.station,
            operator=name,
            policy=policy,
            data_dir=settings.data_dir,
        )

    def review_connect(name: str, pin: str) -> ReviewDesk:
        from inspect_tui.services.review.desk import ReviewDesk

        return ReviewDesk.connect(
            settings.db_url, operator=name, pin=pin, policy=policy, data_dir=settings.data_dir
        )

    from inspect_tui.ui.app import build_app

    app = build_app(
        connect,
        operator=operator,
        image_factory=terminal.factory(),  # answered before the app takes the terminal
        review_connect=review_connect,
        supervisor_only=supervisor_only,
        check_store=check_store,
    )
    try:
        app.run()
    except DeskError as error:
        fail(str(error))
    if app.start_failure is not None:
        fail(app.start_failure)


def _check_store(settings: Settings) -> str | None:
    """Open the store once (schema check, upgrade of an empty one): the station's scale.

    The station's language is spoken from here on when neither ``--lang`` nor
    ``INSPECT_TUI_LANG`` chose one.

    Runs on the app's worker. Raises:
        DeskError: the store cannot be opened, in the words the command line would use.
    """
    from inspect_tui.services.inspecting.stations import get_station
    from inspect_tui.services.shared.database import StoreError, open_store

    try:
        engine = open_store(settings.db_url)
        try:
            station = get_station(engine, settings.station)
        finally:
            engine.dispose()
    except StoreError as error:
        raise DeskError(str(error)) from error
    except OSError as error:  # e.g. the SQLite file's folder cannot be created
        raise DeskError(
            f"Cannot open the database {settings.db_url}: {error.strerror or error}"
        ) from error
    # The bench's own language, unless --lang or INSPECT_TUI_LANG chose one (the root command
    # already refused a language not spoken here); the app redraws in it.
    use_station_language(station.language if station is not None else None)
    return station.scale if station is not None else None
