"""A new user's first commands: the demo, then the README's other commands on its data.

``inspect-tui demo`` keeps its store apart (``<data dir>/demo/inspect.db``) so it never mixes
with real data; until a store of one's own exists, the other commands use the demo's and say
so. ``demo --db`` on a brand-new PostgreSQL database gives it the schema.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from typer.testing import CliRunner

from inspect_tui.cli import app

runner = CliRunner()


def test_after_the_demo_lookup_finds_the_demo_parcel(_isolated_home: Path) -> None:
    assert runner.invoke(app, ["demo", "--no-start"]).exit_code == 0
    result = runner.invoke(app, ["lookup", "SF1402590004417", "--json"])
    assert result.exit_code == 0, result.output
    assert '"order_ref": "TB4015528817"' in result.stdout
    assert f"using the demo store ({_isolated_home / 'demo' / 'inspect.db'})" in result.stderr
    assert "`inspect-tui db upgrade` creates it" in result.stderr
    assert not (_isolated_home / "inspect.db").exists()


def test_a_store_of_ones_own_takes_over_from_the_demo(_isolated_home: Path) -> None:
    demo = runner.invoke(app, ["demo", "--no-start"])
    assert "use the demo store until you create a store of your own" in demo.stdout
    created = runner.invoke(app, ["db", "upgrade"])
    assert created.exit_code == 0, created.output
    assert (_isolated_home / "inspect.db").exists()
    result = runner.invoke(app, ["lookup", "SF1402590004417"])
    assert result.exit_code == 3
    assert "demo store" not in result.stderr
    again = runner.invoke(app, ["demo", "--no-start"])
    assert f"Other commands use your own store {_isolated_home / 'inspect.db'}" in again.stdout


def test_without_a_demo_the_own_store_is_used(_isolated_home: Path) -> None:
    result = runner.invoke(app, ["lookup", "SF1402590004417"])
    assert result.exit_code == 3
    assert "demo" not in result.stderr
    assert (_isolated_home / "inspect.db").exists()


@pytest.fixture
def empty_pg_url() -> Iterator[str]:
    """A PostgreSQL database with no tables at all."""
    admin_url = os.environ.get("INSPECT_TUI_TEST_PG")
    if not admin_url:
        pytest.skip("INSPECT_TUI_TEST_PG is not set: no PostgreSQL server to test against")
    name = f"inspect_empty_{os.getpid()}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.mark.pg
def test_demo_on_an_empty_postgresql_database(empty_pg_url: str) -> None:
    result = runner.invoke(app, ["--db", empty_pg_url, "demo", "--no-start"])
    assert result.exit_code == 0, result.output
    assert "Demo store ready: postgresql+psycopg://inspect:***@" in result.stdout
    lookup = runner.invoke(app, ["--db", empty_pg_url, "lookup", "SF1402590004417"])
    assert lookup.exit_code == 0, lookup.output
    again = runner.invoke(app, ["--db", empty_pg_url, "demo", "--no-start"])
    assert again.exit_code == 1
    assert "shipments; the demo needs an empty database" in again.stderr
    assert "Traceback" not in again.output
