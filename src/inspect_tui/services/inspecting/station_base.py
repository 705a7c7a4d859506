"""What every Workstation step shares: the bench, its transactions, audit and views.

A step runs inside ``_write()``: one transaction holding the store's writer lock. It changes
rows, then ``_step`` re-assesses the parcel, stores the suggestion, bumps the inspection's
version and appends the audit event, all in the same transaction, and returns the view.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.exc import DataError, OperationalError
from sqlmodel import Session, select

from inspect_tui import config
from inspect_tui.core.policy import Policy
from inspect_tui.services.evidence.store import clean_incoming
from inspect_tui.services.records import inspection_view
from inspect_tui.services.shared.errors import (
    AuditKeyMissing,
    InspectionClosed,
    InvalidInput,
    ParcelOpenElsewhere,
    StoreBusy,
    UnknownOperator,
)
from inspect_tui.services.shared.input_limits import bounded_name, row_id
from inspect_tui.services.shared.views import InspectionView
from inspect_tui.store import audit
from inspect_tui.store.audit_key import AuditKeyError
from inspect_tui.store.models import Inspection, InspectionUnit, Operator
from inspect_tui.store.session import reading, writing
from inspect_tui.store.types import utcnow


class StationBase:
    """One bench, one operator, one store: the plumbing under the clerk's use cases."""

    def __init__(
        self,
        engine: Engine,
        *,
        station: str,
        operator: str,
        policy: Policy | None = None,
        data_dir: Path | None = None,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.engine = engine
        self.station = bounded_name(station, "The station name")
        self.operator = bounded_name(operator, "The operator name")
        self.policy = policy or Policy.default()
        self.data_dir = data_dir or config.data_dir()
        self.clock = clock
        self._require_operator()
        clean_incoming(self.evidence_dir)

    @property
    def evidence_dir(self) -> Path:
        """Where evidence files are kept under their SHA-256."""
        return self.data_dir / "evidence"

    @property
    def labels_dir(self) -> Path:
        """Where disposition labels are written on completion."""
        return self.data_dir / "labels"

    def close(self) -> None:
        """Release the database connections."""
        self.engine.dispose()

    def _require_operator(self) -> None:
        with self._read() as session:
            row = session.exec(select(Operator).where(Operator.name == self.operator)).first()
        if row is None or not row.active:
            raise UnknownOperator(
                f"No active operator called {self.operator!r}: scan your badge again or ask a "
                "supervisor to add you (inspect-tui operator add)."
            )
        self.operator_language: str | None = row.language
        """The interface language the operator prefers (None: the desk's)."""

    @contextmanager
    def _write(self) -> Iterator[Session]:
        try:
            with writing(self.engine) as session:
                yield session
        except OperationalError as error:
            raise StoreBusy(_busy_message(error)) from error
        except DataError as error:
            raise InvalidInput(
                "A value does not fit in the store (too long or out of range): nothing was "
                "saved. Check what was typed or scanned."
            ) from error
        except AuditKeyError as error:
            raise AuditKeyMissing(str(error)) from error

    @contextmanager
    def _read(self) -> Iterator[Session]:
        try:
            with reading(self.engine) as session:
                yield session
        except OperationalError as error:
            raise StoreBusy(_busy_message(error)) from error

    def _get(self, session: Session, inspection_id: int) -> Inspection:
        inspection = session.get(Inspection, row_id(inspection_id, "inspection"))
        if inspection is None:
            raise InvalidInput(f"There is no inspection number {inspection_id}.")
        return inspection

    def _open(self, session: Session, inspection_id: int) -> Inspection:
        inspection = self._get(session, inspection_id)
        if inspection.status != "open":
            raise InspectionClosed(
                f"{inspection.code} is completed; only a supervisor can reopen it."
            )
        if inspection.station != self.station:
            raise ParcelOpenElsewhere(inspection.code, inspection.station, inspection.inspector)
        return inspection

    def _unit(self, session: Session, inspection_id: int, unit_id: int) -> InspectionUnit:
        unit = session.get(InspectionUnit, row_id(unit_id, "unit"))
        if unit is None or unit.inspection_id != inspection_id:
            raise InvalidInput(f"Unit {unit_id} is not in this parcel.")
        return unit

    def _step(
        self, session: Session, inspection: Inspection, action: str, payload: dict[str, Any]
    ) -> InspectionView:
        session.flush()
        loaded = inspection_view.load(
            session, inspection, self.policy, self.evidence_dir, self.clock()
        )
        inspection.suggested = suggestion_json(loaded)
        self._touch(session, inspection, action, payload)
        return inspection_view.to_view(loaded, self.policy, self.evidence_dir)

    def _touch(
        self, session: Session, inspection: Inspection, action: str, payload: dict[str, Any]
    ) -> None:
        inspection.version += 1
        session.add(inspection)
        self._audit(session, inspection, action, payload)

    def _audit(
        self, session: Session, inspection: Inspection, action: str, payload: dict[str, Any]
    ) -> None:
        session.flush()
        audit.record(
            session,
            actor=self.operator,
            station=self.station,
            action=action,
            entity=f"inspection:{inspection.code}",
            payload=payload,
            at=self.clock(),
        )

    def _view(self, session: Session, inspection: Inspection) -> InspectionView:
        loaded = inspection_view.load(
            session, inspection, self.policy, self.evidence_dir, self.clock()
        )
        return inspection_view.to_view(loaded, self.policy, self.evidence_dir)


def suggestion_json(loaded: inspection_view.Loaded) -> dict[str, Any]:
    suggestion = loaded.assessment.suggestion
    return {
        "outcome": suggestion.outcome,
        "reasons": list(suggestion.reasons),
        "refund_minor": suggestion.refund_minor,
        "needs_review": suggestion.needs_review,
    }


def _busy_message(error: OperationalError) -> str:
    text = str(getattr(error, "orig", error)).strip().splitlines()[0]
    if "locked" in text or "busy" in text:
        return (
            "The database is busy (another program holds it): nothing was saved, "
            "try the step again in a moment."
        )
    return f"The database could not be reached ({text}): nothing was saved, try again."
