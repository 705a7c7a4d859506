"""The scan screen's summary: how many parcels today, and the last few with their outcomes."""

from __future__ import annotations

from datetime import tzinfo

from textual.content import Content
from textual.widgets import Static

from inspect_tui.core.translation import _, ngettext
from inspect_tui.services.shared.views import DaySummary
from inspect_tui.ui import format as fmt
from inspect_tui.ui.filled import filled
from inspect_tui.ui.widgets.decision_panel import OUTCOME_STYLES
from inspect_tui.ui.widgets.sized_by_layout import SizedByLayout


def summary_text(summary: DaySummary | None, tz: tzinfo | None = None) -> Content:
    """Today's counts and the recent parcels as a small table."""
    if summary is None:
        return Content.styled(_("Reading today's parcels…"), "$text-muted")
    opened = ngettext(
        "{today} {opened} parcel opened, {completed} completed",
        "{today} {opened} parcels opened, {completed} completed",
        summary.inspected_today,
    )
    rows = [
        filled(
            opened,
            today=(_("Today"), "bold"),
            opened=(str(summary.inspected_today), "bold $accent"),
            completed=(str(summary.completed_today), "bold $accent"),
        ),
        Content(""),
    ]
    if not summary.recent:
        rows.append(Content.styled(_("No parcels inspected at this bench yet."), "$text-muted"))
        return Content("\n").join(rows)
    rows.append(
        Content.styled(
            " ".join(
                (
                    fmt.pad(_("Time"), 6),
                    fmt.pad(_("Inspection"), 20),
                    fmt.pad(_("Order"), 20),
                    fmt.pad(_("Status"), 10),
                    _("Outcome"),
                )
            ),
            "bold",
        )
    )
    unmatched = _("unmatched")
    for parcel in summary.recent:
        outcome = fmt.outcome_label(parcel.outcome) if parcel.outcome else "—"
        rows.append(
            Content.assemble(
                f"{fmt.local_time(parcel.at, tz):<6} {parcel.code:<20} "
                f"{fmt.pad(parcel.order_ref or unmatched, 20)} "
                f"{fmt.pad(fmt.status_label(parcel.status), 10)} ",
                (outcome, OUTCOME_STYLES.get(parcel.outcome or "", "$text-muted")),
            )
        )
    return Content("\n").join(rows)


class DaySummaryPanel(SizedByLayout, Static):
    """Today's count and recent parcels at this bench."""

    DEFAULT_CSS = """
    DaySummaryPanel {
        height: auto;
    }
    """

    def show(self, summary: DaySummary | None, tz: tzinfo | None = None) -> None:
        """Draw ``summary`` (None while it is being read)."""
        self.update(summary_text(summary, tz))
