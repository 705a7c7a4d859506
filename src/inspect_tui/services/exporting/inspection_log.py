"""Exporting the inspection log: CSV, JSON Lines or XLSX, streamed, safe to open in Excel.

``export_inspections`` is the one entry point, used by ``inspect-tui export inspections``, the
app's export screen and scripts. Rows are streamed from the store (see
:mod:`inspect_tui.services.exporting.rows`) straight into the file, so exporting a million
inspections takes the memory of a few thousand. The file is written under a temporary name
beside the target and renamed only when complete: a failed or cancelled export never leaves a
half file, and an existing file is replaced only when asked.

Spreadsheets run text as formulas when it starts with ``=``, ``+``, ``-`` or ``@`` (and tab or
CR), which a buyer's name or claim text could exploit (CSV injection). In CSV and XLSX such text
cells get a leading ``'``; numbers are written as numbers and never touched. CSV is UTF-8 with a
byte-order mark by default, so Excel reads Chinese text as Chinese.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, tzinfo
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError

from inspect_tui.core.policy import OUTCOMES
from inspect_tui.core.translation import _
from inspect_tui.core.zones import local_zone
from inspect_tui.services.exporting.formats import (
    neutralise,
    open_sink,
)
from inspect_tui.services.exporting.rows import (
    ExportFilter,
    columns_for,
    count_inspections,
    log_rows,
)
from inspect_tui.services.shared.errors import DeskError
from inspect_tui.store.session import reading

__all__ = [
    "FORMATS",
    "ExportCancelled",
    "ExportError",
    "ExportResult",
    "check_target",
    "export_inspections",
    "finished_file",
    "format_for",
    "neutralise",
    "parse_day",
]

FORMATS = ("csv", "jsonl", "xlsx")
"""The file formats of the export."""
PROGRESS_EVERY = 1000
"""Inspections between two progress reports (and checks for cancellation)."""

_SUFFIXES = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".xlsx": "xlsx"}


class ExportError(DeskError):
    """The export cannot be made as asked; nothing was written."""


class ExportCancelled(ExportError):
    """The export was cancelled; nothing was written."""


@dataclass(frozen=True, slots=True)
class ExportResult:
    """What was exported.

    Attributes:
        rows: Data rows written (without the header).
        path: The file written.
        inspections: Inspections exported (equal to ``rows`` unless one row per unit).
        fmt: ``csv``, ``jsonl`` or ``xlsx``.
    """

    rows: int
    path: Path
    inspections: int
    fmt: str


def format_for(path: Path) -> str | None:
    """The export format a file name asks for by its suffix, or None."""
    return _SUFFIXES.get(path.suffix.lower())


def parse_day(text: str, what: str = "date") -> date:
    """A day written ``YYYY-MM-DD``, or an ExportError that says how to write it."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ExportError(
            _("{what} {text} is not a date: write it as YYYY-MM-DD, e.g. 2026-11-18.").format(
                what=what, text=repr(text)
            )
        ) from None


def export_inspections(
    engine: Engine,
    path: Path,
    *,
    fmt: str | None = None,
    start: date | None = None,
    end: date | None = None,
    outcomes: Sequence[str] = (),
    units: bool = False,
    bom: bool = True,
    tz: tzinfo | None = None,
    overwrite: bool = False,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    headers: Sequence[str] | None = None,
) -> ExportResult:
    """Write the log of completed inspections to ``path``.

    Args:
        engine: The store.
        path: The file to write.
        fmt: ``csv``, ``jsonl`` or ``xlsx``; None to go by the file's suffix.
        start: First day (of completion, local time) to include; None for no limit.
        end: Last day to include; None for no limit.
        outcomes: Only these outcomes (accept, partial, reject, escalate, refused); empty: all.
        units: One row per unit instead of one per inspection.
        bom: Start a CSV with a UTF-8 byte-order mark (what Excel needs to read Chinese).
        tz: Zone for days and times (default: this machine's).
        overwrite: Replace ``path`` if it exists.
        progress: Called with (inspections done, inspections in all) as the export goes; it
            runs on the exporting thread.
        cancelled: Polled as the export goes; when it returns True the export stops.
        headers: The CSV's or XLSX's header row, one per column (see ``column_headings``);
            None for the columns' stable names. JSON Lines keys are always the names.

    Returns:
        How many rows went where.

    Raises:
        ExportError: A bad argument, an existing file (without ``overwrite``), a file or
            folder that cannot be written, or an unreachable store. Nothing is left behind.
        ExportCancelled: ``cancelled`` returned True. Nothing is left behind.
    """
    path = Path(path)
    fmt = _check_format(path, fmt)
    _check_outcomes(outcomes)
    if start is not None and end is not None and start > end:
        raise ExportError(
            _("The period starts ({start}) after it ends ({end}).").format(start=start, end=end)
        )
    check_target(path, overwrite=overwrite)
    if tz is None:
        tz = local_zone()
    where = ExportFilter(start, end, tuple(outcomes), tz)
    with finished_file(path, overwrite=overwrite) as temporary:
        rows, inspections = _write(
            engine, temporary, fmt, where, units, bom, progress, cancelled, headers
        )
    return ExportResult(rows=rows, path=path, inspections=inspections, fmt=fmt)


def _check_format(path: Path, fmt: str | None) -> str:
    chosen = (fmt or format_for(path) or "").lower()
    if chosen not in FORMATS:
        shown = f"{fmt!r}" if fmt else f"the file name {path.name!r}"
        raise ExportError(
            f"Cannot tell the export format from {shown}: use {', '.join(FORMATS)} "
            "(--format, or a file ending in .csv, .jsonl or .xlsx)."
        )
    return chosen


def _check_outcomes(outcomes: Sequence[str]) -> None:
    unknown = [name for name in outcomes if name not in OUTCOMES]
    if unknown:
        raise ExportError(
            f"Unknown outcome {', '.join(map(repr, unknown))}: use {', '.join(OUTCOMES)}."
        )


def check_target(path: Path, *, overwrite: bool, error: type[DeskError] = ExportError) -> None:
    """Refuse a target that is a folder, or that exists when it may not be replaced.

    Raises:
        error: With the message for the person who chose the path.
    """
    too_long = next((part for part in path.parts if len(os.fsencode(part)) > NAME_MAX), None)
    if too_long is not None:
        raise error(
            _(
                "The name {name}… is {size} bytes long; a file or folder name is at most "
                "{most}: choose a shorter one."
            ).format(name=too_long[:40], size=len(os.fsencode(too_long)), most=NAME_MAX)
        )
    try:
        is_dir, exists = path.is_dir(), path.exists()
    except (OSError, ValueError) as problem:
        reason = getattr(problem, "strerror", None) or str(problem)
        raise error(
            _(
                "Cannot write to {path}… ({reason}): choose a shorter name in a folder you can "
                "write to."
            ).format(path=str(path)[:80], reason=reason)
        ) from None
    if is_dir:
        raise error(_("{path} is a folder: give a file name in it.").format(path=path))
    if exists and not overwrite:
        raise error(
            _(
                "{path} already exists: choose another name or allow replacing it "
                "(--force on the command line)."
            ).format(path=path)
        )


NAME_MAX = 255
"""The longest file or folder name (in bytes) the usual file systems take."""


@contextlib.contextmanager
def finished_file(
    path: Path, *, overwrite: bool, error: type[DeskError] = ExportError
) -> Iterator[Path]:
    """A temporary file beside ``path`` that takes its name only when the block succeeds.

    The block writes the temporary file; when it finishes without an exception the file is
    renamed to ``path`` (atomically, in the same folder), otherwise it is deleted. Without
    ``overwrite`` an existing ``path`` is never replaced, even one created meanwhile.

    Raises:
        error: The folder cannot be written, or ``path`` appeared meanwhile.
    """
    temporary = _temporary_beside(path, error)
    try:
        yield temporary
        _publish(temporary, path, overwrite, error)
    finally:
        temporary.unlink(missing_ok=True)


def _temporary_beside(path: Path, error: type[DeskError]) -> Path:
    folder = path.parent
    temporary = folder / f".{path.name}.{secrets.token_hex(6)}.partial"
    try:
        # Created like any new file (the umask applies), so the export is readable as usual.
        with temporary.open("xb"):
            pass
    except FileNotFoundError:
        raise error(f"The folder {folder} does not exist: create it or choose another.") from None
    except NotADirectoryError:
        raise error(f"{folder} is not a folder: choose a folder to write in.") from None
    except OSError as problem:
        raise error(
            f"Cannot write in {folder}: {problem.strerror or problem}. Choose a folder you can "
            "write to."
        ) from None
    return temporary


def _publish(temporary: Path, path: Path, overwrite: bool, error: type[DeskError]) -> None:
    try:
        if overwrite:
            os.replace(temporary, path)
            return
        try:
            os.link(temporary, path)
        except FileExistsError:
            raise error(f"{path} was created meanwhile: nothing was replaced.") from None
        except OSError:
            # A file system without hard links: check, then rename.
            if path.exists():
                raise error(f"{path} was created meanwhile: nothing was replaced.") from None
            os.replace(temporary, path)
    except OSError as problem:
        raise error(f"Cannot write {path}: {problem.strerror or problem}.") from None


def _write(
    engine: Engine,
    temporary: Path,
    fmt: str,
    where: ExportFilter,
    units: bool,
    bom: bool,
    progress: Callable[[int, int], None] | None,
    cancelled: Callable[[], bool] | None,
    headers: Sequence[str] | None,
) -> tuple[int, int]:
    columns = columns_for(units)
    if headers is not None and len(headers) != len(columns):
        raise ExportError(f"{len(headers)} headers for {len(columns)} columns.")
    written = 0
    done = 0
    try:
        with reading(engine) as session:
            total = count_inspections(session, where)
            if progress is not None:
                progress(0, total)

            def step(count: int) -> None:
                nonlocal done
                done = count
                if count % PROGRESS_EVERY:
                    return
                if cancelled is not None and cancelled():
                    raise ExportCancelled(_("Export cancelled: no file was written."))
                if progress is not None:
                    progress(count, total)

            with open_sink(fmt, temporary, columns, bom, headers) as sink:
                for row in log_rows(session, where, units=units, on_inspection=step):
                    sink.write(row)
                    written += 1
            if cancelled is not None and cancelled():
                raise ExportCancelled(_("Export cancelled: no file was written."))
            if progress is not None:
                progress(done, total)
    except OperationalError as error:
        first = str(getattr(error, "orig", error)).strip().splitlines()[:1]
        raise ExportError(
            _("The database could not be read ({problem}).").format(problem="".join(first))
        ) from None
    except OSError as error:
        raise ExportError(
            _("Cannot write the export: {problem}. Nothing was written.").format(
                problem=error.strerror or error
            )
        ) from None
    return written, done
