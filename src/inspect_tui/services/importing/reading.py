"""Opening an import file: text encoding, CSV or XLSX, and physical line numbers.

Back offices export in whatever their spreadsheet saved: UTF-8, UTF-8 with a byte-order mark
(Excel), GB18030 (Chinese Windows), sometimes UTF-16, sometimes XLSX. The reader tries those in
turn, refuses binary files with a message a clerk understands, and hands on each record with
the physical line it starts on (a quoted cell may span several lines) so errors point at the
right place.
"""

from __future__ import annotations

import codecs
import csv
import importlib
import importlib.util
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from inspect_tui.services.importing.validation import reject

SNIFF_BYTES = 64 * 1024
TEXT_ENCODINGS = ("utf-8-sig", "gb18030")
"""Tried in this order; UTF-8 with or without a byte-order mark comes first."""

ZIP_MAGIC = b"PK\x03\x04"
UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


@dataclass(slots=True)
class Table:
    """The rows of one import file.

    Attributes:
        name: The file's name as the user gave it, used in error messages.
        directory: The folder the file is in (photo paths are relative to it).
        header: Header cells, trimmed.
        header_line: Physical line (or sheet row) of the header.
        rows: (line, cells) for every non-blank record after the header; cells are trimmed.
        encoding: How the file was decoded ('xlsx' for a workbook).
    """

    name: str
    directory: Path
    header: list[str]
    header_line: int
    rows: Iterator[tuple[int, list[str]]]
    encoding: str


def xlsx_supported() -> bool:
    """True when openpyxl is installed, so XLSX files can be read."""
    return importlib.util.find_spec("openpyxl") is not None


@contextmanager
def open_table(path: Path, *, display_name: str | None = None) -> Iterator[Table]:
    """Open ``path`` as a table of text cells; the rows are read lazily inside the block.

    Raises:
        ImportRejected: The file is missing, empty, binary, in an unknown encoding, or has no
            header row.
    """
    name = display_name or str(path)
    try:
        with path.open("rb") as handle:
            head = handle.read(SNIFF_BYTES)
    except OSError as error:
        raise reject(name, 0, "", f"cannot open the file: {error.strerror or error}") from error
    if not head.strip():
        raise reject(name, 1, "", "the file is empty; expected a header row and data rows")
    if head.startswith(ZIP_MAGIC) or path.suffix.lower() in (".xlsx", ".xlsm"):
        with _open_xlsx(path, name) as table:
            yield table
        return
    encoding = _text_encoding(path, name, head)
    with path.open("r", encoding=encoding, newline="") as handle:
        first_line = handle.readline()
        handle.seek(0)
        reader = csv.reader(handle, delimiter=_delimiter(first_line))
        records = _records(reader, name)
        header_line, header = _first_record(records, name)
        yield Table(name, path.parent, header, header_line, records, encoding)


def _text_encoding(path: Path, name: str, head: bytes) -> str:
    if head.startswith(UTF16_BOMS):
        return "utf-16"
    if b"\x00" in head or _control_ratio(head) > 0.01:
        raise reject(
            name,
            0,
            "",
            "this is not a text file (it contains binary data); expected a CSV saved as "
            "UTF-8 or GB18030, or an XLSX workbook",
        )
    first_failure = 0
    for encoding in TEXT_ENCODINGS:
        bad_line = _first_undecodable_line(path, encoding)
        if bad_line is None:
            return encoding
        first_failure = first_failure or bad_line
    raise reject(
        name,
        first_failure,
        "",
        "cannot read the text: it is neither UTF-8 nor GB18030 (the first bad bytes are on "
        "this line); save the file again as 'CSV UTF-8'",
    )


def _control_ratio(head: bytes) -> float:
    controls = sum(1 for byte in head if byte < 0x20 and byte not in (0x09, 0x0A, 0x0D, 0x1B))
    return controls / max(len(head), 1)


def _first_undecodable_line(path: Path, encoding: str) -> int | None:
    """None when the whole file decodes, else the line number of the first bad bytes."""
    decoder = codecs.getincrementaldecoder(encoding)()
    lines_before = 0
    with path.open("rb") as handle:
        while True:
            chunk = handle.read(1 << 20)
            try:
                decoder.decode(chunk, final=not chunk)
            except UnicodeDecodeError as error:
                return lines_before + chunk.count(b"\n", 0, error.start) + 1
            if not chunk:
                return None
            lines_before += chunk.count(b"\n")


def _delimiter(first_line: str) -> str:
    if "," not in first_line:
        for candidate in ("\t", ";"):
            if candidate in first_line:
                return candidate
    return ","


def _records(reader: Any, name: str) -> Iterator[tuple[int, list[str]]]:
    """Non-blank records with the physical line each one starts on."""
    previous_end = 0
    strip = str.strip
    try:
        for row in reader:
            start = previous_end + 1
            previous_end = reader.line_num
            cells = list(map(strip, row))
            if any(cells):
                yield start, cells
    except csv.Error as error:
        raise reject(name, previous_end + 1, "", f"the CSV is malformed: {error}") from error


def _first_record(records: Iterator[tuple[int, list[str]]], name: str) -> tuple[int, list[str]]:
    for line, cells in records:
        return line, cells
    raise reject(name, 1, "", "the file is empty; expected a header row and data rows")


@contextmanager
def _open_xlsx(path: Path, name: str) -> Iterator[Table]:
    if not xlsx_supported():
        raise reject(
            name,
            0,
            "",
            "this is an XLSX workbook, and reading XLSX needs the optional package openpyxl "
            "(pip install openpyxl); or save the sheet as 'CSV UTF-8' and import that",
        )
    openpyxl = importlib.import_module("openpyxl")
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many types for a damaged workbook
        raise reject(name, 0, "", f"cannot read the workbook: {error}") from error
    try:
        sheet = workbook.worksheets[0]
        records = _sheet_records(sheet.iter_rows(values_only=True))
        header_line, header = _first_record(records, name)
        yield Table(name, path.parent, header, header_line, records, "xlsx")
    finally:
        workbook.close()


def _sheet_records(rows: Iterator[tuple[Any, ...]]) -> Iterator[tuple[int, list[str]]]:
    for number, values in enumerate(rows, start=1):
        cells = [_cell_text(value) for value in values]
        if any(cells):
            yield number, cells


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value).strip()
