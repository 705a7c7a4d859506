"""The dashboard's headline figures: parcels completed, outcomes, reject rate, refund money."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from inspect_tui.services.review.summaries import Figures, MoneyFigures
from inspect_tui.ui import format as fmt
from inspect_tui.ui.widgets.decision_panel import OUTCOME_STYLES

REJECTED_OUTCOMES = ("reject", "refused")
"""Outcomes counted in the reject rate."""

REVIEW_LABELS: dict[str, str] = {
    "pending": "waiting for review",
    "approved": "approved",
    "overturned": "overturned",
    "reopened": "reopened",
    "none": "no review needed",
}
"""How each review state reads on the dashboard."""

LABEL_WIDTH = 13


def _line(label: str, *parts: Content | str | tuple[str, str]) -> Content:
    return Content.assemble((f"{label:<{LABEL_WIDTH}}", "bold"), *parts)


def outcome_lines(figures: Figures) -> list[Content]:
    """One line per outcome, most first: its name in its colour and the count."""
    width = max((len(fmt.outcome_label(c.name)) for c in figures.by_outcome), default=0)
    return [
        Content.assemble(
            (f"{fmt.outcome_label(count.name):<{width}}", OUTCOME_STYLES.get(count.name, "bold")),
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
        "kept ",
        (fmt.money(money.kept_minor, cur), "bold $success"),
        " · paid ",
        (fmt.money(money.paid_minor, cur), "bold"),
    )
    second = Content.assemble(
        " " * 4,
        "open ",
        (fmt.money(money.open_minor, cur), "bold $warning"),
        " · claimed ",
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
        return Content.styled("Reading the figures…", "$text-muted")
    if not figures.completed:
        return Content.assemble(
            (f"No parcels were completed {period}.", "bold"),
            "\n",
            ("Nothing to count yet: press r to read again.", "$text-muted"),
        )
    done = figures.completed
    rows = [
        _line("Completed", (str(done), "bold $accent"), f" parcel{'s' if done != 1 else ''}"),
    ]
    for index, outcome in enumerate(outcome_lines(figures)):
        rows.append(_line("Outcomes" if index == 0 else "", outcome))
    rows += [
        _line(
            "Reject rate",
            (fmt.percent(figures.reject_rate), "bold $error"),
            f"  ({rejected_count(figures)} of {done} parcels)",
        ),
    ]
    for index, money in enumerate(figures.money):
        first, second = money_lines(money)
        rows += [_line("Refunds" if index == 0 else "", first), _line("", second)]
    if figures.review:
        states = " · ".join(
            f"{REVIEW_LABELS.get(c.name, c.name)} {c.count}" for c in figures.review
        )
        rows.append(_line("Review", states))
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
                ("No figures to show: press r to try again.", "$text-muted"),
            )
        )
