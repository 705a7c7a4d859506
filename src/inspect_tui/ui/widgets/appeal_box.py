"""The dashboard's appeals: what is due soon, how the cases ended, the money recovered."""

from __future__ import annotations

from datetime import tzinfo

from textual.widgets import Static

from inspect_tui.services.appeals.tracking import AppealSummary
from inspect_tui.ui.format import local_date_time, money

SHOWN_DUE = 5
"""Appeals due soon listed by name; more are counted."""


def appeals_text(summary: AppealSummary, tz: tzinfo | None) -> str:
    """The appeals in a few lines: due soon (nearest first), the outcomes, the money."""
    counts = " · ".join(f"{status} {count}" for status, count in summary.counts)
    recovered = ", ".join(money(minor, currency) for currency, minor in summary.recovered)
    lines = [
        f"Due within 48 h: {len(summary.due_soon)}   {counts}   "
        f"recovered {recovered or money(0, 'CNY')}"
    ]
    for item in summary.due_soon[:SHOWN_DUE]:
        lines.append(
            f"  {item.code}  {item.platform}  case {item.case_ref}  "
            f"deadline {local_date_time(item.deadline_at, tz)}"
        )
    if len(summary.due_soon) > SHOWN_DUE:
        more = len(summary.due_soon) - SHOWN_DUE
        lines.append(f"  … and {more} more (inspect-tui report appeals)")
    return "\n".join(lines)


class AppealBox(Static):
    """The appeals box under the dashboard's figures."""

    def show(self, summary: AppealSummary, tz: tzinfo | None) -> None:
        """Show ``summary`` with times in ``tz``."""
        self.update(appeals_text(summary, tz))
