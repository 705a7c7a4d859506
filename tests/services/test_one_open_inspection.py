"""Exactly one open inspection per parcel, whatever identifier and import order reach it."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError

from inspect_tui.services.demo import sample_dir
from inspect_tui.services.importing import import_file
from inspect_tui.services.inspecting.workstation import Workstation
from inspect_tui.services.review.operators import bootstrap_supervisor
from inspect_tui.services.shared.errors import ParcelOpenElsewhere
from inspect_tui.store.models import Inspection
from inspect_tui.store.session import writing

NOW = datetime(2026, 11, 18, 10, 0, tzinfo=UTC)


def _bench(url: str, station: str, data: Path) -> Workstation:
    return Workstation.connect(url, station=station, operator="sam", data_dir=data,
                               clock=lambda: NOW)  # fmt: skip


def test_the_return_scanned_later_reaches_the_open_inspection(
    engine: Engine, store_url: str, tmp_path: Path
) -> None:
    samples = sample_dir()
    evidence = tmp_path / "data" / "evidence"
    import_file(engine, "products", samples / "products.csv", evidence_dir=evidence)
    import_file(engine, "shipments", samples / "shipments.csv", evidence_dir=evidence)
    bootstrap_supervisor(engine, "sam", "2468")
    bench_a = _bench(store_url, "bench-A", tmp_path / "data")
    bench_b = _bench(store_url, "bench-B", tmp_path / "data")
    try:
        opened = bench_a.open_parcel("TB4015528817")  # by order ref: no return known yet
        assert opened.return_request is None
        returns = tmp_path / "returns.csv"
        lines = (samples / "returns.csv").read_text(encoding="utf-8").splitlines()
        returns.write_text("\n".join(lines[:2]) + "\n", encoding="utf-8")  # TB-RF-880001
        import_file(engine, "returns", returns, evidence_dir=evidence)
        with pytest.raises(ParcelOpenElsewhere, match="bench-A"):
            bench_b.open_parcel("SF1402590004417")  # the return's tracking number
        again = bench_a.open_parcel("SF1402590004417")
        assert again.inspection_id == opened.inspection_id
        assert again.return_request is not None
        assert again.return_request.rma_ref == "TB-RF-880001"
        taken = bench_b.open_parcel("SF1402590004417", take_over=True)
        assert taken.inspection_id == opened.inspection_id
        assert taken.station == "bench-B"
    finally:
        bench_a.close()
        bench_b.close()


def test_the_store_refuses_a_second_open_inspection_of_a_shipment(
    engine: Engine, tmp_path: Path
) -> None:
    samples = sample_dir()
    evidence = tmp_path / "evidence"
    import_file(engine, "shipments", samples / "shipments.csv", evidence_dir=evidence)

    def inspection(code: str, status: str) -> Inspection:
        return Inspection(code=code, shipment_id=1, station="bench-A", inspector="sam",
                          status=status, day=NOW.date(), opened_at=NOW)  # fmt: skip

    with writing(engine) as session:
        session.add(inspection("INS-20261118-0001", "completed"))
        session.add(inspection("INS-20261118-0002", "open"))
    with pytest.raises(IntegrityError), writing(engine) as session:
        session.add(inspection("INS-20261118-0003", "open"))
        session.flush()
