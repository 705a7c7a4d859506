"""Nothing a call returned is lost: a killed process, a second station, a busy database."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import text

from inspect_tui.services.demo import DemoStore
from inspect_tui.services.inspecting.workstation import Workstation, parse_weight_text
from inspect_tui.services.shared.errors import (
    InspectionClosed,
    InvalidInput,
    NotAParcelCode,
    ParcelNotFound,
    ParcelOpenElsewhere,
    StoreBusy,
    UnknownOperator,
)

WORKER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from inspect_tui.services.inspecting.workstation import Workstation
    ws = Workstation.connect(sys.argv[1], station="bench-1", operator="alice",
                             data_dir=Path(sys.argv[2]))
    view = ws.open_parcel("SF1402590004417")
    view = ws.record_weight(view.inspection_id, 512)
    view = ws.scan_item(view.inspection_id, "HP100-2411-00871")
    view = ws.grade_unit(view.inspection_id, view.units[0].unit_id, "B", {"seal_intact": False})
    view = ws.set_step(view.inspection_id, "evidence")
    print("READY", view.code, flush=True)
    time.sleep(120)
    """
)


def test_killed_process_resumes_where_the_clerk_was(demo: DemoStore) -> None:
    child = subprocess.Popen(
        [sys.executable, "-c", WORKER, demo.db_url, str(demo.data_dir)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        line = child.stdout.readline()
        assert line.startswith("READY"), child.stderr.read() if child.stderr else line
        code = line.split()[1]
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL
    ws = Workstation.connect(
        demo.db_url, station="bench-1", operator="alice", data_dir=demo.data_dir
    )
    try:
        resumed = ws.resume_open()
        assert resumed is not None and resumed.code == code
        assert resumed.step == "evidence"
        assert resumed.weight_g == 512
        assert [(u.serial, u.grade, u.checklist) for u in resumed.units] == [
            ("HP100-2411-00871", "B", {"seal_intact": False})
        ]
        again = ws.open_parcel("TB-RF-880001")
        assert again.inspection_id == resumed.inspection_id
    finally:
        ws.close()


def test_two_stations_and_take_over(ws: Workstation, demo: DemoStore, bench_time: datetime) -> None:
    first = ws.open_parcel("SF1402590004417")
    ws.record_weight(first.inspection_id, 515)
    other = Workstation.connect(
        demo.db_url,
        station="bench-2",
        operator="ben",
        data_dir=demo.data_dir,
        clock=lambda: bench_time,
    )
    try:
        with pytest.raises(ParcelOpenElsewhere, match="bench-1 by alice"):
            other.open_parcel("TB4015528817")
        with pytest.raises(ParcelOpenElsewhere):
            other.record_weight(first.inspection_id, 10)
        taken = other.open_parcel("TB-RF-880001", take_over=True)
        assert taken.inspection_id == first.inspection_id
        assert taken.station == "bench-2" and taken.inspector == "ben"
        assert taken.weight_g == 515
        with pytest.raises(ParcelOpenElsewhere, match="bench-2 by ben"):
            ws.scan_item(first.inspection_id, "HP100-2411-00871")
    finally:
        other.close()


def test_completed_parcel_returns_its_finished_view(ws: Workstation) -> None:
    view = ws.open_parcel("SF1402590004417")
    ws.record_weight(view.inspection_id, 515)
    ws.scan_item(view.inspection_id, "HP100-2411-00871")
    ws.decide(view.inspection_id)
    ws.complete(view.inspection_id)
    again = ws.open_parcel("SF1402590004417")
    assert again.inspection_id == view.inspection_id and again.status == "completed"
    with pytest.raises(InspectionClosed, match="supervisor"):
        ws.record_weight(view.inspection_id, 100)


def test_unknown_and_wrong_codes(ws: Workstation) -> None:
    with pytest.raises(ParcelNotFound, match="unmatched"):
        ws.open_parcel("SF0000000000000")
    with pytest.raises(NotAParcelCode, match="product barcode"):
        ws.open_parcel("06901234567014")
    with pytest.raises(NotAParcelCode, match="command"):
        ws.open_parcel("CMD:ACCEPT")
    view = ws.open_parcel("SF1402590004417")
    with pytest.raises(InvalidInput, match="parcel or order code"):
        ws.scan_item(view.inspection_id, "SF1402590004417")
    with pytest.raises(InvalidInput, match="command"):
        ws.scan_item(view.inspection_id, "CMD:DONE")
    with pytest.raises(InvalidInput, match="empty or garbled"):
        ws.scan_item(view.inspection_id, "\x00\x01")
    view = ws.scan_item(view.inspection_id, "HP100-2411-00871")
    view = ws.scan_item(view.inspection_id, "HP100-2411-00871")
    assert [u.match for u in view.units] == ["matched", "duplicate"]
    assert ws.current(view.inspection_id).units == view.units


@pytest.mark.parametrize("typed", ["-5", "abc", "0", "900 kg", ""])
def test_impossible_weights_are_refused(ws: Workstation, typed: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_weight_text(typed)
    assert str(caught.value)
    view = ws.open_parcel("SF1402590004417")
    for grams in (-5, 0, 900_000):
        with pytest.raises(InvalidInput):
            ws.record_weight(view.inspection_id, grams)
    assert ws.current(view.inspection_id).weight_g is None


def test_typed_weights(ws: Workstation) -> None:
    assert parse_weight_text("760") == 760
    assert parse_weight_text("0.76 kg") == 760


def test_vanished_photo_and_unknown_operator(
    ws: Workstation, demo: DemoStore, tmp_path: Path
) -> None:
    view = ws.open_parcel("SF1402590004417")
    with pytest.raises(InvalidInput, match="no longer there"):
        ws.attach_evidence(view.inspection_id, tmp_path / "gone.jpg", "item_photo")
    with pytest.raises(UnknownOperator, match="nobody"):
        Workstation.connect(
            demo.db_url, station="bench-1", operator="nobody", data_dir=demo.data_dir
        )


def test_locked_database_loses_nothing(ws: Workstation, demo: DemoStore) -> None:
    if not demo.db_url.startswith("sqlite"):
        pytest.skip("a writer lock held by another connection is the SQLite case")
    view = ws.open_parcel("SF1402590004417")
    ws.record_weight(view.inspection_id, 515)
    import sqlite3

    blocker = sqlite3.connect(demo.db_url.removeprefix("sqlite:///"), isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(StoreBusy, match="nothing was saved"):
            ws.scan_item(view.inspection_id, "HP100-2411-00871")
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    after = ws.current(view.inspection_id)
    assert after.weight_g == 515 and after.units == ()
    with ws.engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM inspection_unit")).scalar() == 0


def test_test_result_and_outer_box_survive_a_reread(ws: Workstation) -> None:
    view = ws.open_parcel("DY-RT-20017")
    ws.set_test_result(view.inspection_id, "not_reproduced")
    ws.set_outer_box(view.inspection_id, True)
    again = ws.current(view.inspection_id)
    assert again.test_result == "not_reproduced"
    assert again.outer_box_damaged is True


def test_database_folder_that_cannot_be_made(tmp_path: Path) -> None:
    from inspect_tui.services.shared.database import StoreError, open_store

    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    with pytest.raises(StoreError, match="Cannot open the database .*its folder cannot be created"):
        open_store(f"sqlite:///{blocker / 'inspect.db'}")
