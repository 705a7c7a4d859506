"""Where inspect-tui keeps its data, and which database it talks to.

The data directory holds the embedded SQLite database and the evidence store. It is the
platform's user data directory unless ``INSPECT_TUI_HOME`` names another one; the database
URL is SQLite in that directory unless ``--db`` or ``INSPECT_TUI_DB`` names another.

A new user's first command is usually ``inspect-tui demo``, which builds its store apart, in
``<data dir>/demo/``, so the demo never mixes with real data. Until a store of one's own
exists (``inspect-tui db upgrade`` creates it), every command works on the demo store instead
of an empty one, and says so.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "inspect-tui"
HOME_ENV = "INSPECT_TUI_HOME"
DB_ENV = "INSPECT_TUI_DB"
POLICY_ENV = "INSPECT_TUI_POLICY"
STATION_ENV = "INSPECT_TUI_STATION"
PHOTO_ROOT_ENV = "INSPECT_TUI_PHOTO_ROOT"
EVIDENCE_ENV = "INSPECT_TUI_EVIDENCE"


def evidence_location() -> str | None:
    """The shared evidence store (``INSPECT_TUI_EVIDENCE``): ``s3://bucket/prefix`` or a folder.

    Unset, each data directory keeps its own evidence folder.
    """
    named = os.environ.get(EVIDENCE_ENV, "").strip()
    return named or None


def photo_root() -> Path | None:
    """A folder (``INSPECT_TUI_PHOTO_ROOT``) imported photos may also lie in, besides the CSV's."""
    root = os.environ.get(PHOTO_ROOT_ENV, "").strip()
    return Path(root).expanduser() if root else None


AUDIT_KEY_ENV = "INSPECT_TUI_AUDIT_KEY_FILE"


def data_dir() -> Path:
    """The directory for the embedded database, evidence and labels."""
    home = os.environ.get(HOME_ENV)
    if home:
        return Path(home).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def audit_key_file() -> Path:
    """The desk's audit key: ``INSPECT_TUI_AUDIT_KEY_FILE``, else ``<data dir>/audit.key``.

    The key signs the audit chain and lives outside the database on purpose: whoever can write
    to the database but cannot read this file cannot forge the chain. Stations sharing one
    PostgreSQL database must all use the same key file.
    """
    named = os.environ.get(AUDIT_KEY_ENV)
    return Path(named).expanduser() if named else data_dir() / "audit.key"


def audit_dir() -> Path:
    """Where the audit chain's head and anchors are kept outside the database."""
    return data_dir() / "audit"


DB_FILE = "inspect.db"
DEMO_DIR = "demo"


def default_db_url(directory: Path | None = None) -> str:
    """The SQLite URL of the embedded database in ``directory`` (the data dir by default)."""
    return f"sqlite:///{(directory or data_dir()) / DB_FILE}"


def demo_db_url(directory: Path | None = None) -> str:
    """The SQLite URL of the demo store in ``directory`` (the data dir by default)."""
    return default_db_url((directory or data_dir()) / DEMO_DIR)


@dataclass(frozen=True, slots=True)
class Settings:
    """Resolved settings for one run of the program.

    Attributes:
        db_url: SQLAlchemy URL of the store.
        data_dir: Directory for evidence files, labels and the embedded database.
        station: Name of this bench.
        policy_file: The seller's policy TOML, or None for the defaults.
        on_demo: True when no store was named and none of one's own exists, so the demo
            store is used.
    """

    db_url: str
    data_dir: Path
    station: str
    policy_file: Path | None
    on_demo: bool = False

    @property
    def evidence_dir(self) -> Path:
        """Where this machine reads evidence files, stored under their SHA-256.

        ``<data dir>/evidence``; the folder ``INSPECT_TUI_EVIDENCE`` names; or, for an object
        store (``s3://…``), this machine's cache of it, ``<data dir>/evidence-cache``.
        """
        named = evidence_location()
        if named is None:
            return self.data_dir / "evidence"
        if "://" in named:
            return self.data_dir / "evidence-cache"
        return Path(named).expanduser()

    @property
    def labels_dir(self) -> Path:
        """Where disposition labels are written."""
        return self.data_dir / "labels"

    @property
    def is_embedded(self) -> bool:
        """True when the store is a SQLite file (upgraded automatically on start)."""
        return self.db_url.startswith("sqlite")


def resolve(
    db: str | None = None,
    station: str | None = None,
    policy_file: Path | None = None,
) -> Settings:
    """Combine command-line options, environment and defaults, in that order of precedence."""
    directory = data_dir()
    url = db or os.environ.get(DB_ENV)
    on_demo = False
    if not url:
        url = default_db_url(directory)
        on_demo = not (directory / DB_FILE).exists() and (directory / DEMO_DIR / DB_FILE).exists()
        if on_demo:
            url = demo_db_url(directory)
    policy_env = os.environ.get(POLICY_ENV)
    return Settings(
        db_url=url,
        on_demo=on_demo,
        data_dir=directory,
        station=station or os.environ.get(STATION_ENV) or "bench-1",
        policy_file=policy_file or (Path(policy_env) if policy_env else None),
    )
