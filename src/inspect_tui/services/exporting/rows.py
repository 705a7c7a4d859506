"""The rows of the inspection log: which columns, in what order, read by one streaming query.

One SQL query joins each completed inspection to its shipment, its return request and its
units, ordered by completion time; it is read through the driver's cursor in batches
(``yield_per``: a server-side cursor on PostgreSQL, SQLite's own stepping), so memory stays
the same whatever the size of the log. Consecutive rows of one inspection are folded into one
log row (dispositions joined), or kept one per unit for the per-unit export.

Values come out typed: text as ``str``, weights and counts as ``int``, money as ``Decimal`` in
currency units, lists as tuples, times as local ISO 8601 text with the UTC offset. How a file
format writes each type is :mod:`inspect_tui.services.exporting.inspection_log`'s business.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from functools import lru_cache
from itertools import chain, groupby
from operator import itemgetter
from typing import Any, Literal

from sqlalchemy import ColumnElement, Executable, and_, func, select, type_coerce
from sqlalchemy.types import NullType
from sqlmodel import Session, col

from inspect_tui.core.money import amount_decimal
from inspect_tui.core.vocabulary import InspectionStatus
from inspect_tui.store.models import (
    Evidence,
    Inspection,
    InspectionUnit,
    ReturnRequest,
    Shipment,
)

__all__ = [
    "INSPECTION_COLUMNS",
    "UNIT_COLUMNS",
    "Column",
    "ExportFilter",
    "columns_for",
    "count_inspections",
    "log_query",
    "log_rows",
]

Kind = Literal["text", "time", "int", "money", "list"]
"""How a column's values are typed: ``time`` is generated ISO text, never user input."""


@dataclass(frozen=True, slots=True)
class Column:
    """One column of the export: its header, value type, and what it holds."""

    name: str
    kind: Kind
    help: str


_PARCEL = (
    Column("code", "text", "inspection code, e.g. INS-20261118-0001"),
    Column("opened_at", "time", "when the parcel was first scanned (local time, ISO 8601)"),
    Column("completed_at", "time", "when the inspection was completed (local time, ISO 8601)"),
    Column("station", "text", "the bench"),
    Column("inspector", "text", "the clerk who inspected it"),
    Column("platform", "text", "taobao, tmall, douyin, kuaishou, 1688, shopify, tiktok"),
    Column("order_ref", "text", "the marketplace order"),
    Column("rma_ref", "text", "the return request (RMA / refund request)"),
    Column("tracking_return", "text", "the return parcel's tracking number"),
    Column("buyer_ref", "text", "the buyer's account on the platform"),
    Column("buyer_name", "text", "the buyer's name as on the order"),
    Column("claim_reason", "text", "the reason code the buyer gave (as imported)"),
    Column("claim_text", "text", "the buyer's own words"),
    Column("expected_weight_g", "int", "what the returned parcel should weigh, grams"),
    Column("weight_g", "int", "what it weighed on the bench, grams"),
    Column("weight_source", "text", "where the weight came from: the scale's driver, or manual"),
    Column("outcome", "text", "accept, partial, reject, escalate or refused"),
    Column("reasons", "list", "reason codes, separated by ';'"),
    Column("refund_requested", "money", "refund the buyer asked for, currency units"),
    Column("refund", "money", "refund decided, currency units (0 for a reject)"),
    Column("currency", "text", "ISO 4217 code of both amounts"),
)
_REVIEW = (
    Column("review_state", "text", "supervisor review: pending, approved, overturned, …"),
    Column("reviewed_by", "text", "the supervisor"),
    Column("reviewed_at", "time", "when it was reviewed (local time, ISO 8601)"),
    Column("justification", "text", "the clerk's reason for overriding the suggestion"),
    Column("note", "text", "the clerk's note (what an unmatched parcel looked like)"),
    Column("evidence", "int", "evidence files attached at the bench"),
)
INSPECTION_COLUMNS: tuple[Column, ...] = (
    *_PARCEL,
    Column("dispositions", "list", "where each unit went, in scan order, separated by ';'"),
    Column("units", "int", "units taken out of the parcel"),
    *_REVIEW,
)
"""One row per completed inspection."""
UNIT_COLUMNS: tuple[Column, ...] = (
    *_PARCEL,
    *_REVIEW,
    Column("unit", "int", "the unit's number in the parcel (1, 2, …); empty: no unit"),
    Column("unit_line", "int", "the shipment line it matched"),
    Column("unit_sku", "text", "its SKU"),
    Column("unit_serial", "text", "its serial number"),
    Column("unit_match", "text", "matched, serial_mismatch, unexpected, duplicate, …"),
    Column("unit_grade", "text", "A, B, C, D or X"),
    Column("unit_disposition", "text", "restock, open_box, quarantine, …"),
)
"""One row per unit (``--units``); a parcel with no unit gets one row with the unit empty."""


def columns_for(units: bool) -> tuple[Column, ...]:
    """The columns of the per-inspection or the per-unit export."""
    return UNIT_COLUMNS if units else INSPECTION_COLUMNS


@dataclass(frozen=True, slots=True)
class ExportFilter:
    """Which completed inspections go in the log.

    Attributes:
        start: First local day of completion included, or None for no lower bound.
        end: Last local day of completion included, or None for no upper bound.
        outcomes: Only these outcomes; empty for all.
        tz: The zone days are counted in and times are written in.
    """

    start: date | None
    end: date | None
    outcomes: tuple[str, ...]
    tz: tzinfo

    def conditions(self) -> list[ColumnElement[bool]]:
        """The WHERE conditions on the inspection table."""
        where: list[ColumnElement[bool]] = [col(Inspection.status) == InspectionStatus.COMPLETED]
        if self.start is not None:
            where.append(col(Inspection.completed_at) >= self._midnight(self.start))
        if self.end is not None:
            where.append(
                col(Inspection.completed_at) < self._midnight(self.end + timedelta(days=1))
            )
        if self.outcomes:
            where.append(col(Inspection.outcome).in_(self.outcomes))
        return where

    def _midnight(self, day: date) -> datetime:
        return datetime.combine(day, time(0), tzinfo=self.tz).astimezone(UTC)


def count_inspections(session: Session, where: ExportFilter) -> int:
    """How many inspections the filter selects (for progress)."""
    query = select(func.count()).select_from(Inspection).where(and_(*where.conditions()))
    return int(session.scalar(query) or 0)


def log_query(where: ExportFilter) -> Executable:
    """The SELECT behind :func:`log_rows`: inspections joined to parcel, return and units.

    Times and the reason list are read as the driver returns them (text on SQLite, typed on
    PostgreSQL) and converted in :func:`log_rows`: the store's column types would parse every
    timestamp with a regular expression, which costs more than the rest of the export.
    """
    evidence = (
        select(func.count())
        .select_from(Evidence)
        .where(col(Evidence.inspection_id) == col(Inspection.id))
        .scalar_subquery()
    )
    return (
        select(*_selected(evidence))
        .select_from(Inspection)
        .outerjoin(Shipment, col(Shipment.id) == col(Inspection.shipment_id))
        .outerjoin(ReturnRequest, col(ReturnRequest.id) == col(Inspection.return_id))
        .outerjoin(InspectionUnit, col(InspectionUnit.inspection_id) == col(Inspection.id))
        .where(and_(*where.conditions()))
        .order_by(col(Inspection.completed_at), col(Inspection.id), col(InspectionUnit.id))
    )


class _At:
    """Positions in a row of :func:`log_query`, in the order :func:`_selected` lists them."""

    ID, CODE, OPENED_AT, COMPLETED_AT = 0, 1, 2, 3
    PARCEL_FIRST, PARCEL_END = 4, 18
    """station … weight_source: copied as they are."""
    REASONS, REFUND_REQUESTED, REFUND, CURRENCY = 18, 19, 20, 21
    REVIEW_STATE, REVIEWED_BY, REVIEWED_AT, JUSTIFICATION, NOTE, EVIDENCE = range(22, 28)
    UNIT_ID, UNIT_FIRST, UNIT_END, UNIT_DISPOSITION = 28, 29, 35, 34


def _selected(evidence: Any) -> tuple[Any, ...]:
    """The columns of the log query; :class:`_At` names their positions."""
    return (
        col(Inspection.id),
        col(Inspection.code),
        _raw(col(Inspection.opened_at)),
        _raw(col(Inspection.completed_at)),
        col(Inspection.station),
        col(Inspection.inspector),
        col(Shipment.platform),
        col(Shipment.order_ref),
        col(ReturnRequest.rma_ref),
        col(ReturnRequest.tracking_return),
        col(Shipment.buyer_ref),
        col(Shipment.buyer_name),
        col(ReturnRequest.reason_code),
        col(ReturnRequest.reason_text),
        col(Inspection.expected_weight_g),
        col(Inspection.weight_g),
        col(Inspection.weight_source),
        col(Inspection.outcome),
        _raw(col(Inspection.reasons)),
        col(ReturnRequest.refund_minor),
        col(Inspection.refund_minor),
        col(Shipment.currency),
        col(Inspection.review_state),
        col(Inspection.reviewed_by),
        _raw(col(Inspection.reviewed_at)),
        col(Inspection.justification),
        col(Inspection.note),
        evidence,
        col(InspectionUnit.id),
        col(InspectionUnit.line_no),
        col(InspectionUnit.sku),
        col(InspectionUnit.serial),
        col(InspectionUnit.match),
        col(InspectionUnit.grade),
        col(InspectionUnit.disposition),
    )


def _raw(column: Any) -> ColumnElement[Any]:
    """``column`` as the driver returns it, without the store type's conversion."""
    return type_coerce(column, NullType()).label(str(column.key))


def log_rows(
    session: Session,
    where: ExportFilter,
    *,
    units: bool,
    batch: int = 2000,
    on_inspection: Callable[[int], None] | None = None,
) -> Iterator[list[Any]]:
    """Stream the export rows, in the order of :func:`columns_for`.

    Args:
        session: An open read transaction (the rows are read inside it).
        where: Which inspections.
        units: One row per unit instead of one per inspection.
        batch: Rows fetched from the database at a time.
        on_inspection: Called with the running count after each inspection's rows are out;
            it may raise to stop the export (cancellation).

    Yields:
        One list per row of the export (the caller may change it in place).
    """
    stamp = _stamper(where.tz)
    connection = session.connection().execution_options(yield_per=batch)
    result = connection.execute(log_query(where))
    at = _At
    dispositions_at = next(i for i, c in enumerate(INSPECTION_COLUMNS) if c.name == "dispositions")
    for done, (_, rows) in enumerate(groupby(result, key=itemgetter(at.ID)), start=1):
        first = next(rows)
        currency = first[at.CURRENCY]
        requested, refund = first[at.REFUND_REQUESTED], first[at.REFUND]
        # In the order of INSPECTION_COLUMNS; dispositions and the unit count are filled in below.
        out = [
            first[at.CODE],
            stamp(first[at.OPENED_AT]),
            stamp(first[at.COMPLETED_AT]),
            *first[at.PARCEL_FIRST : at.PARCEL_END],
            _reasons(first[at.REASONS]),
            None if requested is None else _money(requested, currency),
            None if refund is None else _money(refund, currency),
            currency,
            (),
            0,
            first[at.REVIEW_STATE],
            first[at.REVIEWED_BY],
            stamp(first[at.REVIEWED_AT]),
            first[at.JUSTIFICATION] or None,
            first[at.NOTE] or None,
            first[at.EVIDENCE],
        ]
        parcel = out[:dispositions_at] + out[dispositions_at + 2 :]
        dispositions: list[str] = []
        unit_no = 0
        for row in chain((first,), rows):
            if row[at.UNIT_ID] is not None:
                unit_no += 1
                if row[at.UNIT_DISPOSITION] is not None:
                    dispositions.append(row[at.UNIT_DISPOSITION])
            if units:
                unit = (
                    [unit_no, *row[at.UNIT_FIRST : at.UNIT_END]]
                    if row[at.UNIT_ID] is not None
                    else [None] * 7
                )
                yield parcel + unit
        if not units:
            out[dispositions_at], out[dispositions_at + 1] = tuple(dispositions), unit_no
            yield out
        if on_inspection is not None:
            on_inspection(done)


_money = lru_cache(maxsize=4096)(amount_decimal)
"""An amount as an exact decimal; few distinct amounts repeat over a log's rows."""


def _reasons(value: Any) -> tuple[str, ...]:
    """The reason codes, from JSON text (SQLite) or the list the driver decoded."""
    if value is None:
        return ()
    if isinstance(value, str):
        return _reasons_from_json(value)
    return tuple(value)


@lru_cache(maxsize=1024)
def _reasons_from_json(text: str) -> tuple[str, ...]:
    return tuple(json.loads(text))


def _stamper(tz: tzinfo) -> Callable[[Any], str | None]:
    """Local ISO 8601 text of a stored UTC time (SQLite text, or a datetime from the driver).

    SQLite hands back ``YYYY-MM-DD HH:MM:SS.ffffff`` in UTC. A zone with a fixed offset
    (UTC, ``+08:00``) is applied by arithmetic; for a zone with rules the offset is looked up
    once per quarter of an hour (offsets, and the instants they change at, are whole
    quarters), keeping only the last few quarters (the rows come in time order).
    """
    fixed = tz.utcoffset(None)
    offsets: dict[str, tuple[timedelta, str]] = {}

    def offset_at(text: str) -> tuple[timedelta, str]:
        if fixed is not None:
            return fixed, _offset_text(fixed)
        quarter = text[:14] + "0134"[int(text[14:16]) // 15]
        found = offsets.get(quarter)
        if found is None:
            if len(offsets) > 1024:
                offsets.clear()
            moment = datetime.fromisoformat(text[:19]).replace(tzinfo=UTC).astimezone(tz)
            found = moment.utcoffset() or timedelta(0), _offset_text(moment.utcoffset())
            offsets[quarter] = found
        return found

    def stamp(value: Any) -> str | None:
        if value is None:
            return None
        if isinstance(value, str):
            delta, suffix = offset_at(value)
            if not delta:
                return f"{value[:10]}T{value[11:19]}{suffix}"
            local = datetime.fromisoformat(value[:19]) + delta
            return local.isoformat(timespec="seconds") + suffix
        moment = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
        return str(moment.astimezone(tz).isoformat(timespec="seconds"))

    return stamp


@lru_cache(maxsize=64)
def _offset_text(offset: timedelta | None) -> str:
    """``+08:00`` for eight hours east of UTC (seconds, never used since 1972, are dropped)."""
    minutes = int((offset or timedelta(0)).total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    hours, minutes = divmod(abs(minutes), 60)
    return f"{sign}{hours:02d}:{minutes:02d}"
