"""Starting the terminal app (``inspect-tui`` with no command, ``demo`` and ``desk``)."""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from inspect_tui.cli.exits import fail
from inspect_tui.config import Settings
from inspect_tui.core.policy import PolicyError, load_policy
from inspect_tui.language import use_station_language
from inspect_tui.services.evidence.location import open_evidence_store
from inspect_tui.services.shared.errors import DeskError
from inspect_tui.services.shared.input_limits import bounded_name

if TYPE_CHECKING:
    from textual.widget import Widget

    from inspect_tui.services.inspecting.workstation import Workstation
    from inspect_tui.services.review.desk import ReviewDesk

IMAGES_ENV = "INSPECT_TUI_IMAGES"
"""Set to ``0`` to list photos as text instead of previewing them in the terminal."""


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
    previews = _Previews()
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

    image_factory = previews.factory()  # before Textual loads here: one thread imports it
    from inspect_tui.ui.app import build_app

    app = build_app(
        connect,
        operator=operator,
        image_factory=image_factory,
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


class _Previews:
    """Photo previews, set up on a thread while the store opens.

    textual-image asks the terminal for its graphics protocols and cell size when imported,
    which is only possible before the app takes the terminal over, and waits up to 0.1 s for
    each answer (a terminal without kitty graphics never answers that one). On a thread, that
    waiting overlaps the store's libraries loading instead of adding to them. It is joined
    before the app's own modules load, so Textual is never imported by two threads at once;
    and it is not a daemon: a start-up that fails meanwhile still waits for it to give the
    terminal back as it was.
    """

    def __init__(self) -> None:
        self._factory: Callable[[Path], Widget] | None = None
        self._thread = threading.Thread(target=self._load, name="photo-previews")
        self._thread.start()

    def _load(self) -> None:
        self._factory = _image_factory()

    def factory(self) -> Callable[[Path], Widget] | None:
        """The preview widget factory (None without previews), once the thread is done."""
        self._thread.join()
        return self._factory


def _image_factory() -> Callable[[Path], Widget] | None:
    """textual-image's widget (best protocol, half-block fallback) when on a real terminal."""
    if os.environ.get(IMAGES_ENV, "1") == "0" or not sys.stdout.isatty():
        return None
    try:
        # Deferred: Pillow and textual-image load only when photos are previewed.
        from PIL import Image as PILImage
        from textual_image.widget import Image
    except Exception:  # optional: any failure to set up previews just lists photos as text
        return None

    def preview(path: Path) -> Widget:
        with PILImage.open(path) as picture:
            picture.load()
            loaded = picture.copy()
        widget: Widget = Image(loaded)
        return widget

    return preview
