"""Expected parcel weight and the weight verdict: the first check on the bench.

An empty parcel is caught on the scale before the box is opened (weigh first, then open), so the
verdict and its one-line explanation are written for the clerk and the camera.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from inspect_tui.core.parcel import ExpectedLine, ShippedParcel
from inspect_tui.core.policy import Policy
from inspect_tui.core.translation import N_, _

MAX_PARCEL_G = 70_000
"""Default upper limit of a parcel weight (a common carrier limit); the policy may change it."""
VERDICTS = ("empty", "light", "ok", "heavy", "unknown")

_UNITS: dict[str, Decimal] = {
    "g": Decimal(1),
    "gr": Decimal(1),
    "gram": Decimal(1),
    "grams": Decimal(1),
    "克": Decimal(1),
    "kg": Decimal(1000),
    "kgs": Decimal(1000),
    "kilo": Decimal(1000),
    "kilos": Decimal(1000),
    "千克": Decimal(1000),
    "公斤": Decimal(1000),
    "斤": Decimal(500),
    "oz": Decimal("28.349523125"),
    "ounce": Decimal("28.349523125"),
    "ounces": Decimal("28.349523125"),
    "lb": Decimal("453.59237"),
    "lbs": Decimal("453.59237"),
    "pound": Decimal("453.59237"),
    "pounds": Decimal("453.59237"),
}
_WEIGHT = re.compile(r"\s*(?P<number>[+-]?(?:\d+(?:\.\d*)?|\.\d+))\s*(?P<unit>[^\d\s.+-]*)\s*")
_HOW_TO_TYPE = N_("type grams (760) or a number with its unit (760 g, 0.76 kg, 12 oz, 1.5 lb)")


class ImpossibleWeight(ValueError):
    """A weight no parcel can have, or text that is not a weight; the message says what to do."""


@dataclass(frozen=True, slots=True)
class ExpectedWeight:
    """What the returned parcel should weigh, and where that figure comes from."""

    grams: int | None
    source: str
    """"shipped" (weighed at packing), "catalog" (unit weights plus packaging) or "unknown"."""


@dataclass(frozen=True, slots=True)
class WeightVerdict:
    """The measured weight judged against the expected weight."""

    verdict: str
    """One of VERDICTS."""
    ratio: float | None
    """Measured / expected, when both are known."""
    explanation: str


def expected_weight(
    shipment: ShippedParcel, policy: Policy, *, lines: Sequence[ExpectedLine] | None = None
) -> ExpectedWeight:
    """The weight the returned parcel should have.

    The shipped weight is used when the whole shipment comes back and it was weighed at packing.
    Otherwise (nothing weighed, or only some lines returned) catalog unit weights times quantity
    plus the packaging allowance are used, when every line has a catalog weight.

    Args:
        shipment: The original shipment.
        policy: Supplies the packaging allowance.
        lines: The lines (with quantities) the return covers; None = the whole shipment.
    """
    returned = tuple(shipment.lines if lines is None else lines)
    whole = {(x.line_no, x.qty) for x in returned} == {(x.line_no, x.qty) for x in shipment.lines}
    if whole and shipment.shipped_weight_g is not None:
        return ExpectedWeight(shipment.shipped_weight_g, "shipped")
    if not returned or any(line.unit_weight_g is None for line in returned):
        return ExpectedWeight(None, "unknown")
    goods = sum((line.unit_weight_g or 0) * line.qty for line in returned)
    packaging = policy.weight.packaging_g + _round(goods * policy.weight.packaging_pct / 100)
    return ExpectedWeight(goods + packaging, "catalog")


def verdict(measured_g: int | None, expected: ExpectedWeight, policy: Policy) -> WeightVerdict:
    """Judge a measured weight: empty, light, ok, heavy, or unknown when either side is missing."""
    if measured_g is None:
        return WeightVerdict(
            "unknown", None, _("No weight recorded yet: put the parcel on the scale.")
        )
    if expected.grams is None or expected.grams <= 0:
        return WeightVerdict(
            "unknown",
            None,
            _(
                "Parcel weighs {measured} g; there is no shipped or catalog weight to compare with."
            ).format(measured=measured_g),
        )
    rules = policy.weight
    grams = expected.grams
    ratio = measured_g / grams
    basis = (
        _("the shipment weighed {grams} g")
        if expected.source == "shipped"
        else _("catalog weight with packaging is {grams} g")
    ).format(grams=grams)
    lead = _("Parcel weighs {measured} g; {basis} ({percent} %)").format(
        measured=measured_g, basis=basis, percent=f"{ratio * 100:.0f}"
    )
    tolerance = max(rules.tolerance_g, _round(grams * rules.tolerance_pct / 100))
    if ratio <= rules.empty_ratio:
        threshold = f"{rules.empty_ratio * 100:g} %"
        text = _("{lead}. Empty-parcel threshold: {threshold}.").format(
            lead=lead, threshold=threshold
        )
        return WeightVerdict("empty", ratio, text)
    if measured_g < grams - tolerance:
        off = grams - measured_g
        text = _("{lead}: {off} g light (tolerance ±{tolerance} g).").format(
            lead=lead, off=off, tolerance=tolerance
        )
        return WeightVerdict("light", ratio, text)
    if measured_g > grams + tolerance:
        off = measured_g - grams
        text = _("{lead}: {off} g heavy (tolerance ±{tolerance} g).").format(
            lead=lead, off=off, tolerance=tolerance
        )
        return WeightVerdict("heavy", ratio, text)
    text = _("{lead}, within ±{tolerance} g.").format(lead=lead, tolerance=tolerance)
    return WeightVerdict("ok", ratio, text)


def validate_weight(grams: int, *, max_g: int = MAX_PARCEL_G) -> None:
    """Refuse weights no parcel can have.

    Raises:
        ImpossibleWeight: zero or less, or more than ``max_g`` (``policy.weight.max_parcel_g``).
    """
    if grams <= 0:
        raise ImpossibleWeight(
            _("{grams} g is not a parcel weight: put the parcel on the scale, or {how}.").format(
                grams=grams, how=_(_HOW_TO_TYPE)
            )
        )
    if grams > max_g:
        raise ImpossibleWeight(
            _(
                "{grams} g is more than the {limit} kg parcel limit: check the scale shows "
                "grams, or {how}."
            ).format(grams=grams, limit=f"{max_g / 1000:g}", how=_(_HOW_TO_TYPE))
        )


def parse_weight(text: str, *, max_g: int = MAX_PARCEL_G) -> int:
    """Read a typed weight as whole grams: "760", "760 g", "0.76 kg", "12 oz", "1.5 lb", "1.2斤".

    A bare number is grams. The result is rounded to the nearest gram and validated.

    Raises:
        ImpossibleWeight: the text is not a weight, or the weight is impossible.
    """
    found = _WEIGHT.fullmatch(text)
    unit = found["unit"].casefold() if found else ""
    if found is None or (unit and unit not in _UNITS):
        raise ImpossibleWeight(
            _("Cannot read {text} as a weight: {how}.").format(
                text=repr(text.strip()), how=_(_HOW_TO_TYPE)
            )
        )
    try:
        number = Decimal(found["number"])
    except InvalidOperation:  # pragma: no cover - the pattern only admits decimals
        raise ImpossibleWeight(
            _("Cannot read {text} as a weight: {how}.").format(
                text=repr(text.strip()), how=_(_HOW_TO_TYPE)
            )
        ) from None
    if number <= 0:
        raise ImpossibleWeight(
            _("{text} is not a parcel weight: it must be more than 0; {how}.").format(
                text=repr(text.strip()), how=_(_HOW_TO_TYPE)
            )
        )
    grams = int((number * _UNITS[unit or "g"]).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    validate_weight(grams, max_g=max_g)
    return grams


def _round(value: float) -> int:
    """Round half up to a whole number (grams), as a person would."""
    return int(Decimal(str(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP))
