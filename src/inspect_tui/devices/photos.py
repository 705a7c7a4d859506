"""The photo inbox: a folder the bench camera (or a phone sync) writes pictures to.

The clerk picks photos from it, newest first; attaching one copies it into the evidence store,
so the inbox can be emptied afterwards without losing evidence. :class:`InboxWatcher` watches
the folder and reports each new photo or clip once it is completely written, so the screen
can offer it without the clerk asking.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import watchfiles

from inspect_tui.devices.media_files import is_temporary_name, looks_complete

log = logging.getLogger(__name__)

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
        photo = inbox_photo(entry)  # None also when it vanished between listing and stat
        if photo is not None:
            found.append(photo)
    found.sort(key=lambda photo: (photo.modified, photo.name), reverse=True)
    return found[:limit]


def inbox_photo(path: Path) -> InboxPhoto | None:
    """The inbox entry for ``path``; None when it is not a photo or clip, or is gone."""
    if path.suffix.lower() not in PHOTO_SUFFIXES or is_temporary_name(path.name):
        return None
    try:
        stat = path.stat()
    except OSError:
        return None
    if not path.is_file():
        return None
    return InboxPhoto(
        path=path,
        name=path.name,
        modified=datetime.fromtimestamp(stat.st_mtime, tz=UTC),
        bytes=stat.st_size,
    )


@dataclass(slots=True)
class _Pending:
    """A file seen changing, waiting until it has stopped changing and is complete."""

    size: int
    mtime_ns: int
    since: float
    checked: bool = False


class InboxWatcher:
    """Reports photos and clips arriving in the inbox folder, each once, when complete.

    A thread follows the folder's changes (inotify on Linux, polling where the folder is on a
    share that sends no events). A file is reported once its size and modification time have
    stayed the same for ``settle`` seconds and its format says it is written to its end (see
    :mod:`inspect_tui.devices.media_files`); hidden and temporary names are never reported, so
    a tool that writes ``.IMG_0001.jpg.part`` and renames it shows up under its final name.
    Files already in the folder when watching starts are not reported.

    ``on_arrival`` (and ``on_problem``) run on the watcher's thread: a Textual screen passes
    ``lambda photo: app.call_from_thread(self.offer, photo)``.
    """

    def __init__(
        self,
        folder: Path,
        on_arrival: Callable[[InboxPhoto], None],
        *,
        on_problem: Callable[[str], None] | None = None,
        settle: float = 0.25,
        force_polling: bool | None = None,
    ) -> None:
        """Prepare to watch ``folder``; nothing happens until :meth:`start`.

        Args:
            folder: The station's photo inbox; created when missing.
            on_arrival: Called with each new photo or clip, once it is complete.
            on_problem: Called with a sentence for the clerk when the folder cannot be watched.
            settle: Seconds a file's size must stay unchanged before it is looked at.
            force_polling: Poll the folder instead of waiting for events (network shares);
                None lets ``watchfiles`` decide.
        """
        self.folder = Path(folder)
        self.on_arrival = on_arrival
        self.on_problem = on_problem
        self.settle = settle
        self.force_polling = force_polling
        self._stop = threading.Event()
        self._ready = threading.Event()
        self._thread: threading.Thread | None = None
        self._pending: dict[Path, _Pending] = {}
        self._reported: dict[Path, tuple[int, int]] = {}

    @property
    def running(self) -> bool:
        """True while the watcher's thread is alive."""
        return self._thread is not None and self._thread.is_alive()

    def start(self, timeout: float = 5.0) -> None:
        """Start watching in a daemon thread (a second call does nothing).

        Returns once the folder is being watched (or could not be, see ``on_problem``), or
        after ``timeout`` seconds, so a file written after ``start`` returns is not missed.
        """
        if self.running:
            return
        self._stop.clear()
        self._ready.clear()
        self._thread = threading.Thread(
            target=self._run, name=f"inbox-watcher:{self.folder.name}", daemon=True
        )
        self._thread.start()
        self._ready.wait(timeout)

    def stop(self, timeout: float = 5.0) -> None:
        """Stop watching and wait up to ``timeout`` seconds for the thread to end."""
        self._stop.set()
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout)

    def __enter__(self) -> InboxWatcher:
        self.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.stop()

    def _run(self) -> None:
        try:
            self._watch()
        finally:
            self._ready.set()

    def _watch(self) -> None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            self._problem(
                f"The photo inbox {self.folder} cannot be created ({error.strerror}): photos "
                "from the camera will not appear by themselves; check the folder's name."
            )
            return
        try:
            for changes in watchfiles.watch(
                self.folder,
                watch_filter=None,
                debounce=50,
                step=50,
                rust_timeout=100,
                yield_on_timeout=True,
                stop_event=self._stop,
                recursive=False,
                force_polling=self.force_polling,
                raise_interrupt=False,
            ):
                self._ready.set()  # the first yield comes once the watch is in place
                for change, name in changes:
                    self._note(Path(name), change)
                self._settle()
        except Exception as error:  # a vanished or unreadable folder ends the watch, not the app
            if not self._stop.is_set():
                self._problem(
                    f"The photo inbox {self.folder} can no longer be watched ({error}): "
                    "press F5 on the Evidence step to list it."
                )

    def _note(self, path: Path, change: watchfiles.Change) -> None:
        if change == watchfiles.Change.deleted:
            self._reported.pop(path, None)
            # A batch of changes is a set, in no order: a file deleted and written again at once
            # (a camera tool replacing a photo) may show its "added" first. It is there: go on.
            if not path.exists():
                self._pending.pop(path, None)
                return
        if inbox_photo(path) is None:
            return
        try:
            stat = path.stat()
        except OSError:
            return
        if self._reported.get(path) == (stat.st_size, stat.st_mtime_ns):
            return
        self._pending[path] = _Pending(stat.st_size, stat.st_mtime_ns, time.monotonic())

    def _settle(self) -> None:
        now = time.monotonic()
        for path, pending in list(self._pending.items()):
            try:
                stat = path.stat()
            except OSError:
                del self._pending[path]
                continue
            if (stat.st_size, stat.st_mtime_ns) != (pending.size, pending.mtime_ns):
                self._pending[path] = _Pending(stat.st_size, stat.st_mtime_ns, now)
                continue
            if now - pending.since < self.settle or pending.checked:
                continue
            if not looks_complete(path):
                pending.checked = True  # looked at again when the file changes
                continue
            del self._pending[path]
            photo = inbox_photo(path)
            if photo is None:
                continue
            self._reported[path] = (stat.st_size, stat.st_mtime_ns)
            try:
                self.on_arrival(photo)
            except Exception:
                log.exception("reporting %s from the photo inbox failed", path)

    def _problem(self, message: str) -> None:
        log.warning(message)
        if self.on_problem is not None:
            try:
                self.on_problem(message)
            except Exception:
                log.exception("reporting a photo inbox problem failed")
