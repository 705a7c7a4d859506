"""The tables are declared once (``store.tables``); the ORM classes map onto those same tables."""

from __future__ import annotations

import pytest
from sqlalchemy import Column, Integer, MetaData, Table, inspect
from sqlmodel import SQLModel

from inspect_tui.store import models, tables


def test_every_orm_class_maps_onto_its_declared_table() -> None:
    classes = [
        value
        for value in vars(models).values()
        if isinstance(value, type) and issubclass(value, SQLModel) and "__table__" in vars(value)
    ]
    declared = {value for value in vars(tables).values() if isinstance(value, Table)}
    assert {cls.__table__ for cls in classes} == declared  # type: ignore[attr-defined]
    assert declared == set(SQLModel.metadata.tables.values())


def test_a_column_the_class_does_not_name_is_an_error_at_import() -> None:
    table = Table(
        "two_columns",
        MetaData(),
        Column("id", Integer, primary_key=True),
        Column("count", Integer, nullable=False),
    )
    with pytest.raises(TypeError, match=r"no attribute for the columns \['count'\]"):

        class TwoColumns(models._Table, table=True):
            __table__ = table

            id: int | None = None


def test_a_new_row_starts_with_the_defaults_the_class_gives() -> None:
    shipment = models.Shipment(platform="taobao", order_ref="A1", order_key="a1")
    assert (shipment.risk_level, shipment.currency, shipment.seal_ids) == ("none", "CNY", [])
    assert inspect(models.Shipment).columns["platform"] is tables.SHIPMENT.c.platform
