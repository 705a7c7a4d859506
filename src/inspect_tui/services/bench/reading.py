"""What a scan means for the parcel on the bench, given the step it is at.

The same string can be a weight, a unit, the next parcel or a command depending on where the
clerk is: a plain number typed at the weigh step is grams, the same number at the contents step
is a serial. At the weigh step anything that does not read as a weight is a unit (the clerk may
skip weighing and start scanning). A word the prompts offer (``ACCEPT``, ``DONE``, …) typed and
entered means the same as its command barcode. Deciding that is pure logic over the view.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from inspect_tui.core.codes import Decoded, decode, normalise_identifier
from inspect_tui.core.command_codes import BENCH_COMMANDS, COMMANDS, command_name
from inspect_tui.core.policy import Policy
from inspect_tui.core.vocabulary import InspectionStatus, Step
from inspect_tui.services.shared.errors import InvalidInput
from inspect_tui.services.shared.views import InspectionView

Action = Literal["command", "weight", "unit", "parcel", "select_unit", "badge", "refuse"]

_WEIGHT_LIKE = re.compile(r"\s*[+-]?(\d{1,6}([.,]\d*)?|[.,]\d+)\s*[^\d\s.,+-]{0,8}\s*")
"""A number of at most six digits with an optional unit: how people type a weight."""

_PRODUCT_KINDS = frozenset({"gtin", "gs1"})
_PARCEL_KINDS = frozenset({"tracking", "reference", "sscc"})


@dataclass(frozen=True, slots=True)
class ScanMeaning:
    """What to do with one scan.

    Attributes:
        action: What the scan asks for.
        code: The scan as received.
        command: For ``command``: the command name (``ACCEPT``).
        grams: For ``weight``: the weight.
        unit_id: For ``select_unit``: the unit scanned again to grade it.
        badge: For ``badge``: the operator named on it.
        message: For ``refuse``: what the clerk reads.
    """

    action: Action
    code: str
    command: str | None = None
    grams: int | None = None
    unit_id: int | None = None
    badge: str | None = None
    message: str | None = None


def read_scan(code: str, view: InspectionView, policy: Policy) -> ScanMeaning:
    """Say what ``code`` means for the parcel in ``view`` at its current step.

    Args:
        code: The scan (or typed text), trimmed.
        view: The inspection as it stands.
        policy: Supplies reference patterns and the parcel weight limit.

    Returns:
        The meaning; ``refuse`` carries the message to show.
    """
    word = command_name(code)
    if view.status == InspectionStatus.OPEN and (word in COMMANDS or word in BENCH_COMMANDS):
        return ScanMeaning("command", code, command=word)
    decoded = decode(code, reference_patterns=policy.reference_patterns)
    if decoded.kind == "command":
        if decoded.valid and decoded.command:
            return ScanMeaning("command", code, command=decoded.command)
        return ScanMeaning("refuse", code, message=decoded.error or "Unknown command barcode.")
    if decoded.kind == "badge":
        return ScanMeaning("badge", code, badge=decoded.badge)
    if view.status != InspectionStatus.OPEN or view.step == Step.DONE:
        return ScanMeaning("parcel", code)
    if _is_own_label(code, view):
        return ScanMeaning(
            "refuse",
            code,
            message=f"That is the label of the parcel on the bench ({view.code}): scan the "
            "units inside it.",
        )
    product = decoded.kind in _PRODUCT_KINDS and decoded.valid
    if view.step in (Step.CARD, Step.WEIGH) and not product and _WEIGHT_LIKE.fullmatch(code):
        return _weight(code, policy)
    if view.is_unmatched:
        return ScanMeaning(
            "refuse",
            code,
            message="This parcel matches no shipment, so its units are not scanned: describe "
            "what is inside in the note (F8), weigh it and scan DONE to quarantine it.",
        )
    if decoded.kind in _PARCEL_KINDS and not product:
        return ScanMeaning(
            "refuse",
            code,
            message=f"{code!r} is a parcel or order code, not a unit. Finish {view.code} first "
            "(scan DONE) or leave it open (F10) to scan another parcel.",
        )
    if view.step == Step.CONDITION:
        unit_id = _unit_scanned_before(code, decoded, view)
        if unit_id is not None:
            return ScanMeaning("select_unit", code, unit_id=unit_id)
    return ScanMeaning("unit", code)


def _weight(code: str, policy: Policy) -> ScanMeaning:
    # Loaded with the first weight: the workstation brings the store, which the scan screen
    # is drawn without.
    from inspect_tui.services.inspecting.workstation import parse_weight_text

    try:
        grams = parse_weight_text(code, policy)
    except InvalidInput as error:
        return ScanMeaning("refuse", code, message=str(error))
    return ScanMeaning("weight", code, grams=grams)


def _is_own_label(code: str, view: InspectionView) -> bool:
    """Whether the scan is one of the identifiers of the parcel on the bench."""
    wanted = normalise_identifier(code)
    own = [view.scanned_code]
    if view.return_request is not None:
        own += [view.return_request.rma_ref, view.return_request.tracking_return or ""]
    if view.shipment is not None:
        own += [
            view.shipment.order_ref,
            view.shipment.tracking_out or "",
            view.shipment.package_ref or "",
        ]
    return any(wanted == normalise_identifier(item) for item in own if item)


def _unit_scanned_before(code: str, decoded: Decoded, view: InspectionView) -> int | None:
    """The unit recorded with this code or serial, when the clerk scans it again to grade it."""
    wanted = normalise_identifier(code)
    serial = normalise_identifier(decoded.serial) if decoded.serial else None
    for unit in view.units:
        if normalise_identifier(unit.scanned_code) == wanted:
            return unit.unit_id
        if unit.serial and normalise_identifier(unit.serial) in (wanted, serial):
            return unit.unit_id
    return None
