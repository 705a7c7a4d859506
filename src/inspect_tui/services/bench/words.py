"""The clerk's words for the bench's values: steps, weights, how a unit matched, the weight verdict.

Plain functions and tables shared by the bench controller's messages and the screens, so a value
reads the same in a status line and on a panel.
"""

from __future__ import annotations

from inspect_tui.services.shared.views import InspectionView

STEP_LABELS: dict[str, str] = {
    "card": "Parcel",
    "weigh": "Weigh",
    "contents": "Contents",
    "condition": "Condition",
    "evidence": "Evidence",
    "decision": "Decision",
    "done": "Done",
}
"""The inspection steps in order, as named on the step bar."""

STEPS: tuple[str, ...] = tuple(STEP_LABELS)


MATCH_LABELS: dict[str, str] = {
    "matched": "as shipped",
    "serial_needed": "scan its serial",
    "serial_mismatch": "WRONG SERIAL",
    "unexpected": "NOT ON ORDER",
    "duplicate": "SCANNED TWICE",
    "over_quantity": "MORE THAN SHIPPED",
}
"""Short words for how a scanned unit matched the shipment (core.parcel.MATCH_KINDS)."""

MATCH_SEVERITY: dict[str, str] = {
    "matched": "ok",
    "serial_needed": "warning",
    "serial_mismatch": "error",
    "unexpected": "error",
    "duplicate": "error",
    "over_quantity": "error",
}
"""How alarming each match is: ok, warning (something left to do) or error (wrong)."""


def weight(grams: int | None) -> str:
    """A weight the way a clerk reads a scale: ``760 g``, ``1.35 kg``, ``—`` when unknown."""
    if grams is None:
        return "—"
    if abs(grams) >= 1000:
        return f"{grams / 1000:.2f} kg"
    return f"{grams} g"


def percent(ratio: float | None) -> str:
    """A ratio as a whole percentage (``8 %``), or an empty string when unknown."""
    return "" if ratio is None else f"{ratio * 100:.0f} %"


def match_label(match: str) -> str:
    """Short words for how a unit matched (``WRONG SERIAL``)."""
    return MATCH_LABELS.get(match, match.replace("_", " "))


def match_severity(match: str) -> str:
    """``ok``, ``warning`` or ``error`` for a unit's match (unknown kinds are errors)."""
    return MATCH_SEVERITY.get(match, "error")


VERDICT_WORDS: dict[str, str] = {
    "empty": "EMPTY PARCEL",
    "light": "TOO LIGHT",
    "ok": "WEIGHT OK",
    "heavy": "TOO HEAVY",
    "unknown": "NOTHING TO COMPARE WITH",
}
"""The weigh step's banner words for each weight verdict."""


def verdict_banner(view: InspectionView) -> str:
    """``EMPTY PARCEL — 8 % of the expected 520 g`` (or what to do when nothing is weighed)."""
    if view.weight_g is None:
        return "NOT WEIGHED YET"
    words = VERDICT_WORDS.get(view.weight_verdict, view.weight_verdict.upper())
    if view.weight_ratio is None or view.expected_weight_g is None:
        return f"{words} — {weight(view.weight_g)}"
    return (
        f"{words} — {percent(view.weight_ratio)} of the expected {weight(view.expected_weight_g)}"
    )


def seals_words(view: InspectionView) -> str:
    """The seals as checked: ``SEAL-A10087 present; SEAL-X missing``."""
    seals = view.seals
    parts = [f"{seal} present" for seal in seals.present]
    parts += [f"{seal} MISSING" for seal in seals.missing]
    parts += [f"{seal} NOT OURS" for seal in seals.mismatched]
    parts += [f"{seal} not checked" for seal in seals.unchecked]
    return "; ".join(parts) or "no seals on this shipment"
