"""Schema migrations: the store's tables are created and changed only through Alembic.

Checking that a store is current happens on every command, so it does not load Alembic
(a third of a second): the newest revision is read from the migration scripts' own
``revision``/``down_revision`` lines, and the store's from its ``alembic_version`` table.
Alembic itself is imported only to upgrade, or when the scripts cannot be read that simply.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect, text

if TYPE_CHECKING:
    from alembic.config import Config

VERSION_TABLE = "alembic_version"
_REVISION = re.compile(r"^revision\s*(?::[^=]*)?=\s*['\"]([^'\"]+)['\"]", re.MULTILINE)
_DOWN_REVISION = re.compile(r"^down_revision\s*(?::[^=]*)?=\s*(.+)$", re.MULTILINE)
_QUOTED = re.compile(r"['\"]([^'\"]+)['\"]")


def alembic_config(engine: Engine | None = None) -> Config:
    """An Alembic configuration pointing at the packaged migration scripts."""
    # Deferred: Alembic loads only to migrate or read the schema's revision.
    from alembic.config import Config

    config = Config()
    config.set_main_option(
        "script_location", str(resources.files("inspect_tui.store") / "migrations")
    )
    if engine is not None:
        config.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False))
    return config


@cache
def head_revision() -> str | None:
    """The newest migration shipped with this version of the program."""
    heads = _script_heads()
    if heads is not None and len(heads) == 1:
        return heads[0]
    # Deferred: Alembic loads only to migrate or read the schema's revision.
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def _script_heads() -> list[str] | None:
    """Revisions no script names as its parent, read from the scripts' text (None if unsure)."""
    revisions: set[str] = set()
    parents: set[str] = set()
    folder = resources.files("inspect_tui.store") / "migrations" / "versions"
    for script in folder.iterdir():
        if not script.name.endswith(".py") or script.name.startswith("__"):
            continue
        source = script.read_text(encoding="utf-8")
        revision = _REVISION.search(source)
        down = _DOWN_REVISION.search(source)
        if revision is None or down is None:
            return None
        revisions.add(revision.group(1))
        parents.update(_QUOTED.findall(down.group(1)))
    return sorted(revisions - parents) or None


def current_revision(engine: Engine) -> str | None:
    """The migration the database is at (None for an empty database); a read, never a lock."""
    with engine.connect().execution_options(sqlite_begin="DEFERRED") as connection:
        if not inspect(connection).has_table(VERSION_TABLE):
            return None
        rows = connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).all()
    if len(rows) > 1:
        raise RuntimeError(f"the store is on several schema branches: {[r[0] for r in rows]}")
    return str(rows[0][0]) if rows else None


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the database up to ``revision`` (the newest by default)."""
    # Deferred: Alembic loads only to migrate or read the schema's revision.
    from alembic import command

    config = alembic_config(engine)
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            # Building an index on a large desk may take longer than a station's statement.
            connection.execute(text("SET LOCAL statement_timeout = 0"))
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def is_current(engine: Engine) -> bool:
    """True when the database is at the newest migration."""
    return current_revision(engine) == head_revision()
