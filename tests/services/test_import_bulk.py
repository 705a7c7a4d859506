"""Bulk inserts store exactly what the column's own type would: the JSON lists' shortcuts."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import Engine, select

from inspect_tui.services.importing.bulk import BulkInsert, _empty_list_shortcut
from inspect_tui.services.importing.lookups import table


@given(st.lists(st.text(max_size=12), max_size=4))
def test_the_list_shortcut_writes_what_json_would(items: list[str]) -> None:
    process = _empty_list_shortcut(lambda value: json.dumps(list(value)))
    assert process(items) == json.dumps(items)


def test_lists_of_every_kind_read_back_as_written(engine: Engine, tmp_path: Path) -> None:
    lists = [[], ["SN-1"], ["a b", "C/3"], ['say "hi"'], ["back\\slash"], ["序列号", "é"], ["\x7f"]]
    with engine.begin() as connection:
        bulk = BulkInsert(
            connection,
            "product",
            ("sku", "sku_key", "gtin", "title", "unit_weight_g", "serialized", "components"),
        )
        bulk.run(
            (f"P{n}", f"p{n}", None, "Thing", None, False, items) for n, items in enumerate(lists)
        )
    product = table("product")
    with engine.connect() as connection:
        stored = connection.execute(select(product.c.components).order_by(product.c.id)).all()
    assert [row[0] for row in stored] == lists
