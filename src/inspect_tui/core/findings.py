"""What the rules find in a parcel, each finding in one line a clerk can read.

:class:`ParcelFindings` weighs the parcel, counts its units against what the return covers, judges
the claim and the return window, reads each unit's grade and checklist, and notes what draws
attention (repeat returner, platform risk). Alongside the findings it keeps what the suggestion is
built from: the reasons that reject on their own, those that only reduce the refund, what must
still happen before the parcel can be decided, and the deduction. ``core.rules`` turns that into
the suggested outcome.

Explanations number units by their place in the parcel's scan order (``Unit 1`` is the first unit
scanned), as the screens do; :attr:`Finding.unit_id` keeps the unit's database id.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

from inspect_tui.core.matching import Contents, compare, requested_lines
from inspect_tui.core.parcel import ExpectedLine, ParcelState, ReceivedUnit, ShippedParcel
from inspect_tui.core.policy import ACCEPT_REASONS, REJECT_REASONS, Policy
from inspect_tui.core.seals import seal_findings
from inspect_tui.core.translation import N_, _
from inspect_tui.core.vocabulary import Grade, OutsideWindowMode
from inspect_tui.core.weighing import expected_weight, verdict

__all__ = ["SEVERITIES", "Finding", "ParcelFindings", "effective_grade"]

SEVERITIES = ("info", "warning", "problem")
_GRADE_ORDER = "ABCD"


@dataclass(frozen=True, slots=True)
class Finding:
    """A fact the rules derived, in one line a clerk can read."""

    code: str
    """Dotted kind, e.g. "weight.empty", "serial.mismatch", "context.repeat_returner"."""
    severity: str
    """"info", "warning" or "problem"."""
    explanation: str
    reason: str | None = None
    """The reason code this finding supports in the current situation."""
    line_no: int | None = None
    unit_id: int | None = None


class ParcelFindings:
    """Gathers the findings for one parcel, and what they mean for its outcome, when built."""

    def __init__(self, state: ParcelState, policy: Policy) -> None:
        self.state, self.policy = state, policy
        self.findings: list[Finding] = []
        self.blocking: list[str] = []
        """Reject reasons that decide a reject on their own."""
        self.deducting: list[str] = []
        """Reject-side reasons that only reduce the refund."""
        self.supporting: list[str] = []
        """Reject-side reasons that never reject alone but are listed beside one that does."""
        self.extra_evidence: list[tuple[str, str]] = []
        """(reason, evidence kind) required beyond the policy's, for this parcel's reasons."""
        self.question_pending = False
        """A returned product may be what the seller shipped: the clerk must compare it with the
        pre-shipment photo before anything is rejected."""
        self.seller_refuted = False
        """The clerk compared and answered: not what we shipped."""
        self.ours: set[int] = set()
        """Units not on the order that the clerk confirmed are what the seller shipped."""
        self.triggers: list[str] = []
        """What must happen before the parcel can be decided; any makes it an escalation."""
        self.deduction = 0
        self.deducted: list[str] = []
        """The explanations of the deductions taken from the refund, in the order found."""
        self.accept_reason = "NO_REASON_RETURN"
        self.attention = False
        self.grades: dict[int, str | None] = {}
        self.numbers = {unit.unit_id: n for n, unit in enumerate(state.units, start=1)}
        """Each unit's place in the scan order, the number the clerk sees on screen."""
        self.recorded = tuple(u for u in state.units if u.match != "duplicate")
        self.lines: tuple[ExpectedLine, ...] = ()
        """The shipment lines the return covers, with the quantities expected back."""
        self.contents: Contents | None = None
        self.base: int | None = None
        if state.shipment is None:
            text = _("This parcel matches no shipment on file: hold it for the supervisor.")
            self._add("parcel.unmatched", "problem", text, trigger=True)
            return
        claim = state.claim
        self.lines, unknown = requested_lines(state.shipment.lines, claim.lines if claim else ())
        self.contents = compare(self.lines, state.units)
        self.base = sum(line.qty * line.unit_price_minor for line in self.lines)
        if claim is not None and claim.refund_minor is not None:
            self.base = claim.refund_minor
        self._weigh(state.shipment, self.contents)
        self._count(self.contents, unknown)
        self._seals(state.shipment)
        self._judge(state.shipment, self.contents)
        self._context(state.shipment)

    def _add(
        self,
        code: str,
        severity: str,
        text: str,
        reason: str | None = None,
        *,
        block: bool = False,
        trigger: bool = False,
        support: bool = False,
        unit: ReceivedUnit | None = None,
        line_no: int | None = None,
    ) -> None:
        """Record a finding; ``block`` makes its reason reject the parcel on its own, ``support``
        lists it beside reasons that do."""
        if unit is not None:
            line_no = unit.line_no
        unit_id = unit.unit_id if unit is not None else None
        self.findings.append(Finding(code, severity, text, reason, line_no, unit_id))
        if reason is not None and block:
            self.blocking.append(reason)
        elif reason is not None and support:
            self.supporting.append(reason)
        elif reason in REJECT_REASONS:
            self.deducting.append(reason)
        if trigger:
            self.triggers.append(text)

    def _unit_name(self, unit: ReceivedUnit) -> str:
        """How explanations name a unit: by its place in the scan order."""
        return _("Unit {number}").format(number=self.numbers[unit.unit_id])

    def _weigh(self, shipment: ShippedParcel, contents: Contents) -> None:
        """The weight verdict, and whether it agrees with what was scanned."""
        state = self.state
        expected = expected_weight(shipment, self.policy, lines=self.lines)
        result = verdict(state.weight_g, expected, self.policy)
        text, kind = result.explanation, result.verdict
        all_here = bool(self.recorded) and not contents.missing_units and not contents.unexpected
        if kind == "unknown" and state.weight_g is None:
            self._add("weight.not_recorded", "warning", text)
        elif kind == "unknown":
            self._add("weight.no_reference", "info", text)
        elif kind == "empty":
            reason = None if self.recorded else "EMPTY_PARCEL"
            self._add("weight.empty", "problem", text, reason, block=True)
            if all_here:
                text = _(
                    "The parcel weighs far too little, yet every unit was scanned: weigh again."
                )
                self._add("weight.conflict", "warning", text, trigger=True)
        elif kind == "light":
            self._add("weight.light", "warning", text)
            if all_here and contents.missing_components:
                text = _("Light, and accessories are missing: they account for the difference.")
                self._add("weight.explained", "info", text)
            elif all_here:
                text = _("Light, though every unit is here: look for removed parts, weigh again.")
                self._add("weight.conflict", "warning", text, trigger=True)
        elif kind == "heavy":
            text = _("{verdict} Look for extra items or ballast.").format(verdict=text)
            self._add("weight.heavy", "info", text)
        else:
            self._add("weight.ok", "info", text)
            if contents.placed and contents.missing_units > len(contents.unexpected):
                text = _("The weight matches though units are missing: look for ballast.")
                self._add("weight.conflict", "warning", text)

    def _count(self, contents: Contents, unknown: Sequence[str]) -> None:
        """Missing, swapped, extra and duplicate units; serials; missing accessories."""
        total = sum(line.qty for line in self.lines)
        by_no = {line.line_no: line for line in self.lines}
        if not self.recorded and "EMPTY_PARCEL" not in self.blocking:
            if "open_box_photo" in self.state.evidence_kinds:
                text = _("The parcel was opened and holds none of the {total} unit(s) returned.")
                text = text.format(total=total)
                self._add("contents.missing", "problem", text, "MISSING_ITEMS", block=True)
            else:
                text = _("Nothing scanned yet: open the parcel on camera and scan each unit.")
                self._add("contents.nothing_scanned", "warning", text, trigger=True)
        swapped = min(len(contents.unexpected), contents.missing_units)
        claim = self.state.claim
        asked = (claim is not None and claim.reason_code == "SELLER_ERROR") or any(
            x.substituted for x in self.lines
        )
        for index, unit in enumerate(contents.unexpected):
            code = "condition.not_our_item" if unit.grade == Grade.X else "contents.unexpected"
            text = (
                _("{unit} ({code}) was graded X: not our item")
                if unit.grade == Grade.X
                else _("{unit} ({code}) is not on this order")
            ).format(unit=self._unit_name(unit), code=unit.code)
            if index < swapped and asked and unit.grade != Grade.X:
                self._seller_question(unit, code, text)
            elif index < swapped:
                text += _(", and came back instead of the item shipped.")
                self._add(code, "problem", text, "SWAPPED_ITEM", block=True, unit=unit)
            else:
                text = _("{unit}: set it aside.").format(unit=text)
                self._add("contents.extra", "warning", text, unit=unit)
        missing = contents.missing_units - swapped
        if self.recorded and missing > 0:
            where = _(", ").join(
                _("line {line} ×{count}").format(line=t.line_no, count=t.missing)
                for t in contents.per_line
                if t.missing
            )
            text = _("{missing} of {total} unit(s) the return covers are missing ({where}).")
            text = text.format(missing=missing, total=total, where=where)
            self._add("contents.missing", "problem", text, "MISSING_ITEMS", block=True)
        for unit in contents.serial_mismatches:
            shipped = ", ".join(by_no[unit.line_no].serials) if unit.line_no in by_no else "?"
            name = self._unit_name(unit)
            text = _("{unit}: serial {serial} was not shipped (shipped: {shipped}).").format(
                unit=name, serial=unit.serial, shipped=shipped
            )
            self._add("serial.mismatch", "problem", text, "SERIAL_MISMATCH", block=True, unit=unit)
        for unit in contents.serials_unchecked:
            text = _("{unit}: scan its serial to check it is the unit shipped.").format(
                unit=self._unit_name(unit)
            )
            self._add("serial.unchecked", "warning", text, trigger=True, unit=unit)
        for unit in contents.duplicates:
            text = _("{unit} ({code}) was scanned twice; it is counted once.").format(
                unit=self._unit_name(unit), code=unit.code
            )
            self._add("contents.duplicate", "info", text, unit=unit)
        for unit in contents.extras:
            text = _("{unit} ({code}) is more than the return covers.").format(
                unit=self._unit_name(unit), code=unit.code
            )
            self._add("contents.extra", "info", text, unit=unit)
        rate = self.policy.deductions
        for tally in contents.per_line:
            if tally.components_missing:
                line = by_no[tally.line_no]
                price = line.unit_price_minor
                each = _percent(price, rate.missing_accessory_pct) + rate.missing_accessory_minor
                cap = price * min(tally.received, tally.expected)
                self.deduction += min(cap, min(price, each) * len(tally.components_missing))
                parts = ", ".join(tally.components_missing)
                text = _("Line {line} · {title}: missing {parts}.").format(
                    line=line.line_no, title=line.title, parts=parts
                )
                self._add(
                    "contents.missing_parts", "problem", text, "MISSING_PARTS", line_no=line.line_no
                )
        for sku in unknown:
            text = _("The return request names SKU {sku}, which is not on the shipment.").format(
                sku=sku
            )
            self._add("claim.line_unknown", "warning", text, trigger=True)

    def _seller_question(self, unit: ReceivedUnit, code: str, text: str) -> None:
        """A returned product that is not on the order, when the buyer says the seller erred.

        Only the pre-shipment photo can tell a packing mistake from a swap, so the rules ask the
        clerk and never reject before the answer.
        """
        answer = self.state.shipped_this
        if answer is None:
            text += _(
                ": the buyer says the wrong item was sent. Compare it with the pre-shipment "
                "photo: is this what we shipped?"
            )
            self._add("claim.seller_error_question", "warning", text, trigger=True, unit=unit)
            self.question_pending = True
        elif answer:
            text += _(", but it is what we shipped (the pre-shipment photo shows it): our error.")
            self._add("claim.seller_error_shown", "info", text, "SELLER_ERROR", unit=unit)
            self.ours.add(unit.unit_id)
            if effective_grade(unit) is None:
                text = _("Grade {unit}: A to D.").format(unit=self._unit_name(unit))
                self._add("condition.ungraded", "warning", text, trigger=True, unit=unit)
        else:
            text += _(
                ", and came back instead of the item shipped: the pre-shipment photo shows a "
                "different item."
            )
            self._add(code, "problem", text, "SWAPPED_ITEM", block=True, unit=unit)
            self.extra_evidence.append(("SWAPPED_ITEM", "pre_shipment"))
            self.seller_refuted = True

    def _seals(self, shipment: ShippedParcel) -> None:
        """The seal check (see :func:`core.seals.seal_findings`): swap signals, never proof."""
        for code, severity, text, reason in seal_findings(shipment.seal_ids, self.state.seals):
            signal = reason is not None
            self._add(code, severity, text, reason, trigger=signal, support=signal)

    def _judge(self, shipment: ShippedParcel, contents: Contents) -> None:
        """The claim against what was found, and the return window; then each unit's condition."""
        state, window = self.state, self.policy.window
        claim = state.claim
        days = window.days_for(shipment.platform)
        since = (claim.requested_at if claim else state.received_at) - shipment.shipped_at
        outside = since > timedelta(days=days + window.grace_days)
        self.grades = {unit.unit_id: effective_grade(unit) for unit in contents.placed}
        worn = any(g in (Grade.C, Grade.D) for g in self.grades.values())
        damaged = "D" in self.grades.values()
        fallback = (not outside or window.outside_window == OutsideWindowMode.ALLOW) and not worn
        claimed = claim.reason_code if claim else None
        if claim is None:
            text = _("No return request on file: the refund figure is the whole order's value.")
            self._add("claim.none", "info", text)
        elif claimed is not None and claimed not in ACCEPT_REASONS:
            text = _("Claimed reason {claimed} is unknown: treated as a no-reason return.").format(
                claimed=repr(claimed)
            )
            self._add("claim.reason_unknown", "info", text)
        swaps = [x for x in self.lines if x.substituted]
        mode, no_reason = "strict", False
        if (swaps or claimed == "SELLER_ERROR") and not self.seller_refuted:
            mode, self.accept_reason = "seller", "SELLER_ERROR"
            said = _("; ").join(
                _("Line {line} shipped {sku}, not {ordered}").format(
                    line=x.line_no, sku=x.sku, ordered=x.ordered_sku
                )
                for x in swaps
            )
            text = (
                _("{swaps}.").format(swaps=said)
                if said
                else _("The buyer reports the wrong item was sent.")
            )
            self._add("claim.seller_error", "info", text, "SELLER_ERROR")
        elif claimed == "DEFECT_CONFIRMED" or state.test_result == "reproduced":
            if state.test_result == "reproduced":
                mode, self.accept_reason = "waived", "DEFECT_CONFIRMED"
                text = _("The claimed defect was reproduced on the bench.")
                self._add("claim.defect_confirmed", "info", text, "DEFECT_CONFIRMED")
            elif state.test_result is None:
                mode = "waived"
                text = _("The buyer claims a defect: test the unit and record whether it shows.")
                self._add("claim.test_pending", "warning", text, trigger=True)
            else:
                what = N_("defect could not be reproduced")
                no_reason = self._not_found("claim.defect_not_reproduced", what, fallback)
        elif claimed == "TRANSIT_DAMAGE":
            if damaged and state.outer_box_damaged:
                mode, self.accept_reason = "waived", "TRANSIT_DAMAGE"
                text = _("A damaged unit in a damaged outer box: damaged in transit, as claimed.")
                self._add("claim.transit_damage", "info", text, "TRANSIT_DAMAGE")
            elif damaged and state.outer_box_damaged is None:
                mode = "waived"
                text = _(
                    "The buyer claims transit damage: record whether the outer box is damaged."
                )
                self._add("claim.outer_box_unrecorded", "warning", text, trigger=True)
            elif damaged:
                text = _("The buyer claims transit damage, but the outer box arrived intact.")
                self._add("claim.transit_not_supported", "warning", text)
            else:
                what = N_("transit damage was not found")
                no_reason = self._not_found("claim.damage_not_found", what, fallback)
        else:
            no_reason = True
        if outside:
            text = _(
                "Return requested {since} days after shipping; the {platform} window is {days} "
                "days (+{grace} for delivery)."
            ).format(
                since=since.days, platform=shipment.platform, days=days, grace=window.grace_days
            )
            if no_reason and window.outside_window == OutsideWindowMode.REJECT_NO_REASON:
                self._add("context.outside_window", "problem", text, "OUTSIDE_WINDOW", block=True)
            elif no_reason and window.outside_window == OutsideWindowMode.ESCALATE:
                text += " " + _("A supervisor decides.")
                self._add("context.outside_window", "warning", text, trigger=True)
            else:
                text += " " + (
                    _("The policy allows it.")
                    if no_reason
                    else _("It does not apply to this claim.")
                )
                self._add("context.outside_window", "info", text)
        self._condition(contents, mode, no_reason)

    def _not_found(self, code: str, what: str, fallback: bool) -> bool:
        """A claimed problem that is not there; True when it becomes a no-reason return."""
        if fallback:
            text = _(
                "The claimed {what}; inside the window it counts as a no-reason return."
            ).format(what=_(what))
            self._add(code, "warning", text)
            return True
        text = _("The claimed {what}.").format(what=_(what))
        self._add(code, "problem", text, "DEFECT_NOT_FOUND", block=True)
        return False

    def _condition(self, contents: Contents, mode: str, no_reason: bool) -> None:
        """Grades and checklists of the units that fill the return.

        ``mode`` "strict" deducts for opened and used units and rejects damage; "seller" (a seller
        error) forgives opened and used units but not damage; "waived" (a confirmed defect or
        transit damage, or one awaiting its check) forgives all three.
        """
        rate = self.policy.deductions
        prices = {line.line_no: line.unit_price_minor for line in self.lines}
        for unit in contents.placed:
            grade, price = self.grades[unit.unit_id], prices[unit.line_no or 0]
            label = _("{unit} (line {line})").format(unit=self._unit_name(unit), line=unit.line_no)
            if grade is None:
                text = _("Grade {unit}: A to D, or X if it is not our item.").format(unit=label)
                self._add("condition.ungraded", "warning", text, trigger=True, unit=unit)
                continue
            if unit.grade != grade:
                text = _("{unit} was graded {grade}, but its checklist makes it {implied}.").format(
                    unit=label, grade=unit.grade, implied=grade
                )
                self._add("condition.checklist", "info", text, unit=unit)
            if grade == Grade.B and mode == "strict" and rate.opened_pct > 0:
                self.deduction += _percent(price, rate.opened_pct)
                text = _("{unit} was opened: {pct} % deducted.").format(
                    unit=label, pct=f"{rate.opened_pct:g}"
                )
                self.deducted.append(text)
                self._add("condition.opened", "info", text, unit=unit)
            elif grade == Grade.B:
                text = _("{unit} was opened; like new.").format(unit=label)
                self._add("condition.opened", "info", text, unit=unit)
            elif grade == Grade.C and mode == "strict":
                block = rate.used_pct >= 100
                if not block:
                    self.deduction += _percent(price, rate.used_pct)
                how = (
                    _("cannot be resold as new")
                    if block
                    else _("{pct} % deducted").format(pct=f"{rate.used_pct:g}")
                )
                text = _("{unit} shows signs of use: {how}.").format(unit=label, how=how)
                if not block:
                    self.deducted.append(text)
                self._add("condition.used", "problem", text, "USED_OR_WORN", block=block, unit=unit)
            elif grade == Grade.C:
                text = _("{unit} shows signs of use; no deduction, the fault is not the buyer's.")
                text = text.format(unit=label)
                self._add("condition.used", "info", text, unit=unit)
            elif grade == Grade.D and mode == "waived":
                self._add(
                    "condition.damaged",
                    "info",
                    _("{unit} is damaged or defective.").format(unit=label),
                    unit=unit,
                )
            elif grade == Grade.D and no_reason and self.state.outer_box_damaged:
                text = _("{unit} is damaged and so is the outer box: transit or buyer?").format(
                    unit=label
                )
                self._add("condition.damaged", "warning", text, trigger=True, unit=unit)
            elif grade == Grade.D:
                text = _("{unit} is damaged; it was shipped intact.").format(unit=label)
                self._add(
                    "condition.damaged", "problem", text, "BUYER_DAMAGE", block=True, unit=unit
                )

    def _context(self, shipment: ShippedParcel) -> None:
        """Attention findings: repeat returner and platform risk. They never decide the outcome."""
        history, rule, claim = self.state.history, self.policy.repeat_returner, self.state.claim
        if history.returns >= rule.returns or history.rejects >= rule.rejects:
            text = _(
                "Buyer has {returns} earlier returns and {rejects} rejects in {days} days "
                "(attention from {rule_returns} returns or {rule_rejects} rejects in "
                "{rule_days} days)."
            ).format(
                returns=history.returns,
                rejects=history.rejects,
                days=history.window_days,
                rule_returns=rule.returns,
                rule_rejects=rule.rejects,
                rule_days=rule.days,
            )
            if claim is not None and claim.freight_insurance:
                text += " " + _("Freight insurance claimed again.")
            self._add("context.repeat_returner", "warning", text)
            self.attention = True
        level = shipment.risk_level.strip().casefold() or "none"
        if self.policy.risk.needs_attention(level):
            text = _("The platform flagged this order: {level} risk.").format(level=_(level))
            self._add("context.platform_risk", "warning", text)
            self.attention = True


def effective_grade(unit: ReceivedUnit) -> str | None:
    """The grade after the checklist: a unit is never better than its checklist answers say."""
    if unit.grade is None or unit.grade not in _GRADE_ORDER:
        return unit.grade
    implied = "A"
    if unit.answer("seal_intact") is False or unit.answer("tags_on") is False:
        implied = "B"
    if unit.answer("signs_of_use"):
        implied = "C"
    if unit.answer("damage"):
        implied = "D"
    return max(unit.grade, implied, key=_GRADE_ORDER.index)


def _percent(price: int, pct: float) -> int:
    exact = Decimal(price) * Decimal(str(pct)) / 100
    return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))
