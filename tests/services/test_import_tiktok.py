"""TikTok Shop's order export: shipments, and return requests from the same rows."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from inspect_tui.services.importing import FormatError, ImportRejected, import_file
from inspect_tui.store.models import ReturnLine, ReturnRequest, Shipment, ShipmentLine

SAMPLE = Path(__file__).resolve().parents[2] / "sample_data" / "tiktok_orders.csv"


def test_export_gives_shipments_and_returns(engine: Engine, tmp_path: Path) -> None:
    result = import_file(
        engine, "shipments", SAMPLE, format="tiktok", evidence_dir=tmp_path / "ev", tz="UTC"
    )
    assert result.counts["shipments"].created == 2
    assert result.counts["returns"].created == 2
    assert result.skipped == 2  # the column-description row and the cancelled order
    with Session(engine) as session:
        shoes = session.exec(
            select(Shipment).where(Shipment.order_ref == "576461413038785752")
        ).one()
        line = session.exec(select(ShipmentLine).where(ShipmentLine.shipment_id == shoes.id)).one()
        requests = {r.rma_ref: r for r in session.exec(select(ReturnRequest)).all()}
        returned = session.exec(
            select(ReturnLine.sku, ReturnLine.qty).order_by(col(ReturnLine.sku))
        ).all()
    # IDs lose the tab TikTok puts in front of them.
    assert shoes.platform == "tiktok" and shoes.package_ref == "1152938475610293"
    assert shoes.shipped_weight_g == 1020  # Weight(kg) 1.02
    assert shoes.shipped_at == datetime(2026, 11, 9, 15, 12, 45, tzinfo=UTC)
    assert shoes.carrier == "USPS" and shoes.tracking_out == "9400111899223855123450"
    assert shoes.buyer_ref == "sneakerfan_88" and shoes.buyer_name == "Olivia Martinez"
    assert shoes.currency == "USD"
    assert (line.sku, line.title, line.qty, line.unit_price_minor) == (
        "SN-RUN-42",
        "Running shoes — Size 42",
        1,
        4500,
    )
    rma = requests["TT-RET-576461413038785752"]
    assert rma.shipment_id == shoes.id
    assert (rma.reason_code, rma.reason_text, rma.refund_minor) == (
        "RETURN_REFUND",
        "Return/Refund",
        4500,
    )
    assert requests["TT-RET-576461413038790011"].refund_minor == 900
    assert list(returned) == [("LP-CASE", 1), ("SN-RUN-42", 1)]


def test_reimport_and_returns_only_import(engine: Engine, tmp_path: Path) -> None:
    import_file(engine, "shipments", SAMPLE, format="tiktok", evidence_dir=tmp_path / "ev")
    again = import_file(engine, "shipments", SAMPLE, format="tiktok", evidence_dir=tmp_path / "ev")
    assert again.counts["shipments"].as_dict() == {"created": 0, "updated": 0, "unchanged": 2}
    assert again.counts["returns"].as_dict() == {"created": 0, "updated": 0, "unchanged": 2}
    only = import_file(engine, "returns", SAMPLE, format="tiktok", evidence_dir=tmp_path / "ev")
    assert list(only.counts) == ["returns"]
    assert only.counts["returns"].unchanged == 2


def test_returns_only_needs_the_orders_in_the_store(engine: Engine, tmp_path: Path) -> None:
    with pytest.raises(ImportRejected) as caught:
        import_file(
            engine,
            "returns",
            SAMPLE,
            format="tiktok",
            evidence_dir=tmp_path / "ev",
            display_name="tiktok.csv",
        )
    first = str(caught.value.errors[0])
    assert first.startswith(
        "tiktok.csv:3: Order ID: '576461413038785752' matches no tiktok "
        "shipment; expected an order already imported"
    )
    with Session(engine) as session:
        assert session.exec(select(ReturnRequest)).all() == []


def _export(rows: list[dict[str, str]]) -> str:
    header = [
        "Order ID",
        "Order Status",
        "Cancelation/Return Type",
        "Seller SKU",
        "Product Name",
        "Variation",
        "Quantity",
        "Sku Quantity of return",
        "SKU Unit Original Price",
        "Order Refund Amount",
        "Shipped Time",
        "Tracking ID",
        "Shipping Provider Name",
        "Buyer Username",
        "Recipient",
        "Weight(kg)",
        "Package ID",
    ]
    out = io.StringIO()
    writer = csv.DictWriter(out, header, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({name: row.get(name, "") for name in header})
    return out.getvalue()


def test_errors_name_tiktok_columns(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "tt.csv"
    path.write_text(
        _export(
            [
                {
                    "Order ID": "\t5001",
                    "Order Status": "Shipped",
                    "Seller SKU": "A",
                    "Quantity": "1",
                    "Weight(kg)": "abc",
                    "Sku Quantity of return": "-1",
                    "Shipped Time": "11/31/2026 10:00:00 AM",
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
            format="tiktok",
            evidence_dir=tmp_path / "ev",
            display_name="tt.csv",
        )
    assert [str(error) for error in caught.value.errors] == [
        "tt.csv:2: Shipped Time: '11/31/2026 10:00:00 AM' is not a date and time; expected "
        "'%m/%d/%Y %I:%M:%S %p' or ISO 8601 like 2024-05-01T14:30:00+08:00",
        "tt.csv:2: Weight(kg): 'abc' is not a weight; expected a number of kg like 0.25",
        "tt.csv:2: Sku Quantity of return: '-1' is not a valid count; expected a whole number "
        "of 0 or more",
    ]


def test_tiktok_has_no_catalog(engine: Engine, tmp_path: Path) -> None:
    with pytest.raises(FormatError, match="not a catalog"):
        import_file(engine, "products", SAMPLE, format="tiktok", evidence_dir=tmp_path / "ev")
