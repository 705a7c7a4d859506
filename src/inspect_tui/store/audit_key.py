"""The desk key that signs the audit chain, kept in a file outside the database.

The key is 32 random bytes written as hex to ``audit.key`` in the data directory (or the file
``INSPECT_TUI_AUDIT_KEY_FILE`` names), readable by its owner only. It is created on the first
write to a store whose chain has no signed event yet. A store whose chain is already signed
never gets a new key silently: writing without the key is refused, so a station that lost its
key (or never had it) cannot extend the chain with hashes nobody can check.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from inspect_tui import config

KEY_BYTES = 32


class AuditKeyError(RuntimeError):
    """The desk key is missing, unreadable or not the one the chain was signed with."""


@dataclass(frozen=True, slots=True)
class DeskKey:
    """The secret that signs the chain, and the short id events record it by.

    Attributes:
        secret: The key bytes.
        key_id: 16 hex digits derived from the key; it names the key without revealing it.
        path: The file it was read from.
    """

    secret: bytes
    key_id: str
    path: Path

    def sign(self, domain: str, fields: list[Any]) -> str:
        """HMAC-SHA256 (hex) of ``[domain, *fields]`` as compact JSON, UTF-8."""
        text = json.dumps([domain, *fields], ensure_ascii=False, separators=(",", ":"))
        return hmac.new(self.secret, text.encode("utf-8"), hashlib.sha256).hexdigest()

    def verify(self, domain: str, fields: list[Any], mac: str) -> bool:
        """True when ``mac`` is this key's signature of the fields (constant time)."""
        return hmac.compare_digest(self.sign(domain, fields), mac)


_cache: dict[Path, DeskKey] = {}


def key_path() -> Path:
    """Where this station's desk key is (see :func:`inspect_tui.config.audit_key_file`)."""
    return config.audit_key_file()


def load_key(path: Path | None = None) -> DeskKey | None:
    """The desk key in ``path`` (default :func:`key_path`), or None when there is no file.

    Raises:
        AuditKeyError: The file exists but does not hold a key.
    """
    path = path or key_path()
    cached = _cache.get(path)
    if cached is not None:
        return cached
    try:
        text = path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as error:
        raise AuditKeyError(f"the audit key {path} cannot be read ({error})") from error
    try:
        secret = bytes.fromhex(text)
    except ValueError:
        secret = b""
    if len(secret) < KEY_BYTES:
        raise AuditKeyError(
            f"the audit key {path} is damaged: it should hold {KEY_BYTES * 2} hex digits"
        )
    key = DeskKey(secret, _key_id(secret), path)
    _cache[path] = key
    return key


def create_key(path: Path | None = None) -> DeskKey:
    """Write a new random key to ``path`` (owner read/write only), or load the one there.

    Two processes creating it at once end up with the same key: the file is created
    exclusively, and the loser reads the winner's.
    """
    path = path or key_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        existing = load_key(path)
        if existing is None:
            raise AuditKeyError(f"the audit key {path} vanished while it was read") from None
        return existing
    except OSError as error:
        raise AuditKeyError(f"the audit key {path} cannot be created ({error})") from error
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(secrets.token_hex(KEY_BYTES) + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    key = load_key(path)
    assert key is not None
    return key


def forget_cached_keys() -> None:
    """Read key files again on next use (a key file was replaced)."""
    _cache.clear()


def _key_id(secret: bytes) -> str:
    return hmac.new(secret, b"inspect-tui audit key id", hashlib.sha256).hexdigest()[:16]
