"""What an import did, counted per table, in words for the person who ran it."""

from __future__ import annotations

from dataclasses import dataclass, field

from inspect_tui.core.translation import N_, _, ngettext
from inspect_tui.services.importing.records import Kind

TABLE_WORDS = {
    "products": N_("products"),
    "shipments": N_("shipments"),
    "returns": N_("return requests"),
}


@dataclass(slots=True)
class TableCounts:
    """Rows of one table created, changed, or found identical to the file."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def total(self) -> int:
        """Records of this table in the file."""
        return self.created + self.updated + self.unchanged

    def as_dict(self) -> dict[str, int]:
        """The counts as a plain mapping (for the audit payload)."""
        return {"created": self.created, "updated": self.updated, "unchanged": self.unchanged}


@dataclass(frozen=True, slots=True)
class ImportResult:
    """The outcome of one successful import.

    Attributes:
        kind: What was imported (products, shipments or returns).
        file: The file's name as given.
        format: generic, shopify, tiktok or mapping.
        rows: Data rows read.
        skipped: Rows deliberately left out (cancelled orders, lines that do not ship).
        counts: Per table ('products', 'shipments', 'returns') what happened.
        lines_written: Shipment or return lines (re)written.
        photos_stored: Pre-shipment photos newly attached to shipments.
        notes: Remarks that are not errors (ignored columns, an empty file).
        audit_seq: Sequence number of the audit event recording the import (None if nothing
            was written).
    """

    kind: Kind
    file: str
    format: str
    rows: int
    skipped: int = 0
    counts: dict[str, TableCounts] = field(default_factory=dict)
    lines_written: int = 0
    photos_stored: int = 0
    notes: tuple[str, ...] = ()
    audit_seq: int | None = None

    @property
    def nothing_imported(self) -> bool:
        """True when the file had no data rows."""
        return self.rows == 0

    def summary(self) -> str:
        """One sentence: what the import created, updated and left unchanged."""
        if self.nothing_imported:
            empty = _("{file}: the file has a header but no data rows; nothing was imported.")
            return empty.format(file=self.file)
        parts = [
            _("{table}: {created} created, {updated} updated, {unchanged} unchanged").format(
                table=_(TABLE_WORDS[name]),
                created=c.created,
                updated=c.updated,
                unchanged=c.unchanged,
            )
            for name, c in self.counts.items()
        ]
        separator = _("; ")
        rows = ngettext("{count} row", "{count} rows", self.rows).format(count=f"{self.rows:,}")
        said = [
            _("Imported {file} ({rows}, {format}) — {counts}").format(
                file=self.file, rows=rows, format=self.format, counts=separator.join(parts)
            )
        ]
        if self.photos_stored:
            said.append(
                ngettext(
                    "{count} photo stored as evidence",
                    "{count} photos stored as evidence",
                    self.photos_stored,
                ).format(count=f"{self.photos_stored:,}")
            )
        if self.skipped:
            said.append(
                ngettext(
                    "{count} row skipped (cancelled orders, lines that do not ship, image or "
                    "description rows)",
                    "{count} rows skipped (cancelled orders, lines that do not ship, image or "
                    "description rows)",
                    self.skipped,
                ).format(count=f"{self.skipped:,}")
            )
        return _("{summary}.").format(summary=separator.join(said))
