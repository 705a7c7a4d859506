"""Reading, checking and writing a return policy as TOML.

The defaults live in ``default_policy.toml`` beside this module; a seller's file is laid over them
key by key, then every value is checked, so a typo is reported with its key and what is allowed.
:func:`write_policy` writes a policy back in a form :func:`read_policy` reads unchanged. Callers
use ``load_policy``, ``policy_from_toml`` and ``policy_to_toml`` from
:mod:`inspect_tui.core.policy`.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import fields
from functools import cache
from importlib import resources
from typing import Any

from inspect_tui.core.pattern_check import pattern_problem
from inspect_tui.core.policy_model import (
    DISPOSITIONS,
    GRADES,
    OUTCOMES,
    OUTSIDE_WINDOW_MODES,
    REASON_CODES,
    REJECT_REASONS,
    REQUIRED_EVIDENCE_KINDS,
    RISK_LEVELS,
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
)

__all__ = ["default_policy", "read_policy", "write_policy"]

_NAME = re.compile(r"[a-z][a-z0-9_]*")
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


@cache
def default_policy() -> Policy:
    """The built-in policy, read once."""
    return _build(_default_document())


def read_policy(text: str) -> Policy:
    """Build a policy from TOML text laid over the defaults (partial documents allowed).

    Raises:
        PolicyError: the text is not TOML, or has a bad key or value.
    """
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise PolicyError(f"not valid TOML: {exc}") from None
    return _build(_merge(_default_document(), document))


def write_policy(policy: Policy) -> str:
    """The policy as a TOML document that :func:`read_policy` reads back unchanged."""
    win = policy.window
    out = [
        "# inspect-tui return policy",
        f"evidence_kinds = {_toml(list(policy.evidence_kinds))}",
    ]
    _section(out, "weight", _fields(policy.weight))
    _section(out, "window", _fields(win, skip="days"))
    _section(out, "window.days", dict(win.days))
    for grade in policy.grades:
        _section(out, f"grades.{grade.code}", _fields(grade, skip="code"))
    for reason in policy.reasons:
        values = _fields(reason, skip="code", also_skip="side")
        _section(out, f"reasons.{reason.code}", values, comment=f"{reason.side} side")
    _section(out, "deductions", _fields(policy.deductions))
    _section(out, "repeat_returner", _fields(policy.repeat_returner))
    _section(out, "risk", _fields(policy.risk))
    _section(out, "review", _fields(policy.review))
    _section(out, "references", {"patterns": list(policy.reference_patterns)})
    _section(out, "seals", {"patterns": list(policy.seal_patterns)})
    _section(out, "refused", {"evidence": list(policy.refused_evidence)})
    _section(out, "supervisor", _fields(policy.supervisor))
    _section(out, "checklist", {item.name: item.question for item in policy.checklist})
    return "\n".join(out) + "\n"


@cache
def _default_document() -> Mapping[str, Any]:
    """The parsed default_policy.toml shipped with the package."""
    text = resources.files(__package__).joinpath("default_policy.toml").read_text("utf-8")
    return tomllib.loads(text)


def _merge(base: Mapping[str, Any], override: Mapping[str, Any]) -> dict[str, Any]:
    """Tables merge key by key; any other value (arrays included) replaces the default."""
    merged = dict(base)
    for key, value in override.items():
        old = merged.get(key)
        if isinstance(old, Mapping) and isinstance(value, Mapping):
            merged[key] = _merge(old, value)
        else:
            merged[key] = value
    return merged


class _Table:
    """Reads one TOML table, checking its keys and each value's type and range."""

    def __init__(self, data: object, path: str, allowed: Sequence[str] | None = None) -> None:
        if not isinstance(data, Mapping):
            raise PolicyError(f"{path}: must be a table, got {data!r}")
        self.data: Mapping[str, Any] = data
        self.path = path
        if allowed is not None:
            for key in data:
                if key not in allowed:
                    where = f"{path}.{key}" if path else key
                    raise PolicyError(f"unknown key '{where}' (allowed: {', '.join(allowed)})")

    def _key(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def integer(self, key: str, low: int, high: int) -> int:
        value = self.data.get(key)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise PolicyError(
                f"{self._key(key)}: must be a whole number between {low} and {high}, got {value!r}"
            )
        return value

    def number(self, key: str, low: float, high: float) -> float:
        value = self.data.get(key)
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not low <= value <= high
        ):
            raise PolicyError(
                f"{self._key(key)}: must be a number between {low:g} and {high:g}, got {value!r}"
            )
        return float(value)

    def text(self, key: str) -> str:
        value = self.data.get(key)
        if not isinstance(value, str) or not value.strip():
            raise PolicyError(f"{self._key(key)}: must be a non-empty string, got {value!r}")
        return value

    def choice(self, key: str, allowed: Sequence[str]) -> str:
        value = self.data.get(key)
        if value not in allowed:
            raise PolicyError(
                f"{self._key(key)}: must be one of {', '.join(allowed)}, got {value!r}"
            )
        return str(value)

    def flag(self, key: str) -> bool:
        value = self.data.get(key)
        if not isinstance(value, bool):
            raise PolicyError(f"{self._key(key)}: must be true or false, got {value!r}")
        return value

    def strings(self, key: str, allowed: Sequence[str] | None = None) -> tuple[str, ...]:
        value = self.data.get(key)
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise PolicyError(f"{self._key(key)}: must be a list of strings, got {value!r}")
        for item in value:
            if allowed is not None and item not in allowed:
                raise PolicyError(
                    f"{self._key(key)}: {item!r} is not allowed (allowed: {', '.join(allowed)})"
                )
        if len(set(value)) != len(value):
            raise PolicyError(f"{self._key(key)}: must not repeat an entry, got {value!r}")
        return tuple(value)


def _build(document: Mapping[str, Any]) -> Policy:
    """Validate a complete (defaults-merged) document into a Policy."""
    top = _Table(document, "", list(_default_document()))
    kinds = top.strings("evidence_kinds")
    for kind in kinds:
        if not _NAME.fullmatch(kind):
            raise PolicyError(f"evidence_kinds: {kind!r} must be lower case letters, digits and _")
    for kind in REQUIRED_EVIDENCE_KINDS:
        if kind not in kinds:
            raise PolicyError(f"evidence_kinds: must include {kind!r}, got {list(kinds)!r}")

    t = _Table(document["weight"], "weight", _names(WeightPolicy))
    weight = WeightPolicy(
        tolerance_g=t.integer("tolerance_g", 0, 10_000),
        tolerance_pct=t.number("tolerance_pct", 0, 100),
        empty_ratio=t.number("empty_ratio", 0, 1),
        packaging_g=t.integer("packaging_g", 0, 10_000),
        packaging_pct=t.number("packaging_pct", 0, 100),
        max_parcel_g=t.integer("max_parcel_g", 1, 1_000_000),
    )

    t = _Table(
        document["window"], "window", ["days", "default_days", "grace_days", "outside_window"]
    )
    days_table = _Table(t.data["days"], "window.days")
    days = tuple(
        (str(name).strip().casefold(), days_table.integer(name, 0, 3650))
        for name in days_table.data
    )
    window = WindowPolicy(
        days=days,
        default_days=t.integer("default_days", 0, 3650),
        grace_days=t.integer("grace_days", 0, 60),
        outside_window=t.choice("outside_window", OUTSIDE_WINDOW_MODES),
    )

    t = _Table(document["grades"], "grades", GRADES)
    grades = []
    for code in GRADES:
        g = _Table(t.data[code], f"grades.{code}", ["description", "disposition"])
        grades.append(GradeRule(code, g.text("description"), g.choice("disposition", DISPOSITIONS)))

    t = _Table(document["reasons"], "reasons", REASON_CODES)
    reasons = []
    for code in REASON_CODES:
        r = _Table(t.data[code], f"reasons.{code}", ["description", "evidence"])
        side = "reject" if code in REJECT_REASONS else "accept"
        evidence = r.strings("evidence", kinds)
        reasons.append(ReasonRule(code, side, r.text("description"), evidence))

    t = _Table(document["deductions"], "deductions", _names(Deductions))
    deductions = Deductions(
        missing_accessory_pct=t.number("missing_accessory_pct", 0, 100),
        missing_accessory_minor=t.integer("missing_accessory_minor", 0, 10**12),
        opened_pct=t.number("opened_pct", 0, 100),
        used_pct=t.number("used_pct", 0, 100),
    )
    if deductions.opened_pct > deductions.used_pct:
        raise PolicyError(
            f"deductions.opened_pct: must not exceed deductions.used_pct "
            f"({deductions.used_pct:g}), got {deductions.opened_pct:g}"
        )

    t = _Table(document["repeat_returner"], "repeat_returner", ["returns", "rejects", "days"])
    repeat = RepeatReturner(
        t.integer("returns", 1, 10_000), t.integer("rejects", 1, 10_000), t.integer("days", 1, 3650)
    )
    t = _Table(document["risk"], "risk", ["attention_from"])
    risk = RiskPolicy(t.choice("attention_from", RISK_LEVELS))
    t = _Table(document["review"], "review", ["outcomes", "overrides", "attention"])
    review = ReviewPolicy(t.strings("outcomes", OUTCOMES), t.flag("overrides"), t.flag("attention"))

    t = _Table(document["references"], "references", ["patterns"])
    patterns = t.strings("patterns")
    for pattern in patterns:
        problem = pattern_problem(pattern)
        if problem:
            raise PolicyError(f"references.patterns: {pattern[:80]!r} {problem}")

    t = _Table(document["seals"], "seals", ["patterns"])
    seal_patterns = t.strings("patterns")
    for pattern in seal_patterns:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise PolicyError(
                f"seals.patterns: {pattern!r} is not a valid regular expression ({exc})"
            ) from None
    refused_evidence = _Table(document["refused"], "refused", ["evidence"]).strings(
        "evidence", kinds
    )

    t = _Table(
        document["supervisor"], "supervisor", ["max_wrong_pins", "lock_minutes", "idle_minutes"]
    )
    supervisor = SupervisorPolicy(
        t.integer("max_wrong_pins", 1, 100),
        t.integer("lock_minutes", 1, 10_080),
        t.integer("idle_minutes", 1, 480),
    )

    t = _Table(document["checklist"], "checklist")
    checklist = []
    for name in t.data:
        if not _NAME.fullmatch(name):
            raise PolicyError(
                f"checklist: item name {name!r} must be lower case letters, digits and _"
            )
        checklist.append(ChecklistItem(name, t.text(name)))

    return Policy(
        weight=weight,
        window=window,
        grades=tuple(grades),
        reasons=tuple(reasons),
        evidence_kinds=kinds,
        deductions=deductions,
        repeat_returner=repeat,
        risk=risk,
        review=review,
        reference_patterns=patterns,
        supervisor=supervisor,
        checklist=tuple(checklist),
        seal_patterns=seal_patterns,
        refused_evidence=refused_evidence,
    )


def _names(cls: Any) -> list[str]:
    return [f.name for f in fields(cls)]


def _fields(obj: Any, *, skip: str = "", also_skip: str = "") -> dict[str, Any]:
    return {f.name: getattr(obj, f.name) for f in fields(obj) if f.name not in (skip, also_skip)}


def _section(
    out: list[str], name: str, values: Mapping[str, Any], *, comment: str | None = None
) -> None:
    out.append("")
    out.append(f"[{name}]" + (f"  # {comment}" if comment else ""))
    out.extend(f"{_key(key)} = {_toml(value)}" for key, value in values.items())


def _key(key: str) -> str:
    return key if _BARE_KEY.fullmatch(key) else json.dumps(key, ensure_ascii=False)


def _toml(value: Any) -> str:
    """A TOML literal for the scalar and list values a policy holds."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    raise TypeError(f"cannot write {value!r} as TOML")
