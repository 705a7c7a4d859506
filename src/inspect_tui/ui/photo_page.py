"""A parcel's photos as one web page, for the supervisor desk served to a browser.

In a terminal the detail previews photos inline (textual-image); a browser cannot be reached
that way, so the served desk hands the browser one self-contained page instead: every photo
embedded as it is stored (the evidence pack holds the same originals), under its name, size
and SHA-256, grouped as the detail groups them. One page rather than a tab per photo, because a
browser opens one new tab per key press and blocks the rest.
"""

from __future__ import annotations

import base64
import html
from collections.abc import Sequence
from pathlib import Path

from inspect_tui.services.shared.views import EvidenceView

IMAGE_TYPES = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".gif": "image/gif",
    ".webp": "image/webp",
}
"""The photo files a browser shows, by suffix."""

STYLE = """
body { font-family: sans-serif; margin: 1.5em; background: #1e1e1e; color: #e0e0e0; }
h1 { font-size: 1.4em; } h2 { font-size: 1.1em; margin-top: 1.5em; }
figure { display: inline-block; margin: 0 1em 1em 0; vertical-align: top; }
img { max-width: 46vw; max-height: 70vh; border: 1px solid #555; }
figcaption { font-size: 0.85em; color: #b0b0b0; }
.missing { color: #ff8a80; }
"""


def photo_page(code: str, groups: Sequence[tuple[str, Sequence[EvidenceView]]]) -> bytes:
    """The HTML page (UTF-8) showing the photos of inspection ``code``.

    Args:
        code: The inspection code, for the title.
        groups: ``(heading, photos)`` in the order to show, e.g. before shipping, at the bench.

    Returns:
        A self-contained page: images are embedded, nothing else is fetched.
    """
    title = html.escape(f"Photos of {code}")
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{title}</title><style>{STYLE}</style></head><body>",
        f"<h1>{title}</h1>",
    ]
    for heading, photos in groups:
        parts.append(f"<h2>{html.escape(heading)}</h2>")
        if not photos:
            parts.append("<p>none on file</p>")
        parts.extend(_figure(photo) for photo in photos)
    parts.append("</body></html>")
    return "\n".join(parts).encode("utf-8")


def _figure(photo: EvidenceView) -> str:
    name = html.escape(photo.original_name or photo.path.name)
    caption = f"{name} · {photo.bytes:,} bytes · SHA-256 {photo.sha256[:16]}…"
    suffix = photo.path.suffix or Path(photo.original_name).suffix
    mime = IMAGE_TYPES.get(suffix.lower())
    data = _read(photo.path) if mime else None
    if data is None:
        why = "photo missing" if not photo.exists else "not an image a browser can show"
        return f'<p>{caption} <span class="missing">({why})</span></p>'
    encoded = base64.b64encode(data).decode("ascii")
    return (
        f'<figure><img alt="{name}" src="data:{mime};base64,{encoded}">'
        f"<figcaption>{caption}</figcaption></figure>"
    )


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None
