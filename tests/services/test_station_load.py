"""Several station processes on one store: every parcel inspected once, nothing lost, no "busy".

Real processes (spawned, each with its own ``Workstation`` and connections) on one SQLite file
and on one PostgreSQL database, taking parcels from one shared hand-out list in which every
third parcel is handed out twice in a row, so two stations race to open it. How fast they go
is the load benchmark's business (bench/bench_load.py); this only counts what went wrong.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from bench_load import run_load  # noqa: E402  (the benchmark's station processes, shared)

PARCELS = 18


def test_stations_on_one_store_inspect_each_parcel_once_without_busy_messages(
    store_url: str, tmp_path: Path
) -> None:
    stations = 4 if store_url.startswith("sqlite") else 8
    result = run_load(store_url, stations, PARCELS, tmp_path / "load")
    assert result.message_texts == {}
    assert result.busy_messages == 0
    assert result.double == 0
    assert result.lost == 0
    assert result.completed == PARCELS
    assert result.races_lost == PARCELS // 3
    assert result.audit_ok, result.audit_problems
