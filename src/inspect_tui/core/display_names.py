"""The desk's words for its stable codes: reason codes, outcomes, grades, dispositions, evidence.

The data and the exports keep the codes (``EMPTY_PARCEL``, ``reject``, ``quarantine``); a screen
shows the words a person uses for them, in the language in use — in Chinese the sellers' own
terms (空包, 掉包, 买新退旧, 当场拒收 …). The default policy's descriptions, grade names and
checklist questions are in the catalog too, so a policy text nobody changed reads in the
operator's language while a seller's own wording is shown as written.
"""

from __future__ import annotations

from inspect_tui.core.translation import N_, _

REASON_NAMES: dict[str, str] = {
    "EMPTY_PARCEL": N_("Empty parcel"),
    "MISSING_ITEMS": N_("Missing items"),
    "MISSING_PARTS": N_("Missing parts"),
    "SWAPPED_ITEM": N_("Swapped item"),
    "SERIAL_MISMATCH": N_("Serial mismatch"),
    "SEAL_MISMATCH": N_("Seal tag not ours"),
    "SEAL_MISSING": N_("Seal tag missing"),
    "USED_OR_WORN": N_("Buy new, return old"),
    "BUYER_DAMAGE": N_("Damage after delivery"),
    "DEFECT_NOT_FOUND": N_("Defect not reproduced"),
    "OUTSIDE_WINDOW": N_("Outside the return window"),
    "NO_REASON_RETURN": N_("No-reason return"),
    "DEFECT_CONFIRMED": N_("Defect confirmed"),
    "SELLER_ERROR": N_("Seller shipped the wrong item"),
    "TRANSIT_DAMAGE": N_("Damaged in transit"),
    "WRONG_ITEM": N_("Wrong item sent"),
    "DAMAGED": N_("Arrived damaged"),
    "ARRIVED_DAMAGED": N_("Arrived damaged"),
    "DEFECTIVE": N_("Quality problem"),
    "QUALITY_ISSUE": N_("Quality problem"),
    "NOT_AS_DESCRIBED": N_("Not as described"),
    "NO_REASON": N_("No-reason return"),
}
"""Short names of the reason codes (and of the buyers' claimed reasons)."""

OUTCOME_NAMES: dict[str, str] = {
    "accept": N_("Accept"),
    "partial": N_("Partial refund"),
    "reject": N_("Reject"),
    "escalate": N_("Escalate to supervisor"),
    "refused": N_("Refused at receipt"),
}
"""The outcomes in words."""

DISPOSITION_NAMES: dict[str, str] = {
    "restock": N_("restock"),
    "open_box": N_("open box"),
    "refurbish": N_("refurbish"),
    "return_to_vendor": N_("return to vendor"),
    "quarantine": N_("quarantine"),
    "scrap": N_("scrap"),
    "return_to_buyer": N_("return to buyer"),
    "return_to_courier": N_("return to courier"),
}
"""Where a unit goes, in words."""

EVIDENCE_NAMES: dict[str, str] = {
    "scale_photo": N_("scale photo"),
    "open_box_photo": N_("open box photo"),
    "parcel_photo": N_("parcel photo"),
    "label_photo": N_("label photo"),
    "item_photo": N_("item photo"),
    "damage_photo": N_("damage photo"),
    "test_note": N_("test note"),
    "seal_photo": N_("seal photo"),
    "pre_shipment": N_("pre shipment"),
    "video": N_("video"),
    "other": N_("other"),
    "weight": N_("weight"),
}
"""The kinds of evidence, in words."""

PLATFORM_NAMES: dict[str, str] = {
    "taobao": N_("Taobao"),
    "tmall": N_("Tmall"),
    "douyin": N_("Douyin"),
    "kuaishou": N_("Kuaishou"),
    "1688": N_("1688"),
    "shopify": N_("Shopify"),
    "tiktok": N_("TikTok Shop"),
}
"""The platforms by the names their sellers use (淘宝, 天猫, 抖音, 快手 …)."""

RISK_LEVEL_NAMES: dict[str, str] = {
    "none": N_("none"),
    "low": N_("low"),
    "medium": N_("medium"),
    "high": N_("high"),
}
"""The platforms' risk levels (风险预警) in words."""

DEFAULT_POLICY_TEXTS: tuple[str, ...] = (
    N_("New, sealed"),
    N_("Opened, like new"),
    N_("Used, working"),
    N_("Damaged or defective"),
    N_("Not our item"),
    N_("The parcel arrived empty or with packaging only"),
    N_("Fewer units came back than the return covers"),
    N_("Accessories or parts shipped with the item are missing"),
    N_("A different item came back instead of the one shipped"),
    N_("The serial number is not one shipped on this order"),
    N_("A seal tag that is not the one fixed to this order was found"),
    N_("The seal tag fixed before shipping is missing or broken"),
    N_("The item shows signs of use and cannot be resold as new"),
    N_("The item was damaged after delivery"),
    N_("The claimed defect or damage could not be found or reproduced"),
    N_("The no-reason return was requested after the return window closed"),
    N_("No-reason return inside the window, item in resalable condition"),
    N_("The claimed defect was reproduced"),
    N_("The seller shipped the wrong item"),
    N_("The item was damaged in transit"),
    N_("Is the factory seal intact?"),
    N_("Are the tags and protective films still on?"),
    N_("Are there signs of use or wear?"),
    N_("Is the item damaged?"),
    N_("Are all accessories and parts present?"),
)
"""The default policy's texts (``default_policy.toml``), so the catalog carries them."""


def _named(table: dict[str, str], code: str, fallback: str) -> str:
    name = table.get(code)
    return _(name) if name is not None else fallback


def reason_name(code: str) -> str:
    """A reason code's short name: ``EMPTY_PARCEL`` -> ``Empty parcel`` / ``空包``."""
    return _named(REASON_NAMES, code, code)


def outcome_name(outcome: str) -> str:
    """An outcome in words: ``partial`` -> ``Partial refund`` / ``部分退款``."""
    return _named(OUTCOME_NAMES, outcome, outcome.replace("_", " ").capitalize())


def disposition_name(disposition: str) -> str:
    """A disposition in words: ``open_box`` -> ``open box`` / ``拆封二手销售``."""
    return _named(DISPOSITION_NAMES, disposition, disposition.replace("_", " "))


def evidence_name(kind: str) -> str:
    """An evidence kind in words: ``open_box_photo`` -> ``open box photo`` / ``开箱照片``."""
    return _named(EVIDENCE_NAMES, kind, kind.replace("_", " ").lower())


def known_reason(code: str) -> bool:
    """Whether the desk has its own words for a reason or claim code."""
    return code in REASON_NAMES


def platform_name(platform: str) -> str:
    """A platform by its sellers' name for it: ``taobao`` -> ``Taobao`` / ``淘宝``."""
    return _named(PLATFORM_NAMES, platform.casefold(), platform)


def risk_level_name(level: str) -> str:
    """A platform risk level in words: ``high`` -> ``high`` / ``高``."""
    return _named(RISK_LEVEL_NAMES, level, level)


def policy_text(text: str) -> str:
    """A policy text in the language in use when it is the default policy's (else as written)."""
    return _(text) if text else text
