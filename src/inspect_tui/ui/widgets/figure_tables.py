"""The dashboard's tables: the clerks' work, repeat offenders, the most rejected SKUs.

Each table is a read-only ``DataTable`` filled from the frozen figures the review desk returns.
Cells are ``rich.text.Text`` (never markup: a buyer's name may hold square brackets), numbers
right-aligned. An empty table says so in one muted row rather than showing bare headers.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from rich.text import Text

from inspect_tui.core.translation import N_, NP_, _, pgettext
from inspect_tui.services.review.summaries import Count, InspectorFigures, RepeatOffender
from inspect_tui.ui import format as fmt
from inspect_tui.ui.widgets.fitted_table import FittedTable

LOADING = N_("loading…")
"""What a table says while its figures are being read (English; shown through ``_``)."""


def _number(value: int | str) -> Text:
    return Text(str(value), justify="right")


def buyer_words(buyer: RepeatOffender) -> str:
    """``王小明 (tb_wangxm)``: the name a supervisor knows and the id the platform uses."""
    return f"{buyer.buyer_name} ({buyer.buyer_ref})" if buyer.buyer_name else buyer.buyer_ref


class FigureTable(FittedTable[Text]):
    """A read-only table of figures with fixed columns and a sentence when it is empty."""

    DEFAULT_CSS = """
    FigureTable {
        height: auto;
        max-height: 14;
    }
    """

    COLUMNS: tuple[str, ...] = ()
    """The column headings, in English (the columns' keys; shown through ``pgettext``)."""
    NUMERIC: frozenset[str] = frozenset()
    """Headings of the columns holding numbers (right-aligned)."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        """Create the table; its columns are added when it is mounted.

        Args:
            id: The widget's id in the DOM.
            classes: CSS classes.
        """
        super().__init__(id=id, classes=classes, cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        """Add the columns."""
        self._replace([])

    def _replace(self, rows: Sequence[Sequence[Text]]) -> None:
        """Replace columns and rows at once, each column exactly as wide as its widest cell.

        A ``DataTable`` measures new cells later, when idle, and never narrows a column; a
        line drawn in between keeps the old widths. Fixed widths avoid both.
        """
        self.clear(columns=True)
        for index, heading in enumerate(self.COLUMNS):
            words = pgettext("figures", heading)
            width = max([cell_len(words), *(row[index].cell_len for row in rows)])
            label = Text(words, justify="right") if heading in self.NUMERIC else words
            self.add_column(label, width=width, key=heading)
        for row in rows:
            self.add_row(*row)

    def fill(self, rows: Sequence[Sequence[Text]], empty: str) -> None:
        """Replace the rows; ``empty`` is shown in the first column when there are none.

        Args:
            rows: The cells of each row, in column order.
            empty: The sentence for an empty table.
        """
        if rows:
            self._replace(rows)
        else:
            self.say(empty)

    def say(self, text: str) -> None:
        """Show ``text`` as the only row (loading, nothing found, could not be read).

        Args:
            text: The sentence.
        """
        blanks = [Text("") for _ in self.COLUMNS[1:]]
        self._replace([[Text(text, style="italic"), *blanks]])

    def texts(self) -> list[list[str]]:
        """The table's cells as plain strings, row by row (what a reader sees)."""
        return [
            [cell.plain if isinstance(cell, Text) else str(cell) for cell in self.get_row_at(i)]
            for i in range(self.row_count)
        ]


class InspectorTable(FigureTable):
    """Per clerk: completed, rejects, overrides and their rate, overturned, minutes a parcel."""

    COLUMNS = (
        NP_("figures", "Inspector"),
        NP_("figures", "Completed"),
        NP_("figures", "Rejects"),
        NP_("figures", "Overrides"),
        NP_("figures", "Override rate"),
        NP_("figures", "Overturned"),
        NP_("figures", "Avg min"),
    )
    NUMERIC = frozenset(COLUMNS[1:])

    def show(self, inspectors: Sequence[InspectorFigures]) -> None:
        """One row per clerk, busiest first.

        Args:
            inspectors: The clerks' figures.
        """
        self.fill(
            [
                [
                    Text(clerk.inspector),
                    _number(clerk.completed),
                    _number(clerk.rejects),
                    _number(clerk.overrides),
                    _number(fmt.percent(clerk.override_rate)),
                    _number(clerk.overturned),
                    _number("—" if clerk.avg_minutes is None else f"{clerk.avg_minutes:.1f}"),
                ]
                for clerk in inspectors
            ],
            _("nobody"),
        )


class OffenderTable(FigureTable):
    """Buyers who reach the repeat-returner thresholds: their returns, rejects and value."""

    COLUMNS = (
        NP_("figures", "Buyer"),
        NP_("figures", "Platform"),
        NP_("figures", "Returns"),
        NP_("figures", "Rejects"),
        NP_("figures", "Value"),
    )
    NUMERIC = frozenset(COLUMNS[2:])

    def show(self, offenders: Sequence[RepeatOffender] | None) -> None:
        """One row per buyer, most rejects first; ``loading…`` while None.

        Args:
            offenders: The repeat offenders, or None while they are being read.
        """
        if offenders is None:
            self.say(_(LOADING))
            return
        self.fill(
            [
                [
                    Text(buyer_words(buyer)),
                    Text(fmt.platform_label(buyer.platform)),
                    _number(buyer.returns),
                    _number(buyer.rejects),
                    _number(fmt.money(buyer.value_minor, buyer.currency)),
                ]
                for buyer in offenders
            ],
            _("no repeat offenders"),
        )


class SkuTable(FigureTable):
    """The SKUs with the most rejected or refused returns."""

    COLUMNS = ("SKU", NP_("figures", "Rejected"))
    NUMERIC = frozenset(COLUMNS[1:])

    def show(self, skus: Sequence[Count]) -> None:
        """One row per SKU, most rejected first.

        Args:
            skus: The SKUs and their reject counts.
        """
        self.fill([[Text(sku.name), _number(sku.count)] for sku in skus], _("none"))
