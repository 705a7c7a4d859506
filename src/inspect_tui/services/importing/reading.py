"""Opening an import file: text encoding, CSV or XLSX, and physical line numbers.

Back offices export in whatever their spreadsheet saved: UTF-8, UTF-8 with a byte-order mark
(Excel), GB18030 (Chinese Windows), Shift-JIS (Japanese Windows) or Big5 (Taiwan, Hong Kong),
sometimes UTF-16, sometimes XLSX. The reader tells those apart, refuses binary files with a
message a clerk understands, and hands on each record with the physical line it starts on (a
quoted cell may span several lines) so errors point at the right place.
"""

from __future__ import annotations

import codecs
import csv
import importlib
import importlib.util
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from inspect_tui.core.translation import N_, _
from inspect_tui.services.importing.validation import reject

SNIFF_BYTES = 64 * 1024
LEGACY_ENCODINGS = ("gb18030", "cp932", "cp950")
"""Tried when a file is not UTF-8: Chinese (GB18030), Japanese (Shift-JIS), Big5 Windows."""
ENCODING_NAMES = {
    "utf-8-sig": "UTF-8",
    "utf-16": "UTF-16",
    "gb18030": "GB18030",
    "cp932": "Shift-JIS (Japanese)",
    "cp950": "Big5 (traditional Chinese)",
    "xlsx": "XLSX",
}
"""How each encoding is named to the user."""
BINARY_MESSAGE = N_(
    "this is not a text file (it contains binary data); expected a CSV saved as "
    "UTF-8 or GB18030, or an XLSX workbook"
)

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
        raise reject(
            name, 0, "", _("cannot open the file: {reason}").format(reason=error.strerror or error)
        ) from error
    if not head.strip():
        raise reject(name, 1, "", _("the file is empty; expected a header row and data rows"))
    if head.startswith(ZIP_MAGIC) or path.suffix.lower() in (".xlsx", ".xlsm"):
        with _open_xlsx(path, name) as table:
            yield table
        return
    encoding = _text_encoding(path, name, head)
    with path.open("r", encoding=encoding, newline="") as handle:
        first_line = handle.readline()
        handle.seek(0)
        lines: Iterable[str] = handle if encoding != "utf-16" else _without_nul(handle, name)
        reader = csv.reader(lines, delimiter=_delimiter(first_line))
        records = _records(reader, name)
        header_line, header = _first_record(records, name)
        yield Table(name, path.parent, header, header_line, records, encoding)


def _text_encoding(path: Path, name: str, head: bytes) -> str:
    if head.startswith(UTF16_BOMS):
        broken = _first_bad_line(path, "utf-16", nul_allowed=True)
        if broken is not None:
            raise reject(
                name,
                broken[0],
                "",
                _(
                    "cannot read the text: it starts as UTF-16 but is cut off or damaged (the "
                    "first bad bytes are on this line); save the file again as 'CSV UTF-8'"
                ),
            )
        return "utf-16"
    if b"\x00" in head or _control_ratio(head) > 0.01:
        raise reject(name, 0, "", _(BINARY_MESSAGE))
    bad = _first_bad_line(path, "utf-8-sig")
    if bad is None:
        return "utf-8-sig"
    encoding = guess_legacy_encoding(head)
    found = _first_bad_line(path, encoding)
    if found is None:
        return encoding
    line, nul = found
    if nul:
        raise reject(name, line, "", _(BINARY_MESSAGE))
    raise reject(
        name,
        min(line, bad[0]),
        "",
        _(
            "cannot read the text: it is neither UTF-8 nor {encoding} (the first bad bytes are "
            "on this line); save the file again as 'CSV UTF-8'"
        ).format(encoding=ENCODING_NAMES[encoding]),
    )


def guess_legacy_encoding(head: bytes) -> str:
    """Which legacy Windows encoding ``head`` (not UTF-8) is most likely written in.

    GB18030 can decode almost any bytes, so a Japanese (Shift-JIS) or Taiwanese/Hong Kong
    (Big5) file read as GB18030 gives Chinese-looking nonsense without an error. Each candidate
    is therefore scored by how many of the characters it decodes are everyday ones in its own
    character set (GB2312 for GB18030, kana and level-1 kanji for Shift-JIS, the common
    characters of Big5); GB18030 wins ties, as the likeliest on a Chinese seller's PC.
    """
    scores = {encoding: _everyday_share(head, encoding) for encoding in LEGACY_ENCODINGS}
    best = max(scores, key=lambda encoding: scores[encoding])
    if scores[best] >= 0.5 and scores[best] > scores["gb18030"] + 0.15:
        return best
    return "gb18030"


def _everyday_share(head: bytes, encoding: str) -> float:
    """Share of the non-ASCII characters of ``head`` that are everyday ones (-1: undecodable)."""
    try:
        text = codecs.getincrementaldecoder(encoding)().decode(head, final=False)
    except UnicodeDecodeError:
        return -1.0
    wide = [char for char in text if ord(char) > 0x7F]
    if not wide:
        return 0.0
    everyday = _EVERYDAY[encoding]
    return sum(1 for char in wide if everyday(char)) / len(wide)


def _in_gb2312(char: str) -> bool:
    try:
        char.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def _in_shift_jis_level1(char: str) -> bool:
    if "\u3040" <= char <= "\u30ff":  # hiragana and katakana
        return True
    try:
        encoded = char.encode("cp932")
    except UnicodeEncodeError:
        return False
    return len(encoded) == 2 and 0x81 <= encoded[0] <= 0x98


def _in_big5_common(char: str) -> bool:
    try:
        encoded = char.encode("cp950")
    except UnicodeEncodeError:
        return False
    return len(encoded) == 2 and 0xA1 <= encoded[0] <= 0xC6


_EVERYDAY = {"gb18030": _in_gb2312, "cp932": _in_shift_jis_level1, "cp950": _in_big5_common}


def _control_ratio(head: bytes) -> float:
    controls = sum(1 for byte in head if byte < 0x20 and byte not in (0x09, 0x0A, 0x0D, 0x1B))
    return controls / max(len(head), 1)


def _first_bad_line(
    path: Path, encoding: str, *, nul_allowed: bool = False
) -> tuple[int, bool] | None:
    """None when the whole file decodes (and has no NUL byte), else (line, True if a NUL).

    Lines are counted by b"\\n", which is only approximate in UTF-16; good enough to point
    near the damage.
    """
    decoder = codecs.getincrementaldecoder(encoding)()
    lines_before = 0
    with path.open("rb") as handle:
        while True:
            chunk = handle.read(1 << 20)
            try:
                decoder.decode(chunk, final=not chunk)
            except UnicodeDecodeError as error:
                return lines_before + chunk.count(b"\n", 0, error.start) + 1, False
            nul = -1 if nul_allowed else chunk.find(b"\x00")
            if nul >= 0:
                return lines_before + chunk.count(b"\n", 0, nul) + 1, True
            if not chunk:
                return None
            lines_before += chunk.count(b"\n")


def _delimiter(first_line: str) -> str:
    if "," not in first_line:
        for candidate in ("\t", ";"):
            if candidate in first_line:
                return candidate
    return ","


def _without_nul(lines: Iterable[str], name: str) -> Iterator[str]:
    """The lines of a UTF-16 file, refusing a NUL character (the database cannot store one)."""
    for number, line in enumerate(lines, start=1):
        if "\x00" in line:
            raise reject(name, number, "", _(BINARY_MESSAGE))
        yield line


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
        raise reject(
            name, previous_end + 1, "", _("the CSV is malformed: {reason}").format(reason=error)
        ) from error


def _first_record(records: Iterator[tuple[int, list[str]]], name: str) -> tuple[int, list[str]]:
    for line, cells in records:
        return line, cells
    raise reject(name, 1, "", _("the file is empty; expected a header row and data rows"))


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
        raise reject(
            name, 0, "", _("cannot read the workbook: {reason}").format(reason=error)
        ) from error
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
