"""Mapping files: any other header set (a Chinese back office's, say) onto the generic fields.

A mapping is a small TOML file the seller writes once per export layout::

    [file]
    kind = "shipments"            # optional: which import it is for
    timezone = "Asia/Shanghai"    # times without a zone are in this zone
    list_separator = ";"          # inside serials / photos / seal_ids / components

    [columns]                     # generic field = the file's header (or a list: first non-blank)
    order_ref = "订单编号"
    sku = "商品编码"

    [formats]                     # strptime patterns for dates
    shipped_at = "%Y-%m-%d %H:%M:%S"

    [units]                       # weights: g, kg, lb, oz; money: major (yuan) or minor (fen)
    shipped_weight = "kg"

    [defaults]                    # used when the file has no such column or leaves it blank
    platform = "taobao"

Fields not named under [columns] are still found under their generic names. The file itself is
validated first, with messages that name the mapping file, the line and the key.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from dataclasses import dataclass, field, replace
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Any

from inspect_tui.core.translation import _
from inspect_tui.core.zones import UnknownZone, parse_zone
from inspect_tui.services.importing.convert import converter
from inspect_tui.services.importing.layout import DATE_FIELDS, FIELDS, MONEY_FIELDS, Layout
from inspect_tui.services.importing.records import Kind
from inspect_tui.services.importing.validation import Problems, reject
from inspect_tui.services.importing.values import BadValue

ALL_FIELDS = sorted({name for names in FIELDS.values() for name in names})
SECTIONS = ("file", "columns", "formats", "units", "defaults")
UNIT_KEYS = {
    "shipped_weight": "shipped_weight_g",
    "shipped_weight_g": "shipped_weight_g",
    "unit_weight": "unit_weight_g",
    "unit_weight_g": "unit_weight_g",
    "unit_price": "unit_price",
    "refund_amount": "refund_amount",
    "refund_total": "refund_total",
}
WEIGHT_WORDS = {
    "g": "g",
    "gram": "g",
    "grams": "g",
    "克": "g",
    "kg": "kg",
    "公斤": "kg",
    "千克": "kg",
    "lb": "lb",
    "lbs": "lb",
    "oz": "oz",
}
MONEY_WORDS = {
    "major": "major",
    "yuan": "major",
    "元": "major",
    "dollars": "major",
    "minor": "minor",
    "fen": "minor",
    "分": "minor",
    "cents": "minor",
}


@dataclass(frozen=True, slots=True)
class Mapping:
    """A validated mapping file."""

    path: Path
    kind: Kind | None = None
    timezone: tzinfo | None = None
    list_separator: str = ";"
    columns: dict[str, tuple[str, ...]] = field(default_factory=dict)
    formats: dict[str, tuple[str, ...]] = field(default_factory=dict)
    units: dict[str, str] = field(default_factory=dict)
    defaults: dict[str, str] = field(default_factory=dict)

    def layout(self, kind: Kind, zone: tzinfo) -> Layout:
        """The layout for importing ``kind`` with this mapping; ``zone`` for naive times."""
        columns = {name: self.columns.get(name, (name,)) for name in FIELDS[kind]}
        return Layout(
            columns=columns,
            defaults=dict(self.defaults),
            formats=dict(self.formats),
            units=dict(self.units),
            zone=zone,
            list_separator=self.list_separator,
            source=f"the mapping {self.path.name}",
        )


def load_mapping(path: Path) -> Mapping:
    """Read and check a mapping file.

    Raises:
        ImportRejected: The file is missing or not valid TOML, or names unknown sections,
            fields, units or formats; every problem is listed.
    """
    name = str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise reject(name, 0, "", f"cannot read the mapping file: {error}") from error
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        found = re.search(r"line (\d+)", str(error))
        raise reject(
            name, int(found.group(1)) if found else 0, "", f"not valid TOML: {error}"
        ) from error
    checker = _Checker(name, text)
    mapping = checker.check(path, data)
    checker.problems.raise_if_any()
    return mapping


class _Checker:
    """Validates the parsed TOML, remembering where each key is written for the messages."""

    def __init__(self, name: str, text: str) -> None:
        self.problems = Problems(name)
        self.lines = text.splitlines()

    def line_of(self, section: str, key: str = "") -> int:
        current = ""
        for number, line in enumerate(self.lines, start=1):
            stripped = line.strip()
            header = re.match(r"^\[\s*([^\]]+?)\s*\]", stripped)
            if header:
                current = header.group(1)
                if not key and current == section:
                    return number
            elif current == section and re.match(rf"^[\"']?{re.escape(key)}[\"']?\s*=", stripped):
                return number
        return 0

    def add(self, section: str, key: str, message: str) -> None:
        self.problems.add(self.line_of(section, key), f"[{section}] {key}".strip(), message)

    def check(self, path: Path, data: dict[str, Any]) -> Mapping:
        for section in data:
            if section not in SECTIONS:
                known = ", ".join(f"[{s}]" for s in SECTIONS)
                self.problems.add(
                    self.line_of(section),
                    f"[{section}]",
                    _("unknown section; expected {known}").format(known=known),
                )
        tables = {s: data.get(s, {}) for s in SECTIONS}
        for section, value in tables.items():
            if not isinstance(value, dict):
                self.add(section, "", _("expected a table of keys"))
                tables[section] = {}
        if not tables["columns"]:
            self.problems.add(
                0,
                "[columns]",
                _(
                    "missing or empty; expected lines like {example} naming the file's column "
                    "for each field"
                ).format(example='order_ref = "订单编号"'),
            )
        kind, zone, separator = self._file(tables["file"])
        mapping = Mapping(
            path=path,
            kind=kind,
            timezone=zone,
            list_separator=separator,
            columns=self._columns(tables["columns"]),
            formats=self._formats(tables["formats"]),
            units=self._units(tables["units"]),
            defaults={},
        )
        return replace(mapping, defaults=self._defaults(tables["defaults"], mapping))

    def _file(self, table: dict[str, Any]) -> tuple[Kind | None, tzinfo | None, str]:
        kind: Kind | None = None
        zone: tzinfo | None = None
        separator = ";"
        for key, value in table.items():
            if key == "kind":
                if value in FIELDS:
                    kind = value
                else:
                    self.add(
                        "file",
                        key,
                        _(
                            "{value} is not an import kind; expected products, shipments or returns"
                        ).format(value=repr(value)),
                    )
            elif key == "timezone":
                try:
                    zone = parse_zone(str(value))
                except UnknownZone as error:
                    self.add("file", key, f"{value!r} {error}")
            elif key == "list_separator":
                if isinstance(value, str) and value:
                    separator = value
                else:
                    self.add(
                        "file",
                        key,
                        _("expected a non-empty text such as {examples}").format(
                            examples='";" or "|"'
                        ),
                    )
            else:
                self.add("file", key, _("unknown key; expected kind, timezone or list_separator"))
        return kind, zone, separator

    def _field(self, section: str, key: str) -> bool:
        if key in ALL_FIELDS:
            return True
        close = difflib.get_close_matches(key, ALL_FIELDS, n=1)
        hint = _(" (did you mean {name}?)").format(name=close[0]) if close else ""
        self.add(
            section,
            key,
            _("not a field of the generic format{hint}; expected one of {names}").format(
                hint=hint, names=", ".join(ALL_FIELDS)
            ),
        )
        return False

    def _texts(self, section: str, key: str, value: Any) -> tuple[str, ...] | None:
        items = [value] if isinstance(value, str) else value
        texts = isinstance(items, list) and all(isinstance(i, str) and i.strip() for i in items)
        if items and texts:
            return tuple(i.strip() for i in items)
        self.add(section, key, _("expected a column name in quotes, or a list of them"))
        return None

    def _columns(self, table: dict[str, Any]) -> dict[str, tuple[str, ...]]:
        columns: dict[str, tuple[str, ...]] = {}
        for key, value in table.items():
            texts = self._texts("columns", key, value) if self._field("columns", key) else None
            if texts:
                columns[key] = texts
        return columns

    def _formats(self, table: dict[str, Any]) -> dict[str, tuple[str, ...]]:
        formats: dict[str, tuple[str, ...]] = {}
        sample = datetime(2024, 11, 22, 13, 45, 30)
        for key, value in table.items():
            if key not in DATE_FIELDS:
                wanted = " or ".join(sorted(DATE_FIELDS))
                self.add(
                    "formats", key, _("not a date field; expected {wanted}").format(wanted=wanted)
                )
                continue
            patterns = self._texts("formats", key, value)
            for pattern in patterns or ():
                try:
                    ok = "%" in pattern and datetime.strptime(sample.strftime(pattern), pattern)
                except ValueError:
                    ok = False
                if not ok:
                    self.add(
                        "formats",
                        key,
                        _(
                            "{pattern} is not a date format; expected a strptime pattern like "
                            "{example}"
                        ).format(pattern=repr(pattern), example='"%Y-%m-%d %H:%M:%S"'),
                    )
            if patterns:
                formats[key] = patterns
        return formats

    def _units(self, table: dict[str, Any]) -> dict[str, str]:
        units: dict[str, str] = {}
        for key, value in table.items():
            target = UNIT_KEYS.get(key)
            words = MONEY_WORDS if target in MONEY_FIELDS else WEIGHT_WORDS
            if target is None:
                self.add(
                    "units",
                    key,
                    _(
                        "no unit for this key; expected shipped_weight, "
                        "unit_weight, unit_price, refund_amount or refund_total"
                    ),
                )
            elif not isinstance(value, str) or value.strip().casefold() not in words:
                money = words is MONEY_WORDS
                choices = _("major (yuan) or minor (fen)") if money else _("g, kg, lb or oz")
                self.add(
                    "units",
                    key,
                    _("{value} is not a unit; expected {choices}").format(
                        value=repr(value), choices=choices
                    ),
                )
            else:
                units[target] = words[value.strip().casefold()]
        return units

    def _defaults(self, table: dict[str, Any], mapping: Mapping) -> dict[str, str]:
        defaults: dict[str, str] = {}
        layout = mapping.layout("shipments", mapping.timezone or parse_zone("UTC"))
        for key, value in table.items():
            if not self._field("defaults", key):
                continue
            if isinstance(value, bool | int | float):
                value = str(value).lower() if isinstance(value, bool) else str(value)
            if not isinstance(value, str):
                self.add("defaults", key, _("expected a value in quotes"))
                continue
            try:
                converter(key, layout)(value.strip())
            except BadValue as error:
                self.add("defaults", key, f"{value!r} {error}")
                continue
            defaults[key] = value.strip()
        return defaults
