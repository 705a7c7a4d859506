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
from inspect_tui.services.evidence.media import NotEvidence, check_media, outside


def photo_problem(name: str, path: Path, folder: Path) -> str:
    """Why the photo ``name`` (found at ``path``) cannot be imported; "" when it can.

    It must lie in ``folder`` (the CSV's) or in the configured photo root
    (``INSPECT_TUI_PHOTO_ROOT``).
    """
    root = config.photo_root()
    if outside(path, folder) and (root is None or outside(path, root)):
        where = f"the file's folder ({folder})" + (f" or the photo root ({root})" if root else "")
        return (
            f"'{name[:200]}' is outside {where}; expected a photo inside it, named relative "
            "to the CSV (no absolute path elsewhere, no '..' leading out)"
        )
    if not path.exists():
        return (
            f"'{name[:200]}' was not found (looked for {path}); expected a photo file, its "
            "path relative to the CSV's folder"
        )
    try:
        check_media(path)
    except NotEvidence as error:
        return f"{error.strerror}; expected a photo or video of the parcel"
    except OSError as error:
        return f"'{name[:200]}' cannot be read ({error.strerror}); expected a readable photo"
    return ""
