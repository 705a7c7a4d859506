"""Calls to the workstation, run off the UI thread, and what the clerk reads when one fails.

A :class:`DeskJob` is one blocking service call with what to do with its result. The app runs
jobs one at a time, in the order they were asked for, in a thread worker; the result comes back
on the UI thread. Failures are turned into words here, in one place.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from inspect_tui.services.bench.failures import NOTHING_LOST, describe_failure

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class DeskJob(Generic[T]):
    """One blocking call to the workstation and how its result is used.

    Attributes:
        call: Runs in a worker thread; must not touch widgets.
        done: Runs on the UI thread with the call's result.
        failed: Runs on the UI thread after the failure was shown to the clerk.
        after: Runs on the UI thread once the job is over, whatever happened.
        what: A few words for logs and the worker's description.
    """

    call: Callable[[], T]
    done: Callable[[T], None] | None = None
    failed: Callable[[BaseException], None] | None = None
    after: Callable[[], None] | None = None
    what: str = "desk call"


AnyJob = DeskJob[Any]

__all__ = ["NOTHING_LOST", "AnyJob", "DeskJob", "T", "describe_failure"]
