"""The footer of the clerk's screens: Textual's footer, rebuilt only when its keys change.

Textual's :class:`~textual.widgets.Footer` removes and mounts all its keys whenever the screen
asks for its bindings to be refreshed, which the parcel screen does after every step, and focus
changes and screen switches do too. Mounting a dozen keys restyles and lays out each of them:
measured, that was a large part of the time between a parcel scan and its card on screen. This
footer compares what it would show with what it shows and rebuilds only when they differ. It
looks exactly like the footer it extends.

The keys' descriptions are written in English in the screens' ``BINDINGS`` (read when a module
is imported, before the language is known); this footer shows them in the language in use.
"""

from __future__ import annotations

from collections.abc import Hashable

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey, FooterLabel

from inspect_tui.core.translation import N_, _, pgettext

TWO_ROWS_BELOW = 120
"""Below this many columns the keys take two rows and the palette key is left out (ctrl+p
still opens it), so an 80-column terminal shows every key whole."""


class DeskFooter(Footer):
    """A footer that rebuilds its keys only when the keys, their state or their labels change.

    On a narrow terminal the keys take two rows, in columns as wide as their widest key.
    """

    DEFAULT_CSS = """
    DeskFooter.-rows {
        layout: grid;
        grid-columns: auto;
        grid-rows: 1;
        height: 2;
    }
    """

    _shown: Hashable = None
    """What the last compose showed (None: nothing composed from bindings yet)."""

    def shown_keys(self) -> Hashable:
        """What the footer shows for the screen's bindings now, in a comparable form."""
        active = self.screen.active_bindings
        keys = tuple(
            (binding, enabled, tooltip)
            for (_node, binding, enabled, tooltip) in active.values()
            if binding.show
        )
        palette = None
        if self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE:
            found = active.get(self.app.COMMAND_PALETTE_BINDING)
            if found is not None:
                palette = (found.binding, found.enabled, found.tooltip)
        return keys, palette

    def compose(self) -> ComposeResult:
        """Textual's keys, remembering what they show; in two rows when one is too narrow."""
        self._shown = self.shown_keys() if self._bindings_ready else None
        children = list(super().compose())
        for widget in children:
            translate_key(widget)
        keys = [child for child in children if isinstance(child, FooterKey)]
        rows = self._needs_rows(keys)
        self.set_class(rows, "-rows")
        if rows:
            self.styles.grid_size_columns = max(1, -(-len(keys) // 2))
        yield from children

    def _needs_rows(self, keys: list[FooterKey]) -> bool:
        width = self.app.size.width
        shown = [key for key in keys if not key.has_class("-command-palette")]
        needed = sum(cell_len(key.key_display) + cell_len(key.description) + 3 for key in shown)
        return width < TWO_ROWS_BELOW and needed > width

    def on_resize(self) -> None:
        """No palette key below TWO_ROWS_BELOW columns; one row or two worked out again."""
        narrow = self.app.size.width < TWO_ROWS_BELOW
        rows = self._needs_rows(list(self.query(FooterKey)))
        if self.show_command_palette == narrow or rows != self.has_class("-rows"):
            self.show_command_palette = not narrow
            self.call_after_refresh(self.recompose)

    def bindings_changed(self, screen: Screen[object]) -> None:
        """The screen's bindings may have changed: rebuild after the refresh if they did."""
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen:
            self.call_after_refresh(self._recompose_if_changed)

    async def _recompose_if_changed(self) -> None:
        if not self.is_attached or self.shown_keys() == self._shown:
            return
        await self.recompose()


TEXTUAL_KEYS = (N_("palette"),)
"""Descriptions of the keys Textual itself shows in the footer (the command palette)."""


def key_words(description: str) -> str:
    """A key's description in the language in use: its words as a key (``NP_("key", …)``) first."""
    as_key = pgettext("key", description)
    return as_key if as_key != description else _(description)


def translate_key(widget: object) -> None:
    """Show a footer key's (or key group's) description in the language in use."""
    if isinstance(widget, FooterKey):
        if widget.description:
            widget.description = key_words(widget.description)
        if isinstance(widget.tooltip, str) and widget.tooltip:
            widget.tooltip = _(widget.tooltip)
    elif isinstance(widget, FooterLabel):
        text = str(widget.content)
        if text:
            widget.update(_(text))
