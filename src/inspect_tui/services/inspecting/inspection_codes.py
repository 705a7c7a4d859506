"""Human inspection codes: ``INS-YYYYMMDD-NNNN``, numbered per day across all stations."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlmodel import Session, col

from inspect_tui.store.models import Inspection
from inspect_tui.store.session import lock_name


def next_code(session: Session, day: date) -> str:
    """The next free code for ``day``; call inside a write transaction.

    The day's numbering is locked until the transaction ends (on PostgreSQL; SQLite's writer
    lock covers it), so two stations opening parcels at once never draw the same number.

    Reads only ``day``'s inspections through the day's index: a ``LIKE`` on the code alone
    walks every inspection ever made, which grows with the store.
    """
    prefix = f"INS-{day:%Y%m%d}-"
    lock_name(session, prefix)
    last = session.scalar(
        select(col(Inspection.code))
        .where(col(Inspection.day) == day, col(Inspection.code).startswith(prefix))
        .order_by(func.length(Inspection.code).desc(), col(Inspection.code).desc())
        .limit(1)
    )
    number = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{number:04d}"
