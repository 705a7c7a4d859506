"""The inspection log export, read back with independent readers: csv, json and openpyxl.

Real inspections are driven through the Workstation on the demo store (SQLite and PostgreSQL),
exported, and every file is parsed again: row counts, Chinese text, formula cells neutralised,
numbers typed as numbers, filters, and the promise that a failed export leaves no file.
"""

from __future__ import annotations

import csv
import json
import tracemalloc
import zipfile
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import openpyxl
import pytest
from sqlalchemy import insert, update
from sqlmodel import col

from inspect_tui.services.demo import DemoStore
from inspect_tui.services.exporting import formats as export_formats
from inspect_tui.services.exporting import inspection_log as exporting
from inspect_tui.services.exporting.inspection_log import (
    ExportCancelled,
    ExportError,
    export_inspections,
    neutralise,
)
from inspect_tui.services.exporting.rows import INSPECTION_COLUMNS, UNIT_COLUMNS
from inspect_tui.services.inspecting.workstation import Workstation
from inspect_tui.services.shared.views import InspectionView
from inspect_tui.store.models import Inspection

HP_GTIN = "06901234567014"
SHANGHAI = timezone(timedelta(hours=8))
FORMULA = '=HYPERLINK("http://evil.example","click")'
NOTE = "+86 138 0000 0000 @sender -2+3"


def finish(
    ws: Workstation,
    code: str,
    grams: int,
    scans: Sequence[str] = (),
    grade: str | None = "A",
    photo: Path | None = None,
    outcome: str | None = None,
    justification: str | None = None,
) -> InspectionView:
    """Drive one parcel from scan to completion, attaching whatever evidence is asked for."""
    view = ws.open_parcel(code)
    view = ws.record_weight(view.inspection_id, grams)
    for scan in scans:
        view = ws.scan_item(view.inspection_id, scan)
    if grade is not None:
        for unit in view.units:
            view = ws.grade_unit(view.inspection_id, unit.unit_id, grade)
    if photo is not None:
        for _reason, kind in view.suggested.missing_evidence:
            if kind != "pre_shipment":
                view = ws.attach_evidence(view.inspection_id, photo, kind)
    view = ws.decide(view.inspection_id, outcome, justification=justification)
    return ws.complete(view.inspection_id)


@pytest.fixture
def log(ws: Workstation, photo: Path) -> dict[str, InspectionView]:
    """Five completed inspections of different kinds, and one left open."""
    done = {
        "accept": finish(ws, "SF1402590004417", 515, ["HP100-2411-00871"]),
        "swapped": finish(ws, "DY-RT-20017", 400, [HP_GTIN], grade="X", photo=photo),
        "override": finish(
            ws,
            "KS-TH-7781",
            510,
            ["HP100-2411-00912"],
            outcome="escalate",
            justification=FORMULA,
        ),
        "two_units": finish(ws, "DY-RT-20102", 60, ["LP-CASE", "LP-CASE"], photo=photo),
    }
    unmatched = ws.open_unmatched("SF9999999999999", NOTE)
    ws.record_weight(unmatched.inspection_id, 300)
    ws.decide(unmatched.inspection_id)
    done["unmatched"] = ws.complete(unmatched.inspection_id)
    ws.open_parcel("TM-RF-55120")  # still open: not in the log
    return done


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def by_code(rows: Sequence[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {row["code"]: row for row in rows}


# --- CSV --------------------------------------------------------------------------------------


def test_csv_has_one_row_per_completed_inspection(
    ws: Workstation, log: dict[str, InspectionView], tmp_path: Path
) -> None:
    out = tmp_path / "log.csv"

    result = export_inspections(ws.engine, out, fmt="csv", tz=UTC)

    assert out.read_bytes().startswith(b"\xef\xbb\xbf")  # BOM: Excel reads the file as UTF-8
    with out.open(encoding="utf-8-sig", newline="") as handle:
        header = next(csv.reader(handle))
    assert header == [column.name for column in INSPECTION_COLUMNS]
    rows = read_csv(out)
    assert result.rows == result.inspections == len(rows) == 5
    assert set(by_code(rows)) == {view.code for view in log.values()}
    accept = by_code(rows)[log["accept"].code]
    assert accept["buyer_name"] == "王小明"
    assert accept["claim_text"] == "七天无理由退货"
    assert accept["order_ref"] == "TB4015528817"
    assert accept["rma_ref"] == "TB-RF-880001"
    assert accept["tracking_return"] == "SF1402590004417"
    assert (accept["expected_weight_g"], accept["weight_g"]) == ("520", "515")
    assert (accept["outcome"], accept["reasons"]) == ("accept", "NO_REASON_RETURN")
    assert (accept["refund"], accept["refund_requested"], accept["currency"]) == (
        "399.00",
        "399.00",
        "CNY",
    )
    assert accept["dispositions"] == "restock" and accept["units"] == "1"
    assert accept["opened_at"] == "2026-11-18T10:00:00+00:00"
    assert accept["completed_at"] == "2026-11-18T10:00:00+00:00"
    assert (accept["station"], accept["inspector"]) == ("bench-1", "alice")
    two = by_code(rows)[log["two_units"].code]
    assert two["units"] == "2" and len(two["dispositions"].split(";")) == 2
    swapped = by_code(rows)[log["swapped"].code]
    assert "SWAPPED_ITEM" in swapped["reasons"].split(";")
    assert int(swapped["evidence"]) >= 1
    assert swapped["review_state"] == "pending"


def test_csv_neutralises_formulas_but_not_numbers(
    ws: Workstation, log: dict[str, InspectionView], tmp_path: Path
) -> None:
    out = tmp_path / "log.csv"

    export_inspections(ws.engine, out, tz=UTC)

    rows = by_code(read_csv(out))
    assert rows[log["override"].code]["justification"] == "'" + FORMULA
    unmatched = rows[log["unmatched"].code]
    assert unmatched["note"] == "'" + NOTE
    assert unmatched["weight_g"] == "300"
    assert unmatched["order_ref"] == "" and unmatched["units"] == "0"
    for row in rows.values():
        for name, value in row.items():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), (name, value)


def test_csv_without_bom(ws: Workstation, log: dict[str, InspectionView], tmp_path: Path) -> None:
    out = tmp_path / "log.csv"

    export_inspections(ws.engine, out, bom=False, tz=UTC)

    content = out.read_bytes()
    assert content.startswith(b"code,")
    assert "王小明".encode() in content


def test_neutralise() -> None:
    assert neutralise("=1+1") == "'=1+1"
    assert neutralise("\tx") == "'\tx"
    assert neutralise("\rx") == "'\rx"
    assert neutralise("王小明") == "王小明"
    assert neutralise("a=b") == "a=b"


# --- XLSX and JSON Lines ----------------------------------------------------------------------


def test_xlsx_types_numbers_as_numbers_and_neutralises_text(
    ws: Workstation, log: dict[str, InspectionView], tmp_path: Path
) -> None:
    out = tmp_path / "log.xlsx"

    result = export_inspections(ws.engine, out, tz=UTC)

    assert result.fmt == "xlsx" and result.rows == 5
    book = openpyxl.load_workbook(out)
    sheet = book["inspections"]
    cells = list(sheet.iter_rows())
    assert [cell.value for cell in cells[0]] == [column.name for column in INSPECTION_COLUMNS]
    names = [cell.value for cell in cells[0]]
    rows = {row[0].value: dict(zip(names, row, strict=True)) for row in cells[1:]}
    assert len(rows) == 5
    accept = rows[log["accept"].code]
    assert accept["weight_g"].value == 515 and accept["weight_g"].data_type == "n"
    assert isinstance(accept["weight_g"].value, int)
    assert accept["refund"].data_type == "n" and accept["refund"].value == 399
    assert accept["units"].value == 1 and accept["units"].data_type == "n"
    assert accept["buyer_name"].value == "王小明"
    formula = rows[log["override"].code]["justification"]
    assert formula.data_type == "s" and formula.value == "'" + FORMULA
    assert rows[log["unmatched"].code]["note"].value == "'" + NOTE
    assert all(cell.data_type != "f" for row in cells for cell in row)


def test_xlsx_survives_markup_control_characters_and_long_text(
    ws: Workstation, tmp_path: Path
) -> None:
    nasty = "<b>A&B</b> \x01 tab\there " + "长" * 40_000
    view = ws.open_unmatched("SF9999999999999", "grey parcel")
    # The bench bounds what it takes; a store filled by an older version may hold anything.
    with ws.engine.begin() as connection:
        connection.execute(
            update(Inspection).where(col(Inspection.id) == view.inspection_id).values(note=nasty)
        )
    ws.record_weight(view.inspection_id, 300)
    ws.complete(ws.decide(view.inspection_id).inspection_id)
    out = tmp_path / "log.xlsx"

    export_inspections(ws.engine, out, tz=UTC)

    with zipfile.ZipFile(out) as archive:
        for name in archive.namelist():
            if name.endswith((".xml", ".rels")):
                ElementTree.fromstring(archive.read(name))  # every part is well-formed XML
    sheet = openpyxl.load_workbook(out)["inspections"]
    names = [cell.value for cell in sheet[1]]
    note = sheet.cell(row=2, column=names.index("note") + 1).value
    assert note.startswith("<b>A&B</b> \ufffd tab\there 长")
    assert len(note) == export_formats.XLSX_MAX_TEXT and note.endswith("…")
    csv_out = tmp_path / "log.csv"
    export_inspections(ws.engine, csv_out, tz=UTC)
    assert read_csv(csv_out)[0]["note"] == nasty  # CSV cells have no length limit


def test_xlsx_continues_on_a_second_sheet_past_the_row_limit(
    ws: Workstation,
    log: dict[str, InspectionView],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(export_formats, "XLSX_MAX_ROWS", 4)  # header + 3 rows a sheet
    out = tmp_path / "log.xlsx"

    export_inspections(ws.engine, out, tz=UTC)

    book = openpyxl.load_workbook(out, read_only=True)
    assert book.sheetnames == ["inspections", "inspections 2"]
    first, second = (list(book[name].values) for name in book.sheetnames)
    assert first[0] == second[0] == tuple(column.name for column in INSPECTION_COLUMNS)
    assert len(first) - 1 + len(second) - 1 == 5


def test_jsonl_keeps_types_and_lists(
    ws: Workstation, log: dict[str, InspectionView], tmp_path: Path
) -> None:
    out = tmp_path / "log.jsonl"

    export_inspections(ws.engine, out, tz=UTC)

    lines = out.read_text(encoding="utf-8").splitlines()
    records = by_code([json.loads(line) for line in lines])
    assert len(records) == 5
    accept = records[log["accept"].code]
    assert accept["buyer_name"] == "王小明"
    assert accept["reasons"] == ["NO_REASON_RETURN"]
    assert accept["refund"] == 399 and accept["weight_g"] == 515
    assert records[log["two_units"].code]["units"] == 2
    assert len(records[log["two_units"].code]["dispositions"]) == 2
    assert records[log["override"].code]["justification"] == FORMULA  # JSON is not a spreadsheet
    assert records[log["unmatched"].code]["platform"] is None


# --- per unit, filters ------------------------------------------------------------------------


def test_units_gives_one_row_per_unit(
    ws: Workstation, log: dict[str, InspectionView], tmp_path: Path
) -> None:
    out = tmp_path / "units.csv"

    result = export_inspections(ws.engine, out, units=True, tz=UTC)

    rows = read_csv(out)
    assert list(rows[0]) == [column.name for column in UNIT_COLUMNS]
    assert result.inspections == 5 and result.rows == len(rows) == 6
    two = [row for row in rows if row["code"] == log["two_units"].code]
    assert [row["unit"] for row in two] == ["1", "2"]
    assert all(row["unit_sku"] == "LP-CASE" and row["unit_disposition"] for row in two)
    swapped = next(row for row in rows if row["code"] == log["swapped"].code)
    assert (swapped["unit_match"], swapped["unit_grade"]) == ("unexpected", "X")
    accept = next(row for row in rows if row["code"] == log["accept"].code)
    assert accept["unit_serial"] == "HP100-2411-00871"
    (unmatched,) = [row for row in rows if row["code"] == log["unmatched"].code]
    assert unmatched["unit"] == "" and unmatched["unit_disposition"] == ""


def test_outcome_filter(ws: Workstation, log: dict[str, InspectionView], tmp_path: Path) -> None:
    out = tmp_path / "escalated.csv"

    result = export_inspections(ws.engine, out, outcomes=["escalate"], tz=UTC)

    rows = read_csv(out)
    assert result.rows == len(rows) >= 2
    assert {row["outcome"] for row in rows} == {"escalate"}
    assert {log["override"].code, log["unmatched"].code} <= {row["code"] for row in rows}


def test_days_are_local_days_of_completion(
    demo: DemoStore, ws: Workstation, photo: Path, tmp_path: Path
) -> None:
    late = Workstation.connect(
        demo.db_url,
        station="bench-2",
        operator="alice",
        data_dir=demo.data_dir,
        clock=lambda: datetime(2026, 11, 18, 17, 30, tzinfo=UTC),  # 01:30 on the 19th in Beijing
    )
    try:
        evening = finish(late, "SF1402590004417", 515, ["HP100-2411-00871"])
    finally:
        late.close()
    morning = finish(ws, "TB-RF-880133", 1000, ["SN-RUN-42"], photo=photo)  # 18:00 in Beijing

    def codes(start: date, end: date, tz: Any) -> set[str]:
        out = tmp_path / f"{start}-{end}-{tz}.csv".replace(":", "")
        export_inspections(ws.engine, out, start=start, end=end, tz=tz)
        return {row["code"] for row in read_csv(out)}

    the_18th, the_19th = date(2026, 11, 18), date(2026, 11, 19)
    assert codes(the_18th, the_18th, UTC) == {evening.code, morning.code}
    assert codes(the_18th, the_18th, SHANGHAI) == {morning.code}
    assert codes(the_19th, the_19th, SHANGHAI) == {evening.code}
    assert codes(the_19th, the_19th, UTC) == set()
    out = tmp_path / "beijing.csv"
    export_inspections(ws.engine, out, start=the_19th, tz=SHANGHAI)
    assert read_csv(out)[0]["completed_at"] == "2026-11-19T01:30:00+08:00"


# --- failures leave nothing behind ------------------------------------------------------------


def leftovers(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir())


def test_existing_file_is_kept_unless_forced(
    ws: Workstation, log: dict[str, InspectionView], tmp_path: Path
) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / "log.csv"
    out.write_text("keep me", encoding="utf-8")

    with pytest.raises(ExportError, match="already exists"):
        export_inspections(ws.engine, out)
    assert out.read_text(encoding="utf-8") == "keep me"

    export_inspections(ws.engine, out, overwrite=True)
    assert len(read_csv(out)) == 5
    assert leftovers(folder) == ["log.csv"]


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "jsonl"])
def test_a_failure_midway_leaves_no_file(
    ws: Workstation, log: dict[str, InspectionView], tmp_path: Path, fmt: str
) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    calls: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> None:
        calls.append((done, total))
        if done == total:
            raise RuntimeError("disk pulled out")

    with pytest.raises(RuntimeError, match="disk pulled out"):
        export_inspections(ws.engine, folder / f"log.{fmt}", progress=progress)

    assert calls[0] == (0, 5)
    assert leftovers(folder) == []


def test_cancelled_export_leaves_no_file(
    ws: Workstation, log: dict[str, InspectionView], tmp_path: Path
) -> None:
    folder = tmp_path / "out"
    folder.mkdir()

    with pytest.raises(ExportCancelled, match="cancelled"):
        export_inspections(ws.engine, folder / "log.csv", cancelled=lambda: True)

    assert leftovers(folder) == []


def test_progress_reports_the_total(
    ws: Workstation, log: dict[str, InspectionView], tmp_path: Path
) -> None:
    calls: list[tuple[int, int]] = []

    export_inspections(
        ws.engine, tmp_path / "log.jsonl", progress=lambda done, total: calls.append((done, total))
    )

    assert calls[0] == (0, 5) and calls[-1] == (5, 5)


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("missing/log.csv", "does not exist"),
        ("a-file/log.csv", "is not a folder"),
        ("a-folder.csv", "is a folder"),
        ("log.txt", "Cannot tell the export format"),
    ],
)
def test_unwritable_targets_are_refused(
    ws: Workstation, tmp_path: Path, name: str, message: str
) -> None:
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    (tmp_path / "a-folder.csv").mkdir()
    before = leftovers(tmp_path)

    with pytest.raises(ExportError, match=message):
        export_inspections(ws.engine, tmp_path / name)

    assert leftovers(tmp_path) == before


def test_bad_arguments_are_refused(ws: Workstation, tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(ExportError, match="Unknown outcome 'rejected'"):
        export_inspections(ws.engine, folder / "a.csv", outcomes=["rejected"])
    with pytest.raises(ExportError, match="starts"):
        export_inspections(
            ws.engine, folder / "a.csv", start=date(2026, 11, 20), end=date(2026, 11, 18)
        )
    with pytest.raises(ExportError, match="YYYY-MM-DD"):
        exporting.parse_day("18/11/2026")
    assert leftovers(folder) == []


# --- streaming --------------------------------------------------------------------------------


def bulk_inspections(ws: Workstation, count: int, prefix: str, first: datetime) -> None:
    """Completed inspections written straight to the table, the way the benchmark makes them."""
    with ws.engine.begin() as connection:
        for start in range(0, count, 5000):
            connection.execute(
                insert(Inspection),
                [
                    {
                        "code": f"INS-{prefix}-{number:07d}",
                        "station": "bench-9",
                        "inspector": "bulk",
                        "status": "completed",
                        "step": "done",
                        "day": first.date(),
                        "opened_at": first,
                        "completed_at": first + timedelta(seconds=number),
                        "weight_g": 500 + number % 100,
                        "outcome": "reject",
                        "reasons": ["EMPTY_PARCEL"],
                        "suggested": {},
                        "refund_minor": 0,
                        "justification": "客户说：" + "很好" * 20,
                        "note": "",
                        "review_comment": "",
                        "needs_review": False,
                        "version": 1,
                    }
                    for number in range(start, min(count, start + 5000))
                ],
            )


def test_export_streams_in_constant_memory(ws: Workstation, tmp_path: Path) -> None:
    """Exporting 4x the rows must not take (much) more memory: rows are never all held."""

    def peak(out: Path) -> int:
        tracemalloc.start()
        try:
            export_inspections(ws.engine, out, fmt="csv", tz=UTC)
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    bulk_inspections(ws, 5000, "BULK", datetime(2026, 11, 1, tzinfo=UTC))
    small = peak(tmp_path / "small.csv")
    bulk_inspections(ws, 15000, "MORE", datetime(2026, 11, 10, tzinfo=UTC))
    large = peak(tmp_path / "large.csv")

    assert len(read_csv(tmp_path / "large.csv")) == 20000
    # Holding 15,000 more rows (~300 bytes each) would add over 4 MB.
    assert large - small < 1_500_000, (small, large)


@pytest.mark.parametrize(
    ("stored", "zone", "shown"),
    [
        ("2026-11-18 17:30:00.000000", "Asia/Shanghai", "2026-11-19T01:30:00+08:00"),
        ("2026-03-08 06:59:59.999999", "America/New_York", "2026-03-08T01:59:59-05:00"),
        ("2026-03-08 07:00:00.000000", "America/New_York", "2026-03-08T03:00:00-04:00"),
        ("2026-04-04 14:59:00.000000", "Australia/Lord_Howe", "2026-04-05T01:59:00+11:00"),
        ("2026-04-04 15:00:00.000000", "Australia/Lord_Howe", "2026-04-05T01:30:00+10:30"),
        ("2026-11-18 10:00:00.000000", "UTC", "2026-11-18T10:00:00+00:00"),
    ],
)
def test_times_are_shown_in_the_zone_at_that_moment(stored: str, zone: str, shown: str) -> None:
    from zoneinfo import ZoneInfo

    from inspect_tui.services.exporting.rows import _stamper

    stamp = _stamper(ZoneInfo(zone))
    assert stamp(stored) == shown  # SQLite hands back text
    moment = datetime.fromisoformat(stored).replace(tzinfo=UTC)
    assert stamp(moment) == shown  # PostgreSQL hands back a datetime
    assert stamp(None) is None


def test_an_offset_change_within_an_hour_is_kept_apart() -> None:
    """Newfoundland (-03:30) moves its clocks at 05:30 UTC: one stamper sees both sides."""
    from zoneinfo import ZoneInfo

    from inspect_tui.services.exporting.rows import _stamper

    stamp = _stamper(ZoneInfo("America/St_Johns"))
    assert [stamp(f"2026-03-08 05:{minute}:00.000000") for minute in ("29", "30", "05")] == [
        "2026-03-08T01:59:00-03:30",
        "2026-03-08T03:00:00-02:30",
        "2026-03-08T01:35:00-03:30",
    ]
