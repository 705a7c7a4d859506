"""The supervisor's use cases: the review queue, approve / overturn / reopen, detail, figures.

A ``ReviewDesk`` exists only for an active supervisor who gave the right PIN
(:func:`sign_in`). Every method opens its own transaction, so a review screen can call it from a
thread worker; every result is a frozen dataclass from ``review_views``. Each decision is
written together with its audit event, and a supervisor never reviews an inspection they
recorded any step of (its audit events say who did what). Only ``ReviewDesk.connect``, which
checks the PIN, builds a desk.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime, tzinfo
from pathlib import Path
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, col, select

from inspect_tui import config
from inspect_tui.core.policy import Policy, default_policy
from inspect_tui.core.rules import Override, assess
from inspect_tui.core.translation import _
from inspect_tui.core.vocabulary import InspectionStatus, Outcome, ReviewState
from inspect_tui.services.evidence.location import open_evidence_store
from inspect_tui.services.evidence.store import EvidenceStore
from inspect_tui.services.records import inspection_view
from inspect_tui.services.records.inspection_record import find_inspection
from inspect_tui.services.review import figures as desk_figures
from inspect_tui.services.review.back_office import BackOffice
from inspect_tui.services.review.detail import load_detail
from inspect_tui.services.review.sign_in import sign_in
from inspect_tui.services.review.summaries import (
    Figures,
    InspectionDetail,
    PendingReview,
    RejectRow,
    Relabel,
    RepeatOffender,
    ReviewMark,
    ReviewResult,
)
from inspect_tui.services.shared.database import StoreError, open_store
from inspect_tui.services.shared.errors import (
    DecisionIncomplete,
    DeskError,
    InvalidInput,
    StoreBusy,
    outcome_words,
)
from inspect_tui.services.shared.evidence_words import missing_text
from inspect_tui.services.shared.input_limits import known_decision
from inspect_tui.store import audit, reports
from inspect_tui.store.models import AuditEvent, Inspection
from inspect_tui.store.types import utcnow


class ReviewRefused(DeskError):
    """The inspection cannot be reviewed as asked: still open, one's own, or not waiting."""


_SIGNED_IN = object()
"""Handed by ``ReviewDesk.connect`` to the constructor once the PIN is checked."""


class ReviewDesk(BackOffice):
    """One supervisor signed in to review the desk's decisions. Build it with ``connect``."""

    def __init__(
        self,
        engine: Engine,
        *,
        operator: str,
        policy: Policy | None = None,
        data_dir: Path | None = None,
        clock: Callable[[], datetime] = utcnow,
        tz: tzinfo | None = None,
        signed_in: object = None,
        evidence: EvidenceStore | None = None,
    ) -> None:
        """Only ``connect`` builds a desk: it passes the proof that the PIN was checked.

        Raises:
            ReviewRefused: built directly, without signing in through ``connect``.
        """
        if signed_in is not _SIGNED_IN:
            raise ReviewRefused(
                _(
                    "The review desk opens only with a supervisor's name and PIN "
                    "(ReviewDesk.connect(db_url, operator=..., pin=...))."
                )
            )
        self.engine = engine
        self.operator = operator
        self.policy = policy or default_policy()
        self.data_dir = data_dir or config.data_dir()
        self.evidence = evidence or open_evidence_store(self.data_dir)
        self.clock = clock
        self.tz = tz

    @classmethod
    def connect(
        cls,
        db_url: str,
        *,
        operator: str,
        pin: str,
        policy: Policy | None = None,
        data_dir: Path | None = None,
        clock: Callable[[], datetime] = utcnow,
        tz: tzinfo | None = None,
    ) -> ReviewDesk:
        """Open the store at ``db_url`` for a supervisor who gives the right PIN.

        ``tz`` is the desk's time zone for calendar days (None: this machine's local zone).

        Raises:
            UnknownOperator: no active supervisor by that name.
            WrongPin: wrong PIN, or locked after too many; the message says until when.
            StoreBusy: the database cannot be opened.
            EvidenceStoreError: ``INSPECT_TUI_EVIDENCE`` names no usable evidence store.
        """
        policy = policy or default_policy()
        evidence = open_evidence_store(data_dir or config.data_dir())
        try:
            engine = open_store(db_url)
        except StoreError as error:
            raise StoreBusy(str(error)) from error
        try:
            name = sign_in(engine, operator, pin, policy, clock, tz)
        except OperationalError as error:
            engine.dispose()
            raise StoreBusy(
                _("The database could not be used: {orig}").format(orig=error.orig)
            ) from error
        except DeskError:
            engine.dispose()
            raise
        return cls(
            engine,
            operator=name,
            policy=policy,
            data_dir=data_dir,
            clock=clock,
            tz=tz,
            signed_in=_SIGNED_IN,
            evidence=evidence,
        )

    def today(self) -> date:
        """Today's local calendar date at the desk."""
        return desk_figures.local_today(self.clock, self.tz)

    # -- the queue --------------------------------------------------------------------------

    def pending(
        self,
        day: date | None = None,
        reasons: Sequence[str] | None = None,
        platform: str | None = None,
        station: str | None = None,
        inspector: str | None = None,
        start: date | None = None,
        end: date | None = None,
    ) -> tuple[PendingReview, ...]:
        """Completed inspections waiting for review, oldest first.

        Rejects, refusals, escalations and overrides of the suggestion wait here once the clerk
        has completed them; a parcel decided but still on the bench can change, so it waits
        until it is completed. By default those completed today (local calendar day);
        ``day``, or ``start``/``end`` (both included), choose other days. ``reasons`` keeps
        those with any of the codes.
        """
        days = self._days(day, start, end)
        wanted = set(reasons or ())
        with self._read() as session:
            rows = reports.pending_reviews(
                session,
                since=days.since,
                until=days.until,
                station=station,
                inspector=inspector,
                platform=platform,
            )
        return tuple(
            desk_figures.pending_row(inspection, facts)
            for inspection, facts in rows
            if not wanted or wanted & set(inspection.reasons)
        )

    # -- decisions --------------------------------------------------------------------------

    def approve(self, code: str, comment: str = "") -> ReviewResult:
        """Confirm the clerk's decision; it leaves the queue."""
        with self._write() as session:
            inspection = self._reviewable(session, code, waiting=True)
            before = (inspection.outcome, tuple(inspection.reasons))
            mark = self._mark(session, inspection, "approved", comment, "review.approve", {})
            return _result(inspection, mark, before)

    def overturn(
        self, code: str, outcome: str, comment: str, reasons: Sequence[str] | None = None
    ) -> ReviewResult:
        """Replace the clerk's decision with the supervisor's; the comment says why.

        The refund and the units' dispositions are worked out again by the rules; units whose
        disposition changes are listed in ``relabel`` (their labels must be printed again).

        Raises:
            DecisionIncomplete: no comment, no reason for a reject, or evidence missing.
            ReviewRefused: open, one's own, or the same as the standing decision.
        """
        known_decision(outcome, reasons)
        text = _required(comment, "overturn")
        with self._write() as session:
            inspection = self._reviewable(session, code, waiting=False)
            before = (inspection.outcome, tuple(inspection.reasons))
            wanted = tuple(reasons or ())
            if outcome == inspection.outcome and (not wanted or set(wanted) == set(before[1])):
                raise ReviewRefused(
                    _(
                        "{code} is already {outcome}: approve it instead, or choose another "
                        "outcome or other reasons."
                    ).format(code=inspection.code, outcome=outcome_words(outcome))
                )
            loaded = inspection_view.load(
                session, inspection, self.policy, self.evidence_dir, self.clock()
            )
            decision = assess(loaded.state, self.policy, override=Override(outcome, wanted))
            assert decision.decision is not None
            chosen = decision.decision
            if outcome in (Outcome.REJECT, Outcome.REFUSED) and not chosen.reasons:
                raise DecisionIncomplete(
                    _("A {outcome} needs at least one reason code.").format(
                        outcome=outcome_words(outcome)
                    )
                )
            if chosen.missing_evidence:
                needed = missing_text(chosen.missing_evidence)
                raise DecisionIncomplete(
                    _(
                        "Evidence still needed: {needed}. Reopen {code} for the clerk to attach it."
                    ).format(needed=needed, code=inspection.code)
                )
            places = dict(chosen.unit_dispositions)
            relabel = []
            for unit in loaded.units:
                assert unit.id is not None
                after = places.get(unit.id, "quarantine")
                if unit.disposition != after:
                    relabel.append(Relabel(unit.id, unit.sku, unit.disposition, after))
                    unit.disposition = after
                    session.add(unit)
            inspection.outcome = outcome
            inspection.reasons = list(chosen.reasons)
            inspection.refund_minor = chosen.refund_minor
            payload = {
                "previous": {"outcome": before[0], "reasons": list(before[1])},
                "outcome": outcome,
                "reasons": list(chosen.reasons),
                "refund_minor": chosen.refund_minor,
                "relabel": {str(r.unit_id): r.after for r in relabel},
            }
            mark = self._mark(session, inspection, "overturned", text, "review.overturn", payload)
            return _result(inspection, mark, before, tuple(relabel))

    def reopen(self, code: str, comment: str) -> ReviewResult:
        """Send the inspection back to its bench for the clerk to decide again.

        Weight, units and evidence stay; the decision is cleared. The clerk resumes it by
        scanning the parcel again at the same station (``Workstation.open_parcel``).

        Raises:
            DecisionIncomplete: no comment.
            ReviewRefused: open, one's own, or the parcel has another open inspection.
        """
        text = _required(comment, "reopen")
        with self._write() as session:
            inspection = self._reviewable(session, code, waiting=False)
            other = self._other_open(session, inspection)
            if other is not None:
                raise ReviewRefused(
                    _(
                        "The parcel of {code} is open again as {code2} at {station}: review that "
                        "one instead."
                    ).format(code=inspection.code, code2=other.code, station=other.station)
                )
            before = (inspection.outcome, tuple(inspection.reasons))
            inspection.status, inspection.step = "open", "decision"
            inspection.outcome, inspection.reasons = None, []
            inspection.refund_minor, inspection.justification = None, ""
            inspection.decided_at, inspection.completed_at = None, None
            inspection.needs_review = False
            payload = {"previous": {"outcome": before[0], "reasons": list(before[1])}}
            mark = self._mark(session, inspection, "reopened", text, "review.reopen", payload)
            return _result(inspection, mark, before)

    # -- reading ----------------------------------------------------------------------------

    def detail(self, code: str) -> InspectionDetail:
        """Everything recorded about one inspection: side by side, timeline, evidence.

        Evidence files are hashed again to show they are unchanged: call from a worker thread.
        """
        with self._read() as session:
            inspection = find_inspection(session, code)
            return load_detail(
                session,
                inspection,
                self.policy,
                self.evidence_dir,
                reviewer=self.operator,
                store=self.evidence,
            )

    def figures(
        self, start: date | None = None, end: date | None = None, *, offenders: bool = True
    ) -> Figures:
        """The desk's figures for local days ``start`` to ``end`` (default: today).

        For long periods pass ``offenders=False`` and load ``repeat_offenders`` separately:
        they cost one probe per buyer at the desk in the period.
        """
        days = self._days(None, start, end)
        try:
            return desk_figures.figures(self.engine, days, self.policy, offenders=offenders)
        except OperationalError as error:
            raise StoreBusy(
                _("The figures could not be read: {orig}").format(orig=error.orig)
            ) from error

    def repeat_offenders(
        self, start: date | None = None, end: date | None = None
    ) -> tuple[RepeatOffender, ...]:
        """Buyers at the desk on local days ``start`` to ``end`` who are repeat returners."""
        days = self._days(None, start, end)
        try:
            return desk_figures.repeat_offenders(self.engine, days, self.policy)
        except OperationalError as error:
            raise StoreBusy(
                _("The buyers could not be read: {orig}").format(orig=error.orig)
            ) from error

    def rejects(self, start: date | None = None, end: date | None = None) -> tuple[RejectRow, ...]:
        """Rejected and refused parcels completed on local days ``start`` to ``end``."""
        days = self._days(None, start, end)
        try:
            return desk_figures.reject_rows(self.engine, days)
        except OperationalError as error:
            raise StoreBusy(
                _("The rejects could not be read: {orig}").format(orig=error.orig)
            ) from error

    # -- plumbing ---------------------------------------------------------------------------

    def _days(
        self, day: date | None, start: date | None, end: date | None
    ) -> desk_figures.DayRange:
        """Local days ``start`` to ``end`` when either is given, else ``day`` (default today)."""
        try:
            first = start or end
            if first is not None:
                return desk_figures.local_days(first, end or start, self.tz)
            return desk_figures.local_days(day or self.today(), None, self.tz)
        except ValueError as error:
            raise InvalidInput(
                _("{error}: give the earlier day first.").format(error=error)
            ) from error

    def _other_open(self, session: Session, inspection: Inspection) -> Inspection | None:
        """Another open inspection of the same parcel (there may be only one)."""
        if inspection.shipment_id is None:
            return None
        query = select(Inspection).where(
            col(Inspection.shipment_id) == inspection.shipment_id,
            col(Inspection.status) == InspectionStatus.OPEN,
            col(Inspection.id) != inspection.id,
        )
        return session.exec(query).first()

    def _reviewable(self, session: Session, code: str, *, waiting: bool) -> Inspection:
        inspection = find_inspection(session, code)
        if inspection.status != InspectionStatus.COMPLETED:
            raise ReviewRefused(
                _(
                    "{code} is still open at {station} ({inspector}): it can be reviewed once it "
                    "is completed."
                ).format(
                    code=inspection.code, station=inspection.station, inspector=inspection.inspector
                )
            )
        if inspection.inspector == self.operator or self._took_part(session, inspection):
            raise ReviewRefused(
                _(
                    "You recorded steps of {code} yourself: another supervisor must review it."
                ).format(code=inspection.code)
            )
        if waiting and inspection.review_state != ReviewState.PENDING:
            mark = desk_figures.review_mark(inspection)
            already = (
                _(" ({decision} by {supervisor})").format(
                    decision=mark.decision, supervisor=mark.by
                )
                if mark
                else ""
            )
            raise ReviewRefused(
                _("{code} is not waiting for review{already}.").format(
                    code=inspection.code, already=already
                )
            )
        return inspection

    def _took_part(self, session: Session, inspection: Inspection) -> bool:
        """True when this supervisor recorded any step of the inspection at a bench."""
        step = session.exec(
            select(AuditEvent.seq)
            .where(
                col(AuditEvent.entity) == f"inspection:{inspection.code}",
                col(AuditEvent.actor) == self.operator,
                col(AuditEvent.action).startswith("inspection."),
            )
            .limit(1)
        ).first()
        return step is not None

    def _mark(
        self,
        session: Session,
        inspection: Inspection,
        state: str,
        comment: str,
        action: str,
        payload: dict[str, Any],
    ) -> ReviewMark:
        now = self.clock()
        inspection.review_state, inspection.reviewed_by = state, self.operator
        inspection.reviewed_at, inspection.review_comment = now, comment.strip()
        inspection.version += 1
        session.add(inspection)
        session.flush()
        audit.record(
            session,
            actor=self.operator,
            action=action,
            entity=f"inspection:{inspection.code}",
            payload={**payload, "comment": comment.strip()},
            at=now,
        )
        return ReviewMark(self.operator, now, state, comment.strip())


def _result(
    inspection: Inspection,
    mark: ReviewMark,
    before: tuple[str | None, tuple[str, ...]],
    relabel: tuple[Relabel, ...] = (),
) -> ReviewResult:
    return ReviewResult(
        code=inspection.code,
        mark=mark,
        status=inspection.status,
        outcome=inspection.outcome,
        reasons=tuple(inspection.reasons),
        refund_minor=inspection.refund_minor,
        previous_outcome=before[0],
        previous_reasons=before[1],
        relabel=relabel,
    )


def _required(comment: str, what: str) -> str:
    text = comment.strip()
    if not text:
        raise DecisionIncomplete(
            _("Say why you {what} it: the comment goes to the clerk's record.").format(what=what)
        )
    return text
