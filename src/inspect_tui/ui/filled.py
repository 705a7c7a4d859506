"""Translated sentences whose parts keep their own styles on screen.

A translation may put the parts of a sentence in another order (``Today 3 parcels opened`` is
``今天已开 3 个包裹``), so styled parts cannot be glued around fixed English words: the sentence
is looked up whole, with ``{name}`` placeholders, and the styled values are put in its place.
"""

from __future__ import annotations

import re

from textual.content import Content

_PLACEHOLDER = re.compile(r"\{(\w+)\}")

Part = Content | str | tuple[str, str]


def filled(template: str, **values: Part) -> Content:
    """``template`` (already translated) with each ``{name}`` replaced by its styled value.

    Args:
        template: The sentence, e.g. ``_("Today {opened} parcels opened")``.
        **values: Each placeholder's value: plain text, ``(text, style)`` or Content.

    Returns:
        The sentence as Content; an unknown placeholder is left as written.
    """
    parts: list[Part] = []
    last = 0
    for match in _PLACEHOLDER.finditer(template):
        parts.append(template[last : match.start()])
        parts.append(values.get(match.group(1), match.group(0)))
        last = match.end()
    parts.append(template[last:])
    return Content.assemble(*parts)
