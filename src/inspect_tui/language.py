"""Which language the interface speaks, and reading its catalog.

The catalogs are the translators' ``.po`` files in ``inspect_tui/locale/``. The compiled ``.mo``
file gettext reads is made from the ``.po`` the first time a language is used (Babel's
compiler) and kept in the user's cache directory under the ``.po`` file's SHA-256, so an editable
install, a wheel and a fresh clone all work, a translator's edit is picked up on the next start,
and a stale compiled file can never be read.
"""

from __future__ import annotations

import gettext
import hashlib
import io
import os
from collections.abc import Mapping
from pathlib import Path

import platformdirs

from inspect_tui.core import translation
from inspect_tui.core.translation import DOMAIN, SOURCE_LANGUAGE, UnknownLanguage

__all__ = ["UnknownLanguage", "catalog_path", "load", "use_language", "use_station_language"]

LOCALE_DIR = Path(__file__).parent / "locale"
"""Where the catalogs live: ``<lang>/LC_MESSAGES/inspect_tui.po`` and the template ``.pot``."""


def catalog_path(language: str) -> Path:
    """The translators' ``.po`` file for ``language``."""
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def _compile(po_text: bytes, language: str) -> bytes:
    """The ``.mo`` bytes gettext reads, compiled from a ``.po`` file's bytes."""
    # Deferred: Babel loads only when a catalog must be compiled.
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    catalog = read_po(io.BytesIO(po_text), locale=language, domain=DOMAIN)
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


def _cache_dir() -> Path:
    return Path(platformdirs.user_cache_dir("inspect-tui")) / "locale"


def compiled(language: str, cache_dir: Path | None = None) -> bytes:
    """The compiled catalog of ``language``, compiling and caching it when needed.

    Args:
        language: A language with a ``.po`` file.
        cache_dir: Where compiled catalogs are kept (default: the user's cache directory).

    Returns:
        The ``.mo`` file's bytes.
    """
    po = catalog_path(language)
    po_text = po.read_bytes()
    digest = hashlib.sha256(po_text).hexdigest()[:20]
    cached = (cache_dir or _cache_dir()) / f"{language}-{digest}.mo"
    try:
        return cached.read_bytes()
    except OSError:
        pass
    data = _compile(po_text, language)
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        partial = cached.with_name(f".{cached.name}.{os.getpid()}")
        partial.write_bytes(data)
        partial.replace(cached)
    except OSError:
        pass  # a read-only cache: the catalog is compiled again next start, nothing is lost
    return data


def load(language: str, cache_dir: Path | None = None) -> gettext.NullTranslations | None:
    """The translations of ``language`` (None for English, the source language)."""
    if language == SOURCE_LANGUAGE:
        return None
    return gettext.GNUTranslations(io.BytesIO(compiled(language, cache_dir)))


_asked: str | None = None
"""The language named by ``--lang`` at the last choice (the station's yields to it)."""


def use_language(explicit: str | None = None, environ: Mapping[str, str] | None = None) -> str:
    """Choose the language (``--lang``, ``INSPECT_TUI_LANG``, the locale) and speak it.

    Args:
        explicit: The language asked for on the command line, if any.
        environ: The environment to read (default: the process's).

    Returns:
        The code of the language now in use.

    Raises:
        UnknownLanguage: A language was named that the interface does not speak.
    """
    global _asked
    code = translation.pick_language(explicit, os.environ if environ is None else environ)
    _asked = explicit
    if code != translation.language():  # already spoken (the root chose it early): no reload
        translation.install(code, load(code))
    return code


def use_station_language(station: str | None, environ: Mapping[str, str] | None = None) -> str:
    """Speak the bench's own language unless ``--lang`` or ``INSPECT_TUI_LANG`` chose one.

    The app knows its station only once the store is open, after the command line chose the
    language; this chooses again with the station's language in its place (``--lang`` >
    ``INSPECT_TUI_LANG`` > the station's > the locale).

    Args:
        station: The station's language (``zh-CN``), or None when it has none.
        environ: The environment to read (default: the process's).

    Returns:
        The code of the language now in use.

    Raises:
        UnknownLanguage: ``--lang`` or ``INSPECT_TUI_LANG`` named a language not spoken here.
    """
    environ = os.environ if environ is None else environ
    code = translation.pick_language(_asked, environ, station=station)
    if code != translation.language():
        translation.install(code, load(code))
    return code
