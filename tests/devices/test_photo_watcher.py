"""The photo inbox watcher, on a real folder with real image files written into it.

Arrival is waited for with a generous deadline (a slow machine only makes the test slower);
"not reported yet" is checked against a later file that *was* reported, never against a clock.
"""

from __future__ import annotations

import io
import queue
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from inspect_tui.devices.media_files import is_temporary_name, looks_complete
from inspect_tui.devices.photos import InboxPhoto, InboxWatcher, list_inbox

WAIT = 20.0


def jpeg_bytes(colour: tuple[int, int, int] = (200, 120, 40)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), colour).save(out, "JPEG")
    return out.getvalue()


def png_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (16, 16), (0, 90, 0)).save(out, "PNG")
    return out.getvalue()


class Arrivals:
    """What the watcher reported, in order, read from the test's thread."""

    def __init__(self) -> None:
        self.queue: queue.Queue[InboxPhoto] = queue.Queue()
        self.seen: list[str] = []

    def __call__(self, photo: InboxPhoto) -> None:
        self.queue.put(photo)

    def next(self) -> InboxPhoto:
        photo = self.queue.get(timeout=WAIT)
        self.seen.append(photo.name)
        return photo

    def until(self, *names: str) -> list[str]:
        """Every name reported until all of ``names`` have been, sorted."""
        while not set(names) <= set(self.seen):
            self.next()
        return sorted(self.seen)


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    return tmp_path / "inbox"


@pytest.fixture
def arrivals() -> Arrivals:
    return Arrivals()


@pytest.fixture
def watcher(inbox: Path, arrivals: Arrivals) -> Iterator[InboxWatcher]:
    watching = InboxWatcher(inbox, arrivals)
    watching.start()
    ready = inbox / "ready.png"
    ready.write_bytes(png_bytes())  # the watch is live once this comes back
    assert arrivals.next().name == "ready.png"
    arrivals.seen.clear()
    yield watching
    watching.stop()


def test_a_photo_written_into_the_inbox_is_reported(
    watcher: InboxWatcher, inbox: Path, arrivals: Arrivals
) -> None:
    data = jpeg_bytes()
    (inbox / "IMG_0001.jpg").write_bytes(data)
    photo = arrivals.next()
    assert photo.name == "IMG_0001.jpg"
    assert photo.path == inbox / "IMG_0001.jpg"
    assert photo.bytes == len(data)


def test_a_half_written_photo_waits_until_it_is_complete(
    watcher: InboxWatcher, inbox: Path, arrivals: Arrivals
) -> None:
    data = jpeg_bytes()
    with (inbox / "slow.jpg").open("wb") as handle:
        handle.write(data[: len(data) // 2])
        handle.flush()
        (inbox / "later.jpg").write_bytes(jpeg_bytes((10, 10, 10)))
        assert arrivals.until("later.jpg") == ["later.jpg"]
        handle.write(data[len(data) // 2 :])
    photo = arrivals.next()
    assert photo.name == "slow.jpg"
    assert photo.bytes == len(data)


def test_temporary_names_are_reported_under_their_final_name(
    watcher: InboxWatcher, inbox: Path, arrivals: Arrivals
) -> None:
    partial = inbox / ".IMG_0002.jpg.part"
    partial.write_bytes(jpeg_bytes())
    (inbox / "~sync.png").write_bytes(png_bytes())
    partial.rename(inbox / "IMG_0002.jpg")
    (inbox / "notes.txt").write_text("not a photo")
    (inbox / "after.png").write_bytes(png_bytes())
    assert arrivals.until("IMG_0002.jpg", "after.png") == ["IMG_0002.jpg", "after.png"]
    (inbox / "final.png").write_bytes(png_bytes())
    assert arrivals.until("final.png") == ["IMG_0002.jpg", "after.png", "final.png"]


def test_each_file_is_reported_once_and_again_when_replaced(
    watcher: InboxWatcher, inbox: Path, arrivals: Arrivals
) -> None:
    target = inbox / "same.jpg"
    target.write_bytes(jpeg_bytes())
    assert arrivals.next().name == "same.jpg"
    (inbox / "between.png").write_bytes(png_bytes())
    assert arrivals.next().name == "between.png"
    target.unlink()
    target.write_bytes(jpeg_bytes((0, 0, 250)))
    assert arrivals.next().name == "same.jpg"


def test_a_failing_receiver_does_not_stop_the_watch(inbox: Path) -> None:
    got: queue.Queue[str] = queue.Queue()

    def receive(photo: InboxPhoto) -> None:
        got.put(photo.name)
        if photo.name == "first.png":
            raise RuntimeError("the screen was closing")

    with InboxWatcher(inbox, receive) as watching:
        (inbox / "first.png").write_bytes(png_bytes())
        assert got.get(timeout=WAIT) == "first.png"
        (inbox / "second.png").write_bytes(png_bytes())
        assert got.get(timeout=WAIT) == "second.png"
        assert watching.running


def test_stop_ends_the_thread(watcher: InboxWatcher) -> None:
    assert watcher.running
    watcher.stop()
    assert not watcher.running


def test_an_inbox_that_cannot_be_made_is_a_message(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the inbox should be")
    problems: queue.Queue[str] = queue.Queue()
    watching = InboxWatcher(blocker / "inbox", lambda photo: None, on_problem=problems.put)
    watching.start()
    message = problems.get(timeout=WAIT)
    assert "photo inbox" in message and "cannot be created" in message
    watching.stop()
    assert not watching.running


def test_list_inbox_leaves_out_temporary_names(inbox: Path) -> None:
    inbox.mkdir()
    (inbox / "a.jpg").write_bytes(jpeg_bytes())
    (inbox / ".a.jpg.tmp").write_bytes(jpeg_bytes())
    (inbox / "b.jpg.crdownload").write_bytes(jpeg_bytes())
    assert [photo.name for photo in list_inbox(inbox)] == ["a.jpg"]


@pytest.mark.parametrize(
    "name", [".IMG_1.jpg", "IMG_1.jpg.part", "x.JPG.TMP", "~IMG.png", "IMG.png~"]
)
def test_temporary_names(name: str) -> None:
    assert is_temporary_name(name)


def test_finished_names_are_not_temporary() -> None:
    assert not is_temporary_name("IMG_0001.JPG")


@pytest.mark.parametrize(
    ("suffix", "data"),
    [(".jpg", jpeg_bytes()), (".png", png_bytes())],
)
def test_truncated_photos_are_not_complete(tmp_path: Path, suffix: str, data: bytes) -> None:
    path = tmp_path / f"photo{suffix}"
    path.write_bytes(data)
    assert looks_complete(path)
    for cut in (1, len(data) // 3, len(data) - 1):
        path.write_bytes(data[:cut])
        assert not looks_complete(path), cut


def test_a_jpeg_padded_after_its_end_is_complete(tmp_path: Path) -> None:
    path = tmp_path / "padded.jpg"
    path.write_bytes(jpeg_bytes() + b"\x00" * 64)
    assert looks_complete(path)


@pytest.mark.skipif(shutil.which("ffmpeg") is None, reason="ffmpeg is not installed")
def test_a_clip_is_complete_only_with_all_its_boxes(tmp_path: Path) -> None:
    clip = tmp_path / "clip.mp4"
    subprocess.run(
        ["ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc=size=64x48:rate=5:duration=1"]
        + ["-pix_fmt", "yuv420p", str(clip)],
        check=True,
    )
    data = clip.read_bytes()
    assert looks_complete(clip)
    for cut in (16, len(data) // 2, len(data) - 1):
        clip.write_bytes(data[:cut])
        assert not looks_complete(clip), cut


def test_an_empty_or_missing_file_is_not_complete(tmp_path: Path) -> None:
    (tmp_path / "empty.jpg").write_bytes(b"")
    assert not looks_complete(tmp_path / "empty.jpg")
    assert not looks_complete(tmp_path / "gone.jpg")


def test_a_polled_inbox_reports_photos_too(inbox: Path, arrivals: Arrivals) -> None:
    """A network share sends no events: the folder is polled instead."""
    with InboxWatcher(inbox, arrivals, force_polling=True):
        (inbox / "from-phone.jpg").write_bytes(jpeg_bytes())
        assert arrivals.next().name == "from-phone.jpg"


@pytest.mark.parametrize("order", ["added first", "deleted first"])
def test_a_photo_replaced_in_one_batch_is_reported_whatever_the_order(
    inbox: Path, arrivals: Arrivals, order: str
) -> None:
    # watchfiles hands over a batch of changes as a set: a file deleted and written again
    # within one batch may come as "added" then "deleted". The photo is there: report it.
    import watchfiles

    inbox.mkdir()
    target = inbox / "replaced.jpg"
    target.write_bytes(jpeg_bytes((0, 0, 250)))
    watcher = InboxWatcher(inbox, arrivals, settle=0.0)  # driven by hand, never started
    batch = [watchfiles.Change.added, watchfiles.Change.deleted]
    for change in batch if order == "added first" else reversed(batch):
        watcher._note(target, change)
    watcher._settle()
    assert arrivals.next().name == "replaced.jpg"
