"""The unboxing clip: the bench video of one inspection, cut from the station's recording.

When a parcel is completed at a station that names a recording folder, the footage from a few
seconds before the parcel was first scanned to a few seconds after it was completed is cut out
of the recorder's segments (see :mod:`inspect_tui.devices.recording`, stream copy, no
re-encoding), stamped with the inspection code, the time and the recorded weight, copied into
the evidence store under its SHA-256 and recorded as the inspection's ``video`` evidence (the
policy's kind for the bench camera's recording) with an ``inspection.unboxing_video`` audit
event, so it is in the timeline, the supervisor's detail and the evidence pack.

Footage that is not there (no folder, no segment of that time, ffmpeg missing) is a sentence
for the clerk and an audit event saying why, never an error: the parcel stays completed.
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, tzinfo
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import col, select

from inspect_tui.devices.recording import Clip, RecordingError, cut_clip, find_segments
from inspect_tui.services.evidence.store import EvidenceStore, EvidenceStoreError, store_file
from inspect_tui.services.records.parcels import evidence_view
from inspect_tui.services.shared.views import EvidenceView, InspectionView
from inspect_tui.store import audit
from inspect_tui.store.models import Evidence, Inspection
from inspect_tui.store.session import reading, writing

__all__ = [
    "ACTION",
    "LEAD_S",
    "TAIL_S",
    "VIDEO_KIND",
    "UnboxingClip",
    "attach_unboxing_clip",
    "cut_unboxing_clip",
]

VIDEO_KIND = "video"
"""The evidence kind of the clip: the policy's kind for the bench camera's recording."""
ACTION = "inspection.unboxing_video"
"""The audit action recording the clip (or why there is none)."""
LEAD_S = 5.0
"""Seconds of footage kept before the parcel's first scan."""
TAIL_S = 5.0
"""Seconds of footage kept after its completion."""
MAX_MINUTES = 30
"""A parcel left open longer (parked overnight) gets the first this many minutes."""

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class UnboxingClip:
    """What came of cutting an inspection's clip.

    Attributes:
        message: A sentence for the clerk: the clip stored, or why there is none.
        evidence: The stored clip; None when there is no footage.
    """

    message: str
    evidence: EvidenceView | None = None


@dataclass(frozen=True, slots=True)
class _Facts:
    """What the stamp and the cut need from the inspection."""

    inspection_id: int
    code: str
    opened_at: datetime
    completed_at: datetime
    weight_g: int | None
    weight_source: str | None
    weighed_at: datetime | None


def attach_unboxing_clip(
    engine: Engine,
    view: InspectionView,
    recording_dir: Path,
    *,
    evidence_dir: Path,
    store: EvidenceStore | None = None,
    station: str,
    actor: str,
    clock: Callable[[], datetime],
    tz: tzinfo | None = None,
) -> InspectionView:
    """``view`` of a just-completed inspection with its clip (or the reason for none) added.

    The clip joins ``view.evidence``; the sentence for the clerk joins ``view.notices``.
    """
    try:
        clip = cut_unboxing_clip(
            engine,
            view.inspection_id,
            recording_dir,
            evidence_dir=evidence_dir,
            store=store,
            station=station,
            actor=actor,
            clock=clock,
            tz=tz,
        )
    except Exception as error:  # the parcel is completed already: a failure here must not hide it
        log.exception("cutting the unboxing clip of %s failed", view.code)
        clip = UnboxingClip(
            f"No unboxing clip for {view.code}: cutting it failed ({error.__class__.__name__})."
        )
    known = {item.evidence_id for item in view.evidence}
    added = (clip.evidence,) if clip.evidence and clip.evidence.evidence_id not in known else ()
    evidence = view.evidence + added
    return replace(view, evidence=evidence, notices=(*view.notices, clip.message))


def cut_unboxing_clip(
    engine: Engine,
    inspection_id: int,
    recording_dir: Path,
    *,
    evidence_dir: Path,
    store: EvidenceStore | None = None,
    station: str,
    actor: str,
    clock: Callable[[], datetime],
    tz: tzinfo | None = None,
    lead_s: float = LEAD_S,
    tail_s: float = TAIL_S,
    ffmpeg: str = "ffmpeg",
    ffprobe: str = "ffprobe",
) -> UnboxingClip:
    """Cut, store and record the clip of inspection ``inspection_id``; never raises.

    Can be run again later (a recorder that finishes its segment only after the parcel was
    completed): a clip identical to one already attached is not attached again.

    Args:
        engine: The store.
        inspection_id: The inspection (completed, or its clip ends now).
        recording_dir: The station's recording folder.
        evidence_dir: The evidence folder (or the shared store's cache on this machine).
        store: The evidence store the clip goes to (default: the folder ``evidence_dir``).
        station: The bench, for the audit event.
        actor: The operator, for the audit event.
        clock: Now, UTC.
        tz: The zone of the segments' names and of the stamp (default: this machine's).
        lead_s: Seconds kept before the first scan.
        tail_s: Seconds kept after completion.
        ffmpeg: The ffmpeg program.
        ffprobe: The ffprobe program.
    """
    zone = tz or datetime.now().astimezone().tzinfo
    assert zone is not None
    try:
        facts = _facts(engine, inspection_id, clock)
    except SQLAlchemyError as error:
        return UnboxingClip(
            f"The unboxing clip was not cut: the store could not be read ({error})."
        )
    if facts is None:
        return UnboxingClip(f"The unboxing clip was not cut: no inspection {inspection_id}.")
    start = facts.opened_at - timedelta(seconds=lead_s)
    end = min(
        facts.completed_at + timedelta(seconds=tail_s), start + timedelta(minutes=MAX_MINUTES)
    )
    try:
        with tempfile.TemporaryDirectory(prefix="unboxing-") as work:
            segments = find_segments(recording_dir, start, end, tz=zone, ffprobe=ffprobe)
            if not segments:
                raise RecordingError(
                    f"The recording folder {recording_dir} holds no footage from "
                    f"{_local(start, zone)} to {_local(end, zone)}."
                )
            clip = cut_clip(
                segments,
                start,
                end,
                Path(work),
                name=f"{facts.code}-unboxing",
                metadata=_metadata(facts, station, zone),
                stamp=lambda moment: _stamp_line(facts, moment, zone),
                ffmpeg=ffmpeg,
                ffprobe=ffprobe,
            )
            stored = store.put(clip.path) if store else store_file(evidence_dir, clip.path)
    except (RecordingError, EvidenceStoreError, OSError) as error:
        reason = (
            f"The clip could not be stored ({error.strerror or error})."
            if isinstance(error, OSError)
            else str(error)
        )
        return _record_missing(engine, facts, reason, station, actor, clock)
    try:
        with writing(engine) as session:
            already = session.exec(
                select(Evidence).where(
                    col(Evidence.inspection_id) == facts.inspection_id,
                    col(Evidence.sha256) == stored.sha256,
                )
            ).first()
            if already is not None:
                return UnboxingClip(
                    f"The unboxing clip of {facts.code} is already attached "
                    f"({stored.sha256[:12]}…).",
                    evidence_view(already, evidence_dir),
                )
            row = stored.evidence_row(facts.inspection_id, VIDEO_KIND, clip.start)
            session.add(row)
            session.flush()
            audit.record(
                session,
                actor=actor,
                station=station,
                action=ACTION,
                entity=f"inspection:{facts.code}",
                payload=_payload(clip, stored.sha256, stored.bytes, stored.original_name),
                at=clock(),
            )
            stored_view = evidence_view(row, evidence_dir)
    except SQLAlchemyError as error:
        log.exception("recording the unboxing clip of %s failed", facts.code)
        return UnboxingClip(
            f"The unboxing clip of {facts.code} was cut and kept in the evidence store "
            f"({stored.sha256[:12]}…) but could not be recorded ({error.__class__.__name__})."
        )
    return UnboxingClip(_stored_words(facts.code, clip, zone), stored_view)


def _facts(engine: Engine, inspection_id: int, clock: Callable[[], datetime]) -> _Facts | None:
    with reading(engine) as session:
        row = session.exec(select(Inspection).where(Inspection.id == inspection_id)).first()
        if row is None or row.id is None:
            return None
        now = clock()
        return _Facts(
            inspection_id=row.id,
            code=row.code,
            opened_at=row.opened_at or now,
            completed_at=row.completed_at or now,
            weight_g=row.weight_g,
            weight_source=row.weight_source,
            weighed_at=row.weighed_at,
        )


def _record_missing(
    engine: Engine,
    facts: _Facts,
    reason: str,
    station: str,
    actor: str,
    clock: Callable[[], datetime],
) -> UnboxingClip:
    message = f"No unboxing clip for {facts.code}. {reason}"
    try:
        with writing(engine) as session:
            audit.record(
                session,
                actor=actor,
                station=station,
                action=ACTION,
                entity=f"inspection:{facts.code}",
                payload={"missing": reason},
                at=clock(),
            )
    except SQLAlchemyError:
        log.exception("recording the missing unboxing clip of %s failed", facts.code)
    return UnboxingClip(message)


def _weight_words(facts: _Facts) -> str:
    if facts.weight_g is None:
        return "not weighed"
    return f"{facts.weight_g} g ({facts.weight_source or 'manual'})"


def _stamp_line(facts: _Facts, moment: datetime, zone: tzinfo) -> str:
    weighed = facts.weighed_at is not None and moment >= facts.weighed_at
    weight = _weight_words(facts) if weighed else "weight: not yet"
    return f"{facts.code} · {_local(moment, zone)} · {weight}"


def _metadata(facts: _Facts, station: str, zone: tzinfo) -> dict[str, str]:
    return {
        "title": f"{facts.code} unboxing",
        "comment": (
            f"{facts.code} at {station}: first scan {_local(facts.opened_at, zone)}, "
            f"completed {_local(facts.completed_at, zone)}, weight {_weight_words(facts)}"
        ),
    }


def _payload(clip: Clip, sha256: str, size: int, name: str) -> dict[str, object]:
    return {
        "sha256": sha256,
        "bytes": size,
        "name": name,
        "from": clip.start.isoformat(),
        "seconds": round(clip.duration, 1),
        "segments": list(clip.segments),
        "gaps": [[a.isoformat(), b.isoformat()] for a, b in clip.gaps],
    }


def _stored_words(code: str, clip: Clip, zone: tzinfo) -> str:
    words = (
        f"Unboxing clip of {code} stored: {round(clip.duration)} s from {_local(clip.start, zone)}."
    )
    for gap_start, gap_end in clip.gaps:
        words += f" No footage from {_local(gap_start, zone)} to {_local(gap_end, zone)}."
    return words


def _local(moment: datetime, zone: tzinfo) -> str:
    return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M:%S")
