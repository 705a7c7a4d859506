"""Evidence kinds and reason codes in the words a clerk or supervisor uses.

The policy names evidence kinds (``label_photo``) and reason codes (``SERIAL_MISMATCH``) as data;
messages about what is still missing say them as people do.
"""

from __future__ import annotations

from collections.abc import Iterable

EVIDENCE_NAMES: dict[str, str] = {
    "scale_photo": "a photo of the parcel on the scale",
    "open_box_photo": "a photo of the opened parcel",
    "parcel_photo": "a photo of the outer packaging",
    "label_photo": "a photo of the item's label or serial plate",
    "item_photo": "a photo of the item and its accessories",
    "damage_photo": "a close-up photo of the damage",
    "test_note": "a note of the function test",
    "seal_photo": "a photo of the seal tag",
    "pre_shipment": "the pre-shipment photo or video",
    "video": "the bench video",
    "other": "another piece of evidence",
}
"""The default policy's evidence kinds in words; kinds a policy adds read as their own name."""


def evidence_name(kind: str) -> str:
    """An evidence kind in words: ``label_photo`` -> ``a photo of the item's label …``."""
    return EVIDENCE_NAMES.get(kind, kind.replace("_", " "))


def reason_name(code: str) -> str:
    """A reason code in words: ``SERIAL_MISMATCH`` -> ``serial mismatch``."""
    return code.replace("_", " ").lower()


def missing_text(missing: Iterable[tuple[str, str]]) -> str:
    """What is still missing, as one sentence part: ``a photo of … (reason: serial mismatch)``.

    Args:
        missing: (reason code, evidence kind) pairs, as the rules list them.
    """
    return "; ".join(f"{evidence_name(kind)} (reason: {reason_name(why)})" for why, kind in missing)
