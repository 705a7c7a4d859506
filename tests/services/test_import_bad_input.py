"""Every problem of every line in one pass; numbers, lengths and encodings checked before the store.

Each rejected file must leave the store exactly as it was, on SQLite and PostgreSQL alike: a
value PostgreSQL would refuse (an integer past its column, an over-long string) is an import
error with FILE:LINE, never a database error.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select
from test_import_errors import rejected, write

from inspect_tui.services.importing import Kind, import_file
from inspect_tui.services.importing.values import BadValue, parse_grams, parse_money, parse_qty
from inspect_tui.store.models import Shipment


def test_every_problem_of_a_row_with_an_unknown_platform(engine: Engine, tmp_path: Path) -> None:
    text = (
        "order_ref,platform,shipped_weight_g,risk_level,sku,qty,unit_price\n"
        "A1,ebay,heavy,extreme,X,-2,abc\n"
    )
    assert rejected(engine, tmp_path, "shipments", text) == [
        "bad.csv:2: platform: 'ebay' is not a known platform; expected one of taobao, tmall, "
        "douyin, kuaishou, 1688, shopify, tiktok",
        "bad.csv:2: shipped_weight_g: 'heavy' is not a weight; expected a number of g like 250",
        "bad.csv:2: risk_level: 'extreme' is not a risk level; expected one of none, low, "
        "medium, high or blank",
        "bad.csv:2: qty: '-2' is not a valid quantity; expected a whole number of 1 or more",
        "bad.csv:2: unit_price: 'abc' is not an amount; expected a decimal number like 129.90",
    ]


def test_every_problem_of_a_row_without_an_order_ref(engine: Engine, tmp_path: Path) -> None:
    text = "order_ref,platform,sku,qty,gtin\n,taobao,,0,123\n"
    errors = rejected(engine, tmp_path, "shipments", text)
    assert [error.split(":")[2].strip() for error in errors] == ["order_ref", "sku", "qty", "gtin"]


def test_every_problem_of_a_product_without_a_sku(engine: Engine, tmp_path: Path) -> None:
    text = "sku,unit_weight_g,serialized\n,heavy,maybe\n"
    errors = rejected(engine, tmp_path, "products", text)
    assert [error.split(":")[2].strip() for error in errors] == [
        "sku",
        "unit_weight_g",
        "serialized",
    ]


def test_every_problem_of_a_return_without_an_rma(engine: Engine, tmp_path: Path) -> None:
    text = "rma_ref,order_ref,requested_at,refund_amount,sku,qty\n,,yesterday,lots,X,-1\n"
    errors = rejected(engine, tmp_path, "returns", text)
    assert [error.split(":")[2].strip() for error in errors] == [
        "rma_ref",
        "order_ref",
        "requested_at",
        "refund_amount",
        "qty",
    ]


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("qty", "99999999999", "is too many units for one line; expected a whole number of at "
         "most 1,000,000"),
        ("qty", "1e12", "is too many units for one line"),
        ("qty", "NaN", "is not a number; expected a whole number like 1 or 2"),
        ("shipped_weight_g", "1e12", "is heavier than any parcel; expected a weight of at most "
         "100,000,000 g"),
        ("shipped_weight_g", "1e999999999", "is heavier than any parcel"),
        ("shipped_weight_g", "Infinity", "is not a weight"),
        ("shipped_weight_g", "1e-99999999", "is not a weight"),
        ("unit_price", "1e99999999", "is too large an amount; expected at most 10,000,000"),
        ("unit_price", "99999999999.00", "is too large an amount"),
        ("shipped_at", "0001-01-01T00:00:00+08:00", "is not a plausible date; expected a year "
         "from 1970 to 2200"),
        ("shipped_at", "9999-12-31T23:59:00-08:00", "is not a plausible date"),
    ],
)  # fmt: skip
def test_numbers_and_dates_beyond_the_store_are_import_errors(
    engine: Engine, tmp_path: Path, column: str, value: str, message: str
) -> None:
    cells = {"order_ref": "A1", "platform": "taobao", "sku": "X", "qty": "1", column: value}
    header = ",".join(cells)
    errors = rejected(engine, tmp_path, "shipments", f"{header}\n{','.join(cells.values())}\n")
    assert len(errors) == 1
    assert errors[0].startswith(f"bad.csv:2: {column}: '{value}' {message}")


@pytest.mark.parametrize(
    ("column", "length", "limit"),
    [
        ("order_ref", 121, 120),
        ("sku", 121, 120),
        ("buyer_name", 201, 200),
        ("buyer_ref", 201, 200),
        ("carrier", 81, 80),
        ("tracking_out", 81, 80),
        ("package_ref", 121, 120),
        ("ordered_sku", 121, 120),
    ],
)
def test_over_long_text_is_an_import_error(
    engine: Engine, tmp_path: Path, column: str, length: int, limit: int
) -> None:
    cells = {"order_ref": "A1", "platform": "taobao", "sku": "X", "qty": "1", column: "w" * length}
    header = ",".join(cells)
    errors = rejected(engine, tmp_path, "shipments", f"{header}\n{','.join(cells.values())}\n")
    assert len(errors) == 1
    assert errors[0].startswith(f"bad.csv:2: {column}: ")
    assert f"{limit}" in errors[0]


REQUIRED_TEXT = [
    # kind, column, the file with its third line's cell left as {}, blank (English, Chinese)
    ("returns", "rma_ref", "rma_ref,order_ref,sku,qty\nR1,A1,X,1\n{},A1,X,1\n",
     "blank; expected the return (RMA / refund request) number",
     "为空：应填退货申请（RMA / 退款申请）号"),
    ("returns", "order_ref", "rma_ref,order_ref,sku,qty\nR1,A1,X,1\nR2,{},X,1\n",
     "blank; expected the order number the return belongs to",
     "为空：应填此退货申请所属的订单号"),
    ("products", "sku", "sku,title\nA,Tea\n{},Tea\n",
     "blank; expected the product's SKU", "为空：应填商品的 SKU"),
    ("shipments", "order_ref", "order_ref,platform,sku,qty\nA2,taobao,X,1\n{},taobao,X,1\n",
     "blank; expected the order number", "为空：应填订单号"),
    ("shipments", "sku", "order_ref,platform,sku,qty\nA2,taobao,X,1\nA3,taobao,{},1\n",
     "blank; expected the SKU of the item shipped", "为空：应填所发商品的 SKU"),
]  # fmt: skip
"""The cells an order, a return or a SKU is named by, in each kind of file."""
TOO_LONG = {
    "en": "is longer than 120 characters; expected at most 120",
    "zh_CN": "超过 120 个字符：最多 120 个",
}


@pytest.mark.parametrize("language", ["en", "zh_CN"])
@pytest.mark.parametrize("cell", ["blank", "too long"])
@pytest.mark.parametrize(
    ("kind", "column", "text", "blank_en", "blank_zh"),
    REQUIRED_TEXT,
    ids=[f"{kind}-{column}" for kind, column, *_rest in REQUIRED_TEXT],
)
def test_a_blank_or_over_long_order_return_or_sku_is_named_and_nothing_imported(
    engine: Engine,
    tmp_path: Path,
    request: pytest.FixtureRequest,
    kind: Kind,
    column: str,
    text: str,
    blank_en: str,
    blank_zh: str,
    cell: str,
    language: str,
) -> None:
    write(tmp_path / "s.csv", "order_ref,platform,sku,qty\nA1,taobao,X,1\n")
    import_file(engine, "shipments", tmp_path / "s.csv", evidence_dir=tmp_path / "ev")
    if language == "zh_CN":
        request.getfixturevalue("zh_cn")
    if cell == "blank":
        value, problem = "", blank_zh if language == "zh_CN" else blank_en
    else:
        value, problem = "w" * 121, TOO_LONG[language]
    assert rejected(engine, tmp_path, kind, text.format(value)) == [
        f"bad.csv:3: {column}: {problem}"
    ]


def test_returned_quantities_adding_up_past_the_limit(engine: Engine, tmp_path: Path) -> None:
    write(tmp_path / "s.csv", "order_ref,platform,sku,qty\nA1,taobao,X,1\n")
    import_file(engine, "shipments", tmp_path / "s.csv", evidence_dir=tmp_path / "ev")
    text = "rma_ref,order_ref,sku,qty\nR1,A1,X,1000000\nR1,A1,X,1000000\n"
    assert rejected(engine, tmp_path, "returns", text) == [
        "bad.csv:3: qty: '1000000' brings X on return R1 to 2,000,000 units; expected at most "
        "1,000,000"
    ]


def test_a_nul_character_past_the_first_block_is_refused(engine: Engine, tmp_path: Path) -> None:
    rows = "".join(f"A{i},taobao,X,1\n" for i in range(8000))  # > 64 KiB before the NUL
    text = "order_ref,platform,sku,qty\n" + rows + "B1,taobao,X\x00Y,1\n"
    errors = rejected(engine, tmp_path, "shipments", text)
    assert errors == [
        "bad.csv:8002: this is not a text file (it contains binary data); expected a CSV saved "
        "as UTF-8 or GB18030, or an XLSX workbook"
    ]


def test_bounds_are_checked_before_big_number_work() -> None:
    # int(Decimal("1e9999999")) runs for minutes; the exponent must be refused first.
    for parse, text in ((parse_qty, "1e9999999"), (parse_grams, "1e9999999"),
                        (parse_money, "1e9999999"), (parse_qty, "-1e9999999")):  # fmt: skip
        with pytest.raises(BadValue):
            parse(text)


HEAD = "order_ref,platform,buyer_name,sku,title,qty\n"
JAPANESE = HEAD + "J1,taobao,山田太郎,X1,ワイヤレスイヤホン 黒,1\n"
TRADITIONAL = HEAD + "T1,taobao,陳大文,X1,藍牙耳機 黑色,1\n"
SIMPLIFIED = HEAD + "C1,taobao,张伟,X1,蓝牙耳机 黑色,1\n"


@pytest.mark.parametrize(
    ("text", "encoding", "buyer", "note"),
    [
        (JAPANESE, "cp932", "山田太郎", "read as Shift-JIS (Japanese)"),
        (JAPANESE, "shift_jis", "山田太郎", "read as Shift-JIS (Japanese)"),
        (TRADITIONAL, "cp950", "陳大文", "read as Big5 (traditional Chinese)"),
        (TRADITIONAL, "big5", "陳大文", "read as Big5 (traditional Chinese)"),
        (SIMPLIFIED, "gb18030", "张伟", None),
    ],
    ids=["cp932", "shift_jis", "cp950", "big5", "gb18030"],
)
def test_shift_jis_and_big5_files_are_decoded_correctly(
    engine: Engine, tmp_path: Path, text: str, encoding: str, buyer: str, note: str | None
) -> None:
    path = write(tmp_path / "orders.csv", text.encode(encoding))
    result = import_file(engine, "shipments", path, evidence_dir=tmp_path / "ev")
    with Session(engine) as session:
        assert session.exec(select(Shipment.buyer_name)).all() == [buyer]
    assert list(result.notes) == ([note] if note else [])
