"""The buyer on the return request: written by every import, corrected with the shipment's."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine
from sqlmodel import Session, select

from inspect_tui.services.importing import import_file
from inspect_tui.store.models import ReturnRequest, Shipment

SAMPLE = Path(__file__).resolve().parents[2] / "sample_data" / "tiktok_orders.csv"
SHIPMENTS = """order_ref,platform,buyer_ref,buyer_name,sku,qty
TB 1001,淘宝,wx_1,王小明,HP-100,1
DY2001,Douyin,dy_2,李娜,TS-1,1
"""
RETURNS = """rma_ref,order_ref,sku,qty,requested_at
R-1,TB1001,HP-100,1,2026-11-14 12:00
R-2,DY2001,TS-1,1,2026-11-15 12:00
"""


def _load(engine: Engine, folder: Path, shipments: str, returns: str) -> None:
    """Write and import a shipments file and a returns file, in Shanghai time."""
    folder.mkdir(parents=True, exist_ok=True)
    for kind, text in (("shipments", shipments), ("returns", returns)):
        (folder / f"{kind}.csv").write_text(text, encoding="utf-8")
        import_file(
            engine, kind, folder / f"{kind}.csv", evidence_dir=folder / "ev", tz="Asia/Shanghai"
        )


def _request_buyers(engine: Engine) -> dict[str, tuple[str | None, str | None]]:
    with Session(engine) as session:
        rows = session.exec(
            select(ReturnRequest.rma_ref, ReturnRequest.platform, ReturnRequest.buyer_ref)
        ).all()
    return {rma: (platform, buyer) for rma, platform, buyer in rows}


def _shipment_buyers(engine: Engine) -> dict[int, tuple[str, str]]:
    with Session(engine) as session:
        rows = session.exec(select(Shipment.id, Shipment.platform, Shipment.buyer_ref)).all()
    return {int(key or 0): (platform, buyer) for key, platform, buyer in rows}


def test_a_returns_file_gives_each_request_its_shipments_buyer(
    engine: Engine, tmp_path: Path
) -> None:
    _load(engine, tmp_path, SHIPMENTS, RETURNS)

    assert _request_buyers(engine) == {"R-1": ("taobao", "wx_1"), "R-2": ("douyin", "dy_2")}
    again = import_file(
        engine, "returns", tmp_path / "returns.csv", evidence_dir=tmp_path / "ev",
        tz="Asia/Shanghai",
    )  # fmt: skip
    assert again.counts["returns"].as_dict() == {"created": 0, "updated": 0, "unchanged": 2}


def test_a_corrected_buyer_is_the_buyer_of_the_return_requests_already_imported(
    engine: Engine, tmp_path: Path
) -> None:
    _load(engine, tmp_path, SHIPMENTS, RETURNS)
    corrected = SHIPMENTS.replace(",wx_1,", ",wx_1b,")
    (tmp_path / "shipments.csv").write_text(corrected, encoding="utf-8")
    result = import_file(
        engine, "shipments", tmp_path / "shipments.csv", evidence_dir=tmp_path / "ev",
        tz="Asia/Shanghai",
    )  # fmt: skip
    assert result.counts["shipments"].as_dict() == {"created": 0, "updated": 1, "unchanged": 1}

    assert _request_buyers(engine) == {"R-1": ("taobao", "wx_1b"), "R-2": ("douyin", "dy_2")}
    again = import_file(
        engine, "returns", tmp_path / "returns.csv", evidence_dir=tmp_path / "ev",
        tz="Asia/Shanghai",
    )  # fmt: skip
    assert again.counts["returns"].as_dict() == {"created": 0, "updated": 0, "unchanged": 2}


def test_an_export_with_orders_and_returns_gives_the_requests_the_files_buyer(
    engine: Engine, tmp_path: Path
) -> None:
    import_file(
        engine, "shipments", SAMPLE, format="tiktok", evidence_dir=tmp_path / "ev", tz="UTC"
    )

    buyers = _request_buyers(engine)
    assert buyers["TT-RET-576461413038785752"] == ("tiktok", "sneakerfan_88")
    assert set(buyers.values()) <= set(_shipment_buyers(engine).values())
    assert all(platform == "tiktok" and buyer for platform, buyer in buyers.values())
