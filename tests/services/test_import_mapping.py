"""Mapping files: other header sets (a Chinese back office's) onto the generic fields."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from inspect_tui.services.importing import (
    FormatError,
    ImportRejected,
    import_file,
    load_mapping,
)
from inspect_tui.store.models import Shipment, ShipmentLine

SAMPLES = Path(__file__).resolve().parents[2] / "sample_data"
CN_HEADER = "订单编号,店铺平台,收货人,买家昵称,发货时间,包裹重量(kg),商品编码,数量,单价(元)\n"
MAPPING = """
[file]
kind = "shipments"
timezone = "Asia/Shanghai"

[columns]
order_ref = "订单编号"
platform = "店铺平台"
buyer_name = ["收货人", "买家昵称"]
shipped_at = "发货时间"
shipped_weight_g = "包裹重量(kg)"
sku = "商品编码"
qty = "数量"
unit_price = "单价(元)"

[formats]
shipped_at = "%Y/%m/%d %H:%M"

[units]
shipped_weight = "公斤"
unit_price = "元"

[defaults]
platform = "taobao"
"""


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    """Write ``text`` to ``path`` in ``encoding``."""
    path.write_bytes(text.encode(encoding))
    return path


def test_sample_back_office_export_in_gb18030(engine: Engine, tmp_path: Path) -> None:
    result = import_file(
        engine,
        "shipments",
        SAMPLES / "cn_backoffice.csv",
        mapping=SAMPLES / "mapping_cn.toml",
        evidence_dir=tmp_path / "ev",
    )
    assert result.format == "mapping"
    assert result.counts["shipments"].created == 2
    assert result.notes == ("columns not used for shipments: 备注",)
    with Session(engine) as session:
        shipments = {s.order_ref: s for s in session.exec(select(Shipment)).all()}
        lines = session.exec(select(ShipmentLine).where(ShipmentLine.sku == "PB-10K")).all()
    taobao, kuaishou = shipments["TB4016000021"], shipments["KS2411090077"]
    assert taobao.platform == "taobao"  # blank 店铺平台: the mapping's default
    assert taobao.buyer_name == "林芳" and taobao.carrier == "顺丰速运"
    assert taobao.shipped_at == datetime(2026, 11, 11, 6, 5, 33, tzinfo=UTC)
    assert taobao.shipped_weight_g == 620 and taobao.risk_level == "none"
    assert kuaishou.platform == "kuaishou" and kuaishou.risk_level == "high"
    assert kuaishou.seal_ids == ["SEAL-A10190"]
    assert [(line.serials, line.unit_price_minor) for line in lines] == [
        (["PB10-2411-21002"], 12900)
    ]


def test_mapping_lists_formats_units_and_tz_override(engine: Engine, tmp_path: Path) -> None:
    mapping = write(tmp_path / "m.toml", MAPPING)
    data = write(
        tmp_path / "cn.csv",
        CN_HEADER + "A1,,,小红,2026/11/11 14:05,1.5,X,2,12.5\n",
        encoding="gb18030",
    )
    import_file(
        engine, "shipments", data, mapping=mapping, evidence_dir=tmp_path / "ev", tz="+00:00"
    )
    with Session(engine) as session:
        shipment = session.exec(select(Shipment)).one()
        line = session.exec(select(ShipmentLine)).one()
    assert shipment.buyer_name == "小红"  # the first non-blank of the two columns
    assert shipment.shipped_weight_g == 1500
    assert shipment.shipped_at == datetime(2026, 11, 11, 14, 5, tzinfo=UTC)  # --tz wins
    assert line.unit_price_minor == 1250


def test_errors_name_the_files_own_columns(engine: Engine, tmp_path: Path) -> None:
    mapping = write(tmp_path / "m.toml", MAPPING)
    data = write(tmp_path / "cn.csv", CN_HEADER + "A1,拼多多,,,,,X,1,\nA2,,,,11/11/2026,,X,-1,\n")
    with pytest.raises(ImportRejected) as caught:
        import_file(
            engine,
            "shipments",
            data,
            mapping=mapping,
            evidence_dir=tmp_path / "ev",
            display_name="cn.csv",
        )
    assert [str(error) for error in caught.value.errors] == [
        "cn.csv:2: 店铺平台: '拼多多' is not a known platform; expected one of taobao, tmall, "
        "douyin, kuaishou, 1688, shopify, tiktok",
        "cn.csv:3: 发货时间: '11/11/2026' is not a date and time; expected '%Y/%m/%d %H:%M' or "
        "ISO 8601 like 2024-05-01T14:30:00+08:00",
        "cn.csv:3: 数量: '-1' is not a valid quantity; expected a whole number of 1 or more",
    ]


def test_mapped_column_missing_from_the_header(engine: Engine, tmp_path: Path) -> None:
    mapping = write(tmp_path / "m.toml", MAPPING)
    data = write(tmp_path / "cn.csv", "单号,商品编码,数量\nA1,X,1\n")
    with pytest.raises(ImportRejected) as caught:
        import_file(
            engine,
            "shipments",
            data,
            mapping=mapping,
            evidence_dir=tmp_path / "ev",
            display_name="cn.csv",
        )
    assert [str(error) for error in caught.value.errors] == [
        "cn.csv:1: 订单编号: column not found in the header; the mapping m.toml takes order_ref "
        "from it (the header has: 单号, 商品编码, 数量)"
    ]


def test_mapping_file_itself_is_validated(tmp_path: Path) -> None:
    path = write(
        tmp_path / "bad.toml",
        """[file]
kind = "orders"
timezone = "Mars/Base"

[colums]
order_ref = "单号"

[columns]
order_no = "单号"
sku = 7

[formats]
shipped_at = "YYYY-MM-DD"

[units]
shipped_weight = "tons"

[defaults]
platform = "amazon"
""",
    )
    with pytest.raises(ImportRejected) as caught:
        load_mapping(path)
    messages = [str(error).replace(str(path), "bad.toml") for error in caught.value.errors]
    assert messages == [
        "bad.toml:2: [file] kind: 'orders' is not an import kind; expected products, shipments "
        "or returns",
        "bad.toml:3: [file] timezone: 'Mars/Base' is not a time zone; expected a name like "
        "Asia/Shanghai, UTC or an offset like +08:00",
        "bad.toml:5: [colums]: unknown section; expected [file], [columns], [formats], [units], "
        "[defaults]",
        "bad.toml:9: [columns] order_no: not a field of the generic format (did you mean "
        "order_ref?); expected one of "
        + ", ".join(
            sorted(
                {
                    "sku",
                    "gtin",
                    "title",
                    "unit_weight_g",
                    "serialized",
                    "components",
                    "order_ref",
                    "platform",
                    "buyer_ref",
                    "buyer_name",
                    "shipped_at",
                    "carrier",
                    "tracking_out",
                    "shipped_weight_g",
                    "risk_level",
                    "package_ref",
                    "currency",
                    "qty",
                    "serials",
                    "unit_price",
                    "photos",
                    "seal_ids",
                    "ordered_sku",
                    "rma_ref",
                    "tracking_return",
                    "carrier_return",
                    "requested_at",
                    "reason_code",
                    "reason_text",
                    "refund_amount",
                    "refund_total",
                    "freight_insurance",
                }
            )
        ),
        "bad.toml:10: [columns] sku: expected a column name in quotes, or a list of them",
        "bad.toml:13: [formats] shipped_at: 'YYYY-MM-DD' is not a date format; expected a "
        'strptime pattern like "%Y-%m-%d %H:%M:%S"',
        "bad.toml:16: [units] shipped_weight: 'tons' is not a unit; expected g, kg, lb or oz",
        "bad.toml:19: [defaults] platform: 'amazon' is not a known platform; expected one of "
        "taobao, tmall, douyin, kuaishou, 1688, shopify, tiktok",
    ]


def test_mapping_toml_syntax_error_names_the_line(tmp_path: Path) -> None:
    path = write(tmp_path / "broken.toml", '[columns]\norder_ref = "单号"\nsku = \n')
    with pytest.raises(ImportRejected) as caught:
        load_mapping(path)
    error = caught.value.errors[0]
    assert error.line == 3 and "not valid TOML" in error.message


def test_mapping_for_another_kind_or_with_a_platform_format(engine: Engine, tmp_path: Path) -> None:
    mapping = write(tmp_path / "m.toml", MAPPING)
    data = write(tmp_path / "cn.csv", CN_HEADER)
    with pytest.raises(FormatError, match="is for shipments, not returns"):
        import_file(engine, "returns", data, mapping=mapping, evidence_dir=tmp_path / "ev")
    with pytest.raises(FormatError, match="use it without --format shopify"):
        import_file(
            engine,
            "shipments",
            data,
            mapping=mapping,
            format="shopify",
            evidence_dir=tmp_path / "ev",
        )
