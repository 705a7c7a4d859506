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
from inspect_tui.services.evidence.store import open_evidence_store
from inspect_tui.services.inspecting.stations import get_station
from inspect_tui.services.inspecting.workstation import Workstation
from inspect_tui.services.review.desk import ReviewDesk
from inspect_tui.services.shared.database import StoreError, open_store
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

    The store and the policy are checked first, so a wrong ``--db`` or a broken policy file is
    a one-line message, not a screen that fails later.

    Args:
        settings: The store, station and policy of this run.
        operator: Sign this clerk in at start (None asks for a badge).
        supervisor_only: The supervisor desk alone: badge and PIN first, no bench.
    """
    previews = _Previews()
    # The store's libraries load after the previews' thread has started, so that the wait for
    # the terminal's answers overlaps them.
    from inspect_tui.services.inspecting.workstation import Workstation
    from inspect_tui.services.review.desk import ReviewDesk

    try:
        policy = load_policy(settings.policy_file)
    except PolicyError as error:
        fail(f"policy: {error}")
    try:
        bounded_name(settings.station, "The station name")
    except DeskError as error:
        fail(f"--station: {error}")
    try:
        engine = open_store(settings.db_url)
        station = get_station(engine, settings.station)
        engine.dispose()
    except StoreError as error:
        fail(str(error))
    except OSError as error:  # e.g. the SQLite file's folder cannot be created
        fail(f"Cannot open the database {settings.db_url}: {error.strerror or error}")
    # The bench's own language, unless --lang or INSPECT_TUI_LANG chose one (the root
    # command already refused a language not spoken here).
    use_station_language(station.language if station is not None else None)
    try:
        open_evidence_store(settings.data_dir)  # a wrong INSPECT_TUI_EVIDENCE: one line, now
    except DeskError as error:
        fail(str(error))

    def connect(name: str) -> Workstation:
        return Workstation.connect(
            settings.db_url,
            station=settings.station,
            operator=name,
            policy=policy,
            data_dir=settings.data_dir,
        )

    def review_connect(name: str, pin: str) -> ReviewDesk:
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
        scale_spec=station.scale if station is not None and not supervisor_only else None,
        supervisor_only=supervisor_only,
    )
    try:
        app.run()
    except DeskError as error:
        fail(str(error))


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
