"""A weight reading as every scale driver reports it, and the unit arithmetic behind it.

A reading carries integer grams, whether the scale has settled, what the scale says about
itself (stable, in motion, at zero, under zero, over its capacity, in error) and where it
came from (``mt-sics:/dev/ttyUSB0``, ``manual``). A reading without a weight (over capacity,
an error, a busy scale) has ``grams=None``: a driver never makes a number up.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from typing import Literal

ScaleStatus = Literal["stable", "motion", "zero", "under", "over", "error"]
"""What the scale says about the weight it shows."""

GRAMS_PER_UNIT: dict[str, Decimal] = {
    "mg": Decimal("0.001"),
    "g": Decimal(1),
    "kg": Decimal(1000),
    "t": Decimal(1_000_000),
    "ct": Decimal("0.2"),
    "gr": Decimal("0.06479891"),
    "dwt": Decimal("1.55517384"),
    "ozt": Decimal("31.1034768"),
    "oz": Decimal("28.349523125"),
    "lb": Decimal("453.59237"),
    "ton": Decimal("907184.74"),
}
"""Grams in one of each unit a scale may report (avoirdupois ounce and pound)."""

MAX_GRAMS = 100_000_000
"""Nothing on a parcel bench weighs more than 100 t: a larger number is a misread frame."""


@dataclass(frozen=True, slots=True)
class Reading:
    """One weight reading.

    Attributes:
        grams: The weight in grams; None when the scale shows no weight (over capacity, an
            error, busy).
        stable: False while the scale is still settling.
        source: Which driver and port produced it, recorded with the weight (``manual``,
            ``mt-sics:/dev/ttyUSB0``).
        status: What the scale says: stable, motion, zero, under, over or error.
        net: True when the scale reports a net weight (a tare is set).
    """

    grams: int | None
    stable: bool
    source: str
    status: ScaleStatus = "stable"
    net: bool = False


def to_grams(value: Decimal, unit: str) -> int | None:
    """``value`` in ``unit`` as whole grams, or None for an unknown unit or an absurd value."""
    per_unit = GRAMS_PER_UNIT.get(unit.strip().lower())
    if per_unit is None or not value.is_finite():
        return None
    try:
        grams = int((value * per_unit).quantize(Decimal(1), rounding=ROUND_HALF_EVEN))
    except InvalidOperation:
        return None
    return grams if abs(grams) <= MAX_GRAMS else None


def decimal_or_none(text: str) -> Decimal | None:
    """The number in ``text`` (``0.760``, ``-12``), or None if it is not one."""
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def weighed(
    grams: int, stable: bool, source: str, *, net: bool = False, under: bool = False
) -> Reading:
    """A reading of a weight the scale showed, its status derived the same way for all drivers.

    Below zero is ``under``; exactly zero while settled is ``zero``; otherwise ``stable`` or
    ``motion``.
    """
    status: ScaleStatus
    if under or grams < 0:
        status = "under"
    elif not stable:
        status = "motion"
    elif grams == 0:
        status = "zero"
    else:
        status = "stable"
    return Reading(grams=grams, stable=stable, source=source, status=status, net=net)


def no_weight(status: ScaleStatus, source: str) -> Reading:
    """A reading that says what the scale is doing but carries no weight."""
    return Reading(grams=None, stable=False, source=source, status=status)
