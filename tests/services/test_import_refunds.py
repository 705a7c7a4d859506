"""A returns row's refund_amount is its line's refund; refund_total is the return's own amount."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine
from sqlmodel import Session, select
from test_import_errors import rejected, write

from inspect_tui.services.importing import import_file
from inspect_tui.store.models import ReturnRequest

ORDER = (
    "order_ref,platform,sku,qty,unit_price\n"
    "T1,taobao,A,1,399\nT1,taobao,B,1,29\nT1,taobao,C,1,370\n"
)


def refunds(engine: Engine) -> dict[str, int | None]:
    """RMA -> stored refund (minor units)."""
    with Session(engine) as session:
        return {r.rma_ref: r.refund_minor for r in session.exec(select(ReturnRequest)).all()}


def import_returns(engine: Engine, tmp_path: Path, text: str, name: str = "r.csv") -> None:
    """Import the order T1, then ``text`` as returns."""
    import_file(engine, "shipments", write(tmp_path / "s.csv", ORDER), evidence_dir=tmp_path)
    import_file(engine, "returns", write(tmp_path / name, text), evidence_dir=tmp_path)


def test_per_line_refunds_add_up_to_the_returns_refund(engine: Engine, tmp_path: Path) -> None:
    text = (
        "rma_ref,order_ref,platform,sku,qty,refund_amount\n"
        "R1,T1,taobao,A,1,399.00\n"
        "R1,T1,taobao,B,1,29.00\n"
        "R1,T1,taobao,C,1,370.00\n"
    )
    import_returns(engine, tmp_path, text)
    assert refunds(engine) == {"R1": 79800}


def test_a_line_without_a_refund_adds_nothing(engine: Engine, tmp_path: Path) -> None:
    text = "rma_ref,order_ref,sku,qty,refund_amount\nR1,T1,A,1,399.00\nR1,T1,B,1,\n"
    import_returns(engine, tmp_path, text)
    assert refunds(engine) == {"R1": 39900}


def test_no_refund_given_stays_unknown(engine: Engine, tmp_path: Path) -> None:
    import_returns(engine, tmp_path, "rma_ref,order_ref,sku,qty,refund_amount\nR1,T1,A,1,\n")
    assert refunds(engine) == {"R1": None}


def test_refund_total_is_the_returns_amount(engine: Engine, tmp_path: Path) -> None:
    text = (
        "rma_ref,order_ref,sku,qty,refund_amount,refund_total\n"
        "R1,T1,A,1,399.00,410.00\n"  # the lines plus the postage refunded
        "R1,T1,B,1,,\n"
    )
    import_returns(engine, tmp_path, text)
    assert refunds(engine) == {"R1": 41000}


def test_refund_total_alone_repeated_on_each_row(engine: Engine, tmp_path: Path) -> None:
    text = "rma_ref,order_ref,sku,qty,refund_total\nR1,T1,A,1,428.00\nR1,T1,B,1,428.00\n"
    import_returns(engine, tmp_path, text)
    assert refunds(engine) == {"R1": 42800}


def test_refund_total_must_agree_and_cover_the_lines(engine: Engine, tmp_path: Path) -> None:
    import_file(engine, "shipments", write(tmp_path / "s.csv", ORDER), evidence_dir=tmp_path)
    text = (
        "rma_ref,order_ref,sku,qty,refund_amount,refund_total\n"
        "R1,T1,A,1,399.00,420.00\n"
        "R1,T1,B,1,29.00,\n"
        "R1,T1,C,1,370.00,421.00\n"
    )
    assert rejected(engine, tmp_path, "returns", text) == [
        "bad.csv:2: refund_total: 420.00 is less than the refunds of return R1's lines (798.00 "
        "in refund_amount); expected the return's whole refund, at least the sum of its lines",
        "bad.csv:4: refund_total: '421.00' contradicts '420.00' on line 2 for return R1; "
        "expected the same value as its first row, or blank",
    ]


def test_refund_total_through_a_mapping(engine: Engine, tmp_path: Path) -> None:
    mapping = write(
        tmp_path / "m.toml",
        '[file]\nkind = "returns"\n[columns]\nrma_ref = "退款编号"\norder_ref = "订单编号"\n'
        'sku = "商品编码"\nrefund_amount = "退款金额"\nrefund_total = "退款总额"\n'
        '[units]\nrefund_total = "fen"\n',
    )
    text = "退款编号,订单编号,商品编码,退款金额,退款总额\nR1,T1,A,399.00,40000\nR1,T1,B,1.00,\n"
    import_file(engine, "shipments", write(tmp_path / "s.csv", ORDER), evidence_dir=tmp_path)
    import_file(
        engine, "returns", write(tmp_path / "r.csv", text), evidence_dir=tmp_path, mapping=mapping
    )
    assert refunds(engine) == {"R1": 40000}
