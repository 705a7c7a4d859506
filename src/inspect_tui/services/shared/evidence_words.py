"""Evidence kinds and reason codes in the words a clerk or supervisor uses.

The policy names evidence kinds (``label_photo``) and reason codes (``SERIAL_MISMATCH``) as data;
messages about what is still missing say them as people do.
"""

from __future__ import annotations

from collections.abc import Iterable

from inspect_tui.core import display_names
from inspect_tui.core.translation import N_, _, language

EVIDENCE_NAMES: dict[str, str] = {
    "scale_photo": N_("a photo of the parcel on the scale"),
    "open_box_photo": N_("a photo of the opened parcel"),
    "parcel_photo": N_("a photo of the outer packaging"),
    "label_photo": N_("a photo of the item's label or serial plate"),
    "item_photo": N_("a photo of the item and its accessories"),
    "damage_photo": N_("a close-up photo of the damage"),
    "test_note": N_("a note of the function test"),
    "seal_photo": N_("a photo of the seal tag"),
    "pre_shipment": N_("the pre-shipment photo or video"),
    "video": N_("the bench video"),
    "other": N_("another piece of evidence"),
}
"""The default policy's evidence kinds in words (English; shown through ``_``); kinds a policy
adds read as their own name."""


def evidence_name(kind: str) -> str:
    """An evidence kind in words: ``label_photo`` -> ``a photo of the item's label …``."""
    known = EVIDENCE_NAMES.get(kind)
    return _(known) if known is not None else kind.replace("_", " ")


def reason_name(code: str) -> str:
    """A reason code in words: ``SERIAL_MISMATCH`` -> ``serial mismatch`` (Chinese: 序列号不符)."""
    if language() != "en" and display_names.known_reason(code):
        return display_names.reason_name(code)
    return code.replace("_", " ").lower()


def missing_text(missing: Iterable[tuple[str, str]]) -> str:
    """What is still missing, as one sentence part: ``a photo of … (reason: serial mismatch)``.

    Args:
        missing: (reason code, evidence kind) pairs, as the rules list them.
    """
    return _("; ").join(
        _("{evidence} (reason: {reason})").format(
            evidence=evidence_name(kind), reason=reason_name(why)
        )
        for why, kind in missing
    )
