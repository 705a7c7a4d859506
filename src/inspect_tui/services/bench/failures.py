"""What the clerk reads when a call failed: one place that turns errors into words."""

from __future__ import annotations

from inspect_tui.core.translation import _
from inspect_tui.services.shared.errors import DeskError

NOTHING_LOST = "nothing was lost, try again"


def describe_failure(error: BaseException) -> str:
    """What the clerk reads when a call failed.

    A :class:`DeskError` already says what happened and what to do; anything else is a fault
    of the program, shown briefly and never as a traceback.
    """
    if isinstance(error, DeskError):
        return str(error)
    detail = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    if len(detail) > 120:
        detail = detail[:117] + "…"
    return _("Something went wrong: {detail}; nothing was lost, try again.").format(detail=detail)
