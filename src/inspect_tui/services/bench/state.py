"""What the bench publishes after every scan or command: everything a screen needs to draw.

A :class:`BenchState` is immutable and complete: the parcel on the bench (or none, between
parcels), what the clerk has picked on it, what the bench waits for the clerk to confirm, and
what the last input came to, in the clerk's words.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Literal

from inspect_tui.devices.photos import InboxPhoto
from inspect_tui.services.shared.views import DaySummary, InspectionView, UnitView

Severity = Literal["information", "success", "warning", "error"]
OfferKind = Literal["unmatched", "take_over", "foreign", "serial_product"]
DialogKind = Literal["override"]


@dataclass(frozen=True, slots=True)
class Notice:
    """One line for the clerk: what an input came to.

    Attributes:
        text: What happened and what to do next.
        severity: ``information``, ``success``, ``warning`` or ``error``.
    """

    text: str
    severity: Severity = "information"


@dataclass(frozen=True, slots=True)
class Offer:
    """Something the bench offers after a scan and waits for the clerk to choose.

    Attributes:
        kind: ``unmatched`` (open an unknown code as an unmatched parcel), ``take_over`` (a
            parcel open at another bench), ``foreign`` (record a code nobody knows as a foreign
            item), ``serial_product`` (which product a bare serial belongs to).
        code: The scan the offer is about.
        choices: For ``serial_product``: (line number, what the clerk reads) pairs.
    """

    kind: OfferKind
    code: str
    choices: tuple[tuple[int, str], ...] = ()


@dataclass(frozen=True, slots=True)
class DialogRequest:
    """A dialog the screen should open (asked for by a command barcode such as REJECT).

    Attributes:
        kind: ``override``: choose an outcome (or refused at receipt), reasons, and why.
        outcome: For ``override``: the outcome chosen beforehand (``reject``), if any.
        serial: Increases with every request, so a screen opens each request once.
    """

    kind: DialogKind
    outcome: str | None = None
    serial: int = 0


_NO_ANSWERS: Mapping[int, Mapping[str, bool]] = MappingProxyType({})


@dataclass(frozen=True, slots=True)
class BenchState:
    """The bench after the last input, as the screens draw it.

    Attributes:
        operator: Who is signed in (None before anyone is).
        station: The station's name.
        view: The parcel on the bench; None between parcels (the scan screen).
        selected_unit: The unit the clerk works on (the last scanned, or picked).
        component_cursor: The accessory highlighted on the contents step.
        photos: The station's photo inbox, newest first (None until read).
        photo_index: The photo chosen on the evidence step.
        kind: The evidence kind the next photo is attached as.
        pending_checklist: Checklist answers given for units not yet graded.
        test_result: The function test result recorded on this parcel.
        outer_box_damaged: The outer box as recorded on this parcel.
        summary: Today's count and the last parcels at this station (scan screen).
        offer: What the bench waits for the clerk to choose, if anything.
        dialog: A dialog the screen should open, if any.
        notices: What the last input came to, oldest first.
        revision: Counts the inputs applied; a screen can tell a new state from an old one.
    """

    operator: str | None = None
    station: str | None = None
    view: InspectionView | None = None
    selected_unit: int | None = None
    component_cursor: int = 0
    photos: tuple[InboxPhoto, ...] | None = None
    photo_index: int = 0
    kind: str = ""
    pending_checklist: Mapping[int, Mapping[str, bool]] = field(default_factory=lambda: _NO_ANSWERS)
    test_result: str | None = None
    outer_box_damaged: bool | None = None
    summary: DaySummary | None = None
    offer: Offer | None = None
    dialog: DialogRequest | None = None
    notices: tuple[Notice, ...] = ()
    revision: int = 0

    @property
    def parcel_open(self) -> bool:
        """True while a parcel is on the bench (open, or completed and still shown)."""
        return self.view is not None

    @property
    def last_notice(self) -> Notice | None:
        """The newest line for the clerk, if the last input produced one."""
        return self.notices[-1] if self.notices else None

    def selected(self) -> UnitView | None:
        """The unit the clerk is working on."""
        if self.view is None:
            return None
        return next((u for u in self.view.units if u.unit_id == self.selected_unit), None)
