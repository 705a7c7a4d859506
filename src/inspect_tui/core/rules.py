"""Findings and the suggested outcome: what the desk proposes after every step.

``assess`` turns a ParcelState into findings a clerk can read (gathered by
:mod:`inspect_tui.core.findings`) and one suggestion: outcome, reason codes, refund, the evidence
still missing for those reasons, and whether a supervisor must review.

How the suggestion is chosen, strongest first:

1. No shipment on file -> escalate, no reason, held in quarantine.
2. A returned product that is not on the order, where the buyer claims the wrong item was sent (or
   the shipment records that another SKU was shipped), and the clerk has not yet compared it with
   the pre-shipment photo -> escalate with that question, never reject: only the photo can tell a
   packing mistake from a swap. "This is what we shipped" makes it the seller's error (accepted,
   the unit counts as the one shipped); "not what we shipped" makes it SWAPPED_ITEM, with the
   pre-shipment photo among the evidence required.
3. Any reject reason that stands on its own (empty parcel, missing or swapped units, wrong serial,
   used item on a no-reason return when the policy's used deduction is 100 %, buyer damage,
   claimed problem not found, no-reason return outside the window) -> reject, listing every
   reject-side reason found, the seal findings included.
4. Anything still open or contradictory (nothing scanned and the box not photographed open, serial
   not checked, unit not graded, defect not tested, weight light though everything is there and no
   accessory is missing to explain it, a damaged unit in a damaged box, a seal missing, broken or
   not the shipment's) -> escalate, saying what to do next.
5. Deductions (missing accessories, opened or used condition on a no-reason return) -> partial.
6. Otherwise accept, with the accept-side reason.

Seal findings (SEAL_MISMATCH, SEAL_MISSING) are swap signals, not proof: a seal can be lost in
transit or removed by a curious buyer, and a wrong seal id may be a packing slip-up. So they never
reject on their own (step 4: a supervisor decides), and beside a reason that does reject they are
listed with it, their ``seal_photo`` required like any reason's evidence.

Refused at receipt (outcome ``refused``) is always the clerk's own decision: its reasons' evidence
and the policy's ``[refused] evidence`` are required, and every unit goes back with the courier.

Attention findings (repeat returner, platform risk) never change the outcome by themselves. Damage
is the evidence of a transit-damage claim, so for that claim a damaged unit can be accepted where
an undamaged one is not; for every other claim a worse grade never helps the buyer.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from inspect_tui.core.findings import SEVERITIES, Finding, ParcelFindings, effective_grade
from inspect_tui.core.money import amount_with_code
from inspect_tui.core.parcel import ParcelState
from inspect_tui.core.policy import (
    ACCEPT_REASONS,
    OUTCOMES,
    REASON_CODES,
    REJECT_REASONS,
    Policy,
)
from inspect_tui.core.translation import _
from inspect_tui.core.vocabulary import Outcome

__all__ = [
    "ACCEPT_REASONS",
    "HOLD",
    "OUTCOMES",
    "REASON_CODES",
    "REJECT_REASONS",
    "SEVERITIES",
    "Assessment",
    "Finding",
    "Override",
    "Suggestion",
    "assess",
    "needs_review",
    "outcome_rank",
]

HOLD = "quarantine"
"""Disposition of everything in a rejected, refused or escalated parcel: kept as evidence."""
COURIER = "return_to_courier"
"""Disposition of a parcel refused at receipt: it goes back with the courier, unopened further."""
_RANK = {"accept": 3, "partial": 2, "escalate": 1, "reject": 0, "refused": 0}


@dataclass(frozen=True, slots=True)
class Suggestion:
    """An outcome with its reasons, refund and what still has to be done."""

    outcome: str
    reasons: tuple[str, ...]
    refund_minor: int | None
    """Refund to grant: None while escalated or unknown, 0 on reject."""
    deduction_minor: int
    missing_evidence: tuple[tuple[str, str], ...]
    """(reason code, evidence kind) pairs the reasons require and the inspection lacks."""
    needs_review: bool
    explanations: tuple[str, ...]
    disposition: str | None = None
    """Where the whole parcel goes when every unit goes to the same place (or it is held)."""
    unit_dispositions: tuple[tuple[int, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Override:
    """The clerk's own decision, when it differs from the suggestion."""

    outcome: str
    reasons: tuple[str, ...] = ()
    deduction_minor: int | None = None
    """For a partial: the deduction to apply; None = the computed one."""


@dataclass(frozen=True, slots=True)
class Assessment:
    """Findings, the suggestion, and the clerk's decision when one was given as an override."""

    findings: tuple[Finding, ...]
    suggestion: Suggestion
    decision: Suggestion | None = None


def outcome_rank(outcome: str) -> int:
    """How favourable an outcome is to the buyer: accept > partial > escalate > reject/refused."""
    return _RANK[outcome]


def needs_review(outcome: str, suggested_outcome: str, policy: Policy) -> bool:
    """Whether a decided outcome waits for a supervisor (by outcome, or as an override)."""
    if policy.review.overrides and outcome != suggested_outcome:
        return True
    return outcome in policy.review.outcomes


def assess(state: ParcelState, policy: Policy, *, override: Override | None = None) -> Assessment:
    """Derive the findings and the suggested outcome for a parcel as it stands.

    Args:
        state: Everything recorded about the parcel so far.
        policy: The seller's return policy.
        override: The clerk's own decision; returned as ``Assessment.decision`` with its refund,
            missing evidence and review flag worked out.

    Raises:
        ValueError: the override names an unknown outcome or reason code.
    """
    if override is not None:
        if override.outcome not in OUTCOMES:
            raise ValueError(
                f"unknown outcome {override.outcome!r} (allowed: {', '.join(OUTCOMES)})"
            )
        for reason in override.reasons:
            if reason not in REASON_CODES:
                raise ValueError(f"unknown reason code {reason!r}")
    found = ParcelFindings(state, policy)
    suggestion = _suggest(found)
    decision = None if override is None else _decide(found, override, suggestion)
    return Assessment(tuple(found.findings), suggestion, decision)


def _suggest(found: ParcelFindings) -> Suggestion:
    """The outcome the findings support: reject, escalate, partial or accept."""
    if found.blocking and not found.question_pending:
        reasons = _ordered(found.blocking + found.deducting + found.supporting)
        texts = tuple(
            f.explanation for f in found.findings if f.severity == "problem" and f.reason in reasons
        )
        return _make(found, "reject", reasons, 0, 0, texts, "reject")
    if found.triggers:
        return _make(found, "escalate", (), None, 0, tuple(found.triggers), "escalate")
    base = found.base or 0
    deduction = min(found.deduction, base)
    accept = (found.accept_reason,)
    if deduction > 0:
        currency = found.state.shipment.currency if found.state.shipment else ""
        refund = base - deduction
        texts = (
            _("Refund {refund} of {base}: {deduction} deducted.").format(
                refund=amount_with_code(refund, currency),
                base=amount_with_code(base, currency),
                deduction=amount_with_code(deduction, currency),
            ),
            *found.deducted,
            *(f.explanation for f in found.findings if f.code == "contents.missing_parts"),
        )
        reasons = accept + _ordered(found.deducting)
        return _make(found, "partial", reasons, refund, deduction, texts, "partial")
    texts = (found.policy.reason(found.accept_reason).description + ".",)
    return _make(found, "accept", accept, base, 0, texts, "accept")


def _decide(found: ParcelFindings, override: Override, suggestion: Suggestion) -> Suggestion:
    """The clerk's decision with its refund, missing evidence and review flag."""
    outcome = override.outcome
    same = outcome == suggestion.outcome
    reasons = override.reasons or (suggestion.reasons if same else ())
    refund: int | None = None if outcome == Outcome.ESCALATE else 0
    deduction = 0
    if outcome in (Outcome.ACCEPT, Outcome.PARTIAL):
        wanted = found.deduction if override.deduction_minor is None else override.deduction_minor
        if found.base is not None and outcome == Outcome.PARTIAL:
            deduction = max(0, min(wanted, found.base))
        refund = None if found.base is None else found.base - deduction
    texts = suggestion.explanations if same else ()
    return _make(found, outcome, reasons, refund, deduction, texts, suggestion.outcome)


def _make(
    found: ParcelFindings,
    outcome: str,
    reasons: tuple[str, ...],
    refund: int | None,
    deduction: int,
    explanations: tuple[str, ...],
    suggested: str,
) -> Suggestion:
    """A Suggestion with missing evidence, review flag and dispositions filled in."""
    state, policy = found.state, found.policy
    wanted = [(reason, kind) for reason in reasons for kind in policy.reason(reason).evidence]
    wanted += [(reason, kind) for reason, kind in found.extra_evidence if reason in reasons]
    if outcome == Outcome.REFUSED:
        named = {kind for _, kind in wanted}
        wanted += [("refused", kind) for kind in policy.refused_evidence if kind not in named]
    missing = tuple(dict.fromkeys(pair for pair in wanted if pair[1] not in state.evidence_kinds))
    review = needs_review(outcome, suggested, policy) or (
        policy.review.attention and found.attention
    )
    held = outcome in (Outcome.REJECT, Outcome.REFUSED, Outcome.ESCALATE) or found.contents is None
    not_ours = {u.unit_id for u in found.contents.unexpected} if found.contents else set()
    not_ours -= found.ours
    places = []
    for unit in found.recorded:
        grade = found.grades.get(unit.unit_id) or effective_grade(unit)
        if outcome == Outcome.REFUSED:
            places.append((unit.unit_id, COURIER))
        elif held or grade is None or unit.unit_id in not_ours:
            places.append((unit.unit_id, HOLD))
        else:
            places.append((unit.unit_id, policy.grade(grade).disposition))
    kinds = {place for _, place in places}
    disposition = HOLD if held else (kinds.pop() if len(kinds) == 1 else None)
    if outcome == Outcome.REFUSED:
        disposition = COURIER
    return Suggestion(
        outcome,
        reasons,
        refund,
        deduction,
        missing,
        review,
        explanations,
        disposition,
        tuple(places),
    )


def _ordered(reasons: Sequence[str]) -> tuple[str, ...]:
    return tuple(code for code in REASON_CODES if code in reasons)
