"""The line beside the scan field that says what just happened and what to do next."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from inspect_tui.ui.widgets.sized_by_layout import SizedByLayout

SEVERITIES = ("information", "success", "warning", "error")


class StatusLine(SizedByLayout, Static):
    """One line of feedback: the last refusal, failure or confirmation, coloured by severity."""

    DEFAULT_CSS = """
    StatusLine {
        height: auto;
        min-height: 1;
        max-height: 3;
        padding: 0 1;
        color: $text-muted;
    }
    StatusLine.-success { color: $success; }
    StatusLine.-warning { color: $warning; text-style: bold; }
    StatusLine.-error { color: $error; text-style: bold; }
    """

    def show(self, text: str, severity: str = "information") -> None:
        """Replace the line with ``text``.

        Args:
            text: What to tell the clerk (shown as plain text, never as markup).
            severity: One of :data:`SEVERITIES`; colours the line.
        """
        self.update_classes({f"-{name}": name == severity for name in SEVERITIES})
        self.update(Content(text))

    @property
    def text(self) -> str:
        """What the line says now."""
        return str(self.content)

    @property
    def severity(self) -> str:
        """The severity the line is shown with."""
        return next((name for name in SEVERITIES if self.has_class(f"-{name}")), "information")
