"""The store as every use case holds it: one engine, short transactions, errors in a person's words.

:class:`DeskStore` is the base of the clerk's ``Workstation`` and the supervisor's
``ReviewDesk``: ``_write()`` is one transaction holding the writer lock, ``_read()`` one that
only reads, and a database that is busy, unreachable or refuses a value becomes a
:class:`~inspect_tui.services.shared.errors.DeskError` that says nothing was saved.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import DataError, OperationalError
from sqlmodel import Session

from inspect_tui.core.policy import Policy
from inspect_tui.core.translation import _
from inspect_tui.services.shared.errors import AuditKeyMissing, InvalidInput, StoreBusy
from inspect_tui.store.audit_key import AuditKeyError
from inspect_tui.store.session import reading, writing

__all__ = ["DeskStore", "busy_message"]


class DeskStore:
    """An engine, the policy and the data folder, with the transactions every use case runs."""

    row_locks = False
    """PostgreSQL: lock only the rows a step names (a station's steps), not the whole store."""

    engine: Engine
    policy: Policy
    data_dir: Path
    clock: Callable[[], datetime]

    def close(self) -> None:
        """Release the database connections."""
        self.engine.dispose()

    @contextmanager
    def _write(self) -> Iterator[Session]:
        """One write transaction; nothing is kept unless all of it is."""
        try:
            with writing(self.engine, rows=self.row_locks) as session:
                yield session
        except OperationalError as error:
            raise StoreBusy(busy_message(error)) from error
        except DataError as error:
            raise InvalidInput(
                _(
                    "A value does not fit in the store (too long or out of range): nothing was "
                    "saved. Check what was typed or scanned."
                )
            ) from error
        except AuditKeyError as error:
            raise AuditKeyMissing(str(error)) from error

    @contextmanager
    def _read(self) -> Iterator[Session]:
        """One read-only transaction."""
        try:
            with reading(self.engine) as session:
                yield session
        except OperationalError as error:
            raise StoreBusy(busy_message(error, saving=False)) from error


def busy_message(error: OperationalError, *, saving: bool = True) -> str:
    """What a person reads when the database did not answer: busy, or unreachable."""
    text = str(getattr(error, "orig", error)).strip().splitlines()[0]
    lost = "nothing was saved, " if saving else ""
    if "lock timeout" in text:
        return (
            "Another station has held this parcel or the audit trail for several seconds "
            f"(it may have stopped): {lost}try the step again in a moment."
        )
    if "deadlock" in text or "could not serialize" in text:
        return f"Two stations changed the same records at once: {lost}try the step again."
    if "locked" in text or "busy" in text:
        return f"The database is busy (another program holds it): {lost}try again in a moment."
    return f"The database could not be reached ({text}): {lost}try again."
