"""The clerk's use cases: one facade used by the app, the tests and any script.

Every method validates its input, writes in one transaction together with its audit event,
and only then returns a fresh immutable view of the inspection: when the screen says a step
is done, it is on disk, and a killed program resumes exactly there.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from uuid import uuid4

from sqlmodel import Session, col, func, select

from inspect_tui.core.policy import Policy, default_policy
from inspect_tui.core.translation import N_, _
from inspect_tui.core.vocabulary import STEPS, InspectionStatus
from inspect_tui.core.weighing import ImpossibleWeight, parse_weight, validate_weight
from inspect_tui.devices.photos import InboxPhoto, list_inbox
from inspect_tui.services.evidence.media import NotEvidence, check_media
from inspect_tui.services.inspecting.deciding import Deciding
from inspect_tui.services.inspecting.inspection_codes import next_code
from inspect_tui.services.inspecting.station_base import suggestion_json
from inspect_tui.services.inspecting.stations import ensure_station
from inspect_tui.services.inspecting.unit_steps import UnitSteps
from inspect_tui.services.records import inspection_view, parcels
from inspect_tui.services.shared.database import StoreError, open_store
from inspect_tui.services.shared.errors import (
    DeskError,
    InvalidInput,
    ParcelOpenElsewhere,
    StoreBusy,
)
from inspect_tui.services.shared.input_limits import MAX_NOTE, MAX_SCAN, bounded
from inspect_tui.services.shared.views import DaySummary, InspectionView, RecentParcel
from inspect_tui.store.models import (
    Inspection,
    Shipment,
    Station,
)
from inspect_tui.store.types import utcnow

WEIGHT_SOURCES = ("manual", "scale")


def parse_weight_text(text: str, policy: Policy | None = None) -> int:
    """Grams from what the clerk typed (``760``, ``0.76 kg``, ``12 oz``), or InvalidInput."""
    limit = (policy or default_policy()).weight.max_parcel_g
    try:
        return parse_weight(text, max_g=limit)
    except ImpossibleWeight as error:
        raise InvalidInput(str(error)) from error


class Workstation(UnitSteps, Deciding):
    """One bench, one operator: the clerk's inspection flow over the store.

    An inspection's day (and its ``INS-YYYYMMDD-NNNN`` code) is the bench's local calendar
    day, the one the supervisor's queue and reports count by.
    """

    @classmethod
    def connect(
        cls,
        db_url: str,
        *,
        station: str,
        operator: str,
        policy: Policy | None = None,
        data_dir: Path | None = None,
        clock: Callable[[], datetime] = utcnow,
    ) -> Workstation:
        """Open the store at ``db_url`` for ``operator`` at ``station``.

        Raises:
            UnknownOperator: no active operator by that name.
            StoreBusy: the database cannot be opened.
        """
        try:
            engine = open_store(db_url)
        except StoreError as error:
            raise StoreBusy(str(error)) from error
        try:
            return cls(
                engine,
                station=station,
                operator=operator,
                policy=policy,
                data_dir=data_dir,
                clock=clock,
            )
        except DeskError:
            engine.dispose()
            raise

    # -- opening a parcel ------------------------------------------------------------------

    def open_parcel(self, code: str, *, take_over: bool = False) -> InspectionView:
        """Open (or resume) the inspection of the parcel ``code`` identifies."""
        return self._with_files(self._open_parcel(code, take_over))

    def _open_parcel(self, code: str, take_over: bool) -> InspectionView:
        code = bounded(code, N_("The scanned code"), MAX_SCAN)
        with self._write() as session:
            found = parcels.find_parcel(session, code, self.policy)
            # Stations racing for this parcel take turns here; others never wait for it.
            session.exec(
                select(Shipment.id).where(Shipment.id == found.shipment.id).with_for_update()
            )
            inspection = self._existing(session, found)
            if inspection is not None and inspection.status == InspectionStatus.OPEN:
                if inspection.station != self.station:
                    if not take_over:
                        raise ParcelOpenElsewhere(
                            inspection.code, inspection.station, inspection.inspector
                        )
                    # Wait for the step the other bench may be in the middle of.
                    session.refresh(inspection, with_for_update=True)
                    if (
                        inspection.status != InspectionStatus.OPEN
                        or inspection.station == self.station
                    ):
                        return self._view(session, inspection)
                    previous = (inspection.station, inspection.inspector)
                    inspection.station, inspection.inspector = self.station, self.operator
                    self._touch(
                        session,
                        inspection,
                        "inspection.take_over",
                        {"from_station": previous[0], "from_inspector": previous[1]},
                    )
                return self._view(session, inspection)
            if inspection is not None:
                return self._view(session, inspection)
            now = self.clock()
            ensure_station(session, self.station)
            # The day's number is drawn last, just before the audit event: drawing it locks the
            # day's numbering until the commit, and every station opening a parcel needs it.
            inspection = Inspection(
                code=f"OPENING-{uuid4().hex}",
                shipment_id=found.shipment.id,
                platform=found.shipment.platform,
                buyer_ref=found.shipment.buyer_ref,
                return_id=found.return_request.id if found.return_request else None,
                scanned_code=code,
                station=self.station,
                inspector=self.operator,
                day=now.astimezone().date(),
                opened_at=now,
                step="card",
            )
            session.add(inspection)
            session.flush()
            loaded = inspection_view.load(
                session, inspection, self.policy, self.evidence_dir, self.clock()
            )
            inspection.expected_weight_g = loaded.expected.grams
            inspection.suggested = suggestion_json(loaded)
            inspection.code = next_code(session, inspection.day)
            view = inspection_view.to_view(loaded, self.policy, self.evidence_dir)
            self._audit(
                session,
                inspection,
                "inspection.open",
                {
                    "scanned": code,
                    "matched_by": found.matched_by,
                    "order_ref": found.shipment.order_ref,
                },
            )
            return view

    def open_unmatched(self, code: str, note: str) -> InspectionView:
        """Open an inspection for a parcel that matches no shipment; it will be quarantined."""
        code = bounded(code, N_("The scanned code"), MAX_SCAN)
        note = bounded(note, N_("The note"), MAX_NOTE, lines=True)
        if not note:
            raise InvalidInput(_("Describe the parcel in a note (sender, contents) to open it."))
        with self._write() as session:
            now = self.clock()
            ensure_station(session, self.station)
            inspection = Inspection(
                code=next_code(session, now.astimezone().date()),
                scanned_code=code.strip(),
                station=self.station,
                inspector=self.operator,
                day=now.astimezone().date(),
                opened_at=now,
                step="weigh",
                note=note,
            )
            session.add(inspection)
            session.flush()
            self._audit(
                session,
                inspection,
                "inspection.open_unmatched",
                {"scanned": code.strip(), "note": note},
            )
            return self._view(session, inspection)

    def resume_open(self) -> InspectionView | None:
        """The inspection left open at this station, if any (after a restart)."""
        with self._read() as session:
            inspection = session.exec(
                select(Inspection)
                .where(
                    col(Inspection.station) == self.station,
                    col(Inspection.status) == InspectionStatus.OPEN,
                )
                .order_by(col(Inspection.id).desc())
                .limit(1)
            ).first()
            return self._view(session, inspection) if inspection else None

    def current(self, inspection_id: int) -> InspectionView:
        """The inspection as it stands in the store."""
        with self._read() as session:
            return self._view(session, self._get(session, inspection_id))

    # -- the steps -------------------------------------------------------------------------

    def record_weight(
        self, inspection_id: int, grams: int, source: str = "manual"
    ) -> InspectionView:
        """Record the parcel's weight from the scale or typed by the clerk."""
        try:
            validate_weight(grams, max_g=self.policy.weight.max_parcel_g)
        except ImpossibleWeight as error:
            raise InvalidInput(str(error)) from error
        with self._write() as session:
            inspection = self._open(session, inspection_id)
            inspection.weight_g, inspection.weight_source = grams, source
            inspection.weighed_at = self.clock()
            inspection.step = "weigh"
            return self._step(
                session, inspection, "inspection.weigh", {"grams": grams, "source": source}
            )

    def set_note(self, inspection_id: int, note: str) -> InspectionView:
        """Replace the parcel's free-text note."""
        note = bounded(note, N_("The note"), MAX_NOTE, lines=True)
        with self._write() as session:
            inspection = self._open(session, inspection_id)
            inspection.note = note.strip()
            return self._step(session, inspection, "inspection.note", {"note": note.strip()})

    def attach_evidence(
        self, inspection_id: int, path: Path, kind: str, unit_id: int | None = None
    ) -> InspectionView:
        """Copy a photo (or clip) into the evidence store and attach it to the parcel.

        ``path`` is a file from the station's inbox or one the clerk picked; it must be a
        regular file that is a photo or clip by its content, at most ``MAX_EVIDENCE_BYTES``
        (``evidence_media``), or nothing is attached.
        """
        if kind not in self.policy.evidence_kinds:
            raise InvalidInput(
                _("Evidence kind {kind!r} is not known: {items}.").format(
                    kind=kind, items=", ".join(self.policy.evidence_kinds)
                )
            )
        path = Path(bounded(str(path), N_("The file's path"), 4096))
        if not _exists(path):
            raise InvalidInput(
                _(
                    "The file {name} is no longer there (moved or deleted): take the photo again "
                    "or pick another."
                ).format(name=path.name)
            )
        try:
            check_media(path)
        except NotEvidence as error:
            raise InvalidInput(
                _("{strerror}: attach a photo or a video clip.").format(strerror=error.strerror)
            ) from error
        except OSError as error:
            raise InvalidInput(
                _("Could not read {name}: {strerror}.").format(
                    name=path.name, strerror=error.strerror
                )
            ) from error
        # Stored before the transaction (content-addressed, so storing twice costs nothing): an
        # upload to a shared store must not hold the database's writer lock.
        try:
            stored = self.evidence.put(path)
        except OSError as error:
            raise InvalidInput(
                _("Could not store {name}: {strerror}.").format(
                    name=path.name, strerror=error.strerror
                )
            ) from error
        with self._write() as session:
            inspection = self._open(session, inspection_id)
            if unit_id is not None:
                self._unit(session, inspection_id, unit_id)
            session.add(stored.evidence_row(inspection_id, kind, self.clock(), unit_id))
            inspection.step = "evidence"
            return self._step(
                session,
                inspection,
                "inspection.evidence",
                {
                    "kind": kind,
                    "sha256": stored.sha256,
                    "bytes": stored.bytes,
                    "name": stored.original_name,
                    "unit_id": unit_id,
                },
            )

    def inbox_photos(self, limit: int = 30) -> list[InboxPhoto]:
        """Photos in this station's inbox folder, newest first."""
        return list_inbox(self.inbox_folder(), limit)

    def inbox_folder(self) -> Path:
        """This station's photo inbox: its own folder, else ``<data dir>/inbox/<station>``."""
        with self._read() as session:
            station = session.exec(select(Station).where(Station.name == self.station)).first()
            folder = Path(station.photo_inbox) if station and station.photo_inbox else None
        return folder or self.data_dir / "inbox" / self.station

    def recording_folder(self) -> Path | None:
        """Where this station's bench camera records (None: no unboxing clips are cut)."""
        with self._read() as session:
            station = session.exec(select(Station).where(Station.name == self.station)).first()
            folder = station.recording_folder if station is not None else None
        return Path(folder) if folder else None

    def set_step(self, inspection_id: int, step: str) -> InspectionView:
        """Remember which step the clerk is on, so a restart comes back to it."""
        if step not in STEPS:
            raise InvalidInput(_("Unknown step {step!r}.").format(step=step))
        with self._write() as session:
            inspection = self._get(session, inspection_id, lock=True)
            if inspection.status != InspectionStatus.OPEN or inspection.step == step:
                return self._view(session, inspection)
            inspection.step = step
            return self._step(session, inspection, "inspection.step", {"step": step})

    # -- deciding and completing ------------------------------------------------------------

    def cancel(self, inspection_id: int) -> None:
        """Leave the parcel open (nothing is lost) and go back to scanning parcels."""
        with self._write() as session:
            inspection = self._get(session, inspection_id, lock=True)
            if inspection.status == InspectionStatus.OPEN:
                self._audit(session, inspection, "inspection.park", {"step": inspection.step})

    def day_summary(self, limit: int = 8) -> DaySummary:
        """Today's count at this station and the last few parcels."""
        today = self.clock().astimezone().date()
        with self._read() as session:
            base = (
                select(func.count())
                .select_from(Inspection)
                .where(col(Inspection.station) == self.station, col(Inspection.day) == today)
            )
            inspected = int(session.scalar(base) or 0)
            completed = int(
                session.scalar(base.where(col(Inspection.status) == InspectionStatus.COMPLETED))
                or 0
            )
            rows = session.exec(
                select(Inspection)
                .where(col(Inspection.station) == self.station)
                .order_by(col(Inspection.id).desc())
                .limit(limit)
            ).all()
            order_refs = _order_refs(session, [r.shipment_id for r in rows if r.shipment_id])
            recent = tuple(
                RecentParcel(
                    code=row.code,
                    order_ref=order_refs.get(row.shipment_id or 0),
                    status=row.status,
                    outcome=row.outcome,
                    at=row.completed_at or row.opened_at,
                )
                for row in rows
            )
        return DaySummary(inspected, completed, recent)

    # -- plumbing ---------------------------------------------------------------------------

    def _existing(self, session: Session, found: parcels.FoundParcel) -> Inspection | None:
        """The parcel's open inspection, whatever identifier opened it, else its last one.

        A parcel opened by its order ref before its return was imported is the same parcel
        as the return's tracking number scanned later: that open inspection is the one, and
        it takes the return on. The store's ``uq_inspection_open_shipment`` index backs this.
        """
        opened = session.exec(
            select(Inspection).where(
                col(Inspection.shipment_id) == found.shipment.id,
                col(Inspection.status) == InspectionStatus.OPEN,
            )
        ).first()
        if opened is not None:
            wanted = found.return_request.id if found.return_request else None
            if wanted is not None and opened.return_id not in (None, wanted):
                raise InvalidInput(
                    _(
                        "Order {order_ref} is already on the bench as {code} (another return of "
                        "it) at {station}: complete that one first."
                    ).format(
                        order_ref=found.shipment.order_ref, code=opened.code, station=opened.station
                    )
                )
            if wanted is not None and opened.return_id is None:
                session.refresh(opened, with_for_update=True)
                opened.return_id = wanted
                self._touch(session, opened, "inspection.return_found", {"return_id": wanted})
            return opened
        query = select(Inspection)
        if found.return_request is not None:
            query = query.where(col(Inspection.return_id) == found.return_request.id)
        else:
            query = query.where(
                col(Inspection.shipment_id) == found.shipment.id,
                col(Inspection.return_id).is_(None),
            )
        rows = session.exec(query.order_by(col(Inspection.id).desc())).all()
        open_rows = [row for row in rows if row.status == InspectionStatus.OPEN]
        return open_rows[0] if open_rows else (rows[0] if rows else None)


def _exists(path: Path) -> bool:
    """True when something is at ``path``; False too for a name the system cannot look up."""
    try:
        path.lstat()
    except (OSError, ValueError):
        return False
    return True


def _order_refs(session: Session, shipment_ids: Sequence[int]) -> dict[int, str]:
    if not shipment_ids:
        return {}
    rows = session.exec(select(Shipment).where(col(Shipment.id).in_(set(shipment_ids)))).all()
    return {row.id: row.order_ref for row in rows if row.id is not None}
