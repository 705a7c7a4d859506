"""Inspection codes: numbered per day across all stations, past 9999, afresh each day."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import text

from inspect_tui.services.demo import DemoStore
from inspect_tui.services.inspecting.workstation import Workstation


def test_codes_count_up_across_stations_and_start_again_the_next_day(
    ws: Workstation, demo: DemoStore, bench_time: datetime
) -> None:
    assert ws.open_parcel("SF1402590004417").code == "INS-20261118-0001"
    other = Workstation.connect(
        demo.db_url, station="bench-2", operator="ben", data_dir=demo.data_dir,
        clock=lambda: bench_time,
    )  # fmt: skip
    tomorrow = Workstation.connect(
        demo.db_url, station="bench-3", operator="ben", data_dir=demo.data_dir,
        clock=lambda: bench_time + timedelta(days=1),
    )  # fmt: skip
    try:
        assert other.open_parcel("YT7512300991032").code == "INS-20261118-0002"
        assert tomorrow.open_parcel("JT5112301188740").code == "INS-20261119-0001"
        assert ws.open_parcel("SF1402590055120").code == "INS-20261118-0003"
    finally:
        other.close()
        tomorrow.close()


def test_the_ten_thousandth_code_of_a_day_is_followed_by_the_next(ws: Workstation) -> None:
    first = ws.open_parcel("SF1402590004417")
    with ws.engine.begin() as connection:
        connection.execute(
            text("UPDATE inspection SET code = 'INS-20261118-9999' WHERE id = :id"),
            {"id": first.inspection_id},
        )
    assert ws.open_parcel("YT7512300991032").code == "INS-20261118-10000"
    assert ws.open_parcel("JT5112301188740").code == "INS-20261118-10001"
