"""The translators' catalogs: complete, in step with the code, and safe to format.

Every message the code marks (``_``, ``ngettext``, ``N_``, ``NP_``) must be in the template and
translated in every language's ``.po`` file, and no translation may lose, add or break a
placeholder — a broken one would be a traceback on a clerk's screen instead of a sentence.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po

from inspect_tui import language
from inspect_tui.core.translation import LANGUAGES, SOURCE_LANGUAGE

SOURCE = Path(language.__file__).parent
TEMPLATE = language.LOCALE_DIR / "inspect_tui.pot"
TRANSLATED = [code for code in LANGUAGES if code != SOURCE_LANGUAGE]
KEYWORDS = {**DEFAULT_KEYWORDS, "NP_": ((1, "c"), 2)}
PERCENT = re.compile(r"%(?:\([^)]*\))?[-#0+]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa%]")
"""A ``%`` conversion (``%s``, ``%(name)d``); ``8 % deducted`` is prose, not one."""

SAME_IN_EVERY_LANGUAGE = frozenset({"1688", "Shopify", "TikTok Shop"})
"""Messages a translation may leave as written: brand names."""

Key = tuple[str | None, str]


def _key(message: Message) -> Key:
    msgid = message.id if isinstance(message.id, str) else message.id[0]
    return (message.context, msgid)


def marked_in_code() -> set[Key]:
    """Every message the code marks for translation, as ``pybabel extract`` finds it."""
    found: set[Key] = set()
    method_map = [("**.py", "python")]
    for _file, _line, text, _comments, context in extract_from_dir(
        str(SOURCE), method_map, keywords=KEYWORDS
    ):
        msgid = text if isinstance(text, str) else text[0]
        if msgid:
            found.add((context, msgid))
    return found


def catalog(path: Path, locale: str | None = None) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=locale)


def messages(cat: Catalog) -> Iterator[Message]:
    return (message for message in cat if message.id)


def fields(text: str) -> list[str]:
    """The ``{placeholders}`` and ``%`` conversions of ``text`` (ValueError when malformed)."""
    names = sorted(
        name for _literal, name, _spec, _conv in string.Formatter().parse(text) if name is not None
    )
    return names + sorted(PERCENT.findall(text))


def test_the_template_holds_exactly_what_the_code_marks() -> None:
    in_code = marked_in_code()
    in_template = {_key(message) for message in messages(catalog(TEMPLATE))}
    assert in_code - in_template == set(), "run pybabel extract (README, Languages)"
    assert in_template - in_code == set(), "the template has messages the code no longer has"
    assert len(in_code) > 300


@pytest.mark.parametrize("code", TRANSLATED)
def test_every_message_is_translated(code: str) -> None:
    cat = catalog(language.catalog_path(code), code)
    found = {_key(message): message for message in messages(cat)}
    untranslated = sorted(
        key[1]
        for key in marked_in_code()
        if key not in found
        or "fuzzy" in found[key].flags
        or not all(
            found[key].string if isinstance(found[key].string, tuple) else [found[key].string]
        )
    )
    assert untranslated == []
    english_left = sorted(
        message.id
        for message in messages(cat)
        if isinstance(message.id, str)
        and message.string == message.id
        and message.id not in SAME_IN_EVERY_LANGUAGE
    )
    assert english_left == []


@pytest.mark.parametrize("code", TRANSLATED)
def test_no_translation_breaks_a_placeholder(code: str) -> None:
    broken = []
    for message in messages(catalog(language.catalog_path(code), code)):
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        strings = [message.string] if isinstance(message.string, str) else list(message.string)
        wanted = fields(ids[-1])
        for text in strings:
            try:
                got = fields(text)
            except ValueError as error:
                broken.append((ids[0], text, str(error)))
                continue
            if got != wanted:
                broken.append((ids[0], text, f"{got} != {wanted}"))
    assert broken == []


def test_a_broken_placeholder_would_be_caught() -> None:
    assert fields("{code} 已完成") == fields("{code} completed")
    assert fields("{编号} 已完成") != fields("{code} completed")
    with pytest.raises(ValueError):
        fields("{code 已完成")
    assert fields("%s 已完成") != fields("{code} completed")
    assert fields("扣除 {pct} %") == fields("{pct} % deducted")


@pytest.mark.parametrize("code", TRANSLATED)
def test_the_catalog_compiles_once_into_the_cache_and_is_read_back(
    code: str, tmp_path: Path
) -> None:
    first = language.compiled(code, tmp_path)
    cached = list(tmp_path.iterdir())
    assert len(cached) == 1 and cached[0].read_bytes() == first
    cached[0].write_bytes(first)  # same content; a second start reads it instead of compiling
    translations = language.load(code, tmp_path)
    assert translations is not None
    assert translations.gettext("Swapped item") != "Swapped item"


def test_an_edited_catalog_is_compiled_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    locale_dir = tmp_path / "locale"
    po = locale_dir / "zh_CN" / "LC_MESSAGES" / "inspect_tui.po"
    po.parent.mkdir(parents=True)
    po.write_bytes(language.catalog_path("zh_CN").read_bytes())
    monkeypatch.setattr(language, "LOCALE_DIR", locale_dir)
    cache = tmp_path / "cache"
    assert language.load("zh_CN", cache).gettext("Swapped item") == "掉包"
    po.write_text(
        po.read_text(encoding="utf-8").replace('msgstr "掉包"', 'msgstr "调包"'), encoding="utf-8"
    )
    assert language.load("zh_CN", cache).gettext("Swapped item") == "调包"
    assert len(list(cache.iterdir())) == 2
