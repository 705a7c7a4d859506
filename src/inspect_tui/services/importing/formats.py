"""Which reader handles which (kind, format): the generic format, mappings, Shopify, TikTok."""

from __future__ import annotations

from collections.abc import Callable
from datetime import tzinfo

from inspect_tui.core.translation import N_, _
from inspect_tui.services.importing import shopify, tiktok
from inspect_tui.services.importing.header import ignored_columns
from inspect_tui.services.importing.layout import BoundLayout, Layout, generic_layout
from inspect_tui.services.importing.mapping import Mapping
from inspect_tui.services.importing.products import read_products
from inspect_tui.services.importing.reading import Table
from inspect_tui.services.importing.records import Batch, Kind
from inspect_tui.services.importing.returns import read_returns
from inspect_tui.services.importing.shipments import read_shipments
from inspect_tui.services.importing.validation import Problems

FORMATS = ("generic", "shopify", "tiktok")

Reader = Callable[[Table, BoundLayout, Problems, Batch], None]
GENERIC_READERS: dict[Kind, Reader] = {
    "products": read_products,
    "shipments": read_shipments,
    "returns": read_returns,
}

UNSUPPORTED = {
    ("shopify", "returns"): N_(
        "Shopify's order export has no return requests; import returns "
        "with --format generic (one row per returned line, platform = shopify)"
    ),
    ("tiktok", "products"): N_(
        "TikTok Shop's order export is not a catalog; import products with "
        "--format generic or shopify"
    ),
}


class FormatError(ValueError):
    """The (kind, format, mapping) combination cannot be imported; the message says why."""


def check_combination(kind: Kind, file_format: str, mapping: Mapping | None) -> None:
    """Refuse combinations that cannot work before the file is even opened.

    Raises:
        FormatError: Unknown format, a format that does not carry this kind, a mapping used
            with a platform format, or a mapping written for another kind.
    """
    if file_format not in FORMATS:
        raise FormatError(
            _("unknown format {format}; expected one of {names}").format(
                format=repr(file_format), names=", ".join(FORMATS)
            )
        )
    if (file_format, kind) in UNSUPPORTED:
        raise FormatError(_(UNSUPPORTED[(file_format, kind)]))
    if mapping is not None and file_format != "generic":
        raise FormatError(
            _(
                "a mapping describes its own columns; use it without --format "
                "{format} (the {format} layout is built in)"
            ).format(format=file_format)
        )
    if mapping is not None and mapping.kind is not None and mapping.kind != kind:
        raise FormatError(
            _("the mapping {name} is for {mapping_kind}, not {kind}").format(
                name=mapping.path.name, mapping_kind=mapping.kind, kind=kind
            )
        )


def read_table(
    kind: Kind,
    file_format: str,
    table: Table,
    problems: Problems,
    batch: Batch,
    zone: tzinfo,
    mapping: Mapping | None = None,
) -> None:
    """Read ``table`` as ``kind`` in ``file_format`` (or through ``mapping``) into ``batch``."""
    if file_format == "shopify":
        reader = shopify.read_products if kind == "products" else shopify.read_orders
        reader(table, problems, batch, zone)
        return
    if file_format == "tiktok":
        tiktok.read_orders(table, problems, batch, zone)
        if kind == "returns":
            batch.shipments.clear()  # the orders must already be in the store
        return
    layout: Layout = mapping.layout(kind, zone) if mapping else generic_layout(kind, zone)
    bound = layout.bind(table.header)
    GENERIC_READERS[kind](table, bound, problems, batch)
    ignored = ignored_columns(table, bound, kind)
    if ignored:
        batch.notes.append(
            _("columns not used for {kind}: {names}").format(kind=kind, names=", ".join(ignored))
        )
