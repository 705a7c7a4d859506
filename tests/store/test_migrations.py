"""The migrations against the models, and migrations 0003 and 0004 on a store with parcels.

Every test runs on SQLite and, when configured, PostgreSQL (``store_url``).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, MetaData, Table, inspect, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.schema import CreateIndex
from sqlmodel import SQLModel

from inspect_tui.store import migrate
from inspect_tui.store.engine import make_engine
from inspect_tui.store.repeat_buyers import repeat_buyers
from inspect_tui.store.session import reading
from inspect_tui.store.tables import OPEN_INSPECTION_PER_SHIPMENT

DONE = datetime(2026, 11, 18, 3, 0, tzinfo=UTC)


def _downgrade(engine: Engine, revision: str) -> None:
    """Take the store back to ``revision`` (``migrate.upgrade`` goes the other way)."""
    config = migrate.alembic_config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, revision)


def _indexes(engine: Engine, table: str) -> dict[str, list[str | None]]:
    return {ix["name"] or "": ix["column_names"] for ix in inspect(engine).get_indexes(table)}


def _fill_at_0002(engine: Engine) -> None:
    """Two shipments, a return, three parcels (one unmatched) and a scanned unit, as 0002 had."""
    with engine.begin() as connection:
        tables = MetaData()
        shipment, request, inspection, unit = (
            Table(name, tables, autoload_with=connection)
            for name in ("shipment", "return_request", "inspection", "inspection_unit")
        )
        assert "buyer_ref" not in inspection.c
        connection.execute(
            shipment.insert(),
            [
                _shipment(1, "taobao", "tb_a"),
                _shipment(2, "shopify", ""),
            ],
        )
        connection.execute(
            request.insert(),
            {"id": 1, "rma_ref": "R-1", "rma_key": "r-1", "shipment_id": 1, "carrier_return": "",
             "requested_at": DONE - timedelta(days=2), "reason_text": "", "refund_minor": 9900,
             "freight_insurance": False},
        )  # fmt: skip
        connection.execute(
            inspection.insert(),
            [
                _inspection(1, shipment_id=1, return_id=1, outcome="reject"),
                _inspection(2, shipment_id=2, return_id=None, outcome="accept"),
                _inspection(3, shipment_id=None, return_id=None, outcome="reject"),
            ],
        )
        connection.execute(
            unit.insert(),
            {"inspection_id": 1, "scanned_code": "6901234567892", "match": "matched",
             "checklist": {}, "note": "", "scanned_at": DONE},
        )  # fmt: skip


def _shipment(key: int, platform: str, buyer: str) -> dict[str, Any]:
    return {"id": key, "platform": platform, "order_ref": f"O-{key}", "order_key": f"o-{key}",
            "buyer_ref": buyer, "buyer_name": buyer.upper(), "carrier": "", "risk_level": "none",
            "currency": "CNY", "seal_ids": []}  # fmt: skip


def _inspection(
    key: int, *, shipment_id: int | None, return_id: int | None, outcome: str
) -> dict[str, Any]:
    return {"id": key, "code": f"INS-{key}", "return_id": return_id, "shipment_id": shipment_id,
            "scanned_code": "", "station": "bench-1", "inspector": "li", "status": "completed",
            "step": "done", "day": date(2026, 11, 18), "opened_at": DONE - timedelta(minutes=5),
            "completed_at": DONE, "outcome": outcome, "reasons": [], "suggested": {},
            "justification": "", "needs_review": False, "review_comment": "", "note": "",
            "version": 1}  # fmt: skip


def _buyers(engine: Engine) -> dict[str, tuple[str | None, str | None]]:
    with engine.connect() as connection:
        inspection = Table("inspection", MetaData(), autoload_with=connection)
        rows = connection.execute(
            select(inspection.c.code, inspection.c.platform, inspection.c.buyer_ref)
        ).all()
    return {code: (platform, buyer) for code, platform, buyer in rows}


def test_the_models_and_the_migrations_agree(store_url: str) -> None:
    engine = make_engine(store_url)
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), SQLModel.metadata)
    engine.dispose()
    assert differences == []


def test_the_models_open_inspection_index_is_partial_on_both_back_ends(store_url: str) -> None:
    """As migration 0006 made it: a parcel's completed inspections never collide."""
    engine = make_engine(store_url)
    ddl = str(CreateIndex(OPEN_INSPECTION_PER_SHIPMENT).compile(dialect=engine.dialect))
    engine.dispose()
    assert ddl.endswith("(shipment_id) WHERE status = 'open'"), ddl


def test_upgrading_from_0002_gives_existing_parcels_their_buyer(store_url: str) -> None:
    engine = make_engine(store_url)
    _downgrade(engine, "0002")
    assert "ix_inspection_completed_shipment" in _indexes(engine, "inspection")
    _fill_at_0002(engine)

    migrate.upgrade(engine)

    assert _buyers(engine) == {
        "INS-1": ("taobao", "tb_a"),
        "INS-2": ("shopify", ""),
        "INS-3": (None, None),  # matched no shipment: no buyer
    }
    indexes = _indexes(engine, "inspection")
    assert indexes["ix_inspection_completed_buyer"] == [
        "completed_at", "status", "platform", "buyer_ref",
    ]  # fmt: skip
    assert indexes["ix_inspection_outcome_buyer"] == [
        "outcome", "status", "completed_at", "platform", "buyer_ref",
    ]  # fmt: skip
    assert "ix_inspection_completed_shipment" not in indexes
    assert _indexes(engine, "shipment")["ix_shipment_buyer"] == ["platform", "buyer_ref", "id"]
    # The figures read the filled buyer: tb_a's return request and rejected parcel.
    with reading(engine) as session:
        (buyer,) = repeat_buyers(
            session, since=DONE - timedelta(hours=1), until=DONE + timedelta(hours=1),
            window_start=DONE - timedelta(days=30), min_returns=1, min_rejects=1,
        )  # fmt: skip
    assert (buyer.platform, buyer.buyer_ref, buyer.buyer_name) == ("taobao", "tb_a", "TB_A")
    assert (buyer.returns, buyer.rejects, buyer.value_minor) == (1, 1, 9900)
    engine.dispose()


def test_downgrading_0003_keeps_every_parcel_and_its_units(store_url: str) -> None:
    engine = make_engine(store_url)
    _downgrade(engine, "0002")
    _fill_at_0002(engine)
    migrate.upgrade(engine)

    _downgrade(engine, "0002")

    columns = {column["name"] for column in inspect(engine).get_columns("inspection")}
    assert not {"platform", "buyer_ref"} & columns
    assert "ix_inspection_completed_shipment" in _indexes(engine, "inspection")
    assert _indexes(engine, "shipment")["ix_shipment_buyer"] == ["platform", "buyer_ref"]
    with engine.connect() as connection:
        unit = Table("inspection_unit", MetaData(), autoload_with=connection)
        inspection = Table("inspection", MetaData(), autoload_with=connection)
        assert connection.execute(select(unit.c.inspection_id)).scalars().all() == [1]
        assert len(connection.execute(select(inspection.c.id)).all()) == 3
    migrate.upgrade(engine)
    assert _buyers(engine)["INS-1"] == ("taobao", "tb_a")
    assert migrate.is_current(engine)
    engine.dispose()


def _fill_at_0003(engine: Engine) -> None:
    """Two shipments, a return request on each with a line, a rejected parcel, as 0003 had."""
    with engine.begin() as connection:
        tables = MetaData()
        shipment, request, line, inspection = (
            Table(name, tables, autoload_with=connection)
            for name in ("shipment", "return_request", "return_line", "inspection")
        )
        assert "buyer_ref" not in request.c
        connection.execute(
            shipment.insert(), [_shipment(1, "taobao", "tb_a"), _shipment(2, "shopify", "")]
        )
        connection.execute(
            request.insert(),
            [
                {"id": key, "rma_ref": f"R-{key}", "rma_key": f"r-{key}", "shipment_id": key,
                 "carrier_return": "", "requested_at": DONE - timedelta(days=2),
                 "reason_text": "", "refund_minor": 9900 * key, "freight_insurance": False}
                for key in (1, 2)
            ],
        )  # fmt: skip
        connection.execute(
            line.insert(), [{"return_id": key, "sku": "HP-100", "qty": 1} for key in (1, 2)]
        )
        connection.execute(
            inspection.insert(),
            {**_inspection(1, shipment_id=1, return_id=1, outcome="reject"),
             "platform": "taobao", "buyer_ref": "tb_a"},
        )  # fmt: skip


def _request_buyers(engine: Engine) -> dict[str, tuple[str | None, str | None]]:
    with engine.connect() as connection:
        request = Table("return_request", MetaData(), autoload_with=connection)
        rows = connection.execute(
            select(request.c.rma_ref, request.c.platform, request.c.buyer_ref)
        ).all()
    return {rma: (platform, buyer) for rma, platform, buyer in rows}


def test_upgrading_from_0003_gives_existing_return_requests_their_buyer(store_url: str) -> None:
    engine = make_engine(store_url)
    _downgrade(engine, "0003")
    _fill_at_0003(engine)

    migrate.upgrade(engine)

    assert _request_buyers(engine) == {"R-1": ("taobao", "tb_a"), "R-2": ("shopify", "")}
    assert _indexes(engine, "return_request")["ix_return_request_buyer_requested"] == [
        "platform", "buyer_ref", "requested_at", "refund_minor",
    ]  # fmt: skip
    # The figures count the filled buyer's return request.
    with reading(engine) as session:
        (buyer,) = repeat_buyers(
            session, since=DONE - timedelta(hours=1), until=DONE + timedelta(hours=1),
            window_start=DONE - timedelta(days=30), min_returns=1, min_rejects=2,
        )  # fmt: skip
    assert (buyer.platform, buyer.buyer_ref, buyer.buyer_name) == ("taobao", "tb_a", "TB_A")
    assert (buyer.returns, buyer.rejects, buyer.value_minor) == (1, 1, 9900)
    engine.dispose()


def test_downgrading_0004_keeps_every_return_request_and_its_lines(store_url: str) -> None:
    engine = make_engine(store_url)
    _downgrade(engine, "0003")
    _fill_at_0003(engine)
    migrate.upgrade(engine)

    _downgrade(engine, "0003")

    columns = {column["name"] for column in inspect(engine).get_columns("return_request")}
    assert not {"platform", "buyer_ref"} & columns
    assert "ix_return_request_buyer_requested" not in _indexes(engine, "return_request")
    with engine.connect() as connection:
        line = Table("return_line", MetaData(), autoload_with=connection)
        assert sorted(connection.execute(select(line.c.return_id)).scalars().all()) == [1, 2]
    migrate.upgrade(engine)
    assert _request_buyers(engine)["R-1"] == ("taobao", "tb_a")
    assert migrate.is_current(engine)
    engine.dispose()


def test_0005_gives_stations_their_setup_columns_and_keeps_them_on_the_way_down(
    store_url: str,
) -> None:
    engine = make_engine(store_url)
    _downgrade(engine, "0004")
    with engine.begin() as connection:
        station = Table("station", MetaData(), autoload_with=connection)
        assert not {"printer", "recording_folder", "language"} & set(station.c.keys())
        connection.execute(
            station.insert(),
            {"id": 1, "name": "bench-1", "scale": "hid:///dev/hidraw0", "photo_inbox": "/in",
             "created_at": DONE},
        )  # fmt: skip
    migrate.upgrade(engine)

    with engine.connect() as connection:
        station = Table("station", MetaData(), autoload_with=connection)
        row = connection.execute(select(station)).one()
    assert (row.name, row.scale, row.photo_inbox) == ("bench-1", "hid:///dev/hidraw0", "/in")
    assert (row.printer, row.recording_folder, row.language) == (None, None, None)

    _downgrade(engine, "0004")
    with engine.connect() as connection:
        station = Table("station", MetaData(), autoload_with=connection)
        assert connection.execute(select(station.c.scale)).scalar_one() == "hid:///dev/hidraw0"
    migrate.upgrade(engine)
    assert migrate.is_current(engine)
    engine.dispose()


def test_0006_refuses_a_store_with_a_parcel_open_twice_then_enforces_one(
    store_url: str,
) -> None:
    engine = make_engine(store_url)
    _downgrade(engine, "0004")
    assert "facts" not in {column["name"] for column in inspect(engine).get_columns("inspection")}
    twice = [_inspection(key, shipment_id=2, return_id=None, outcome="accept") for key in (4, 5)]
    for row in twice:
        row.update(status="open", completed_at=None, outcome=None)
    with engine.begin() as connection:
        tables = MetaData()
        shipment, inspection = (
            Table(name, tables, autoload_with=connection) for name in ("shipment", "inspection")
        )
        connection.execute(shipment.insert(), [_shipment(2, "shopify", "")])
        connection.execute(inspection.insert(), twice)

    with pytest.raises(RuntimeError, match="INS-4, INS-5"):
        migrate.upgrade(engine)

    with engine.begin() as connection:
        table = Table("inspection", MetaData(), autoload_with=connection)
        connection.execute(table.update().where(table.c.id == 5).values(status="completed"))
    migrate.upgrade(engine)
    assert "uq_inspection_open_shipment" in _indexes(engine, "inspection")
    assert "facts" in {column["name"] for column in inspect(engine).get_columns("inspection")}
    with pytest.raises(IntegrityError), engine.begin() as connection:
        table = Table("inspection", MetaData(), autoload_with=connection)
        connection.execute(table.update().where(table.c.id == 5).values(status="open"))
    engine.dispose()


def test_the_newest_revision_read_from_the_scripts_is_alembics() -> None:
    from alembic.script import ScriptDirectory

    alembic_head = ScriptDirectory.from_config(migrate.alembic_config()).get_current_head()
    assert migrate._script_heads() == [alembic_head]
    assert migrate.head_revision() == alembic_head
