"""What the buyer claims, in the rules' terms.

Platforms and back offices word the claimed reason their own way ("NO_REASON", "Quality
issue", "质量问题", "Arrived damaged"). The rules know four claims, named by the accept-side
reason code that applies if the claim holds: a no-reason return, a defect, the seller's error
(wrong item sent) and damage in transit. Anything else is treated as no reason given.
"""

from __future__ import annotations

import re

NO_REASON = "NO_REASON_RETURN"
DEFECT = "DEFECT_CONFIRMED"
SELLER_ERROR = "SELLER_ERROR"
TRANSIT = "TRANSIT_DAMAGE"

CLAIM_WORDS: dict[str, tuple[str, ...]] = {
    NO_REASON: (
        "no_reason",
        "no_reason_return",
        "changed_mind",
        "no_longer_needed",
        "dont_want",
        "七天无理由",
        "七天无理由退货",
        "无理由",
        "不想要了",
        "不喜欢",
        "拍错了",
        "不合适",
    ),
    DEFECT: (
        "defect",
        "defective",
        "defect_confirmed",
        "quality_issue",
        "quality_problem",
        "not_working",
        "broken",
        "not_as_described",
        "质量问题",
        "无法开机",
        "坏了",
        "故障",
        "与描述不符",
    ),
    SELLER_ERROR: (
        "seller_error",
        "wrong_item",
        "wrong_item_sent",
        "wrong_size_sent",
        "发错货",
        "发错",
        "错发",
        "少发",
    ),
    TRANSIT: (
        "transit_damage",
        "arrived_damaged",
        "damaged_in_transit",
        "damaged",
        "shipping_damage",
        "运输损坏",
        "破损",
        "快递破损",
    ),
}

_LOOKUP = {word: code for code, words in CLAIM_WORDS.items() for word in words}
_SEPARATORS = re.compile(r"[\s/\-]+")


def claim_code(reason: str | None) -> str | None:
    """The claim a platform's reason code or words stand for, or None when not recognised."""
    if not reason:
        return None
    key = _SEPARATORS.sub("_", reason.strip().casefold()).strip("_")
    if key.upper() in (NO_REASON, DEFECT, SELLER_ERROR, TRANSIT):
        return key.upper()
    if key in _LOOKUP:
        return _LOOKUP[key]
    for word, code in _LOOKUP.items():
        if not word.isascii() and word in reason:
            return code
    return None
