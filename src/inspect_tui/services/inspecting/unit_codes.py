"""What a unit scan that is not on the order is: another catalog product, a serial, a seal, noise.

``Workstation.scan_item`` places a scan on the order first (``core.matching.match_scan``). When
that finds nothing, :func:`place_unknown` decides, against the catalog and every shipment, what
the clerk is holding:

1. A GTIN or SKU of a catalog product, or a serial shipped on another order for a product not on
   this one: another product, recorded as a foreign unit at once (the swap evidence).
2. A serial shipped on another order for a product on this one, or a bare code shaped like the
   serials of the order's one serialized product: a wrong serial on that line (buy new, return
   old). With several serialized products the clerk is asked which one
   (:class:`SerialNeedsProduct`), and ``line_no`` places it.
3. Anything else (a code no catalog knows, or typed noise): :class:`ForeignItemUnconfirmed`,
   until the clerk confirms it (``foreign_ok``).
"""

from __future__ import annotations

from sqlalchemy import String, cast
from sqlmodel import Session, col, select

from inspect_tui.core.codes import Decoded
from inspect_tui.core.matching import ScanMatch, gtin14
from inspect_tui.core.parcel import ExpectedLine, ReceivedUnit
from inspect_tui.core.serials import looks_like_serial, place_serial, serial_lines
from inspect_tui.core.translation import _
from inspect_tui.services.shared.errors import (
    ForeignItemUnconfirmed,
    InvalidInput,
    SerialNeedsProduct,
)
from inspect_tui.services.shared.views import ShipmentView
from inspect_tui.store.models import Product, ShipmentLine
from inspect_tui.store.queries import normalise_key


def place_on_line(
    lines: tuple[ExpectedLine, ...], units: tuple[ReceivedUnit, ...], text: str, line_no: int
) -> ScanMatch:
    """A serial the clerk said belongs to line ``line_no``."""
    line = next((x for x in lines if x.line_no == line_no), None)
    if line is None:
        raise InvalidInput(
            _("This order has no line {line_no}: pick one of the lines shown.").format(
                line_no=line_no
            )
        )
    return place_serial(line, units, text)


def place_unknown(
    session: Session,
    shipment: ShipmentView,
    lines: tuple[ExpectedLine, ...],
    units: tuple[ReceivedUnit, ...],
    text: str,
    decoded: Decoded,
    found: ScanMatch,
    *,
    foreign_ok: bool,
) -> ScanMatch:
    """Where a scan that ``match_scan`` found ``unexpected`` belongs (see the module docstring).

    Raises:
        SerialNeedsProduct: a serial of one of several serialized products on the order.
        ForeignItemUnconfirmed: a code nobody knows, and the clerk has not confirmed it.
    """
    product = catalog_product(session, text, decoded)
    if product is not None:
        return _foreign(found, f"{text!r} is {product.title or product.sku} ({product.sku}), ")
    digits = decoded.kind in ("gtin", "gs1", "sscc")
    shipped_sku = None if digits else shipped_serial_sku(session, text)
    if shipped_sku is not None:
        same = [x for x in lines if normalise_key(x.sku) == shipped_sku]
        if same:
            return place_serial(same[0], units, text)
        return _foreign(found, f"{text!r} is the serial of another product ({shipped_sku}), ")
    if not digits:
        serialized = [x.sku for x in shipment.lines if x.serialized]
        candidates = [
            x for x in serial_lines(lines, text, serialized) if looks_like_serial([x], text)
        ]
        if len(candidates) == 1:
            return place_serial(candidates[0], units, text)
        if candidates:
            raise SerialNeedsProduct(text, tuple((x.line_no, x.sku, x.title) for x in candidates))
    if foreign_ok:
        return _foreign(found, f"{text!r} (confirmed by the clerk as a foreign item) ")
    raise ForeignItemUnconfirmed(text)


def catalog_product(session: Session, text: str, decoded: Decoded) -> Product | None:
    """The catalog product a scan names by GTIN (plain or GS1) or SKU, if any."""
    wanted = gtin14(decoded.gtin) or gtin14(text)
    if wanted is not None:
        candidates = {wanted, wanted.lstrip("0")}
        row = session.exec(select(Product).where(col(Product.gtin).in_(candidates))).first()
        if row is not None:
            return row
    return session.exec(select(Product).where(col(Product.sku_key) == normalise_key(text))).first()


def shipped_serial_sku(session: Session, serial: str) -> str | None:
    """The (normalised) SKU of the shipment line that shipped ``serial``, on any order."""
    text = serial.strip()
    if len(text) < 4 or '"' in text or "\\" in text:
        return None
    pattern = "%" + text.replace("%", r"\%").replace("_", r"\_") + "%"
    rows = session.exec(
        select(ShipmentLine.sku, ShipmentLine.serials)
        .where(cast(col(ShipmentLine.serials), String).like(pattern, escape="\\"))
        .limit(20)
    ).all()
    for sku, serials in rows:
        if any(str(s).strip().casefold() == text.casefold() for s in serials or []):
            return normalise_key(sku)
    return None


def _foreign(found: ScanMatch, said: str) -> ScanMatch:
    return ScanMatch(
        None,
        None,
        found.gtin,
        found.serial,
        "unexpected",
        said + "not on this order: a swapped item or an extra.",
    )
