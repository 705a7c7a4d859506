"""Shopify's "Export orders" and "Export products" CSV files."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from inspect_tui.services.importing import FormatError, ImportRejected, import_file
from inspect_tui.store.models import Product, Shipment, ShipmentLine

SAMPLES = Path(__file__).resolve().parents[2] / "sample_data"


def test_order_export_becomes_shipments(engine: Engine, tmp_path: Path) -> None:
    result = import_file(
        engine,
        "shipments",
        SAMPLES / "shopify_orders.csv",
        format="shopify",
        evidence_dir=tmp_path / "ev",
    )
    # #1003 was cancelled; #1004's gift card does not ship.
    assert result.counts["shipments"].as_dict() == {"created": 3, "updated": 0, "unchanged": 0}
    assert result.skipped == 2
    with Session(engine) as session:
        shipments = {s.order_ref: s for s in session.exec(select(Shipment)).all()}
        lines = session.exec(
            select(ShipmentLine)
            .join(Shipment)
            .where(Shipment.order_ref == "#1001")
            .order_by(col(ShipmentLine.line_no))
        ).all()
        candle = session.exec(
            select(ShipmentLine).join(Shipment).where(Shipment.order_ref == "#1004")
        ).all()
    assert sorted(shipments) == ["#1001", "#1002", "#1004"]
    first = shipments["#1001"]
    assert first.platform == "shopify" and first.order_key == "#1001"
    assert first.buyer_ref == "emma.wilson@example.com" and first.buyer_name == "Emma Wilson"
    assert first.shipped_at == datetime(2026, 11, 10, 19, 3, 27, tzinfo=UTC)
    assert first.shipped_weight_g is None  # Shopify exports no weight: the catalog's counts
    assert first.currency == "USD" and first.risk_level == "low"
    assert shipments["#1002"].risk_level == "high"
    assert [(line.sku, line.qty, line.unit_price_minor) for line in lines] == [
        ("HP-100", 1, 12900),
        ("SHP-TEE-M", 1, 2400),
    ]
    assert lines[0].title == "Wireless headphones HP-100"
    assert [(line.sku, line.qty) for line in candle] == [("SHP-CANDLE", 2)]


def test_order_export_reimport_is_idempotent(engine: Engine, tmp_path: Path) -> None:
    path = SAMPLES / "shopify_orders.csv"
    import_file(engine, "shipments", path, format="shopify", evidence_dir=tmp_path / "ev")
    again = import_file(engine, "shipments", path, format="shopify", evidence_dir=tmp_path / "ev")
    assert again.counts["shipments"].as_dict() == {"created": 0, "updated": 0, "unchanged": 3}


def test_product_export_gives_one_product_per_variant(engine: Engine, tmp_path: Path) -> None:
    result = import_file(
        engine,
        "products",
        SAMPLES / "shopify_products.csv",
        format="shopify",
        evidence_dir=tmp_path / "ev",
    )
    assert result.counts["products"].created == 4
    assert result.skipped == 1  # the extra image row
    with Session(engine) as session:
        products = {p.sku: p for p in session.exec(select(Product)).all()}
    assert sorted(products) == ["SHP-CANDLE", "SHP-TEE-L", "SHP-TEE-M", "SHP-TEE-S"]
    tee = products["SHP-TEE-M"]
    assert tee.title == "Classic Tee — Black / M"
    assert tee.unit_weight_g == 180
    assert tee.gtin == "00840100001022"  # the UPC-A barcode, as GTIN-14
    assert products["SHP-CANDLE"].title == "Soy Candle"  # "Default Title" is not a variant


def _orders(rows: list[dict[str, str]]) -> str:
    """A Shopify order export with only the columns the test needs."""
    header = [
        "Name",
        "Email",
        "Fulfilled at",
        "Lineitem quantity",
        "Lineitem name",
        "Lineitem price",
        "Lineitem sku",
        "Lineitem requires shipping",
        "Billing Name",
        "Cancelled at",
        "Risk Level",
        "Currency",
    ]
    out = io.StringIO()
    writer = csv.DictWriter(out, header, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({name: row.get(name, "") for name in header})
    return out.getvalue()


def test_errors_name_shopify_columns(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "orders_export.csv"
    path.write_text(
        _orders(
            [
                {
                    "Name": "#2001",
                    "Email": "a@example.com",
                    "Lineitem quantity": "two",
                    "Lineitem sku": "X",
                    "Risk Level": "Critical",
                    "Fulfilled at": "yesterday",
                },
            ]
        ),
        encoding="utf-8",
    )
    with pytest.raises(ImportRejected) as caught:
        import_file(
            engine,
            "shipments",
            path,
            format="shopify",
            evidence_dir=tmp_path / "ev",
            display_name="orders_export.csv",
        )
    assert [str(error) for error in caught.value.errors] == [
        "orders_export.csv:2: Fulfilled at: 'yesterday' is not a date and time; expected "
        "'%Y-%m-%d %H:%M:%S %z' or ISO 8601 like 2024-05-01T14:30:00+08:00",
        "orders_export.csv:2: Risk Level: 'Critical' is not a risk level; expected one of none, "
        "low, medium, high or blank",
        "orders_export.csv:2: Lineitem quantity: 'two' is not a number; expected a whole number "
        "like 1 or 2",
    ]


def test_a_file_that_is_not_a_shopify_export(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("order,sku,qty\n1,A,1\n", encoding="utf-8")
    with pytest.raises(ImportRejected) as caught:
        import_file(
            engine,
            "shipments",
            path,
            format="shopify",
            evidence_dir=tmp_path / "ev",
            display_name="x.csv",
        )
    messages = [str(error) for error in caught.value.errors]
    assert messages[0] == (
        "x.csv:1: Name: column not found in the header; Shopify's order export takes order_ref "
        "from it (the header has: order, sku, qty)"
    )
    assert len(messages) == 3  # Name, Lineitem sku and Lineitem quantity


def test_shopify_returns_are_not_in_the_order_export(engine: Engine, tmp_path: Path) -> None:
    with pytest.raises(FormatError, match="no return requests"):
        import_file(
            engine,
            "returns",
            SAMPLES / "shopify_orders.csv",
            format="shopify",
            evidence_dir=tmp_path / "ev",
        )


def test_a_product_row_with_more_cells_than_the_header_says_why(
    engine: Engine, tmp_path: Path
) -> None:
    header = (SAMPLES / "shopify_products.csv").read_text(encoding="utf-8").splitlines()[0]
    width = len(header.split(","))
    path = tmp_path / "products_export.csv"
    row = ["mug", "Mug", *[""] * (width - 2), "a stray cell"]
    path.write_text(f"{header}\n{','.join(row)}\n", encoding="utf-8")
    with pytest.raises(ImportRejected) as caught:
        import_file(
            engine,
            "products",
            path,
            format="shopify",
            evidence_dir=tmp_path / "ev",
            display_name="products_export.csv",
        )
    assert [str(error) for error in caught.value.errors] == [
        f"products_export.csv:2: the row has more cells than the header ({width}); "
        "is a comma inside a cell missing its quotes?"
    ]
