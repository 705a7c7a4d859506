"""Pre-shipment photos named in a shipments file: inside the file's folder, and real media.

A ``photos`` cell names files relative to the CSV's folder (or, absolute, inside the photo
root ``INSPECT_TUI_PHOTO_ROOT`` when one is configured). A name that leads out of those
folders (an absolute path elsewhere, ``..``, a symbolic link pointing outside) is refused, and
so is any file that is not a photo or clip by its content (``evidence_media``): an import
never turns an arbitrary local file into evidence.
"""

from __future__ import annotations

from pathlib import Path

from inspect_tui import config
from inspect_tui.core.translation import _
from inspect_tui.services.evidence.media import NotEvidence, check_media, outside
from inspect_tui.services.evidence.store import EvidenceStore


def photo_problem(name: str, path: Path, folder: Path) -> str:
    """Why the photo ``name`` (found at ``path``) cannot be imported; "" when it can.

    It must lie in ``folder`` (the CSV's) or in the configured photo root
    (``INSPECT_TUI_PHOTO_ROOT``).
    """
    root = config.photo_root()
    if outside(path, folder) and (root is None or outside(path, root)):
        where = _("the file's folder ({folder})").format(folder=folder)
        if root:
            where += _(" or the photo root ({root})").format(root=root)
        return _(
            "'{name}' is outside {where}; expected a photo inside it, named relative "
            "to the CSV (no absolute path elsewhere, no '..' leading out)"
        ).format(name=name[:200], where=where)
    if not path.exists():
        return _(
            "'{name}' was not found (looked for {path}); expected a photo file, its "
            "path relative to the CSV's folder"
        ).format(name=name[:200], path=path)
    try:
        check_media(path)
    except NotEvidence as error:
        return _("{reason}; expected a photo or video of the parcel").format(reason=error.strerror)
    except OSError as error:
        return _("'{name}' cannot be read ({reason}); expected a readable photo").format(
            name=name[:200], reason=error.strerror
        )
    return ""


def store_refusal(store: EvidenceStore, error: Exception) -> str:
    """What to say of a file whose photos the evidence store would not take (line 0, photos).

    The import is rolled back: photos already copied stay in the store only as files named by
    their SHA-256 that no evidence row refers to.
    """
    return _(
        "cannot store a photo in the evidence store ({location}): {reason}; nothing was imported"
    ).format(location=store.location, reason=error)
