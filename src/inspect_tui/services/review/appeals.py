"""Recording an appeal as a supervisor who gives their name and PIN (the command line's way).

The review desk, whose supervisor signed in already, records through
:func:`inspect_tui.services.appeals.tracking.save_appeal` directly.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine

from inspect_tui.core.policy import Policy, default_policy
from inspect_tui.services.appeals.tracking import (
    AppealChange,
    AppealView,
    appeal_limits_of,
    save_appeal,
)
from inspect_tui.services.review.operators import Supervisor
from inspect_tui.services.review.sign_in import sign_in
from inspect_tui.store.types import utcnow

__all__ = ["record_appeal"]


def record_appeal(
    engine: Engine,
    code: str,
    *,
    by: Supervisor,
    platform: str | None = None,
    case_ref: str | None = None,
    status: str | None = None,
    recovered_minor: int | None = None,
    opened_at: datetime | None = None,
    deadline_at: datetime | None = None,
    note: str | None = None,
    policy: Policy | None = None,
    limits_file: Path | None = None,
    clock: Callable[[], datetime] = utcnow,
) -> AppealView:
    """Record a new appeal of inspection ``code``, or how an earlier one moved on.

    Unset arguments keep what was recorded before (for a new appeal: status ``submitted``,
    opened now, deadline after the platform's response window, nothing recovered).

    Raises:
        AppealError: Bad status, case number, amount or dates; no case number for a new
            appeal; the inspection was accepted or not decided.
        UnknownPlatform, LimitsError: The platform is not known, or the limits file is bad.
        InspectionNotFound: No inspection has this code.
        UnknownOperator, WrongPin: ``by`` is not a signed-in supervisor.
    """
    change = AppealChange(
        platform, case_ref, status, recovered_minor, opened_at, deadline_at, note
    ).checked()
    appeal_limits_of(engine, code, change.platform, limits_file)  # bad input before the PIN
    actor = sign_in(engine, by.name, by.pin, policy or default_policy(), clock)
    return save_appeal(engine, code, change, actor=actor, limits_file=limits_file, clock=clock)
