"""The demo store: sample shipments, returns and operators, ready to inspect.

``inspect-tui demo`` calls ``load_demo`` and then starts the app on the result. Every file in
``sample_data/`` goes through the same importers a seller would use.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from inspect_tui.services.importing import import_file
from inspect_tui.services.inspecting.stations import configure_station
from inspect_tui.services.review.operators import Supervisor, add_operator, bootstrap_supervisor
from inspect_tui.services.shared.database import StoreError, open_store
from inspect_tui.store import migrate
from inspect_tui.store.engine import make_engine

DEMO_CLERK = "alice"
DEMO_SUPERVISOR = "sam"
DEMO_SUPERVISOR_PIN = "2468"
DEMO_STATION = "bench-1"

# (kind, file, format, mapping) in the order they must be imported: catalog, shipments, returns.
DEMO_FILES: tuple[tuple[str, str, str, str | None], ...] = (
    ("products", "products.csv", "generic", None),
    ("products", "shopify_products.csv", "shopify", None),
    ("shipments", "shipments.csv", "generic", None),
    ("shipments", "shopify_orders.csv", "shopify", None),
    ("shipments", "tiktok_orders.csv", "tiktok", None),
    ("shipments", "cn_backoffice.csv", "generic", "mapping_cn.toml"),
    ("returns", "returns.csv", "generic", None),
)


@dataclass(frozen=True, slots=True)
class DemoStore:
    """Where the demo was loaded and who can sign in."""

    db_url: str
    data_dir: Path
    photo_inbox: Path
    clerk: str = DEMO_CLERK
    supervisor: str = DEMO_SUPERVISOR


def sample_dir() -> Path:
    """The project's ``sample_data/`` folder (beside ``src/`` in a checkout)."""
    return Path(__file__).resolve().parents[3] / "sample_data"


def load_demo(db_url: str, data_dir: Path, *, samples: Path | None = None) -> DemoStore:
    """(Re)create the demo store at ``db_url`` from the sample files.

    An existing SQLite demo file is deleted first; any other database must be empty (a
    database without tables is given the schema).

    Raises:
        FileNotFoundError: The sample data folder is missing.
        StoreError: The database cannot be reached, or already holds shipments.
    """
    samples = samples or sample_dir()
    if not samples.is_dir():
        raise FileNotFoundError(f"sample data folder not found: {samples}")
    _remove_sqlite_file(db_url)
    evidence_dir = data_dir / "evidence"
    engine = _empty_store(db_url)
    try:
        for kind, name, fmt, mapping in DEMO_FILES:
            path = samples / name
            if not path.exists():
                continue
            import_file(
                engine,
                kind,  # type: ignore[arg-type]
                path,
                format=fmt,
                mapping=samples / mapping if mapping else None,
                evidence_dir=evidence_dir,
                actor="demo",
            )
        bootstrap_supervisor(engine, DEMO_SUPERVISOR, DEMO_SUPERVISOR_PIN, actor="demo")
        sam = Supervisor(DEMO_SUPERVISOR, DEMO_SUPERVISOR_PIN)
        add_operator(engine, DEMO_CLERK, "clerk", by=sam)
        add_operator(engine, "ben", "clerk", by=sam)
        inbox = data_dir / "inbox" / DEMO_STATION
        _seed_inbox(samples / "photos", inbox)
        configure_station(engine, DEMO_STATION, photo_inbox=inbox, actor="demo")
    finally:
        engine.dispose()
    return DemoStore(db_url=db_url, data_dir=data_dir, photo_inbox=inbox)


def _empty_store(db_url: str) -> Engine:
    """An engine on ``db_url`` with the current schema and no shipments yet.

    A brand-new server database is given the schema here: the demo is the one place where
    creating it needs no decision by whoever runs the stations.

    Raises:
        StoreError: The database cannot be reached, is at another schema, or holds data.
    """
    try:
        return open_store(db_url, refuse_data=True)
    except StoreError as error:
        if not error.empty:
            raise
    engine = make_engine(db_url)
    try:
        migrate.upgrade(engine)
    except SQLAlchemyError as error:
        engine.dispose()
        raise StoreError(f"Cannot create the demo's tables in {engine.url!r}: {error}") from error
    return engine


def _remove_sqlite_file(db_url: str) -> None:
    url = make_url(db_url)
    if url.drivername.startswith("sqlite") and url.database and url.database != ":memory:":
        for suffix in ("", "-wal", "-shm"):
            Path(url.database + suffix).unlink(missing_ok=True)


def _seed_inbox(source: Path, inbox: Path) -> None:
    """Put a few bench photos in the demo station's inbox, as a camera would."""
    inbox.mkdir(parents=True, exist_ok=True)
    bench = sorted(source.glob("bench_*")) if source.is_dir() else []
    for photo in bench:
        shutil.copy2(photo, inbox / photo.name)
