"""Checks that need the store: serials shipped before, and which shipment a return belongs to.

They run inside the import's write transaction, under the writer lock, so what they read is
still true when the rows are written.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import Connection, Select, Text, cast, select

from inspect_tui.core.translation import _
from inspect_tui.services.importing.lookups import is_empty, rows_where_in, table
from inspect_tui.services.importing.records import Batch, ShipmentRecord
from inspect_tui.services.importing.validation import Problems
from inspect_tui.services.importing.values import key

ShipmentKey = tuple[str, str]
"""(platform, order_key): a shipment's natural key."""
SerialPlace = tuple[int, str, ShipmentKey]
"""(line, serial as written, order): where a serial stands in the file."""


def check_serials_in_store(
    connection: Connection, batch: Batch, problems: Problems, label: str
) -> None:
    """Report serials in the file that already went out on another order in the store."""
    if not batch.shipments or is_empty(connection, "shipment_line"):
        return
    wanted = serial_places(batch.shipments)
    if not wanted:
        return
    for platform, order_key, order_ref, serials in connection.execute(shipped_serials()):
        for serial in serials:
            place = wanted.get(key(serial))
            report_shipped_before(problems, label, place, (platform, order_key), order_ref)


def serial_places(shipments: Mapping[ShipmentKey, ShipmentRecord]) -> dict[str, SerialPlace]:
    """Where each serial of ``shipments`` is, by the serial's key."""
    return {
        key(serial): (line.line, serial, shipment_key)
        for shipment_key, record in shipments.items()
        for line in record.lines
        for serial in line.serials
    }


def shipped_serials() -> Select[Any]:
    """(platform, order_key, order_ref, serials) of every stored shipment line with serials."""
    shipment, lines = table("shipment"), table("shipment_line")
    return (
        select(shipment.c.platform, shipment.c.order_key, shipment.c.order_ref, lines.c.serials)
        .join(shipment, shipment.c.id == lines.c.shipment_id)
        .where(cast(lines.c.serials, Text) != "[]")
    )


def report_shipped_before(
    problems: Problems,
    label: str,
    place: SerialPlace | None,
    shipped_on: ShipmentKey,
    order_ref: str,
) -> None:
    """Report the file's serial at ``place`` when the store shipped it on another order."""
    if place is not None and place[2] != shipped_on:
        problems.add(
            place[0],
            label,
            _(
                "'{serial}' was already shipped on order {order} ({platform}); "
                "expected a serial that has not shipped before (check the serial, or "
                "that order)"
            ).format(serial=place[1], order=order_ref, platform=shipped_on[0]),
        )


def resolve_returns(
    connection: Connection, batch: Batch, problems: Problems, label: str
) -> dict[str, int | ShipmentKey]:
    """The shipment of each return: a stored shipment's id, or the key of one in this import.

    An order number found on two platforms needs the return's ``platform`` column to choose.
    """
    order_keys = {record.order_key for record in batch.returns.values()}
    known: dict[str, dict[str, int | ShipmentKey]] = {}
    for shipment_id, platform, order_key in rows_where_in(
        connection, "shipment", ("id", "platform", "order_key"), "order_key", order_keys
    ):
        known.setdefault(order_key, {})[platform] = int(shipment_id)
    for platform, order_key in batch.shipments:
        if order_key in order_keys:
            known.setdefault(order_key, {})[platform] = (platform, order_key)
    resolved: dict[str, int | ShipmentKey] = {}
    for rma_key, record in batch.returns.items():
        candidates = known.get(record.order_key, {})
        if record.platform is not None:
            if record.platform in candidates:
                resolved[rma_key] = candidates[record.platform]
                continue
            where = (
                _(" (it exists on {platforms})").format(platforms=", ".join(sorted(candidates)))
                if candidates
                else ""
            )
            problems.add(
                record.line,
                label,
                _(
                    "'{order}' matches no {platform} shipment{where}; expected "
                    "an order already imported with `inspect-tui import shipments`"
                ).format(order=record.order_ref, platform=record.platform, where=where),
            )
        elif len(candidates) == 1:
            resolved[rma_key] = next(iter(candidates.values()))
        elif not candidates:
            problems.add(
                record.line,
                label,
                _(
                    "'{order}' matches no shipment in the store; expected an order "
                    "already imported with `inspect-tui import shipments`"
                ).format(order=record.order_ref),
            )
        else:
            problems.add(
                record.line,
                label,
                _(
                    "'{order}' exists on {platforms}; expected a "
                    "platform column saying which one the return belongs to"
                ).format(order=record.order_ref, platforms=_(" and ").join(sorted(candidates))),
            )
    return resolved
