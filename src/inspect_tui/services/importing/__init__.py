"""Importing products, shipments and return requests from platform and back-office exports.

One entry point, ``import_file``, used by the CLI, the demo loader, tests and benchmarks. The
whole file is validated: when something is wrong it raises ``ImportRejected`` listing every
problem as ``FILE:LINE: column: message`` and the store is untouched. Otherwise it upserts
everything by natural key in one write transaction with one audit event, so importing the same
file twice changes nothing the second time.

Products, shipments and returns files are written as they are read, in chunks inside that one
transaction, which is rolled back if any problem turns up (``streaming.py``,
``streamed_records.py``), so memory does not grow with the file; a file whose orders' (or
returns') rows are not together is read again grouped by order (``regrouping.py``). TikTok
Shop order exports stream too, each chunk's orders written before the returns on their rows
(``streamed_exports.py``), and so do shipments files with pre-shipment photos, each chunk's
photos copied into the evidence store as its orders are written.

Times written without a zone are taken in ``tz`` (a mapping file's ``timezone``, else the
importing machine's zone) and stored as UTC.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import tzinfo
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine
from sqlmodel import Session

from inspect_tui.core.translation import _
from inspect_tui.core.zones import UnknownZone, local_zone, parse_zone
from inspect_tui.services.evidence.store import (
    EvidenceStore,
    EvidenceStoreError,
    LocalEvidenceStore,
    file_sha256,
)
from inspect_tui.services.importing.bulk import roomy_page_cache
from inspect_tui.services.importing.checks import check_serials_in_store, resolve_returns
from inspect_tui.services.importing.formats import (
    FORMATS,
    FormatError,
    check_combination,
    read_table,
)
from inspect_tui.services.importing.mapping import Mapping, load_mapping
from inspect_tui.services.importing.photos import store_refusal
from inspect_tui.services.importing.reading import (
    ENCODING_NAMES,
    Table,
    open_table,
    xlsx_supported,
)
from inspect_tui.services.importing.records import Batch, Kind
from inspect_tui.services.importing.regrouping import Regrouped, group_of
from inspect_tui.services.importing.result import ImportResult, TableCounts
from inspect_tui.services.importing.shipment_writer import write_shipments
from inspect_tui.services.importing.streamed_exports import OrderExportSink
from inspect_tui.services.importing.streamed_records import ProductSink, ReturnSink
from inspect_tui.services.importing.streaming import NotStreamable, ShipmentSink
from inspect_tui.services.importing.validation import (
    ERROR_LIMIT,
    ImportErrorLine,
    ImportRejected,
    Problems,
)
from inspect_tui.services.importing.writing import write_products, write_returns
from inspect_tui.store.audit import record
from inspect_tui.store.session import lock_name, writing

__all__ = [
    "ERROR_LIMIT",
    "FORMATS",
    "KINDS",
    "FormatError",
    "ImportErrorLine",
    "ImportRejected",
    "ImportResult",
    "Kind",
    "TableCounts",
    "import_file",
    "load_mapping",
    "resolve_zone",
    "xlsx_supported",
]

KINDS: tuple[Kind, ...] = ("products", "shipments", "returns")
LEGACY_NOTES = frozenset({"cp932", "cp950"})
"""Encodings worth a note after the import, so a wrong guess would be noticed at once."""


def resolve_zone(tz: str | tzinfo | None, mapping: Mapping | None = None) -> tzinfo:
    """The zone for timestamps without one: ``tz``, else the mapping's, else the machine's.

    Raises:
        FormatError: ``tz`` is not a zone name or offset.
    """
    if isinstance(tz, tzinfo):
        return tz
    if tz:
        try:
            return parse_zone(tz)
        except UnknownZone as error:
            raise FormatError(f"--tz {tz!r} {error}") from None
    if mapping is not None and mapping.timezone is not None:
        return mapping.timezone
    return local_zone()


def import_file(
    engine: Engine,
    kind: Kind,
    path: Path | str,
    *,
    format: str = "generic",
    mapping: Path | str | Mapping | None = None,
    evidence_dir: Path,
    store: EvidenceStore | None = None,
    actor: str = "import",
    station: str = "",
    tz: str | tzinfo | None = None,
    display_name: str | None = None,
) -> ImportResult:
    """Validate ``path`` completely, then upsert its ``kind`` records in one transaction.

    Args:
        engine: The store.
        kind: products, shipments or returns.
        path: The CSV (or XLSX) file.
        format: generic, shopify or tiktok.
        mapping: A mapping TOML (path or loaded) for files with other headers.
        evidence_dir: Where pre-shipment photos are stored under their SHA-256.
        store: The evidence store photos go to instead (e.g. one shared by every station).
        actor: Who imports, for the audit trail.
        station: The station importing, for the audit trail.
        tz: Zone for timestamps without one (name like Asia/Shanghai, or +08:00).
        display_name: How to name the file in messages (default: the path as given).

    Raises:
        ImportRejected: The file (or mapping) has problems; nothing was written.
        FormatError: The kind, format, mapping or zone given cannot work together.
    """
    if kind not in KINDS:
        raise FormatError(
            _("unknown kind {kind}; expected products, shipments or returns").format(
                kind=repr(kind)
            )
        )
    path = Path(path)
    loaded = load_mapping(Path(mapping)) if isinstance(mapping, str | Path) else mapping
    check_combination(kind, format, loaded)
    zone = resolve_zone(tz, loaded)
    name = display_name or str(path)
    file_format = "mapping" if loaded is not None else format
    # Written in chunks as read; should a file still not stream, it is imported the whole-file way.
    for regroup in (False, True):
        try:
            return _import_in_chunks(
                engine,
                kind,
                path,
                format,
                loaded,
                zone,
                name,
                store or LocalEvidenceStore(evidence_dir),
                actor,
                station,
                regroup=regroup,
            )
        except NotStreamable as reason:  # rolled back
            if regroup or not reason.regroup:
                break  # import it the whole-file way below
    problems = Problems(name)
    batch = Batch()
    with paused_gc(), open_table(path, display_name=name) as table:
        read_table(kind, format, table, problems, batch, zone, loaded)
        _after_reading(table, problems, batch)
    problems.raise_if_any()
    if batch.rows == 0:
        return _no_rows(kind, name, file_format, batch)
    digest, size = file_sha256(path)
    with _import_transaction(engine) as (session, connection):
        with roomy_page_cache(connection):
            counts, lines, photos = _write_batch(
                connection, batch, problems, store or LocalEvidenceStore(evidence_dir)
            )
        return _close(
            session, kind, path, name, file_format, (digest, size), batch, counts, lines, photos,
            actor=actor, station=station,
        )  # fmt: skip


def _import_in_chunks(
    engine: Engine,
    kind: Kind,
    path: Path,
    format: str,
    mapping: Mapping | None,
    zone: tzinfo,
    name: str,
    store: EvidenceStore,
    actor: str,
    station: str,
    *,
    regroup: bool = False,
) -> ImportResult:
    """Import ``kind`` writing each chunk of records as it is read, in one transaction.

    With ``regroup`` the rows are read grouped by order (or return), for files whose orders'
    rows are not together (``regrouping.py``).

    Raises:
        ImportRejected: The file has problems; the transaction was rolled back.
        NotStreamable: The file needs the whole-file import; the transaction was rolled back.
    """
    file_format = "mapping" if mapping is not None else format
    problems = Problems(name)
    batch = Batch()
    with _import_transaction(engine) as (session, connection):
        with roomy_page_cache(connection):
            sink = _attach_sink(kind, format, connection, batch, problems, store)
            with open_table(path, display_name=name) as table:
                grouped = None
                if regroup:
                    group = group_of(kind, format, table, zone, mapping)
                    grouped = Regrouped(connection, table, group)
                rows = grouped.table if grouped else table
                read_table(kind, format, rows, problems, batch, zone, mapping)
                _after_reading(table, problems, batch)
            problems.raise_if_any()
            sink.close()
            if grouped is not None:
                grouped.close()
        if batch.rows == 0:
            return _no_rows(kind, name, file_format, batch)
        digest, size = file_sha256(path)
        counts: dict[str, TableCounts] = (
            sink.tallies() if isinstance(sink, OrderExportSink) else {kind: sink.counts}
        )
        lines = sink.lines_written
        photos = sink.photos_stored if isinstance(sink, ShipmentSink) else 0
        return _close(
            session, kind, path, name, file_format, (digest, size), batch, counts, lines, photos,
            actor=actor, station=station,
        )  # fmt: skip


def _no_rows(kind: Kind, name: str, file_format: str, batch: Batch) -> ImportResult:
    """What the import of a file without data rows says: nothing written, no audit event."""
    return ImportResult(
        kind, name, file_format, rows=0, skipped=batch.skipped, notes=tuple(batch.notes)
    )


def _attach_sink(
    kind: Kind,
    format: str,
    connection: Connection,
    batch: Batch,
    problems: Problems,
    store: EvidenceStore,
) -> ShipmentSink | ProductSink | ReturnSink | OrderExportSink:
    """The sink ``kind``'s reader hands its chunks to, set on ``batch``."""
    if format == "tiktok":  # returns on the order rows: the orders' sink hands them on
        orders = ShipmentSink(connection, batch, problems, store) if kind == "shipments" else None
        returns = ReturnSink(connection, batch, problems)
        batch.sink = OrderExportSink(batch, problems, returns, orders)
        return batch.sink
    if kind == "products":
        batch.product_sink = ProductSink(connection, batch, problems)
        return batch.product_sink
    if kind == "returns":
        batch.return_sink = ReturnSink(connection, batch, problems)
        return batch.return_sink
    batch.sink = ShipmentSink(connection, batch, problems, store)
    return batch.sink


def _write_batch(
    connection: Connection, batch: Batch, problems: Problems, store: EvidenceStore
) -> tuple[dict[str, TableCounts], int, int]:
    """Check against the store, then upsert; (counts per table, lines written, photos)."""
    check_serials_in_store(connection, batch, problems, batch.labels.get("serials", "serials"))
    resolved = resolve_returns(
        connection, batch, problems, batch.labels.get("order_ref", "order_ref")
    )
    problems.raise_if_any()
    counts: dict[str, TableCounts] = {}
    lines = photos = 0
    if batch.products:
        counts["products"] = write_products(connection, batch)
    shipment_ids: dict[tuple[str, str], int] = {}
    if batch.shipments:
        try:
            outcome = write_shipments(connection, batch, store)
        except (OSError, EvidenceStoreError) as error:
            problem = ImportErrorLine(problems.file, 0, "photos", store_refusal(store, error))
            raise ImportRejected([problem]) from error
        counts["shipments"] = outcome.counts
        shipment_ids, lines, photos = outcome.ids, outcome.lines_written, outcome.photos_stored
    if batch.returns:
        counts["returns"], return_lines = write_returns(connection, batch, resolved, shipment_ids)
        lines += return_lines
    return counts, lines, photos


@contextmanager
def _import_transaction(engine: Engine) -> Iterator[tuple[Session, Connection]]:
    """The one transaction an import writes in, with the collector paused and the import lock.

    On PostgreSQL imports take turns with each other but not with the stations: the audit chain
    is locked only for the closing event. On SQLite the one transaction holds the file; the
    stations wait their turn for it (store.session retries their start).
    """
    with paused_gc(), writing(engine, rows=True) as session:
        lock_name(session, "import")
        yield session, session.connection()


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while records pile up.

    A large file makes millions of small tuples and dicts that all stay alive until the write;
    each of the collector's full passes walks all of them, which measured as a third of the
    parse time. None of them form cycles, so nothing is lost by collecting once afterwards.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _after_reading(table: Table, problems: Problems, batch: Batch) -> None:
    """A file with a header and no rows is a problem; a legacy encoding is a note."""
    if not problems and batch.rows == 0 and batch.skipped == 0:
        problems.add(
            table.header_line,
            "",
            _("the file has a header but no data rows; expected at least one row below it"),
        )
    if table.encoding in LEGACY_NOTES:
        batch.notes.append(_("read as {encoding}").format(encoding=ENCODING_NAMES[table.encoding]))


def _close(
    session: Session,
    kind: Kind,
    path: Path,
    name: str,
    file_format: str,
    file_hash: tuple[str, int],
    batch: Batch,
    counts: dict[str, TableCounts],
    lines: int,
    photos: int,
    *,
    actor: str,
    station: str,
) -> ImportResult:
    """Write the import's closing audit event in ``session`` and say what was imported.

    ``file_hash`` is the file's SHA-256 and size in bytes.
    """
    digest, size = file_hash
    event = record(
        session,
        actor=actor,
        action=f"import.{kind}",
        entity=f"file:{path.name}"[:80],
        station=station,
        payload=_payload(name, file_format, digest, size, batch, counts, lines, photos),
    )
    return ImportResult(
        kind,
        name,
        file_format,
        rows=batch.rows,
        skipped=batch.skipped,
        counts=counts,
        lines_written=lines,
        photos_stored=photos,
        notes=tuple(batch.notes),
        audit_seq=event.seq,
    )


def _payload(
    name: str,
    file_format: str,
    digest: str,
    size: int,
    batch: Batch,
    counts: dict[str, TableCounts],
    lines: int,
    photos: int,
) -> dict[str, Any]:
    return {
        "file": name,
        "sha256": digest,
        "bytes": size,
        "format": file_format,
        "rows": batch.rows,
        "skipped": batch.skipped,
        "counts": {table: c.as_dict() for table, c in counts.items()},
        "lines_written": lines,
        "photos_stored": photos,
    }
