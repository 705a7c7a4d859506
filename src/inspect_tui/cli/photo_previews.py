"""Photo previews: the terminal asked at start, textual-image loaded with the first photo.

textual-image chooses how to draw (sixel, kitty graphics, half blocks) from the terminal's
answers, which can only be read before the app takes the terminal over, and it asks when it
is imported, loading Pillow and numpy (tenths of a second) with it. So the app's start asks
the terminal itself (textual-image's own cell-size function, which keeps its answer, and
``cli/terminal_graphics.py`` for the protocols) on a thread while Textual loads; the first
parcel card with photos then imports textual-image, handing it those answers instead of
letting it ask a terminal the app now owns.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from textual.widget import Widget

    from inspect_tui.cli.terminal_graphics import Graphics

    ImageWidget = Callable[[Any], Widget]
    """textual-image's widget class, built from a Pillow image."""

IMAGES_ENV = "INSPECT_TUI_IMAGES"
"""Set to ``0`` to list photos as text instead of previewing them in the terminal."""

_RENDERABLES = "textual_image.renderable"
"""textual-image's package that asks the terminal for its protocols when imported."""


class TerminalProbe:
    """The terminal's answers, asked on a thread as soon as the app starts.

    Most terminals answer within milliseconds; one that does not costs a tenth of a second per
    question, which the thread spends while Textual and the app's screens load. It is not a
    daemon: a start-up that fails meanwhile still waits for it to give the terminal back as
    it was.
    """

    def __init__(self) -> None:
        self._graphics: Graphics | None = None
        self._thread = threading.Thread(target=self._ask, name="terminal-graphics")
        self._thread.start()

    def _ask(self) -> None:
        self._graphics = _ask_terminal()

    def factory(self) -> PhotoPreviews | None:
        """The previews (None: photos are listed as text), once the terminal has answered.

        Called before the app takes the terminal over.
        """
        self._thread.join()
        return PhotoPreviews(self._graphics) if self._graphics is not None else None


def _ask_terminal() -> Graphics | None:
    """What the terminal draws images with; None without previews or a terminal to ask."""
    if os.environ.get(IMAGES_ENV, "1") == "0" or not sys.stdout.isatty():
        return None
    try:
        if importlib.util.find_spec("PIL") is None:
            return None
        from textual_image._terminal import get_cell_size  # no Pillow, no numpy

        from inspect_tui.cli.terminal_graphics import ask_graphics  # termios: POSIX only

        get_cell_size()  # asked once and kept by textual-image for its widgets
        assert sys.__stdin__ is not None and sys.__stdout__ is not None
        return ask_graphics(sys.__stdin__.fileno(), sys.__stdout__.fileno())
    except Exception:  # optional: any failure to set up previews just lists photos as text
        return None


class PhotoPreviews:
    """Builds a photo's preview widget; textual-image and Pillow load with the first one."""

    def __init__(self, graphics: Graphics) -> None:
        """Previews for a terminal that gave these answers."""
        self.graphics = graphics
        self._image: ImageWidget | None = None

    def __call__(self, path: Path) -> Widget:
        """The preview of the photo at ``path``.

        Raises:
            OSError: The file cannot be read.
            ValueError: It is not an image Pillow reads, or textual-image cannot be loaded.
        """
        image = self._image or self._load()
        from PIL import Image as PILImage

        with PILImage.open(path) as picture:
            picture.load()
            loaded = picture.copy()
        return image(loaded)

    def _load(self) -> ImageWidget:
        try:
            self._image = _textual_image_widget(self.graphics)
        except ImportError as error:
            raise ValueError(f"textual-image: {error}") from error
        return self._image


def _textual_image_widget(graphics: Graphics) -> ImageWidget:
    """The widget textual-image picks (``textual_image.widget.Image``) for these answers.

    Its renderables package asks the terminal when it runs; it is registered first without
    running, its sixel and kitty modules are given functions returning the answers, then it
    runs and picks as it always does. Written against textual-image 0.12 (pinned);
    ``tests/cli/test_startup.py`` checks on a pty that the terminal is asked at start only.
    """
    if _RENDERABLES not in sys.modules:
        spec = importlib.util.find_spec(_RENDERABLES)
        if spec is None or spec.loader is None:
            raise ImportError(f"No module named {_RENDERABLES!r}")
        package = importlib.util.module_from_spec(spec)
        sys.modules[_RENDERABLES] = package
        try:
            _answer(importlib.import_module(f"{_RENDERABLES}.sixel"), graphics.sixel)
            _answer(importlib.import_module(f"{_RENDERABLES}.tgp"), graphics.kitty)
            spec.loader.exec_module(package)
        except BaseException:
            del sys.modules[_RENDERABLES]
            raise
    from textual_image.widget import Image

    widget: ImageWidget = Image
    return widget


def _answer(module: Any, supported: bool) -> None:
    """Make ``module.query_terminal_support()`` return the terminal's answer, asking nothing."""

    def query_terminal_support() -> bool:
        return supported

    module.query_terminal_support = query_terminal_support
