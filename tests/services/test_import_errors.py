"""Every kind of bad file is rejected whole, with FILE:LINE: column: message; nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import Engine, func
from sqlmodel import Session, SQLModel, select

from inspect_tui.services.importing import ImportRejected, Kind, import_file
from inspect_tui.store.models import (
    AuditEvent,
    Evidence,
    Product,
    ReturnLine,
    ReturnRequest,
    Shipment,
    ShipmentLine,
)

HEADER = (
    "order_ref,platform,buyer_name,shipped_at,shipped_weight_g,risk_level,sku,title,qty,"
    "serials,unit_price,gtin,photos\n"
)
TABLES: tuple[type[SQLModel], ...] = (
    Product,
    Shipment,
    ShipmentLine,
    ReturnRequest,
    ReturnLine,
    Evidence,
    AuditEvent,
)


def write(path: Path, text: str | bytes) -> Path:
    """Write text (UTF-8) or bytes to ``path``."""
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


def rows_in_store(engine: Engine) -> dict[str, int]:
    """Row count of every table an import can write."""
    with Session(engine) as session:
        return {
            model.__name__: int(session.exec(select(func.count()).select_from(model)).one())
            for model in TABLES
        }


def rejected(engine: Engine, tmp_path: Path, kind: Kind, text: str | bytes) -> list[str]:
    """Import ``text`` as ``kind`` from ``bad.csv``; assert it is rejected and nothing written."""
    before = rows_in_store(engine)
    path = write(tmp_path / "bad.csv", text)
    evidence = tmp_path / "evidence"
    with pytest.raises(ImportRejected) as caught:
        import_file(
            engine,
            kind,
            path,
            evidence_dir=evidence,
            display_name="bad.csv",
            tz="UTC",
        )
    assert rows_in_store(engine) == before
    assert not evidence.exists() or not any(evidence.rglob("*.*"))
    return [str(error) for error in caught.value.errors]


def test_missing_required_column(engine: Engine, tmp_path: Path) -> None:
    errors = rejected(engine, tmp_path, "shipments", "order_ref,platform,sku\nA1,taobao,X\n")
    assert errors == [
        "bad.csv:1: qty: required column is missing; a shipments file needs the columns "
        "order_ref, sku, qty"
    ]


def test_wrong_types_are_named_with_line_and_column(engine: Engine, tmp_path: Path) -> None:
    text = HEADER + "A1,taobao,Li,2026-11-10 10:00,heavy,,X,,-2,,12.345,6901234567015,\n"
    errors = rejected(engine, tmp_path, "shipments", text)
    assert errors == [
        "bad.csv:2: shipped_weight_g: 'heavy' is not a weight; expected a number of g like 250",
        "bad.csv:2: qty: '-2' is not a valid quantity; expected a whole number of 1 or more",
        "bad.csv:2: unit_price: '12.345' has more decimals than fen/cents; expected at most 2 "
        "decimal places",
        "bad.csv:2: gtin: '6901234567015' has a wrong check digit; the last digit should be 4",
    ]


def test_bad_date_unknown_platform_and_risk_level(engine: Engine, tmp_path: Path) -> None:
    text = HEADER + (
        "A1,taobao,Li,2026-13-45 10:00,,,X,,1,,,,\n"
        "A2,ebay,Li,,,,X,,1,,,,\n"
        "A3,douyin,Li,,,extreme,X,,1,,,,\n"
    )
    errors = rejected(engine, tmp_path, "shipments", text)
    assert errors == [
        "bad.csv:2: shipped_at: '2026-13-45 10:00' is not a date and time; expected ISO 8601 "
        "like 2024-05-01T14:30:00+08:00",
        "bad.csv:3: platform: 'ebay' is not a known platform; expected one of taobao, tmall, "
        "douyin, kuaishou, 1688, shopify, tiktok",
        "bad.csv:4: risk_level: 'extreme' is not a risk level; expected one of none, low, medium, "
        "high or blank",
    ]


def test_platform_aliases_are_accepted(engine: Engine, tmp_path: Path) -> None:
    text = HEADER + "A1,TikTok Shop,,,,,X,,1,,,,\nA2,淘宝,,,,低,X,,1,,,,\nA3,Douyin,,,,,X,,1,,,,\n"
    path = write(tmp_path / "ok.csv", text)
    import_file(engine, "shipments", path, evidence_dir=tmp_path / "ev")
    with Session(engine) as session:
        platforms = sorted(session.exec(select(Shipment.platform)).all())
        risks = sorted(session.exec(select(Shipment.risk_level)).all())
    assert platforms == ["douyin", "taobao", "tiktok"]
    assert risks == ["low", "none", "none"]


def test_duplicate_serials_within_the_file(engine: Engine, tmp_path: Path) -> None:
    text = HEADER + "A1,taobao,,,,,HP,,1,SN-1,,,\nA2,taobao,,,,,HP,,2,sn-1;SN-2,,,\n"
    errors = rejected(engine, tmp_path, "shipments", text)
    assert errors == [
        "bad.csv:3: serials: 'sn-1' is also on line 2 (order A1); expected each unit's serial once"
    ]


def test_serial_count_must_match_quantity(engine: Engine, tmp_path: Path) -> None:
    errors = rejected(engine, tmp_path, "shipments", HEADER + "A1,taobao,,,,,HP,,3,S1;S2,,,\n")
    assert errors == [
        "bad.csv:2: serials: 2 serial(s) for a quantity of 3; expected one serial per unit, "
        "separated by ';'"
    ]


def test_serial_already_shipped_on_another_order(engine: Engine, tmp_path: Path) -> None:
    first = write(tmp_path / "first.csv", HEADER + "A1,taobao,,,,,HP,,1,SN-77,,,\n")
    import_file(engine, "shipments", first, evidence_dir=tmp_path / "ev")
    # The same order again is fine (a re-import); another order with that serial is not.
    import_file(engine, "shipments", first, evidence_dir=tmp_path / "ev")
    errors = rejected(engine, tmp_path, "shipments", HEADER + "B9,douyin,,,,,HP,,1,SN-77,,,\n")
    assert errors == [
        "bad.csv:2: serials: 'SN-77' was already shipped on order A1 (taobao); expected a serial "
        "that has not shipped before (check the serial, or that order)"
    ]


def test_missing_photo_file(engine: Engine, tmp_path: Path) -> None:
    (tmp_path / "photos").mkdir()
    Image.new("RGB", (8, 8)).save(tmp_path / "photos" / "ok.jpg", "JPEG")
    text = HEADER + "A1,taobao,,,,,HP,,1,,,,photos/ok.jpg;photos/nope.jpg\n"
    errors = rejected(engine, tmp_path, "shipments", text)
    assert errors == [
        f"bad.csv:2: photos: 'photos/nope.jpg' was not found (looked for "
        f"{tmp_path / 'photos' / 'nope.jpg'}); expected a photo file, its path relative to the "
        "CSV's folder"
    ]


def test_binary_file(engine: Engine, tmp_path: Path) -> None:
    png = tmp_path / "x.png"
    Image.new("RGB", (8, 8)).save(png, "PNG")
    errors = rejected(engine, tmp_path, "products", png.read_bytes())
    assert errors == [
        "bad.csv: this is not a text file (it contains binary data); expected a CSV saved as "
        "UTF-8 or GB18030, or an XLSX workbook"
    ]


def test_text_in_no_known_encoding(engine: Engine, tmp_path: Path) -> None:
    errors = rejected(engine, tmp_path, "products", b"sku,title\nA,ok\nB,bad \xff\xff here\n")
    assert errors == [
        "bad.csv:3: cannot read the text: it is neither UTF-8 nor GB18030 (the first bad bytes "
        "are on this line); save the file again as 'CSV UTF-8'"
    ]


def test_gb18030_and_utf8_bom_files_are_read(engine: Engine, tmp_path: Path) -> None:
    write(tmp_path / "gb.csv", "sku,title\nTEA-1,西湖龙井 250克\n".encode("gb18030"))
    write(tmp_path / "bom.csv", "\ufeffsku,title\nTEA-2,碧螺春\n".encode())
    for name in ("gb.csv", "bom.csv"):
        import_file(engine, "products", tmp_path / name, evidence_dir=tmp_path / "ev")
    with Session(engine) as session:
        titles = sorted(session.exec(select(Product.title)).all())
    assert titles == ["碧螺春", "西湖龙井 250克"]


def test_empty_file(engine: Engine, tmp_path: Path) -> None:
    assert rejected(engine, tmp_path, "products", "") == [
        "bad.csv:1: the file is empty; expected a header row and data rows"
    ]
    assert rejected(engine, tmp_path, "products", "\n\n  \n") == [
        "bad.csv:1: the file is empty; expected a header row and data rows"
    ]


def test_conflicting_order_level_values(engine: Engine, tmp_path: Path) -> None:
    text = HEADER + (
        "A1,taobao,王小明,2026-11-10 10:00,500,,X,,1,,,,\n"
        "A1,,王小明,,,,Y,,1,,,,\n"
        "A1,,李四,,520,,Z,,1,,,,\n"
    )
    errors = rejected(engine, tmp_path, "shipments", text)
    assert errors == [
        "bad.csv:4: buyer_name: '李四' contradicts '王小明' on line 2 for order A1; expected the "
        "same value as the order's first row, or blank",
        "bad.csv:4: shipped_weight_g: '520' contradicts '500' on line 2 for order A1; expected "
        "the same value as the order's first row, or blank",
    ]


def test_line_numbers_are_physical_lines_across_quoted_newlines(
    engine: Engine, tmp_path: Path
) -> None:
    text = HEADER + ('A1,taobao,,,,,X,"A title\nover two lines",1,,,,\nA2,taobao,,,,,X,,0,,,,\n')
    errors = rejected(engine, tmp_path, "shipments", text)
    assert errors == [
        "bad.csv:4: qty: '0' is not a valid quantity; expected a whole number of 1 or more"
    ]


def test_row_with_more_cells_than_the_header(engine: Engine, tmp_path: Path) -> None:
    errors = rejected(engine, tmp_path, "products", "sku,title\nA,Tea, green\n")
    assert errors == [
        "bad.csv:2: the row has more cells than the header (2); is a comma inside a cell "
        "missing its quotes?"
    ]


def test_duplicate_sku_and_repeated_header_column(engine: Engine, tmp_path: Path) -> None:
    assert rejected(engine, tmp_path, "products", "sku,title\nA,x\na,y\n") == [
        "bad.csv:3: sku: 'a' is also on line 2; expected each SKU once"
    ]
    assert rejected(engine, tmp_path, "products", "sku,title,Title\nA,x,y\n") == [
        "bad.csv:1: Title: the column appears twice (columns 2 and 3); expected each column once"
    ]


def test_return_for_an_unknown_or_ambiguous_order(engine: Engine, tmp_path: Path) -> None:
    ships = write(tmp_path / "s.csv", "order_ref,platform,sku,qty\nA1,taobao,X,1\nA1,douyin,X,1\n")
    import_file(engine, "shipments", ships, evidence_dir=tmp_path / "ev")
    text = "rma_ref,order_ref,sku,qty\nR1,NOPE,X,1\nR2,A1,X,1\n"
    assert rejected(engine, tmp_path, "returns", text) == [
        "bad.csv:2: order_ref: 'NOPE' matches no shipment in the store; expected an order "
        "already imported with `inspect-tui import shipments`",
        "bad.csv:3: order_ref: 'A1' exists on douyin and taobao; expected a platform column "
        "saying which one the return belongs to",
    ]


def test_error_list_is_capped_but_counted(engine: Engine, tmp_path: Path) -> None:
    text = "order_ref,platform,sku,qty\n" + "".join(f"A{i},taobao,X,none\n" for i in range(1200))
    path = write(tmp_path / "many.csv", text)
    with pytest.raises(ImportRejected) as caught:
        import_file(engine, "shipments", path, evidence_dir=tmp_path / "ev")
    assert caught.value.total == 1200
    assert len(caught.value.errors) == 1000
    assert "(and 1199 more)" in str(caught.value)
    assert rows_in_store(engine)["Shipment"] == 0
