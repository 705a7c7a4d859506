"""The reject rate by reason code, as a horizontal bar chart (plotext), or a plain sentence.

Only reject-side reason codes are charted: the share of the period's completed parcels that
were given each one. When there is nothing to chart the widget says why in words, never an
empty frame with axes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from textual.app import ComposeResult
from textual.color import Color
from textual.containers import Vertical
from textual.widgets import Static
from textual_plotext import PlotextPlot

from inspect_tui.core.policy import REJECT_REASONS
from inspect_tui.services.review.summaries import Figures
from inspect_tui.ui import format as fmt

TICK_STEPS = (1, 2, 5, 10, 20, 25, 50)
"""Steps of the percentage axis, the smallest that keeps it to a few ticks is used."""
MAX_TICKS = 5
MAX_BARS = 9
"""The most reasons the chart draws (the most frequent): one row each in the dashboard's box."""
ROWS_PER_BAR = 3
AXIS_ROWS = 3
"""Rows of the frame and the tick labels below the bars."""


@dataclass(frozen=True, slots=True)
class ReasonBar:
    """One bar of the chart.

    Attributes:
        reason: The reject-side reason code.
        count: Completed parcels given this reason in the period.
        rate: ``count`` over all parcels completed in the period.
    """

    reason: str
    count: int
    rate: float

    @property
    def label(self) -> str:
        """The bar's label: the code and its rate, ``EMPTY_PARCEL 50 %``."""
        return f"{self.reason} {fmt.percent(self.rate)}"


def reason_bars(figures: Figures) -> tuple[ReasonBar, ...]:
    """The reject-side reasons of ``figures`` with their rates, most frequent first.

    Args:
        figures: The period's figures.

    Returns:
        One bar per reject-side reason code given in the period, the MAX_BARS most frequent
        (none when nothing was completed).
    """
    if not figures.completed:
        return ()
    bars = [
        ReasonBar(count.name, count.count, count.count / figures.completed)
        for count in figures.by_reason
        if count.name in REJECT_REASONS and count.count
    ]
    bars.sort(key=lambda bar: -bar.count)
    return tuple(bars[:MAX_BARS])


def percent_ticks(top_rate: float) -> tuple[int, ...]:
    """Whole-percent ticks from 0 to just above ``top_rate``, at most ``MAX_TICKS`` + 1.

    Args:
        top_rate: The largest rate on the chart (0.0 to 1.0).

    Returns:
        The tick values in percent, starting at 0.
    """
    top = max(1, math.ceil(top_rate * 100))
    step = next((s for s in TICK_STEPS if math.ceil(top / s) <= MAX_TICKS), 100)
    last = min(100, math.ceil(top / step) * step)
    return tuple(range(0, last + 1, step))


class ReasonChart(Vertical):
    """Bars of reject rate per reason code; a sentence instead when there are none."""

    DEFAULT_CSS = """
    ReasonChart {
        height: 1fr;
    }
    ReasonChart > PlotextPlot {
        height: 1fr;
    }
    ReasonChart > #reason-empty {
        display: none;
        color: $text-muted;
        padding: 1 1;
    }
    ReasonChart.-empty > PlotextPlot {
        display: none;
    }
    ReasonChart.-empty > #reason-empty {
        display: block;
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        """Create the chart; it shows nothing until :meth:`show` is called.

        Args:
            id: The widget's id in the DOM.
            classes: CSS classes.
        """
        super().__init__(id=id, classes=classes)
        self.bars: tuple[ReasonBar, ...] = ()
        """The bars on show, most frequent first."""
        self.empty_text: str = ""
        """The sentence shown instead of the chart, "" while the chart is shown."""

    def compose(self) -> ComposeResult:
        """The plot and the sentence that replaces it when there is nothing to chart."""
        yield PlotextPlot()
        yield Static(id="reason-empty")

    def on_mount(self) -> None:
        """Redraw with the new colours when the app's theme changes."""
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self._draw())

    def show(self, bars: tuple[ReasonBar, ...], empty_text: str) -> None:
        """Chart ``bars``, or say ``empty_text`` when there are none.

        Args:
            bars: The bars, most frequent first.
            empty_text: What to say instead of an empty chart.
        """
        self.bars = bars
        self.empty_text = "" if bars else empty_text
        self.query_one("#reason-empty", Static).update(self.empty_text)
        self.set_class(not bars, "-empty")
        self._draw()

    def _draw(self) -> None:
        plot = self.query_one(PlotextPlot)
        plt = plot.plt
        plt.clear_data()
        if self.bars:
            # plotext draws the first category at the bottom: the largest goes on top.
            shown = self.bars[::-1]
            ticks = percent_ticks(max(bar.rate for bar in self.bars))
            plt.bar(
                [bar.label for bar in shown],
                [bar.rate * 100 for bar in shown],
                orientation="horizontal",
                width=0.5,
                color=self._bar_colour(),
            )
            plt.xlim(0, ticks[-1])
            plt.xticks(list(ticks), [f"{tick} %" for tick in ticks])
            # A few bars would each fill a third of the box: cap them at a few rows each.
            plot.styles.max_height = ROWS_PER_BAR * len(shown) + AXIS_ROWS
        plot.refresh()

    def _bar_colour(self) -> tuple[int, int, int]:
        """The theme's error colour: these are parcels the desk refused to refund."""
        return Color.parse(self.app.theme_variables["error"]).rgb
