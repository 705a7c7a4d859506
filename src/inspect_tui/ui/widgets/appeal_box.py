"""The dashboard's appeals: what is due soon, how the cases ended, the money recovered."""

from __future__ import annotations

from datetime import tzinfo

from textual.widgets import Static

from inspect_tui.core.translation import NP_, _, pgettext
from inspect_tui.core.vocabulary import AppealStatus
from inspect_tui.services.appeals.tracking import AppealSummary
from inspect_tui.ui.format import local_date_time, money, platform_label

SHOWN_DUE = 5
"""Appeals due soon listed by name; more are counted."""

APPEAL_STATUS_LABELS: dict[str, str] = {
    AppealStatus.SUBMITTED: NP_("appeal", "submitted"),
    AppealStatus.WON: NP_("appeal", "won"),
    AppealStatus.LOST: NP_("appeal", "lost"),
    AppealStatus.PARTIAL: NP_("appeal", "partial"),
}
"""Where an appeal stands, in words (English: the stored status; shown through ``pgettext``)."""


def appeal_status_label(status: str) -> str:
    """An appeal's status (``won``) in the language in use."""
    known = APPEAL_STATUS_LABELS.get(status)
    return pgettext("appeal", known) if known is not None else status


def appeals_text(summary: AppealSummary, tz: tzinfo | None) -> str:
    """The appeals in a few lines: due soon (nearest first), the outcomes, the money."""
    counts = " · ".join(
        f"{appeal_status_label(status)} {count}" for status, count in summary.counts
    )
    recovered = ", ".join(money(minor, currency) for currency, minor in summary.recovered)
    lines = [
        _("Due within 48 h: {due}   {counts}   recovered {recovered}").format(
            due=len(summary.due_soon), counts=counts, recovered=recovered or money(0, "CNY")
        )
    ]
    for item in summary.due_soon[:SHOWN_DUE]:
        lines.append(
            "  "
            + _("{code}  {platform}  case {case}  deadline {deadline}").format(
                code=item.code,
                platform=platform_label(item.platform),
                case=item.case_ref,
                deadline=local_date_time(item.deadline_at, tz),
            )
        )
    if len(summary.due_soon) > SHOWN_DUE:
        more = len(summary.due_soon) - SHOWN_DUE
        lines.append("  " + _("… and {more} more (inspect-tui report appeals)").format(more=more))
    return "\n".join(lines)


class AppealBox(Static):
    """The appeals box under the dashboard's figures."""

    def show(self, summary: AppealSummary, tz: tzinfo | None) -> None:
        """Show ``summary`` with times in ``tz``."""
        self.update(appeals_text(summary, tz))
