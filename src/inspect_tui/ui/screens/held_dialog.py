"""A dialog that stays open until what it asked for is done, so a refusal loses nothing typed.

Given an ``attempt``, the dialog does not close on submit: it hands the answer over, says it is
saving, and waits. The screen that opened it then calls :meth:`HeldDialog.refused` with the
reason in words (everything typed and chosen is still there to correct) or
:meth:`HeldDialog.accepted` once the store has it. Without an attempt it closes on submit.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from inspect_tui.core.translation import N_, _
from inspect_tui.ui.compact import follow_width

R = TypeVar("R")

Attempt = Callable[[Any, "HeldDialog[Any]"], None]
"""Tries the dialog's answer; calls back ``refused`` or ``accepted`` on the dialog."""


class HeldDialog(ModalScreen[R], Generic[R]):
    """A modal dialog with a ``#problem`` line and a ``#submit`` button; Escape cancels it.

    A subclass defines ``action_cancel`` (closing with None: nothing was answered).
    """

    CSS_PATH = "../styles/dialogs.tcss"
    BINDINGS = [Binding("escape", "cancel", N_("Cancel"), id="dialog.cancel")]

    attempt: Attempt | None = None

    def on_resize(self) -> None:
        """Compact layout below a width (see ``ui.compact``)."""
        follow_width(self)

    def hand_over(self, answer: R) -> None:
        """Close with ``answer``, or, with an attempt, try it and stay open until it is done."""
        if self.attempt is None:
            self.dismiss(answer)
            return
        self.query_one("#submit", Button).disabled = True
        self.query_one("#problem", Static).update(_("Saving…"))
        self.attempt(answer, self)

    def refused(self, why: str) -> None:
        """The answer was refused: say why and let it be corrected (nothing typed is lost)."""
        if not self.is_attached:
            return
        self.query_one("#problem", Static).update(why)
        self.query_one("#submit", Button).disabled = False
        self.query_one(Input).focus()

    def accepted(self, answer: R) -> None:
        """The answer is saved: close with it."""
        if self.is_attached:
            self.dismiss(answer)
