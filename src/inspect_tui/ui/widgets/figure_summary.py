"""The dashboard's headline figures: parcels completed, outcomes, reject rate, refund money."""

from __future__ import annotations

from rich.cells import cell_len
from textual.content import Content
from textual.widgets import Static

from inspect_tui.core.translation import N_, _, ngettext, pgettext
from inspect_tui.services.review.summaries import Figures, MoneyFigures
from inspect_tui.ui import format as fmt
from inspect_tui.ui.widgets.decision_panel import OUTCOME_STYLES

REJECTED_OUTCOMES = ("reject", "refused")
"""Outcomes counted in the reject rate."""

REVIEW_LABELS: dict[str, str] = {
    "pending": N_("waiting for review"),
    "approved": N_("approved"),
    "overturned": N_("overturned"),
    "reopened": N_("reopened"),
    "none": N_("no review needed"),
}
"""How each review state reads on the dashboard (English; shown through ``_``)."""

LABEL_WIDTH = 13


def _line(label: str, *parts: Content | str | tuple[str, str]) -> Content:
    return Content.assemble((fmt.pad(label, LABEL_WIDTH), "bold"), *parts)


def _review_label(state: str) -> str:
    known = REVIEW_LABELS.get(state)
    return _(known) if known is not None else state


def outcome_lines(figures: Figures) -> list[Content]:
    """One line per outcome, most first: its name in its colour and the count."""
    width = max((cell_len(fmt.outcome_label(c.name)) for c in figures.by_outcome), default=0)
    return [
        Content.assemble(
            (fmt.pad(fmt.outcome_label(count.name), width), OUTCOME_STYLES.get(count.name, "bold")),
            f"  {count.count:>{len(str(figures.completed))}}",
        )
        for count in figures.by_outcome
    ]


def rejected_count(figures: Figures) -> int:
    """Parcels rejected or refused at receipt in the period."""
    return sum(c.count for c in figures.by_outcome if c.name in REJECTED_OUTCOMES)


def money_lines(money: MoneyFigures) -> tuple[Content, Content]:
    """``CNY kept ¥399.00 · paid ¥0.00`` and, below, ``open ¥359.00 · claimed ¥758.00``."""
    cur = money.currency
    first = Content.assemble(
        (f"{cur:<4}", "bold"),
        _("kept "),
        (fmt.money(money.kept_minor, cur), "bold $success"),
        _(" · paid "),
        (fmt.money(money.paid_minor, cur), "bold"),
    )
    second = Content.assemble(
        " " * 4,
        _("open "),
        (fmt.money(money.open_minor, cur), "bold $warning"),
        _(" · claimed "),
        fmt.money(money.claimed_minor, cur),
    )
    return first, second


def summary_text(figures: Figures | None, period: str) -> Content:
    """The headline figures of ``period`` (``today``, ``in the last 30 days``).

    Args:
        figures: The period's figures, None while they are being read.
        period: The period in words, as it ends a sentence.

    Returns:
        A few lines of text; a plain sentence when nothing was completed.
    """
    if figures is None:
        return Content.styled(_("Reading the figures…"), "$text-muted")
    if not figures.completed:
        return Content.assemble(
            (_("No parcels were completed {period}.").format(period=period), "bold"),
            "\n",
            (_("Nothing to count yet: press r to read again."), "$text-muted"),
        )
    done = figures.completed
    rows = [
        _line(
            pgettext("figures", "Completed"),
            (str(done), "bold $accent"),
            ngettext(" parcel", " parcels", done),
        ),
    ]
    for index, outcome in enumerate(outcome_lines(figures)):
        rows.append(_line(_("Outcomes") if index == 0 else "", outcome))
    rows += [
        _line(
            _("Reject rate"),
            (fmt.percent(figures.reject_rate), "bold $error"),
            _("  ({rejected} of {done} parcels)").format(
                rejected=rejected_count(figures), done=done
            ),
        ),
    ]
    for index, money in enumerate(figures.money):
        first, second = money_lines(money)
        rows += [_line(_("Refunds") if index == 0 else "", first), _line("", second)]
    if figures.review:
        states = " · ".join(f"{_review_label(c.name)} {c.count}" for c in figures.review)
        rows.append(_line(_("Review"), states))
    return Content("\n").join(rows)


class FigureSummary(Static):
    """The period's headline figures as a few lines of text."""

    DEFAULT_CSS = """
    FigureSummary {
        height: auto;
    }
    """

    def show(self, figures: Figures | None, period: str) -> None:
        """Draw ``figures`` (None while they are being read) for ``period``.

        Args:
            figures: The figures, or None while they are read.
            period: The period in words (``today``, ``in the last 30 days``).
        """
        self.update(summary_text(figures, period))

    def show_failure(self, text: str) -> None:
        """Say that the figures could not be read, and how to try again.

        Args:
            text: What went wrong, in one line.
        """
        self.update(
            Content.assemble(
                (text, "bold $error"),
                "\n",
                (_("No figures to show: press r to try again."), "$text-muted"),
            )
        )
