"""The scan screen's summary: how many parcels today, and the last few with their outcomes."""

from __future__ import annotations

from datetime import tzinfo

from textual.content import Content
from textual.widgets import Static

from inspect_tui.services.shared.views import DaySummary
from inspect_tui.ui import format as fmt
from inspect_tui.ui.widgets.decision_panel import OUTCOME_STYLES
from inspect_tui.ui.widgets.sized_by_layout import SizedByLayout


def summary_text(summary: DaySummary | None, tz: tzinfo | None = None) -> Content:
    """Today's counts and the recent parcels as a small table."""
    if summary is None:
        return Content.styled("Reading today's parcels…", "$text-muted")
    rows = [
        Content.assemble(
            ("Today ", "bold"),
            (str(summary.inspected_today), "bold $accent"),
            f" parcel{'s' if summary.inspected_today != 1 else ''} opened, ",
            (str(summary.completed_today), "bold $accent"),
            " completed",
        ),
        Content(""),
    ]
    if not summary.recent:
        rows.append(Content.styled("No parcels inspected at this bench yet.", "$text-muted"))
        return Content("\n").join(rows)
    rows.append(
        Content.styled(
            f"{'Time':<6} {'Inspection':<20} {'Order':<20} {'Status':<10} Outcome", "bold"
        )
    )
    for parcel in summary.recent:
        outcome = fmt.outcome_label(parcel.outcome) if parcel.outcome else "—"
        rows.append(
            Content.assemble(
                f"{fmt.local_time(parcel.at, tz):<6} {parcel.code:<20} "
                f"{parcel.order_ref or 'unmatched':<20} {parcel.status:<10} ",
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
