"""The clerk's words for the bench's values: steps, weights, how a unit matched, the weight verdict.

Plain functions and tables shared by the bench controller's messages and the screens, so a value
reads the same in a status line and on a panel.
"""

from __future__ import annotations

from inspect_tui.core.translation import N_, _
from inspect_tui.core.vocabulary import Step
from inspect_tui.services.shared.views import InspectionView

STEP_LABELS: dict[str, str] = {
    Step.CARD: N_("Parcel"),
    Step.WEIGH: N_("Weigh"),
    Step.CONTENTS: N_("Contents"),
    Step.CONDITION: N_("Condition"),
    Step.EVIDENCE: N_("Evidence"),
    Step.DECISION: N_("Decision"),
    Step.DONE: N_("Done"),
}
"""The inspection steps, as named on the step bar (English; shown through ``_``)."""


MATCH_LABELS: dict[str, str] = {
    "matched": N_("as shipped"),
    "serial_needed": N_("scan its serial"),
    "serial_mismatch": N_("WRONG SERIAL"),
    "unexpected": N_("NOT ON ORDER"),
    "duplicate": N_("SCANNED TWICE"),
    "over_quantity": N_("MORE THAN SHIPPED"),
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


def step_label(step: str) -> str:
    """A step's name as the step bar shows it, in the language in use."""
    label = STEP_LABELS.get(step)
    return _(label) if label is not None else step


def percent(ratio: float | None) -> str:
    """A ratio as a whole percentage (``8 %``), or an empty string when unknown."""
    return "" if ratio is None else f"{ratio * 100:.0f} %"


def match_label(match: str) -> str:
    """Short words for how a unit matched (``WRONG SERIAL``)."""
    label = MATCH_LABELS.get(match)
    return _(label) if label is not None else match.replace("_", " ")


def match_severity(match: str) -> str:
    """``ok``, ``warning`` or ``error`` for a unit's match (unknown kinds are errors)."""
    return MATCH_SEVERITY.get(match, "error")


VERDICT_WORDS: dict[str, str] = {
    "empty": N_("EMPTY PARCEL"),
    "light": N_("TOO LIGHT"),
    "ok": N_("WEIGHT OK"),
    "heavy": N_("TOO HEAVY"),
    "unknown": N_("NOTHING TO COMPARE WITH"),
}
"""The weigh step's banner words for each weight verdict."""


def verdict_banner(view: InspectionView) -> str:
    """``EMPTY PARCEL — 8 % of the expected 520 g`` (or what to do when nothing is weighed)."""
    if view.weight_g is None:
        return _("NOT WEIGHED YET")
    known = VERDICT_WORDS.get(view.weight_verdict)
    words = _(known) if known is not None else view.weight_verdict.upper()
    if view.weight_ratio is None or view.expected_weight_g is None:
        return f"{words} — {weight(view.weight_g)}"
    return _("{verdict} — {percent} of the expected {weight}").format(
        verdict=words, percent=percent(view.weight_ratio), weight=weight(view.expected_weight_g)
    )


def seals_words(view: InspectionView) -> str:
    """The seals as checked: ``SEAL-A10087 present; SEAL-X missing``."""
    seals = view.seals
    parts = [_("{seal} present").format(seal=seal) for seal in seals.present]
    parts += [_("{seal} MISSING").format(seal=seal) for seal in seals.missing]
    parts += [_("{seal} NOT OURS").format(seal=seal) for seal in seals.mismatched]
    parts += [_("{seal} not checked").format(seal=seal) for seal in seals.unchecked]
    return _("; ").join(parts) or _("no seals on this shipment")
