"""Shared fixtures: real stores on SQLite files and, when configured, on PostgreSQL.

``store_url`` is parametrised over the back ends: SQLite always, PostgreSQL when
``INSPECT_TUI_TEST_PG`` holds a URL (CI always sets it). Each test gets an empty, migrated
database of its own: a fresh SQLite file, or a PostgreSQL database cloned from a migrated
template.
"""

from __future__ import annotations

import itertools
import os
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from inspect_tui import language
from inspect_tui.core import translation
from inspect_tui.services.shared.database import open_store
from inspect_tui.store import migrate
from inspect_tui.store.engine import make_engine, normalise_url

PG_ENV = "INSPECT_TUI_TEST_PG"
_counter = itertools.count()


def _pg_admin_url() -> str | None:
    raw = os.environ.get(PG_ENV)
    return normalise_url(raw) if raw else None


def _admin_engine(url: str) -> Engine:
    return create_engine(url, isolation_level="AUTOCOMMIT")


@pytest.fixture(scope="session")
def pg_template() -> Iterator[str | None]:
    """A migrated PostgreSQL template database, or None when no server is configured."""
    admin_url = _pg_admin_url()
    if admin_url is None:
        yield None
        return
    name = f"inspect_tmpl_{os.getpid()}"
    admin = _admin_engine(admin_url)
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    template_url = make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    engine = make_engine(template_url)
    migrate.upgrade(engine)
    engine.dispose()
    yield name
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _backends() -> list[object]:
    return ["sqlite", pytest.param("postgresql", marks=pytest.mark.pg)]


@pytest.fixture(params=_backends())
def store_url(
    request: pytest.FixtureRequest, tmp_path: Path, pg_template: str | None
) -> Iterator[str]:
    """URL of an empty, migrated store on each back end."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'inspect.db'}"
        open_store(url).dispose()
        yield url
        return
    admin_url = _pg_admin_url()
    if admin_url is None or pg_template is None:
        pytest.skip(f"{PG_ENV} is not set: no PostgreSQL server to test against")
    name = f"inspect_t_{os.getpid()}_{next(_counter)}"
    admin = _admin_engine(admin_url)
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{pg_template}"'))
    yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    _drop_database(admin, name)
    admin.dispose()


def _drop_database(admin: Engine, name: str) -> None:
    """Drop a per-test database; a leftover one is only disk space, never a test failure."""
    try:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    except Exception as error:  # noqa: BLE001
        warnings.warn(f"could not drop test database {name}: {error}", stacklevel=2)


@pytest.fixture
def engine(store_url: str) -> Iterator[Engine]:
    """An engine on the per-test store."""
    eng = open_store(store_url)
    yield eng
    eng.dispose()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """A migrated SQLite store only (for tests that need a file on disk)."""
    url = f"sqlite:///{tmp_path / 'inspect.db'}"
    open_store(url).dispose()
    return url


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Never touch the user's real data directory."""
    home = tmp_path / "home"
    monkeypatch.setenv("INSPECT_TUI_HOME", str(home))
    monkeypatch.delenv("INSPECT_TUI_DB", raising=False)
    monkeypatch.delenv("INSPECT_TUI_EVIDENCE", raising=False)
    return home


@pytest.fixture(autouse=True)
def _english_unless_asked(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every test starts in English, whatever the machine's locale, and leaves English behind.

    A test wanting Chinese asks for the ``zh_cn`` fixture (or passes ``--lang``); commands run
    in a subprocess inherit ``INSPECT_TUI_LANG=en`` unless the test sets another language.
    """
    monkeypatch.setenv("INSPECT_TUI_LANG", "en")
    translation.install("en", None)
    yield
    translation.install("en", None)


@pytest.fixture
def zh_cn() -> Iterator[None]:
    """The interface in Simplified Chinese for this test (its catalog compiled as at start-up)."""
    language.use_language("zh_CN")
    yield
    translation.install("en", None)
