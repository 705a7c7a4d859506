"""Fixtures for the Pilot tests: the demo store on a SQLite file, a fixed clock, the app.

Every test runs the real app (built by the same ``build_app`` factory as the command line)
against a real ``Workstation`` on a store loaded from ``sample_data/`` by the demo loader.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC
from pathlib import Path

import pytest

from inspect_tui.services.demo import DemoStore, load_demo
from inspect_tui.services.inspecting.workstation import Workstation
from inspect_tui.services.shared.views import InspectionView
from inspect_tui.ui.app import InspectApp, build_app

from .helpers import NOW, STATION


@pytest.fixture
def demo(tmp_path: Path) -> DemoStore:
    """The demo store (sample data, operators alice/ben/sam) on a fresh SQLite file."""
    data = tmp_path / "data"
    data.mkdir()
    return load_demo(f"sqlite:///{data / 'inspect.db'}", data)


@pytest.fixture
def connect(demo: DemoStore) -> Callable[[str], Workstation]:
    """What the command line injects: operator name -> Workstation, with a fixed clock."""

    def open_workstation(operator: str) -> Workstation:
        return Workstation.connect(
            demo.db_url,
            station=STATION,
            operator=operator,
            data_dir=demo.data_dir,
            clock=lambda: NOW,
        )

    return open_workstation


@pytest.fixture
def app(connect: Callable[[str], Workstation]) -> InspectApp:
    """The app with alice signed in from the command line; times shown in UTC."""
    return build_app(connect, operator="alice", tz=UTC)


@pytest.fixture
def reread(connect: Callable[[str], Workstation]) -> Callable[[int], InspectionView]:
    """Read an inspection back through a fresh Workstation: what was really written."""

    def current(inspection_id: int) -> InspectionView:
        workstation = connect("sam")
        try:
            return workstation.current(inspection_id)
        finally:
            workstation.close()

    return current


@pytest.fixture
def demo_connect_elsewhere(demo: DemoStore) -> Callable[[], Workstation]:
    """Ben at another bench (bench-2), on the same store."""

    def open_workstation() -> Workstation:
        return Workstation.connect(
            demo.db_url,
            station="bench-2",
            operator="ben",
            data_dir=demo.data_dir,
            clock=lambda: NOW,
        )

    return open_workstation
