"""Fixtures for the clerk's use cases: the demo store on every back end, and a workstation."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from inspect_tui.services.demo import DemoStore, load_demo
from inspect_tui.services.inspecting.workstation import Workstation

# The sample returns were requested between 4 and 17 November 2026; the bench works on the 18th.
BENCH_TIME = datetime(2026, 11, 18, 10, 0, tzinfo=UTC)


@pytest.fixture
def bench_time() -> datetime:
    """The fixed time at the bench in these tests."""
    return BENCH_TIME


@pytest.fixture
def demo(store_url: str, tmp_path: Path) -> DemoStore:
    """The sample data loaded into a fresh store."""
    return load_demo(store_url, tmp_path / "data")


@pytest.fixture
def ws(demo: DemoStore) -> Iterator[Workstation]:
    """Alice at bench-1 on the demo store, at a fixed bench time."""
    station = Workstation.connect(
        demo.db_url,
        station="bench-1",
        operator="alice",
        data_dir=demo.data_dir,
        clock=lambda: BENCH_TIME,
    )
    yield station
    station.close()


@pytest.fixture
def photo(tmp_path: Path) -> Path:
    """A real (tiny) JPEG taken at the bench."""
    from PIL import Image

    path = tmp_path / "bench_photo.jpg"
    Image.new("RGB", (32, 24), (200, 120, 40)).save(path, "JPEG")
    return path
