"""Appeals as the supervisor tracks them: the platform's case, its deadline, how it ended.

A supervisor (name and PIN, checked like any administration) records the platform's case number
when the platform steps in; the deadline is the platform's response window from then (the
limits' ``response_hours``) unless the platform gave another. Later the same command records
how it ended — won, lost or partial — and the money recovered. Every change is written with an
``appeal.record`` audit event on the inspection, so it is in the inspection's timeline and its
audit chain.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from inspect_tui.core.translation import N_, _
from inspect_tui.core.vocabulary import AppealStatus
from inspect_tui.services.appeals.platforms import APPEALABLE, AppealLimits, limits_for
from inspect_tui.services.records.inspection_record import entity_of, find_inspection
from inspect_tui.services.shared.errors import DeskError, InvalidInput, outcome_words
from inspect_tui.services.shared.input_limits import MAX_NOTE, bounded
from inspect_tui.store import audit
from inspect_tui.store.models import Appeal, Inspection, Shipment
from inspect_tui.store.session import reading, writing
from inspect_tui.store.types import utcnow

__all__ = [
    "APPEAL_STATUSES",
    "AppealChange",
    "AppealError",
    "AppealSummary",
    "AppealView",
    "appeal_summary",
    "list_appeals",
    "appeal_limits_of",
    "save_appeal",
]

APPEAL_STATUSES: tuple[str, ...] = tuple(AppealStatus)
"""Where a case stands: evidence submitted, then won, lost or partly won."""
MAX_CASE_REF = 120
MAX_RECOVERED_MINOR = 10_000_000 * 100
"""The most money one appeal can recover (10,000,000 in major units), as imports allow."""


class AppealError(DeskError, ValueError):
    """An appeal cannot be recorded as asked; the message says why. Nothing was written."""


@dataclass(frozen=True, slots=True)
class AppealView:
    """One tracked appeal."""

    code: str
    """The inspection code."""
    platform: str
    case_ref: str
    status: str
    opened_at: datetime
    deadline_at: datetime
    recovered_minor: int
    currency: str
    note: str
    recorded_by: str
    updated_at: datetime

    @property
    def waiting(self) -> bool:
        """Still waiting for the platform's decision."""
        return self.status == AppealStatus.SUBMITTED

    def overdue(self, now: datetime) -> bool:
        """Waiting, and the response window has closed."""
        return self.waiting and self.deadline_at <= now


@dataclass(frozen=True, slots=True)
class AppealSummary:
    """The desk's appeals at a glance: what is due soon, how they ended, money recovered."""

    due_soon: tuple[AppealView, ...]
    """Waiting appeals whose deadline is past or within the window asked for, nearest first."""
    counts: tuple[tuple[str, int], ...]
    """(status, how many) for every status, in ``APPEAL_STATUSES`` order."""
    recovered: tuple[tuple[str, int], ...]
    """(currency, minor units recovered), one per currency."""
    appeals: tuple[AppealView, ...]
    """Every appeal, the nearest deadline first."""

    def count(self, status: str) -> int:
        """How many appeals have ``status``."""
        return dict(self.counts).get(status, 0)


def save_appeal(
    engine: Engine,
    code: str,
    change: AppealChange,
    *,
    actor: str,
    limits_file: Path | None = None,
    clock: Callable[[], datetime] = utcnow,
) -> AppealView:
    """Record a new appeal of ``code``, or how an earlier one moved, for a signed-in supervisor.

    Unset fields keep what was recorded before (for a new appeal: status ``submitted``, opened
    now, deadline after the platform's response window, nothing recovered). A supervisor
    signs in first: :func:`inspect_tui.services.review.appeals.record_appeal`, or the review
    desk's own.

    Raises:
        AppealError: Bad status, case number, amount or dates; no case number for a new
            appeal; the inspection was accepted or not decided.
        UnknownPlatform, LimitsError: The platform is not known, or the limits file is bad.
        InspectionNotFound: No inspection has this code.
    """
    change = change.checked()
    limits = appeal_limits_of(engine, code, change.platform, limits_file)
    return _save(engine, code, actor, change, limits, clock)


@dataclass(frozen=True, slots=True)
class AppealChange:
    """What a supervisor records about an appeal; None keeps what was recorded before."""

    platform: str | None = None
    case_ref: str | None = None
    status: str | None = None
    recovered_minor: int | None = None
    opened_at: datetime | None = None
    deadline_at: datetime | None = None
    note: str | None = None

    def checked(self) -> AppealChange:
        """The same, trimmed, once every value is one the store can keep.

        Raises:
            AppealError: An unknown status, an amount out of range, a case number or note too
                long or with control characters.
        """
        if self.status is not None and self.status not in APPEAL_STATUSES:
            raise AppealError(
                _("The status {status!r} is not known: use one of {items}.").format(
                    status=self.status, items=", ".join(APPEAL_STATUSES)
                )
            )
        amount = self.recovered_minor
        if amount is not None and not 0 <= amount <= MAX_RECOVERED_MINOR:
            raise AppealError(_("The amount recovered must be from 0 to 10,000,000."))
        try:
            case = self.case_ref
            case = bounded(case, N_("The case number"), MAX_CASE_REF) if case is not None else None
            note = self.note
            note = bounded(note, N_("The note"), MAX_NOTE, lines=True) if note is not None else None
        except InvalidInput as error:
            raise AppealError(str(error)) from None
        return replace(self, case_ref=case, note=note)


def appeal_limits_of(
    engine: Engine, code: str, platform: str | None, limits_file: Path | None
) -> AppealLimits:
    with reading(engine) as session:
        inspection = find_inspection(session, code)
        wanted = (platform or inspection.platform or "").strip().casefold()
    if not wanted:
        raise AppealError(
            _("{code} has no platform: give one with --platform.").format(code=inspection.code)
        )
    return limits_for(wanted, limits_file)


def _save(
    engine: Engine,
    code: str,
    actor: str,
    change: AppealChange,
    limits: AppealLimits,
    clock: Callable[[], datetime],
) -> AppealView:
    case, opened_at = change.case_ref, change.opened_at
    now = clock()
    with writing(engine) as session:
        inspection = find_inspection(session, code)
        _check_appealable(inspection)
        row = session.exec(
            select(Appeal).where(
                col(Appeal.inspection_id) == inspection.id, col(Appeal.platform) == limits.platform
            )
        ).first()
        created = row is None
        if row is None:
            if not case:
                raise AppealError(
                    _("A new appeal of {code} needs the platform's case number (--case).").format(
                        code=inspection.code
                    )
                )
            start = opened_at or now
            assert inspection.id is not None
            row = Appeal(
                inspection_id=inspection.id,
                platform=limits.platform,
                case_ref=case,
                status=AppealStatus.SUBMITTED,
                opened_at=start,
                deadline_at=start + timedelta(hours=limits.response_hours),
                currency=_currency(session, inspection),
                recorded_by=actor,
            )
        _apply(row, change)
        _check_consistent(row)
        row.recorded_by, row.updated_at = actor, now
        session.add(row)
        audit.record(
            session,
            actor=actor,
            action="appeal.record",
            entity=entity_of(inspection.code),
            payload={
                "platform": row.platform,
                "case_ref": row.case_ref,
                "status": row.status,
                "opened_at": _iso(row.opened_at),
                "deadline_at": _iso(row.deadline_at),
                "recovered_minor": row.recovered_minor,
                "currency": row.currency,
                "note": row.note,
                "created": created,
            },
            at=now,
        )
        return _view(row, inspection)


def list_appeals(engine: Engine) -> list[AppealView]:
    """Every tracked appeal, the nearest deadline first."""
    with reading(engine) as session:
        rows = session.exec(
            select(Appeal, Inspection)
            .where(col(Appeal.inspection_id) == col(Inspection.id))
            .order_by(col(Appeal.deadline_at), col(Appeal.id))
        ).all()
        return [_view(appeal, inspection) for appeal, inspection in rows]


def appeal_summary(
    engine: Engine, now: datetime, *, soon: timedelta = timedelta(hours=48)
) -> AppealSummary:
    """What is due within ``soon`` of ``now`` (or overdue), the outcomes and money recovered."""
    appeals = tuple(list_appeals(engine))
    due = tuple(a for a in appeals if a.waiting and a.deadline_at <= now + soon)
    counts = tuple((s, sum(1 for a in appeals if a.status == s)) for s in APPEAL_STATUSES)
    money: dict[str, int] = {}
    for item in appeals:
        if item.recovered_minor:
            money[item.currency] = money.get(item.currency, 0) + item.recovered_minor
    return AppealSummary(due, counts, tuple(sorted(money.items())), appeals)


def _apply(row: Appeal, change: AppealChange) -> None:
    if change.case_ref:
        row.case_ref = change.case_ref
    if change.status is not None:
        row.status = change.status
    if change.recovered_minor is not None:
        row.recovered_minor = change.recovered_minor
    if change.opened_at is not None:
        row.opened_at = change.opened_at
    if change.deadline_at is not None:
        row.deadline_at = change.deadline_at
    if change.note is not None:
        row.note = change.note


def _check_appealable(inspection: Inspection) -> None:
    if inspection.outcome is None:
        raise AppealError(
            _("{code} is not decided yet: there is no appeal to track.").format(
                code=inspection.code
            )
        )
    if inspection.outcome not in APPEALABLE:
        raise AppealError(
            _(
                "{code} was {outcome}ed: the buyer got the refund, there is no appeal to track."
            ).format(code=inspection.code, outcome=outcome_words(inspection.outcome))
        )


def _check_consistent(row: Appeal) -> None:
    assert row.opened_at is not None and row.deadline_at is not None
    if row.deadline_at <= row.opened_at:
        raise AppealError(_("The deadline must come after the platform stepped in (--opened)."))
    if row.status == AppealStatus.LOST and row.recovered_minor:
        raise AppealError(
            _("A lost appeal recovers nothing: leave --recovered out, or say partial.")
        )
    if row.status == AppealStatus.PARTIAL and not row.recovered_minor:
        raise AppealError(_("A partly won appeal recovered something: give it with --recovered."))


def _currency(session: Session, inspection: Inspection) -> str:
    if inspection.shipment_id is None:
        return "CNY"
    shipment = session.get(Shipment, inspection.shipment_id)
    return shipment.currency if shipment else "CNY"


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def _view(row: Appeal, inspection: Inspection) -> AppealView:
    assert row.opened_at and row.deadline_at and row.updated_at
    return AppealView(
        code=inspection.code,
        platform=row.platform,
        case_ref=row.case_ref,
        status=row.status,
        opened_at=row.opened_at,
        deadline_at=row.deadline_at,
        recovered_minor=row.recovered_minor,
        currency=row.currency,
        note=row.note,
        recorded_by=row.recorded_by,
        updated_at=row.updated_at,
    )
