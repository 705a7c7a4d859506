"""What every Workstation step shares: the bench, its transactions, audit and views.

A step runs inside ``_write()``: one transaction. On SQLite it holds the file's writer lock
(waiting its turn, see ``store.session``); on PostgreSQL it locks only the rows of its own
parcel (``_open`` takes the inspection's row with ``FOR UPDATE``) and the audit chain for the
closing append, so stations on different parcels do not wait for each other. It changes rows,
then ``_step`` re-assesses the parcel, stores the suggestion, bumps the inspection's version
and appends the audit event, all in the same transaction, and returns the view.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session, select

from inspect_tui import config
from inspect_tui.core.policy import Policy, default_policy
from inspect_tui.core.translation import N_, _
from inspect_tui.core.vocabulary import InspectionStatus
from inspect_tui.services.evidence.location import open_evidence_store
from inspect_tui.services.evidence.store import (
    EvidenceStore,
    EvidenceStoreError,
    EvidenceUnavailable,
    clean_incoming,
)
from inspect_tui.services.records import inspection_view
from inspect_tui.services.records.inspection_record import stored_path_of
from inspect_tui.services.shared.desk_store import DeskStore
from inspect_tui.services.shared.errors import (
    InspectionClosed,
    InvalidInput,
    ParcelOpenElsewhere,
    UnknownOperator,
)
from inspect_tui.services.shared.input_limits import bounded_name, row_id
from inspect_tui.services.shared.views import InspectionView
from inspect_tui.store import audit
from inspect_tui.store.models import Inspection, InspectionUnit, Operator
from inspect_tui.store.types import utcnow


class StationBase(DeskStore):
    """One bench, one operator, one store: the plumbing under the clerk's use cases."""

    row_locks = True

    def __init__(
        self,
        engine: Engine,
        *,
        station: str,
        operator: str,
        policy: Policy | None = None,
        data_dir: Path | None = None,
        clock: Callable[[], datetime] = utcnow,
        evidence: EvidenceStore | None = None,
    ) -> None:
        self.engine = engine
        self.station = bounded_name(station, N_("The station name"))
        self.operator = bounded_name(operator, N_("The operator name"))
        self.policy = policy or default_policy()
        self.data_dir = data_dir or config.data_dir()
        self.evidence = evidence or open_evidence_store(self.data_dir)
        """The evidence store: this data directory's folder, or one shared by every station."""
        self.clock = clock
        self._require_operator()
        clean_incoming(self.evidence_dir)

    @property
    def evidence_dir(self) -> Path:
        """Where this machine reads evidence files: the store's folder, or its cache."""
        return self.evidence.local_dir

    def _with_files(self, view: InspectionView) -> InspectionView:
        """``view`` once its evidence files stored elsewhere are on this machine.

        Photos recorded at another station (or imported on another machine) come from a shared
        store into this machine's cache, verified, so the bench shows them; one that cannot be
        fetched (gone, altered) is shown as missing and the step stands; an unreachable store
        is tried once per step, not once per photo.
        """
        photos = view.shipment.photos if view.shipment else ()
        for item in (*photos, *view.evidence):
            if item.exists:
                continue
            try:
                self.evidence.fetch(stored_path_of(item, self.evidence), item.sha256)
            except (EvidenceUnavailable, OSError):
                continue
            except EvidenceStoreError:
                break
        return view

    @property
    def labels_dir(self) -> Path:
        """Where disposition labels are written on completion."""
        return self.data_dir / "labels"

    def _require_operator(self) -> None:
        with self._read() as session:
            row = session.exec(select(Operator).where(Operator.name == self.operator)).first()
        if row is None or not row.active:
            raise UnknownOperator(
                _(
                    "No active operator called {operator!r}: scan your badge again or ask a "
                    "supervisor to add you (inspect-tui operator add)."
                ).format(operator=self.operator)
            )
        self.operator_language: str | None = row.language
        """The interface language the operator prefers (None: the desk's)."""

    def _get(self, session: Session, inspection_id: int, *, lock: bool = False) -> Inspection:
        """The inspection; with ``lock``, its row stays locked until the step commits."""
        inspection = session.get(
            Inspection, row_id(inspection_id, N_("inspection")), with_for_update=lock or None
        )
        if inspection is None:
            raise InvalidInput(
                _("There is no inspection number {inspection_id}.").format(
                    inspection_id=inspection_id
                )
            )
        return inspection

    def _open(self, session: Session, inspection_id: int) -> Inspection:
        inspection = self._get(session, inspection_id, lock=True)
        if inspection.status != InspectionStatus.OPEN:
            raise InspectionClosed(
                _("{code} is completed; only a supervisor can reopen it.").format(
                    code=inspection.code
                )
            )
        if inspection.station != self.station:
            raise ParcelOpenElsewhere(inspection.code, inspection.station, inspection.inspector)
        return inspection

    def _unit(self, session: Session, inspection_id: int, unit_id: int) -> InspectionUnit:
        unit = session.get(InspectionUnit, row_id(unit_id, N_("unit")))
        if unit is None or unit.inspection_id != inspection_id:
            raise InvalidInput(_("Unit {unit_id} is not in this parcel.").format(unit_id=unit_id))
        return unit

    def _step(
        self, session: Session, inspection: Inspection, action: str, payload: dict[str, Any]
    ) -> InspectionView:
        session.flush()
        loaded = inspection_view.load(
            session, inspection, self.policy, self.evidence_dir, self.clock()
        )
        inspection.suggested = suggestion_json(loaded)
        inspection.version += 1
        # The view first: the audit event takes the chain's lock, held until the commit.
        view = inspection_view.to_view(loaded, self.policy, self.evidence_dir)
        session.add(inspection)
        self._audit(session, inspection, action, payload)
        return view

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
