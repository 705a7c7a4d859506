"""Seal tags and security labels (防调包扣, 防伪标签): checked at the bench, never counted as units.

The seller fixes numbered tags to the product or box before shipping; their ids are on the
shipment (``seal_ids``). :func:`seal_state` says whether a scan is one of them, another seal-like
id (a swap signal), or no seal at all.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from inspect_tui.core.translation import _

__all__ = ["seal_findings", "seal_state"]


def seal_state(
    seal_ids: Sequence[str], text: str, patterns: Sequence[str]
) -> tuple[str, str] | None:
    """What a scan is as a seal tag: (seal id, "present") for one of the shipment's seals,
    (the scanned id, "mismatch") for a seal-like id (a full match of one of ``patterns``, any
    case) that is not the shipment's, None when it is not a seal at all."""
    code = text.strip()
    for seal in seal_ids:
        if seal.strip().casefold() == code.casefold():
            return seal, "present"
    if any(re.fullmatch(pattern, code, re.IGNORECASE) for pattern in patterns):
        return code, "mismatch"
    return None


def seal_findings(
    seal_ids: Sequence[str], seals: Sequence[tuple[str, str]]
) -> list[tuple[str, str, str, str | None]]:
    """(code, severity, explanation, reason) for each seal the clerk checked.

    Seals not checked yet give no finding (the view lists them: ``SealsView.unchecked``).

    A seal missing, broken or not the shipment's is a swap signal, not proof: the rules escalate
    on it alone and list its reason beside another reject reason (see ``core.rules``).
    """
    expected = ", ".join(seal_ids) or _("no seal")
    found: list[tuple[str, str, str, str | None]] = []
    for seal, state in seals:
        if state == "present":
            found.append(
                (
                    "seal.present",
                    "info",
                    _("Seal {seal} is on the parcel, as shipped.").format(seal=seal),
                    None,
                )
            )
        elif state == "missing":
            text = _(
                "Seal {seal}, fixed before shipping, is missing or broken: photograph where it "
                "should be; without another finding a supervisor decides."
            ).format(seal=seal)
            found.append(("seal.missing", "problem", text, "SEAL_MISSING"))
        else:
            text = _(
                "Seal {seal} is not this order's (shipped with {expected}): a swap signal; "
                "photograph it. Without another finding a supervisor decides."
            ).format(seal=seal, expected=expected)
            found.append(("seal.mismatch", "problem", text, "SEAL_MISMATCH"))
    return found
