"""Anchors: signed statements of how far the chain reached, kept where a cut can be seen.

An anchor names one event (its number and hash) and when it was the last, signed with the desk
key. Three kinds vouch for the chain's end:

- the *head row* (table ``audit_head``), moved to every new event in the event's transaction;
- the *head file* ``<data dir>/audit/head-<store>.json``, rewritten after every commit by the
  station that made it, outside the database;
- *anchors* taken by ``inspect-tui audit anchor``, appended to
  ``<data dir>/audit/anchors-<store>.jsonl`` and printed to be kept elsewhere.

``audit verify`` checks that the chain still holds every anchored event with the anchored hash:
deleting the last events (or all of them) leaves an anchor pointing past the end.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event, insert, select, update
from sqlalchemy.engine import URL
from sqlalchemy.orm import Session

from inspect_tui import config
from inspect_tui.store.audit_key import DeskKey
from inspect_tui.store.tables import AUDIT_HEAD

_PENDING = "inspect_tui.audit_head"
_HEAD = AUDIT_HEAD


@dataclass(frozen=True, slots=True)
class Anchor:
    """A signed statement that event ``seq`` with ``hash`` was the chain's last at ``at``.

    Attributes:
        seq: The event's number (0: the chain was empty).
        hash: Its hash.
        at: When it was the last event, UTC.
        key_id: The desk key that signed the anchor.
        mac: HMAC-SHA256 of the other fields with that key.
        source: Where it was read from (for messages), not signed.
    """

    seq: int
    hash: str
    at: datetime
    key_id: str
    mac: str
    source: str = ""

    @classmethod
    def signed(cls, key: DeskKey, seq: int, head: str, at: datetime) -> Anchor:
        """A new anchor signed with ``key``."""
        at = at.astimezone(UTC)
        return cls(seq, head, at, key.key_id, key.sign("head", _fields(seq, head, at)))

    def valid_for(self, key: DeskKey) -> bool:
        """True when ``key`` signed this anchor."""
        return self.key_id == key.key_id and key.verify(
            "head", _fields(self.seq, self.hash, self.at), self.mac
        )

    def to_json(self, desk: str) -> str:
        """One line of JSON, as kept in the files and printed by ``audit anchor``."""
        return json.dumps(
            {
                "desk": desk,
                "seq": self.seq,
                "hash": self.hash,
                "at": self.at.isoformat(timespec="microseconds"),
                "key_id": self.key_id,
                "mac": self.mac,
            },
            ensure_ascii=False,
            separators=(",", ":"),
        )

    @property
    def when(self) -> str:
        """``at`` for messages."""
        return self.at.strftime("%Y-%m-%d %H:%M:%S UTC")


def parse_anchor(line: str, source: str) -> Anchor:
    """An anchor from one line of JSON.

    Raises:
        ValueError: The line is not an anchor.
    """
    try:
        data = json.loads(line)
        at = datetime.fromisoformat(str(data["at"]))
        if at.tzinfo is None:
            raise ValueError("time without a zone")
        return Anchor(
            int(data["seq"]),
            str(data["hash"]),
            at.astimezone(UTC),
            str(data["key_id"]),
            str(data["mac"]),
            source,
        )
    except (KeyError, TypeError, ValueError, json.JSONDecodeError) as error:
        raise ValueError(f"{source} is not an audit anchor ({error})") from error


def read_anchors(path: Path) -> list[Anchor]:
    """Every anchor in a file of JSON lines (blank lines skipped).

    Raises:
        ValueError: The file cannot be read, or a line is not an anchor (named FILE:LINE).
    """
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ValueError(f"{path} cannot be read ({error})") from error
    return [
        parse_anchor(line, f"{path}:{number}")
        for number, line in enumerate(text.splitlines(), start=1)
        if line.strip()
    ]


def desk_name(url: URL) -> str:
    """The store as a person reads it, without a password (a SQLite file's full path)."""
    if url.get_backend_name() == "sqlite":
        database = url.database or ""
        if database and database != ":memory:":
            return str(Path(database).expanduser().resolve())
        return database
    return url.set(password=None).render_as_string(hide_password=True)


def head_file(url: URL) -> Path:
    """The head file this station keeps for the store at ``url``."""
    return config.audit_dir() / f"head-{_store_id(url)}.json"


def anchors_file(url: URL) -> Path:
    """The file ``audit anchor`` appends this store's anchors to."""
    return config.audit_dir() / f"anchors-{_store_id(url)}.jsonl"


def move_head(session: Session, key: DeskKey, seq: int, head: str, at: datetime) -> Anchor:
    """Point the signed head row at event ``seq`` and remember it for the head file.

    Runs inside the write transaction; the head file is written once the transaction
    commits (never before: a rolled-back event must not be anchored).
    """
    anchor = Anchor.signed(key, seq, head, at)
    values = {"seq": seq, "hash": head, "at": anchor.at, "key_id": key.key_id, "mac": anchor.mac}
    moved = session.execute(update(_HEAD).where(_HEAD.c.id == 1).values(**values))
    if not getattr(moved, "rowcount", 0):
        session.execute(insert(_HEAD).values(id=1, **values))
    bind = session.get_bind()
    session.info[_PENDING] = (bind.url if isinstance(bind, Engine) else bind.engine.url, anchor)
    return anchor


def head_row(session: Session) -> Anchor | None:
    """The signed head row as an anchor, or None when there is none."""
    row = session.execute(select(_HEAD).where(_HEAD.c.id == 1)).first()
    if row is None or row.at is None:
        return None
    return Anchor(row.seq, row.hash, row.at, row.key_id, row.mac, "the head record in the database")


def write_head_file(url: URL, anchor: Anchor) -> None:
    """Replace the head file atomically (write a temporary file, then rename it)."""
    path = head_file(url)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_text(anchor.to_json(desk_name(url)) + "\n", encoding="utf-8")
    os.replace(temporary, path)


def append_anchor(url: URL, anchor: Anchor) -> Path:
    """Add ``anchor`` to this store's anchors file, flushed to disk; returns the file."""
    path = anchors_file(url)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as handle:
        handle.write(anchor.to_json(desk_name(url)) + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    return path


@event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    pending: tuple[URL, Anchor] | None = session.info.pop(_PENDING, None)
    if pending is None:
        return
    # The event is committed: a head file that cannot be written weakens the check of a
    # cut-off tail at this station, never the step the clerk just finished.
    with contextlib.suppress(OSError):
        write_head_file(*pending)


@event.listens_for(Session, "after_rollback")
def _after_rollback(session: Session) -> None:
    session.info.pop(_PENDING, None)


def _store_id(url: URL) -> str:
    return hashlib.sha256(desk_name(url).encode("utf-8")).hexdigest()[:16]


def _fields(seq: int, head: str, at: datetime) -> list[Any]:
    return [seq, head, at.isoformat(timespec="microseconds")]
