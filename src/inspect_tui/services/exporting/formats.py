"""The export's file writers: CSV, JSON Lines and a streaming XLSX writer.

Each writer takes rows in the column order of :mod:`inspect_tui.services.exporting.rows`. Text
cells that a spreadsheet would run as a formula get a leading ``'`` in CSV and XLSX; numbers
stay numbers. The XLSX writer streams rows into the sheet's XML inside the zip, so memory does
not grow with the export.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import re
import zipfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, Any, Protocol

from inspect_tui.services.exporting.rows import Column

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""Text starting with one of these would be read as a formula by a spreadsheet."""
_FORMULA_CHARS = "".join(FORMULA_STARTS)
XLSX_MAX_ROWS = 1_048_576
"""Rows in one Excel worksheet; a longer export continues on another sheet."""
XLSX_MAX_TEXT = 32_767
"""Characters in one Excel cell."""


def neutralise(text: str) -> str:
    """``text`` with a leading ``'`` when a spreadsheet would read it as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


class Sink(Protocol):
    """Where export rows go."""

    def write(self, row: list[Any]) -> None: ...


@contextlib.contextmanager
def open_sink(
    fmt: str,
    path: Path,
    columns: tuple[Column, ...],
    bom: bool,
    headers: Sequence[str] | None = None,
) -> Iterator[Sink]:
    """A writer of ``fmt`` rows into ``path``.

    Args:
        fmt: ``csv``, ``jsonl`` or ``xlsx``.
        path: The file to write.
        columns: The columns of every row.
        bom: Start a CSV with a UTF-8 byte-order mark.
        headers: The header row of a CSV or XLSX (default: the columns' names).
    """
    names = tuple(headers) if headers is not None else tuple(c.name for c in columns)
    if fmt == "xlsx":
        xlsx = _XlsxSink(path, columns, names)
        try:
            yield xlsx
        finally:
            xlsx.close()
        return
    encoding = "utf-8-sig" if (bom and fmt == "csv") else "utf-8"
    with path.open("w", encoding=encoding, newline="") as handle:
        yield _CsvSink(handle, columns, names) if fmt == "csv" else _JsonlSink(handle, columns)


def _kinds(columns: tuple[Column, ...], *kinds: str) -> tuple[int, ...]:
    return tuple(index for index, column in enumerate(columns) if column.kind in kinds)


class _CsvSink:
    """Text cells neutralised, lists joined with ``;``, numbers as they are."""

    def __init__(
        self, handle: IO[str], columns: tuple[Column, ...], headers: tuple[str, ...]
    ) -> None:
        self._writer = csv.writer(handle)
        self._writer.writerow(headers)
        self._text = _kinds(columns, "text", "list")
        self._lists = _kinds(columns, "list")

    def write(self, row: list[Any]) -> None:
        for index in self._lists:
            row[index] = ";".join(row[index])
        for index in self._text:
            value = row[index]
            if value and value[0] in _FORMULA_CHARS:
                row[index] = "'" + value
        self._writer.writerow(row)


class _JsonlSink:
    """One JSON object a line: lists as arrays, money as numbers, nothing neutralised."""

    def __init__(self, handle: IO[str], columns: tuple[Column, ...]) -> None:
        self._handle = handle
        self._names = tuple(column.name for column in columns)
        self._money = _kinds(columns, "money")
        self._encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode

    def write(self, row: list[Any]) -> None:
        for index in self._money:
            value = row[index]
            if value is not None:
                row[index] = float(value)
        self._handle.write(self._encode(dict(zip(self._names, row, strict=True))) + "\n")


class _XlsxSink:
    """A workbook streamed straight into its ZIP: one worksheet part written row by row.

    openpyxl's write-only mode keeps memory flat too, but builds an XML element per cell and
    exported about 1,200 rows a second here; this writes the same SpreadsheetML as text:
    text as inline strings, numbers as numbers, a bold frozen header row. A sheet holds
    :data:`XLSX_MAX_ROWS` rows; the export continues on ``inspections 2`` and so on.
    """

    def __init__(self, path: Path, columns: tuple[Column, ...], headers: tuple[str, ...]) -> None:
        self._zip = zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1)
        self._columns = columns
        self._headers = headers
        self._letters = [_column_letters(index) for index in range(len(columns))]
        self._numeric = [column.kind in ("int", "money") for column in columns]
        self._lists = [column.kind == "list" for column in columns]
        self._sheet: IO[str] | None = None
        self._sheets = 0
        self._row = XLSX_MAX_ROWS

    def write(self, row: list[Any]) -> None:
        if self._row >= XLSX_MAX_ROWS:
            self._new_sheet()
        self._row += 1
        number = self._row
        cells = []
        for letter, numeric, is_list, value in zip(
            self._letters, self._numeric, self._lists, row, strict=True
        ):
            if is_list:
                value = ";".join(value)
            if value is None or value == "":
                continue
            if numeric:
                cells.append(f'<c r="{letter}{number}"><v>{value}</v></c>')
            else:
                cells.append(f'<c r="{letter}{number}" t="inlineStr">{_inline(value)}</c>')
        assert self._sheet is not None
        self._sheet.write(f'<row r="{number}">{"".join(cells)}</row>')

    def close(self) -> None:
        if self._sheet is None:
            self._new_sheet()
        self._end_sheet()
        sheets = range(1, self._sheets + 1)
        names = ["inspections" if n == 1 else f"inspections {n}" for n in sheets]
        parts = "".join(
            f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="{_XLSX_SHEET}"/>'
            for n in sheets
        )
        self._zip.writestr("[Content_Types].xml", _XLSX_TYPES.format(sheets=parts))
        self._zip.writestr("_rels/.rels", _XLSX_ROOT_RELS)
        self._zip.writestr(
            "xl/workbook.xml",
            _XLSX_WORKBOOK.format(
                sheets="".join(
                    f'<sheet name="{name}" sheetId="{n}" r:id="rId{n}"/>'
                    for n, name in zip(sheets, names, strict=True)
                )
            ),
        )
        self._zip.writestr(
            "xl/_rels/workbook.xml.rels",
            _XLSX_RELS.format(
                sheets="".join(
                    f'<Relationship Id="rId{n}" Type="{_XLSX_REL}/worksheet" '
                    f'Target="worksheets/sheet{n}.xml"/>'
                    for n in sheets
                ),
                styles=f'<Relationship Id="rIdStyles" Type="{_XLSX_REL}/styles" '
                'Target="styles.xml"/>',
            ),
        )
        self._zip.writestr("xl/styles.xml", _XLSX_STYLES)
        self._zip.close()

    def _new_sheet(self) -> None:
        if self._sheet is not None:
            self._end_sheet()
        self._sheets += 1
        part = self._zip.open(f"xl/worksheets/sheet{self._sheets}.xml", "w", force_zip64=True)
        self._sheet = io.TextIOWrapper(part, encoding="utf-8", newline="")
        widths = "".join(
            f'<col min="{n}" max="{n}" width="{_WIDTHS[column.kind]}" customWidth="1"/>'
            for n, column in enumerate(self._columns, start=1)
        )
        header = "".join(
            f'<c r="{letter}1" t="inlineStr" s="1">{_inline(name)}</c>'
            for letter, name in zip(self._letters, self._headers, strict=True)
        )
        self._sheet.write(_XLSX_SHEET_START.format(cols=widths) + f'<row r="1">{header}</row>')
        self._row = 1

    def _end_sheet(self) -> None:
        assert self._sheet is not None
        self._sheet.write("</sheetData></worksheet>")
        self._sheet.close()


def _column_letters(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


_XML_UNSAFE = re.compile(r"[&<>\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|^\s|\s$")
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _inline(value: str) -> str:
    """An inline string cell's content: neutralised, legal in XML, escaped, at most 32,767."""
    if value[0] in _FORMULA_CHARS:
        value = "'" + value
    if len(value) > XLSX_MAX_TEXT:
        value = value[: XLSX_MAX_TEXT - 1] + "…"
    if not _XML_UNSAFE.search(value):
        return f"<is><t>{value}</t></is>"
    value = _XML_ILLEGAL.sub("\ufffd", value)
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return f'<is><t xml:space="preserve">{value}</t></is>'


_WIDTHS = {"text": 16, "time": 26, "int": 10, "money": 12, "list": 22}
_XLSX_NS = "http://schemas.openxmlformats.org"
_XLSX_REL = f"{_XLSX_NS}/officeDocument/2006/relationships"
_XLSX_SHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
_XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_XLSX_TYPES = (
    f'{_XML_HEAD}<Types xmlns="{_XLSX_NS}/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/styles.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>{sheets}</Types>'
)
_XLSX_ROOT_RELS = (
    f'{_XML_HEAD}<Relationships xmlns="{_XLSX_NS}/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{_XLSX_REL}/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
_XLSX_WORKBOOK = (
    f'{_XML_HEAD}<workbook xmlns="{_XLSX_NS}/spreadsheetml/2006/main" '
    f'xmlns:r="{_XLSX_REL}"><sheets>{{sheets}}</sheets></workbook>'
)
_XLSX_RELS = (
    f'{_XML_HEAD}<Relationships xmlns="{_XLSX_NS}/package/2006/relationships">'
    "{sheets}{styles}</Relationships>"
)
_XLSX_STYLES = (
    f'{_XML_HEAD}<styleSheet xmlns="{_XLSX_NS}/spreadsheetml/2006/main">'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)
_XLSX_SHEET_START = (
    f'{_XML_HEAD}<worksheet xmlns="{_XLSX_NS}/spreadsheetml/2006/main">'
    '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" '
    'activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>'
    "<cols>{cols}</cols><sheetData>"
)
