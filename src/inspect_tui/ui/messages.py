"""Messages that cross the app: posted by the app or a screen, handled by another part."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message


@dataclass
class DeskProblem(Message):
    """A call failed or an input was refused: the screen shows it beside the scan field."""

    text: str
    """What happened and what to do, in the clerk's words."""
    severity: str = "error"
    """``error`` or ``warning``."""


@dataclass
class DeskNotice(Message):
    """Something worth a line beside the scan field (``Resumed INS-…``, ``Signed in``)."""

    text: str
    severity: str = "information"
    """``information`` or ``success``."""
