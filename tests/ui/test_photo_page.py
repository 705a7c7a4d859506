"""The photos page the served desk opens in the browser: real files in, a self-contained page out.

File names come from whoever took or imported the photos, so they are shown as text, never
as markup; a photo gone from the evidence store, or a file a browser cannot show, is said so.
"""

from __future__ import annotations

import base64
import hashlib
from html.parser import HTMLParser
from pathlib import Path

from PIL import Image

from inspect_tui.services.shared.views import EvidenceView
from inspect_tui.ui.photo_page import photo_page


def stored(path: Path, original_name: str, kind: str = "open_box_photo") -> EvidenceView:
    data = path.read_bytes() if path.exists() else b""
    return EvidenceView(
        evidence_id=1,
        kind=kind,
        path=path,
        sha256=hashlib.sha256(data).hexdigest(),
        bytes=len(data),
        original_name=original_name,
        captured_at=None,
    )


class Page(HTMLParser):
    """The images and the text of a page, as a browser would read them."""

    def __init__(self) -> None:
        super().__init__()
        self.images: list[dict[str, str | None]] = []
        self.tags: list[str] = []
        self.text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag == "img":
            self.images.append(dict(attrs))

    def handle_data(self, data: str) -> None:
        self.text += data


def read(page: bytes) -> Page:
    parsed = Page()
    parsed.feed(page.decode("utf-8"))
    return parsed


def test_photos_are_embedded_as_stored(tmp_path: Path) -> None:
    photo = tmp_path / "ab12.jpg"
    Image.new("RGB", (20, 10), (10, 200, 30)).save(photo, "JPEG")
    page = read(photo_page("INS-1", [("At the bench", [stored(photo, "open box.jpg")])]))
    assert len(page.images) == 1
    source = page.images[0]["src"] or ""
    assert source.startswith("data:image/jpeg;base64,")
    assert base64.b64decode(source.split(",", 1)[1]) == photo.read_bytes()
    assert "Photos of INS-1" in page.text and "open box.jpg" in page.text
    assert "script" not in page.tags and "link" not in page.tags  # nothing else is fetched


def test_a_name_is_text_not_markup(tmp_path: Path) -> None:
    photo = tmp_path / "cd34.png"
    Image.new("RGB", (4, 4)).save(photo, "PNG")
    name = '<script>alert("x")</script>.png'
    page = read(photo_page("INS-2", [("Before shipping", [stored(photo, name)])]))
    assert "script" not in page.tags
    assert name in page.text
    assert page.images[0]["alt"] == name


def test_missing_and_unshowable_files_are_said(tmp_path: Path) -> None:
    clip = tmp_path / "ef56.mp4"
    clip.write_bytes(b"\x00\x00\x00\x18ftypmp42")
    gone = stored(tmp_path / "gone.jpg", "scale.jpg", "scale_photo")
    page = read(
        photo_page("INS-3", [("Before shipping", []), ("At the bench", [gone, stored(clip, "c")])])
    )
    assert page.images == []
    assert "none on file" in page.text
    assert "scale.jpg" in page.text and "(photo missing)" in page.text
    assert "(not an image a browser can show)" in page.text
