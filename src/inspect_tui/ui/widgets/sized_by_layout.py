"""Widgets whose size only a layout pass decides, and which need no second pass when it changes.

Textual lays the whole screen out again, and repaints, whenever a widget's *virtual size*
changes. For a scrolling view that sets its own virtual size (a table adding rows) that second
pass is needed. For text and plain containers whose height follows their content it is not:
the virtual size is only ever set by the layout pass itself, which has already placed and
painted them at their new size. On the parcel screen that redundant pass was a second layout
and one or two more frames after every parcel scan (see ``bench/bench_scan.py``).
"""

from __future__ import annotations

from textual.geometry import Size
from textual.reactive import Reactive


class SizedByLayout:
    """Mix in before the Textual base of a widget whose virtual size only layout sets.

    Not for anything that scrolls or sets ``virtual_size`` itself.
    """

    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False, repaint=False)
    """The virtual size, as the last layout pass found it (no layout or repaint of its own)."""
