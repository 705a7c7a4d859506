"""The seller's return rules: load, read and write a policy; its shape re-exported for callers.

The shape (dataclasses and vocabulary) is :mod:`inspect_tui.core.policy_model`; reading, checking
and writing TOML is :mod:`inspect_tui.core.policy_toml`. A seller's TOML file overrides the
built-in ``default_policy.toml`` key by key, and everything is validated on load so a typo is
reported with the key and what is allowed, before a clerk ever sees a wrong suggestion.
"""

from __future__ import annotations

from pathlib import Path

from inspect_tui.core.policy_model import (
    ACCEPT_REASONS,
    DISPOSITIONS,
    GRADES,
    OUTCOMES,
    OUTSIDE_WINDOW_MODES,
    REASON_CODES,
    REJECT_REASONS,
    REQUIRED_EVIDENCE_KINDS,
    RISK_LEVELS,
    RULE_CHECKS,
    SEAL_REASONS,
    ChecklistItem,
    Deductions,
    GradeRule,
    Policy,
    PolicyError,
    ReasonRule,
    RepeatReturner,
    ReviewPolicy,
    RiskPolicy,
    SupervisorPolicy,
    WeightPolicy,
    WindowPolicy,
    risk_rank,
)
from inspect_tui.core.policy_toml import default_policy, read_policy, write_policy

__all__ = [
    "ACCEPT_REASONS",
    "ChecklistItem",
    "DISPOSITIONS",
    "Deductions",
    "GRADES",
    "GradeRule",
    "OUTCOMES",
    "OUTSIDE_WINDOW_MODES",
    "Policy",
    "PolicyError",
    "REASON_CODES",
    "REJECT_REASONS",
    "REQUIRED_EVIDENCE_KINDS",
    "RISK_LEVELS",
    "RULE_CHECKS",
    "ReasonRule",
    "RepeatReturner",
    "ReviewPolicy",
    "RiskPolicy",
    "SEAL_REASONS",
    "SupervisorPolicy",
    "WeightPolicy",
    "WindowPolicy",
    "default_policy",
    "load_policy",
    "policy_from_toml",
    "policy_to_toml",
    "risk_rank",
]


def load_policy(path: Path | None) -> Policy:
    """Load a policy file over the defaults; None gives the defaults.

    Raises:
        PolicyError: the file is missing, unreadable, not TOML, or has a bad key or value.
    """
    if path is None:
        return default_policy()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PolicyError(f"policy file not found: {path}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise PolicyError(f"cannot read policy file {path}: {exc}") from None
    return policy_from_toml(text)


def policy_from_toml(text: str) -> Policy:
    """Build a policy from TOML text laid over the defaults (partial documents allowed).

    Raises:
        PolicyError: the text is not TOML, or has a bad key or value.
    """
    return read_policy(text)


def policy_to_toml(policy: Policy) -> str:
    """The policy as a TOML document that ``policy_from_toml`` reads back unchanged."""
    return write_policy(policy)
