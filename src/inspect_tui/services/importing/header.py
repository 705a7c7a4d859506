"""Checks on a file's header that stop an import before any row is read."""

from __future__ import annotations

from inspect_tui.core.translation import _
from inspect_tui.services.importing.layout import FIELDS, REQUIRED, BoundLayout, header_name
from inspect_tui.services.importing.reading import Table
from inspect_tui.services.importing.records import Kind
from inspect_tui.services.importing.validation import Problems


def check_header(table: Table, bound: BoundLayout, kind: Kind, problems: Problems) -> bool:
    """Report missing required columns and repeated names; True when rows can be read."""
    seen: dict[str, int] = {}
    for position, name in enumerate(table.header, start=1):
        folded = header_name(name)
        if folded and folded in seen:
            problems.add(
                table.header_line,
                name,
                _(
                    "the column appears twice (columns {first} and {second}); "
                    "expected each column once"
                ).format(first=seen[folded], second=position),
            )
        seen.setdefault(folded, position)
    for name in bound.missing(REQUIRED[kind]):
        problems.add(table.header_line, bound.label(name), _missing_message(bound, kind, name))
    return not problems


def _missing_message(bound: BoundLayout, kind: Kind, name: str) -> str:
    if bound.layout.source == "generic":
        needed = ", ".join(REQUIRED[kind])
        return _("required column is missing; a {kind} file needs the columns {needed}").format(
            kind=kind, needed=needed
        )
    return _(
        "column not found in the header; {source} takes {name} from it (the header has: {names})"
    ).format(
        source=bound.layout.source,
        name=name,
        names=", ".join(bound.header[:12]) + (" …" if bound.width > 12 else ""),
    )


def ignored_columns(table: Table, bound: BoundLayout, kind: Kind) -> list[str]:
    """Header cells that feed no field (worth a note: often a typo in a column name)."""
    used = {position for columns in bound.index.values() for position in columns}
    known = set(FIELDS[kind])
    return [
        name
        for position, name in enumerate(table.header)
        if position not in used and name and header_name(name) not in known
    ]
