"""Human inspection codes: ``INS-YYYYMMDD-NNNN``, numbered per day across all stations."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlmodel import Session, col

from inspect_tui.store.models import Inspection


def next_code(session: Session, day: date) -> str:
    """The next free code for ``day``; call inside a write transaction (it holds the lock).

    Reads only ``day``'s inspections through the day's index: a ``LIKE`` on the code alone
    walks every inspection ever made, which grows with the store.
    """
    prefix = f"INS-{day:%Y%m%d}-"
    last = session.scalar(
        select(col(Inspection.code))
        .where(col(Inspection.day) == day, col(Inspection.code).startswith(prefix))
        .order_by(func.length(Inspection.code).desc(), col(Inspection.code).desc())
        .limit(1)
    )
    number = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{number:04d}"
