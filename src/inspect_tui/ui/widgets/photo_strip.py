"""Photos of a parcel: listed by name, and previewed where the terminal can show images.

The preview is optional: the app passes an image factory (textual-image, with its half-block
fallback) when it runs in a real terminal, and none in tests or headless runs, where the list
alone is shown. A photo whose file has gone is listed as "photo missing", never an error.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static

from inspect_tui.core.translation import _
from inspect_tui.services.shared.views import EvidenceView
from inspect_tui.ui.widgets.sized_by_layout import SizedByLayout

ImageFactory = Callable[[Path], Widget]
"""Builds a widget showing the image at a path; may raise OSError/ValueError if unreadable."""

PREVIEWS = 2
"""How many photos are previewed side by side (the rest are listed)."""


class PhotoStrip(SizedByLayout, Widget):
    """A list of photos with a preview of the first few when images can be shown."""

    DEFAULT_CSS = """
    PhotoStrip {
        height: auto;
    }
    PhotoStrip > .photo-strip--list {
        height: auto;
    }
    PhotoStrip > Horizontal {
        height: auto;
        max-height: 14;
    }
    PhotoStrip .photo-strip--preview {
        width: auto;
        max-width: 60;
        height: 12;
        margin: 0 2 0 0;
    }
    PhotoStrip .photo-strip--unreadable {
        color: $warning;
    }
    """

    def __init__(
        self,
        title: str,
        photos: Sequence[EvidenceView],
        image_factory: ImageFactory | None = None,
        *,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        """Create the strip.

        Args:
            title: What the photos are (``Pre-shipment photos``).
            photos: The photos, in the order to show.
            image_factory: Builds an image widget, or None to only list the photos.
            id: Widget id.
            classes: CSS classes.
        """
        super().__init__(id=id, classes=classes)
        self.title = title
        self.photos = tuple(photos)
        self.image_factory = image_factory

    def compose(self) -> ComposeResult:
        """The list, then the previews."""
        yield Static(self.listing(), classes="photo-strip--list")
        if self.image_factory is None:
            return
        shown = self._previewed()
        if shown:
            with Horizontal():
                for path in shown:
                    yield self._preview(path)

    def show(self, photos: Sequence[EvidenceView]) -> None:
        """Show ``photos`` instead: the list is redrawn, previews rebuilt only if they differ."""
        photos = tuple(photos)
        previews_before = self._previewed()
        self.photos = photos
        if self.image_factory is not None and self._previewed() != previews_before:
            self.refresh(recompose=True)
        else:
            self.query_one(".photo-strip--list", Static).update(self.listing())

    def _previewed(self) -> list[Path]:
        """The photos previewed (when a factory can show images)."""
        return [photo.path for photo in self.photos if photo.exists][:PREVIEWS]

    def listing(self) -> Content:
        """``Pre-shipment photos: a.jpg, b.jpg (photo missing)``."""
        if not self.photos:
            return Content.assemble((f"{self.title}: ", "bold"), (_("none on file"), "$text-muted"))
        parts: list[Content | tuple[str, str] | str] = [(f"{self.title}: ", "bold")]
        for index, photo in enumerate(self.photos):
            if index:
                parts.append(", ")
            parts.append(photo.original_name or photo.path.name)
            if not photo.exists:
                parts.append((" " + _("(photo missing)"), "$error"))
        return Content.assemble(*parts)

    def _preview(self, path: Path) -> Widget:
        assert self.image_factory is not None
        try:
            image = self.image_factory(path)
        except (OSError, ValueError) as error:
            return Static(
                _("{name}: cannot show this photo ({error})").format(name=path.name, error=error),
                classes="photo-strip--preview photo-strip--unreadable",
                markup=False,
            )
        image.add_class("photo-strip--preview")
        return image
