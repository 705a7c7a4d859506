"""The appeal statement (申诉说明): the findings in Chinese, ready for a platform's text box.

It tells the order, the buyer's claim, what was shipped (weight, serials, seals, pre-shipment
photos), what came back, and each reason with the evidence proving it (the kit's photos as
图N, the unboxing clip), within the platform's character limit. When the full text is too long
it is told again with fewer details (serial lists, the buyer's words) before anything is cut;
the reasons and their evidence stay to the last.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from datetime import datetime, tzinfo

from inspect_tui.core.claims import claim_code
from inspect_tui.core.policy import Policy
from inspect_tui.core.vocabulary import Grade, Outcome
from inspect_tui.services.appeals.photos import KitPhoto
from inspect_tui.services.appeals.platforms import AppealLimits
from inspect_tui.services.shared.views import InspectionView

__all__ = ["CLIP_WORDS", "EVIDENCE_WORDS", "REASON_WORDS", "appeal_statement"]

REASON_WORDS: dict[str, str] = {
    "EMPTY_PARCEL": "空包",
    "MISSING_ITEMS": "少件",
    "MISSING_PARTS": "配件缺失",
    "SWAPPED_ITEM": "掉包",
    "SERIAL_MISMATCH": "买新退旧（序列号不符）",
    "SEAL_MISMATCH": "防调包扣不符",
    "SEAL_MISSING": "防调包扣缺失或破损",
    "USED_OR_WORN": "商品已使用",
    "BUYER_DAMAGE": "人为损坏",
    "DEFECT_NOT_FOUND": "质量问题未复现",
    "OUTSIDE_WINDOW": "超出七天无理由退货期限",
    "NO_REASON_RETURN": "七天无理由退货",
    "DEFECT_CONFIRMED": "质量问题属实",
    "SELLER_ERROR": "商家发错货",
    "TRANSIT_DAMAGE": "运输损坏",
}
"""Each reason code in the words the platforms' reviewers use."""

EVIDENCE_WORDS: dict[str, str] = {
    "scale_photo": "称重照片",
    "open_box_photo": "开箱照片",
    "parcel_photo": "外包装照片",
    "label_photo": "标签及序列号照片",
    "item_photo": "商品及配件照片",
    "damage_photo": "损坏特写照片",
    "test_note": "功能测试记录",
    "seal_photo": "防调包扣照片",
    "pre_shipment": "发货前照片",
    "video": "开箱视频",
    "other": "其他照片",
}
"""Each evidence kind in Chinese."""

CLIP_WORDS = "开箱视频"
"""How the statement cites the unboxing clip."""

CLAIM_WORDS: dict[str, str] = {
    "NO_REASON_RETURN": "七天无理由退货",
    "DEFECT_CONFIRMED": "质量问题",
    "SELLER_ERROR": "发错货",
    "TRANSIT_DAMAGE": "商品到货损坏",
}
_RECORD = "质检记录（见申诉材料PDF）"
_CLIP_PROVES = frozenset({"EMPTY_PARCEL", "MISSING_ITEMS", "MISSING_PARTS", "SWAPPED_ITEM"})


def appeal_statement(
    view: InspectionView,
    limits: AppealLimits,
    photos: Sequence[KitPhoto],
    *,
    has_clip: bool,
    policy: Policy,
    tz: tzinfo,
) -> str:
    """The statement of ``view`` for ``limits.platform``, at most ``limits.statement_chars`` long.

    Args:
        view: The inspection as decided (its reasons are the ones argued).
        limits: The platform's limits (its name, the text box's length).
        photos: The photos in the kit, cited as 图N by the reasons they prove.
        has_clip: Whether the kit holds the unboxing clip.
        policy: Which evidence kinds each reason needs.
        tz: The zone dates are told in.
    """
    parts = _Parts(view, photos, has_clip, policy, tz)
    for detail in (3, 2, 1, 0):
        text = "\n".join(line for line in parts.lines(limits, detail) if line)
        if len(text) <= limits.statement_chars:
            return text
    return text[: limits.statement_chars - 1] + "…"


class _Parts:
    """The sentences of the statement at four levels of detail.

    3 is everything; 2 leaves out the return tracking number, the buyer's own words and the
    serial lists; 1 also the dates, the items and the seals (the reasons keep their facts);
    0 keeps only the order, the claim, the weights and each reason with its evidence.
    """

    def __init__(
        self,
        view: InspectionView,
        photos: Sequence[KitPhoto],
        has_clip: bool,
        policy: Policy,
        tz: tzinfo,
    ) -> None:
        self.view, self.photos, self.has_clip, self.policy, self.tz = (
            view,
            photos,
            has_clip,
            policy,
            tz,
        )

    def lines(self, limits: AppealLimits, detail: int) -> list[str]:
        return [
            f"申诉说明（{limits.name}）" if detail > 1 else "",
            self.order(detail),
            self.claim(detail),
            self.shipped(detail),
            self.returned(detail),
            "拒绝理由及证据：" if detail > 1 else "理由：",
            *self.reasons(detail),
            self.closing(detail),
        ]

    def order(self, detail: int) -> str:
        view, shipment, ret = self.view, self.view.shipment, self.view.return_request
        parts = [f"订单号：{shipment.order_ref}" if shipment else ""]
        if ret and detail:
            parts.append(f"退货单号：{ret.rma_ref}")
        if ret and ret.tracking_return and detail > 2:
            parts.append(f"退货运单号：{ret.tracking_return}")
        parts.append(f"质检编号：{view.code}")
        return "；".join(part for part in parts if part) + "。"

    def claim(self, detail: int) -> str:
        ret = self.view.return_request
        if ret is None:
            return ""
        code = claim_code(ret.reason_code)
        claimed = CLAIM_WORDS.get(code or "", ret.reason_code or "未说明原因")
        amount = self.money(ret.refund_minor)
        text = f"买家诉求：以“{claimed}”为由申请退款{amount}"
        said = ret.reason_text.strip()
        if said and said != claimed and detail > 2:
            text += f"（买家原话：“{_short(ret.reason_text, 60)}”）"
        return text + "。"

    def shipped(self, detail: int) -> str:
        shipment = self.view.shipment
        if shipment is None:
            return ""
        parts = []
        if shipment.shipped_at and detail > 1:
            parts.append(f"{self.day(shipment.shipped_at)}发出")
        if shipment.shipped_weight_g is not None:
            parts.append(f"发货称重{shipment.shipped_weight_g}克")
        if detail > 1:
            items = []
            for line in shipment.lines:
                item = f"{_short(line.title or line.sku, 24)}×{line.qty}"
                if line.serials and detail > 2:
                    item += f"（序列号{'、'.join(line.serials[:3])}）"
                items.append(item)
            parts.append("商品：" + "、".join(items))
        if shipment.seal_ids and detail > 1:
            parts.append(f"防调包扣{'、'.join(shipment.seal_ids[:3])}")
        pre = self.cite(("pre_shipment",))
        if pre:
            parts.append(f"发货前照片见{pre}")
        return ("发货情况：" + "，".join(parts) + "。") if parts else ""

    def returned(self, detail: int) -> str:
        view = self.view
        parts = []
        if view.opened_at and detail > 1:
            parts.append(
                f"{self.day(view.opened_at)}开箱质检" + ("（全程录像）" if self.has_clip else "")
            )
        if view.weight_g is not None:
            text = f"退回包裹称重{view.weight_g}克"
            expected, label = _expected(view)
            if expected:
                text += f"，为{label}的{round(100 * view.weight_g / expected)}%"
            parts.append(text)
        if detail > 1:
            got = Counter(_unit_words(u.sku, u.scanned_code, u.serial) for u in view.units)
            items = [word + (f"×{count}" if count > 1 else "") for word, count in got.items()]
            parts.append("收到：" + ("、".join(items[:6]) if items else "无商品"))
        return ("退回情况：" + "，".join(parts) + "。") if parts else ""

    def reasons(self, detail: int) -> list[str]:
        decision = self.view.decision
        codes = decision.reasons if decision else self.view.suggested.reasons
        lines = []
        for number, code in enumerate(codes, start=1):
            words = REASON_WORDS.get(code, code)
            fact = self.fact(code) if detail else ""
            proof = self.evidence_for(code)
            lines.append(
                f"{number}. {words}" + (f"：{fact}" if fact else "") + f"。证据：{proof}。"
            )
        return lines

    def closing(self, detail: int) -> str:
        decision = self.view.decision
        if decision is None or not detail:
            return ""
        if decision.outcome == Outcome.PARTIAL:
            return f"请平台支持按实际退回情况部分退款{self.money(decision.refund)}。"
        return (
            "综上，请平台驳回买家的退款申请。"
            if detail < 3
            else ("综上，退回包裹与发货不符，请平台驳回买家的退款申请，支持商家。")
        )

    def evidence_for(self, code: str) -> str:
        try:
            kinds = self.policy.reason(code).evidence
        except KeyError:
            kinds = ()
        cited = [self.cite((kind,)) for kind in kinds if kind != "video"]
        cited = [item for item in cited if item]
        if self.has_clip and (code in _CLIP_PROVES or "video" in kinds):
            cited.append(CLIP_WORDS)
        return "、".join(cited) if cited else _RECORD

    def cite(self, kinds: tuple[str, ...]) -> str:
        """The kit's photos of ``kinds`` as ``图2、图3（称重照片）``; empty when there are none."""
        groups: dict[str, list[int]] = {}
        for photo in self.photos:
            if photo.kind in kinds:
                groups.setdefault(photo.kind, []).append(photo.number)
        return "、".join(
            "、".join(f"图{n}" for n in numbers) + f"（{EVIDENCE_WORDS.get(kind, kind)}）"
            for kind, numbers in groups.items()
        )

    def fact(self, code: str) -> str:
        maker = _FACTS.get(code)
        return maker(self.view) if maker else ""

    def day(self, moment: datetime) -> str:
        local = moment.astimezone(self.tz)
        return f"{local.year}年{local.month}月{local.day}日"

    def money(self, minor: int | None) -> str:
        if minor is None:
            return ""
        currency = self.view.shipment.currency if self.view.shipment else "CNY"
        if currency.upper() in ("CNY", "RMB", ""):
            return f"¥{minor / 100:.2f}"
        return f"{minor / 100:.2f} {currency}"


def _short(text: str, length: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1] + "…"


def _expected(view: InspectionView) -> tuple[int | None, str]:
    """What the parcel should have weighed, and what to call it: the shipped weight when the
    whole order comes back, else the weight of the goods the return covers."""
    shipped = view.shipment.shipped_weight_g if view.shipment else None
    expected = view.expected_weight_g or shipped
    if expected is not None and expected == shipped:
        return expected, "发货重量"
    return expected, "应退商品重量"


def _unit_words(sku: str | None, scanned: str, serial: str | None) -> str:
    words = _short(sku, 24) if sku else f"条码{_short(scanned, 24)}"
    return words + (f"（序列号{serial}）" if serial else "")


def _empty(view: InspectionView) -> str:
    expected, label = _expected(view)
    if view.weight_g is None:
        return "包裹内无商品"
    if expected:
        share = round(100 * view.weight_g / expected)
        return f"退回包裹仅{view.weight_g}克，为{label}{expected}克的{share}%，包裹内无商品"
    return f"退回包裹仅{view.weight_g}克，包裹内无商品"


def _missing_items(view: InspectionView) -> str:
    missing = [f"{m.sku}×{m.missing}" for m in view.missing]
    return f"少退{'、'.join(missing)}" if missing else "退回数量少于申请退货数量"


def _missing_parts(view: InspectionView) -> str:
    lines = {line.line_no: line for line in view.shipment.lines} if view.shipment else {}
    gone: list[str] = []
    for unit in view.units:
        line = lines.get(unit.line) if unit.line is not None else None
        if line is None or unit.components_present is None:
            continue
        gone += [part for part in line.components if part not in unit.components_present]
    return f"缺少配件：{'、'.join(dict.fromkeys(gone))}" if gone else "随商品发出的配件未退回"


def _swapped(view: InspectionView) -> str:
    foreign = [u for u in view.units if u.match == "unexpected" or u.grade == Grade.X]
    shipped = "、".join(line.sku for line in view.shipment.lines) if view.shipment else ""
    if not foreign:
        return "退回商品不是本订单发出的商品"
    got = "、".join(_unit_words(u.sku, u.scanned_code, None) for u in foreign[:3])
    return f"收到{got}，本订单发出的是{shipped}" if shipped else f"收到{got}，非本订单商品"


def _serial(view: InspectionView) -> str:
    wrong = [u.serial for u in view.units if u.match == "serial_mismatch" and u.serial]
    sent = [s for line in view.shipment.lines for s in line.serials] if view.shipment else []
    if not wrong:
        return "退回商品的序列号不是本订单发出的序列号"
    text = f"退回商品序列号{'、'.join(wrong[:3])}不是本订单发出的序列号"
    return text + (f"（发出：{'、'.join(sent[:3])}）" if sent else "")


def _seal_mismatch(view: InspectionView) -> str:
    found = "、".join(view.seals.mismatched[:3])
    fixed = "、".join(view.seals.expected[:3])
    return f"包裹上的防调包扣{found}不是发货时所挂的{fixed}"


def _seal_missing(view: InspectionView) -> str:
    return f"发货时所挂的防调包扣{'、'.join(view.seals.missing[:3])}缺失或破损"


def _used(view: InspectionView) -> str:
    return "退回商品有明显使用痕迹，不符合七天无理由退货“商品完好”的条件"


def _damage(view: InspectionView) -> str:
    return "商品存在人为损坏，发货前照片显示商品完好"


def _not_found(view: InspectionView) -> str:
    note = _short(view.test_note or view.note, 60)
    return "经功能测试，买家所述质量问题未复现" + (f"（{note}）" if note else "")


def _outside(view: InspectionView) -> str:
    return "退货申请时间超出七天无理由退货期限"


_FACTS: dict[str, Callable[[InspectionView], str]] = {
    "EMPTY_PARCEL": _empty,
    "MISSING_ITEMS": _missing_items,
    "MISSING_PARTS": _missing_parts,
    "SWAPPED_ITEM": _swapped,
    "SERIAL_MISMATCH": _serial,
    "SEAL_MISMATCH": _seal_mismatch,
    "SEAL_MISSING": _seal_missing,
    "USED_OR_WORN": _used,
    "BUYER_DAMAGE": _damage,
    "DEFECT_NOT_FOUND": _not_found,
    "OUTSIDE_WINDOW": _outside,
}
