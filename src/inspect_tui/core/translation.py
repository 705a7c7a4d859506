"""The words of the interface in the operator's language: ``_()``, ``ngettext()``, ``N_()``.

English is the source language: every message is written in English in the code and looked up
in the catalog of the language in use (``inspect_tui/locale/<lang>/LC_MESSAGES/inspect_tui.po``).
This module only holds the language in use and looks words up; which language that is and how
its catalog is read is decided by the shells (``inspect_tui.language``), so the core stays free of
files and settings.

Words are looked up when they are shown, never when a module is imported: tables of labels
hold their English words marked with :func:`N_` and pass them through :func:`_` where they are
drawn, so switching the language (at sign-in, in a test) changes every screen drawn after it.
"""

from __future__ import annotations

import gettext
from collections.abc import Mapping
from datetime import date

DOMAIN = "inspect_tui"
"""The gettext domain: the catalogs' file name."""

SOURCE_LANGUAGE = "en"
"""The language the messages are written in; it needs no catalog."""

LANGUAGES: dict[str, str] = {"en": "English", "zh_CN": "简体中文"}
"""The languages the interface speaks, by code, named in their own words."""

_ALIASES: dict[str, str] = {
    "en": "en",
    "c": "en",
    "posix": "en",
    "zh": "zh_CN",
    "zh_cn": "zh_CN",
    "zh_sg": "zh_CN",
    "zh_hans": "zh_CN",
    "zh_hans_cn": "zh_CN",
}

LOCALE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")
"""The locale's variables, in the order gettext reads them."""

LANG_ENV = "INSPECT_TUI_LANG"
"""The variable naming the interface's language ahead of the locale."""


class UnknownLanguage(ValueError):
    """A language was asked for by name that the interface does not speak."""


_current: gettext.NullTranslations = gettext.NullTranslations()
_language: str = SOURCE_LANGUAGE


def normalise(name: str) -> str | None:
    """The interface's code for a language or locale name, or None when it is not spoken.

    ``zh_CN.UTF-8``, ``zh-CN``, ``zh``, ``zh_Hans`` give ``zh_CN``; ``en_US.UTF-8``, ``C`` and
    ``POSIX`` give ``en``.
    """
    bare = name.strip().split(".", 1)[0].split("@", 1)[0].replace("-", "_").lower()
    if not bare:
        return None
    if bare in _ALIASES:
        return _ALIASES[bare]
    if bare.startswith("en_"):
        return "en"
    return None


def pick_language(
    explicit: str | None, environ: Mapping[str, str], station: str | None = None
) -> str:
    """The language to speak: ``--lang``, ``INSPECT_TUI_LANG``, the station's, then the locale.

    Args:
        explicit: The language asked for on the command line, if any.
        environ: The process environment.
        station: The language set for this bench (``inspect-tui station set --lang``), if any;
            one the interface does not speak is passed over for the locale (it was set for
            every machine at the desk, not asked for here).

    Returns:
        A key of :data:`LANGUAGES`; English when the locale names a language not spoken here.

    Raises:
        UnknownLanguage: ``explicit`` or ``INSPECT_TUI_LANG`` names a language not spoken here
            (a deliberate choice that cannot be honoured is said, not ignored).
    """
    for asked in (explicit, environ.get(LANG_ENV)):
        if asked and asked.strip():
            code = normalise(asked)
            if code is None:
                spoken = ", ".join(LANGUAGES)
                raise UnknownLanguage(f"no interface in {asked.strip()!r}; choose one of {spoken}")
            return code
    if station and (code := normalise(station)) is not None:
        return code
    for variable in LOCALE_VARIABLES:
        value = environ.get(variable, "")
        if not value:
            continue
        for part in value.split(":"):
            code = normalise(part)
            if code is not None:
                return code
        return SOURCE_LANGUAGE
    return SOURCE_LANGUAGE


def install(language: str, translations: gettext.NullTranslations | None) -> None:
    """Speak ``language`` from now on, looking words up in ``translations`` (None: English)."""
    global _current, _language
    _current = translations if translations is not None else gettext.NullTranslations()
    _language = language


def language() -> str:
    """The code of the language in use (``en``, ``zh_CN``)."""
    return _language


def _(message: str) -> str:
    """``message`` in the language in use."""
    return _current.gettext(message)


def ngettext(singular: str, plural: str, number: int) -> str:
    """The form of a message for ``number`` things, in the language in use."""
    return _current.ngettext(singular, plural, number)


def pgettext(context: str, message: str) -> str:
    """``message`` as meant in ``context`` (one English word, two meanings), translated."""
    return _current.pgettext(context, message)


def NP_(context: str, message: str) -> str:  # noqa: N802
    """Mark ``message`` for the catalog in ``context``, translated where shown (see the footer)."""
    return message


def N_(message: str) -> str:  # noqa: N802  (the gettext name extraction tools look for)
    """Mark ``message`` for the catalog without translating it (it is translated where shown)."""
    return message


def long_date(day: date) -> str:
    """A date as a person reads it: ``7 December 2026``, in Chinese ``2026年12月7日``."""
    if _language == "zh_CN":
        return f"{day.year}年{day.month}月{day.day}日"
    return f"{day.day} {day.strftime('%B')} {day.year}"
