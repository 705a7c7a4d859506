"""The weigh step: the parcel's weight in large digits and a verdict nobody can miss."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Digits, Static

from inspect_tui.core.translation import N_, _
from inspect_tui.devices.scales import ScaleState
from inspect_tui.services.bench.words import VERDICT_WORDS, verdict_banner
from inspect_tui.services.shared.views import InspectionView
from inspect_tui.ui import format as fmt
from inspect_tui.ui.widgets.sized_by_layout import SizedByLayout

VERDICTS = tuple(VERDICT_WORDS)

__all__ = ["HOW_TO_TYPE", "VERDICTS", "VERDICT_WORDS", "WeightPanel", "verdict_banner"]

HOW_TO_TYPE = N_(
    "Type the weight shown on the scale and press Enter: 760 · 760 g · 0.76 kg · 12 oz · 1.5 lb"
)


class WeightPanel(SizedByLayout, Vertical):
    """Large weight, full-width verdict banner, the rules' sentence and how to type a weight."""

    DEFAULT_CSS = """
    WeightPanel {
        height: auto;
    }
    WeightPanel > Horizontal {
        height: auto;
    }
    WeightPanel Digits {
        width: auto;
        margin-right: 2;
    }
    WeightPanel .weight-panel--unit {
        width: auto;
        padding-top: 2;
        text-style: bold;
    }
    WeightPanel .weight-panel--banner {
        width: 1fr;
        height: 3;
        content-align: center middle;
        text-style: bold;
        margin: 1 0;
        background: $panel;
    }
    WeightPanel .weight-panel--banner.-empty { background: $error; color: $text; }
    WeightPanel .weight-panel--banner.-light { background: $warning; color: $text; }
    WeightPanel .weight-panel--banner.-heavy { background: $warning; color: $text; }
    WeightPanel .weight-panel--banner.-ok { background: $success; color: $text; }
    WeightPanel .weight-panel--explanation {
        height: auto;
    }
    WeightPanel .weight-panel--hint {
        color: $text-muted;
        height: auto;
        margin-top: 1;
    }
    """

    def compose(self) -> ComposeResult:
        """Digits, banner, explanation, hint."""
        with Horizontal():
            yield Digits("----")
            yield Static(_("grams"), classes="weight-panel--unit")
        yield Static(_("NOT WEIGHED YET"), classes="weight-panel--banner", markup=False)
        yield Static("", classes="weight-panel--explanation", markup=False)
        scale_line = Static("", classes="weight-panel--scale", markup=False)
        scale_line.display = False  # shown once the station's scale says something
        yield scale_line
        yield Static(_(HOW_TO_TYPE), classes="weight-panel--hint", markup=False)

    def show(self, view: InspectionView) -> None:
        """Show the weight and verdict of ``view``."""
        self.query_one(Digits).update("----" if view.weight_g is None else str(view.weight_g))
        banner = self.query_one(".weight-panel--banner", Static)
        banner.update(verdict_banner(view))
        banner.update_classes(
            {
                f"-{verdict}": view.weight_g is not None and view.weight_verdict == verdict
                for verdict in VERDICTS
            }
        )
        sentences = [f.explanation for f in view.findings if f.code.startswith("weight.")]
        expected = _("Expected {weight}.").format(weight=fmt.weight(view.expected_weight_g))
        if view.weight_source:
            expected += " " + _("Recorded from: {source}.").format(source=view.weight_source)
        self.query_one(".weight-panel--explanation", Static).update(" ".join(sentences) or expected)

    def show_scale(self, state: ScaleState) -> None:
        """The station scale's live reading: weight and stable / in motion / over range, or
        what is wrong with the scale (the clerk can always type the weight instead)."""
        reading = state.reading
        if state.link != "connected" or reading is None:
            text = _("Scale {source}: {message}").format(source=state.source, message=state.message)
        elif reading.grams is None:
            text = _("Scale {source}: {status} — type the weight if it stays.").format(
                source=state.source, status=reading.status.upper()
            )
        else:
            how = _("stable") if reading.stable else _("IN MOTION")
            text = _("Scale {source}: {weight} · {how}").format(
                source=state.source, weight=fmt.weight(reading.grams), how=how
            )
        line = self.query_one(".weight-panel--scale", Static)
        line.update(text)
        line.display = True

    @property
    def scale_text(self) -> str:
        """What the scale line says now."""
        return str(self.query_one(".weight-panel--scale", Static).content)

    @property
    def banner_text(self) -> str:
        """What the verdict banner says now."""
        return str(self.query_one(".weight-panel--banner", Static).content)
