"""``inspect-tui db copy --to URL``: a desk moved to another database, every row and the chain."""

from __future__ import annotations

import sys
from pathlib import Path

from sqlalchemy import func, select
from sqlmodel import SQLModel
from typer.testing import CliRunner

from inspect_tui.cli import app
from inspect_tui.services.inspecting.workstation import Workstation
from inspect_tui.services.shared.database import open_store

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from bench_load import make_pool  # noqa: E402  (the benchmark's pool of parcels, shared)

runner = CliRunner()


def _counts(url: str) -> dict[str, int]:
    engine = open_store(url)
    try:
        with engine.connect() as connection:
            return {
                table.name: connection.execute(select(func.count()).select_from(table)).scalar_one()
                for table in SQLModel.metadata.sorted_tables
            }
    finally:
        engine.dispose()


def test_a_sqlite_desk_copied_keeps_every_row_and_verifies(store_url: str, tmp_path: Path) -> None:
    source = f"sqlite:///{tmp_path / 'home-desk' / 'inspect.db'}"
    codes = make_pool(source, tmp_path / "pool", 4)
    bench = Workstation.connect(source, station="bench-1", operator="clerk")
    try:
        view = bench.open_parcel(codes[0])
        bench.record_weight(view.inspection_id, 350)
        unit = bench.scan_item(view.inspection_id, "LOAD-1").units[0].unit_id
        bench.grade_unit(view.inspection_id, unit, "A")
        bench.decide(view.inspection_id)
        bench.complete(view.inspection_id)
        bench.open_parcel(codes[1])
    finally:
        bench.close()

    copied = runner.invoke(app, ["--db", source, "db", "copy", "--to", store_url])
    assert copied.exit_code == 0, copied.output
    assert "Copied" in copied.output
    assert _counts(store_url) == _counts(source)
    verified = runner.invoke(app, ["--db", store_url, "audit", "verify", "--skip-files"])
    assert verified.exit_code == 0, verified.output

    # The copy is a working desk: new rows get ids past the copied ones.
    moved = Workstation.connect(store_url, station="bench-2", operator="clerk")
    try:
        opened = moved.open_parcel(codes[2])
        assert opened.inspection_id == 3
        moved.record_weight(opened.inspection_id, 350)
    finally:
        moved.close()
    assert runner.invoke(app, ["--db", store_url, "audit", "verify", "--skip-files"]).exit_code == 0

    again = runner.invoke(app, ["--db", source, "db", "copy", "--to", store_url])
    assert again.exit_code == 1
    assert "not empty" in again.output and "nothing was copied" in again.output
    assert "Traceback" not in again.output
