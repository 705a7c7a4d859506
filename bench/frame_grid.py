"""The frames a Textual app renders, replayed on a character grid: what a terminal would show.

The benchmarks record every update the app hands to its output (``App._display``; a headless
app renders them but writes nothing) and replay them here, so "the card is on screen" can be
timed as the frame that put it there rather than guessed from the app's internal state.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.console import Console
from rich.segment import ControlType
from textual._compositor import CompositorUpdate


class FrameGrid:
    """A terminal's cells, as text; ``apply`` draws one recorded update onto them."""

    def __init__(self, width: int, height: int) -> None:
        self.width, self.height = width, height
        self.rows = [[" "] * width for _ in range(height)]
        self._console = Console(width=width, height=height, force_terminal=True, color_system=None)

    def apply(self, update: CompositorUpdate) -> None:
        """Draw ``update`` (a full layout or changed chops) onto the grid."""
        x = y = 0
        for segment in update.__rich_console__(self._console, self._console.options):  # type: ignore[attr-defined]
            if segment.control:
                for control in segment.control:
                    if control[0] == ControlType.CURSOR_MOVE_TO:
                        x, y = int(control[1]), int(control[2])
                continue
            if segment.text == "\n":
                continue
            for char in segment.text:
                width = cell_len(char)
                if 0 <= y < self.height and 0 <= x < self.width:
                    self.rows[y][x] = char
                    if width == 2 and x + 1 < self.width:
                        self.rows[y][x + 1] = ""
                x += width

    def text(self) -> str:
        """The grid's lines, joined."""
        return "\n".join("".join(row) for row in self.rows)
