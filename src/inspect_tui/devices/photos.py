"""The photo inbox: a folder the bench camera (or a phone sync) writes pictures to.

The clerk picks photos from it, newest first; attaching one copies it into the evidence store,
so the inbox can be emptied afterwards without losing evidence.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

PHOTO_SUFFIXES = frozenset(
    {".jpg", ".jpeg", ".png", ".webp", ".heic", ".gif", ".bmp", ".mp4", ".mov"}
)


@dataclass(frozen=True, slots=True)
class InboxPhoto:
    """A file waiting in the inbox."""

    path: Path
    name: str
    modified: datetime
    bytes: int


def list_inbox(folder: Path | None, limit: int = 30) -> list[InboxPhoto]:
    """Photos and clips in ``folder``, newest first; an absent folder is simply empty."""
    if folder is None or not folder.is_dir():
        return []
    found: list[InboxPhoto] = []
    for entry in folder.iterdir():
        if entry.suffix.lower() not in PHOTO_SUFFIXES:
            continue
        try:
            stat = entry.stat()
        except OSError:
            continue  # vanished between listing and stat: not there any more
        if not entry.is_file():
            continue
        found.append(
            InboxPhoto(
                path=entry,
                name=entry.name,
                modified=datetime.fromtimestamp(stat.st_mtime, tz=UTC),
                bytes=stat.st_size,
            )
        )
    found.sort(key=lambda photo: (photo.modified, photo.name), reverse=True)
    return found[:limit]
