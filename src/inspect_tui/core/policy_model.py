"""The shape of the seller's return rules: weights, windows, grades, reasons, deductions, review.

A policy is configuration, not code: the defaults live in ``default_policy.toml`` beside this
module and a seller's TOML file overrides them key by key (:mod:`inspect_tui.core.policy`).
This module holds only the dataclasses and their vocabulary.
"""

from __future__ import annotations

from dataclasses import dataclass

from inspect_tui.core import vocabulary as words

GRADES: tuple[str, ...] = tuple(words.Grade)
"""A new/sealed, B opened like new, C used working, D damaged/defective, X not our item."""
DISPOSITIONS: tuple[str, ...] = tuple(words.Disposition)
"""Where a unit goes after inspection."""
REJECT_REASONS: tuple[str, ...] = tuple(words.ReasonCode)[
    : list(words.ReasonCode).index(words.ReasonCode.OUTSIDE_WINDOW) + 1
]
"""Reason codes that refuse or reduce a refund. SEAL_MISMATCH and SEAL_MISSING only ever join a
reject another finding decides (see ``core.rules``)."""
SEAL_REASONS = (words.ReasonCode.SEAL_MISMATCH, words.ReasonCode.SEAL_MISSING)
"""Reasons from the seal check: swap signals that corroborate, never reject alone."""
ACCEPT_REASONS: tuple[str, ...] = tuple(words.ReasonCode)[len(REJECT_REASONS) :]
"""Reason codes that grant a refund."""
REASON_CODES: tuple[str, ...] = tuple(words.ReasonCode)
"""Every reason code, reject side first, in the order the desk reads them."""
OUTCOMES: tuple[str, ...] = tuple(words.Outcome)
"""Outcomes of an inspection; ``refused`` means refused at receipt, in front of the courier."""
RISK_LEVELS = ("none", "low", "medium", "high")
"""Platform risk levels, least to most risky (Shopify's Risk Level is Low/Medium/High)."""
OUTSIDE_WINDOW_MODES: tuple[str, ...] = tuple(words.OutsideWindowMode)
"""What a no-reason return requested outside its window gets; see default_policy.toml."""
RULE_CHECKS = ("seal_intact", "tags_on", "signs_of_use", "damage", "accessories_complete")
"""Checklist items the rules read; a policy may add more but not remove these."""
REQUIRED_EVIDENCE_KINDS = ("pre_shipment", "video", "other")
"""Evidence kinds other parts of the tool rely on (shipment import, bench camera)."""


class PolicyError(ValueError):
    """A policy file that cannot be used; the message names the key and what is allowed."""


@dataclass(frozen=True, slots=True)
class WeightPolicy:
    """How a measured parcel weight is judged against the expected weight."""

    tolerance_g: int
    """Absolute tolerance; the larger of this and ``tolerance_pct`` applies."""
    tolerance_pct: float
    """Tolerance as a percentage of the expected weight."""
    empty_ratio: float
    """At or below this share of the expected weight the parcel counts as empty."""
    packaging_g: int
    """Packaging added to catalog weights when the shipment was not weighed."""
    packaging_pct: float
    """Packaging as a percentage of the catalog weight, added to ``packaging_g``."""
    max_parcel_g: int
    """Readings above this are impossible (the carrier's parcel limit)."""


@dataclass(frozen=True, slots=True)
class WindowPolicy:
    """Return windows per platform, counted from ``shipped_at`` plus ``grace_days``."""

    days: tuple[tuple[str, int], ...]
    """(platform, days) pairs; platforms in lower case."""
    default_days: int
    """Window of platforms not listed in ``days``."""
    grace_days: int
    """Allowance for delivery time, since shipments record when they left, not arrived."""
    outside_window: str
    """One of OUTSIDE_WINDOW_MODES."""

    def days_for(self, platform: str) -> int:
        """The window in days for a platform name (case-insensitive)."""
        wanted = platform.strip().casefold()
        return next((d for name, d in self.days if name == wanted), self.default_days)


@dataclass(frozen=True, slots=True)
class GradeRule:
    """A condition grade and the disposition it implies for an accepted unit."""

    code: str
    description: str
    disposition: str


@dataclass(frozen=True, slots=True)
class ReasonRule:
    """A reason code, the side it is on and the evidence kinds it requires."""

    code: str
    side: str
    """"reject" or "accept"."""
    description: str
    evidence: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Deductions:
    """Partial-refund deductions, as percentages of the unit's price."""

    missing_accessory_pct: float
    missing_accessory_minor: int
    """Fixed amount per missing accessory, added to the percentage."""
    opened_pct: float
    """GradeRule B on a no-reason return."""
    used_pct: float
    """GradeRule C on a no-reason return; 100 means reject with USED_OR_WORN."""


@dataclass(frozen=True, slots=True)
class RepeatReturner:
    """When a buyer's history draws attention: ``returns`` or ``rejects`` within ``days``."""

    returns: int
    rejects: int
    days: int


@dataclass(frozen=True, slots=True)
class RiskPolicy:
    """Which platform risk levels draw attention."""

    attention_from: str

    def needs_attention(self, level: str) -> bool:
        """Whether a platform risk level (any case; unknown = none) draws attention."""
        return risk_rank(level) >= risk_rank(self.attention_from)


@dataclass(frozen=True, slots=True)
class ReviewPolicy:
    """Which decisions wait for a supervisor."""

    outcomes: tuple[str, ...]
    overrides: bool
    """Whether a decision that differs from the suggestion is reviewed."""
    attention: bool
    """Whether repeat-returner and platform-risk findings send a parcel to review."""


@dataclass(frozen=True, slots=True)
class SupervisorPolicy:
    """Supervisor PIN lockout and how long an unattended supervisor desk stays open."""

    max_wrong_pins: int
    lock_minutes: int
    idle_minutes: int
    """Minutes without a key press after which the supervisor desk closes itself."""


@dataclass(frozen=True, slots=True)
class ChecklistItem:
    """One per-unit check and the question shown to the clerk."""

    name: str
    question: str


@dataclass(frozen=True, slots=True)
class Policy:
    """The seller's complete return policy."""

    weight: WeightPolicy
    window: WindowPolicy
    grades: tuple[GradeRule, ...]
    reasons: tuple[ReasonRule, ...]
    evidence_kinds: tuple[str, ...]
    deductions: Deductions
    repeat_returner: RepeatReturner
    risk: RiskPolicy
    review: ReviewPolicy
    reference_patterns: tuple[str, ...]
    """Regular expressions for RMA/order references, handed to the scan decoder."""
    supervisor: SupervisorPolicy
    checklist: tuple[ChecklistItem, ...]
    seal_patterns: tuple[str, ...] = ()
    """Regular expressions that recognise a scanned seal tag or security label (full match)."""
    refused_evidence: tuple[str, ...] = ()
    """Evidence kinds a parcel refused at receipt needs before it goes back with the courier."""

    def grade(self, code: str) -> GradeRule:
        """The grade with this code; KeyError for an unknown code."""
        for grade in self.grades:
            if grade.code == code:
                return grade
        raise KeyError(code)

    def reason(self, code: str) -> ReasonRule:
        """The reason code with this code; KeyError for an unknown code."""
        for reason in self.reasons:
            if reason.code == code:
                return reason
        raise KeyError(code)


def risk_rank(level: str) -> int:
    """Position of a risk level in RISK_LEVELS; blank or unknown levels count as "none"."""
    wanted = level.strip().casefold()
    return RISK_LEVELS.index(wanted) if wanted in RISK_LEVELS else 0
