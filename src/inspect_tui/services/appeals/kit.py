"""The appeal kit: what the seller uploads when a platform steps into a disputed return.

``write_appeal_kit`` fills a new folder with:

- ``photos/NN-<kind>.jpg`` — the evidence photos, re-encoded as JPEG within the platform's
  limits and stamped with the inspection code, time and weight (:mod:`.appeal_photos`); those
  the decision's reasons need come first, then the pre-shipment photos, then the rest, up to
  the platform's count;
- ``video/unboxing.<ext>`` — the unboxing clip, whole or cut to the size limit
  (:mod:`.appeal_clip`);
- ``statement.txt`` — the statement (申诉说明) within the text box's length
  (:mod:`.appeal_statement`);
- ``appeal.pdf`` — the same in a Chinese PDF with the reasons, hashes and photos
  (:mod:`.appeal_pdf`);
- ``audit-chain.json`` — the inspection's audit events with their chain hashes;
- ``manifest.json`` and ``SHA256SUMS`` — the SHA-256 of every file (``sha256sum -c SHA256SUMS``).

The folder is built under a temporary name beside it and renamed when complete, so a failure
leaves nothing behind.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from inspect_tui import __version__
from inspect_tui.core.policy import Policy, default_policy
from inspect_tui.core.translation import _
from inspect_tui.core.zones import local_zone
from inspect_tui.services.appeals.clip import KitClip, fit_clip
from inspect_tui.services.appeals.pdf import KitFile, appeal_pdf, pick_font
from inspect_tui.services.appeals.photos import KitPhoto, PhotoStamp, fit_photo
from inspect_tui.services.appeals.platforms import APPEALABLE, AppealLimits, limits_for
from inspect_tui.services.appeals.statement import EVIDENCE_WORDS, appeal_statement
from inspect_tui.services.records.evidence_pack import HOW_TO_VERIFY, font_candidates
from inspect_tui.services.records.evidence_pdf_parts import is_photo
from inspect_tui.services.records.inspection_record import (
    EvidenceCheck,
    InspectionRecord,
    check_evidence,
    load_record,
)
from inspect_tui.services.shared.errors import DeskError, outcome_words
from inspect_tui.services.shared.views import to_json
from inspect_tui.store.types import utcnow

__all__ = ["APPEALABLE", "AppealKit", "KitError", "MANIFEST", "SUMS", "write_appeal_kit"]

MANIFEST = "manifest.json"
SUMS = "SHA256SUMS"
STATEMENT = "statement.txt"
PDF = "appeal.pdf"
AUDIT = "audit-chain.json"
_CLIP_KINDS = ("video",)


class KitError(DeskError):
    """The kit cannot be made as asked; nothing was written."""


@dataclass(frozen=True, slots=True)
class AppealKit:
    """A kit written to ``folder``."""

    folder: Path
    limits: AppealLimits
    statement: str
    photos: tuple[KitPhoto, ...]
    clip: KitClip | None
    files: tuple[KitFile, ...]
    """Every file but the manifest and the sums, with its hash."""
    notes: tuple[str, ...]
    """What was left out and why, in Chinese (photos over the count, altered files, …)."""


def write_appeal_kit(
    engine: Engine,
    code: str,
    folder: Path,
    *,
    platform: str,
    evidence_dir: Path,
    policy: Policy | None = None,
    limits_file: Path | None = None,
    tz: tzinfo | None = None,
    overwrite: bool = False,
    ffmpeg: str = "ffmpeg",
    ffprobe: str = "ffprobe",
) -> AppealKit:
    """Write the appeal kit of inspection ``code`` for ``platform`` into the new folder ``folder``.

    Raises:
        UnknownPlatform: The platform is not one the limits know.
        LimitsError: The limits file cannot be used.
        InspectionNotFound: No inspection has this code.
        KitError: The inspection is not decided, or was accepted; the folder exists (and is not
            a kit to replace with ``overwrite``) or cannot be written.
        NoPdfFont: No font with Chinese glyphs is installed.
    """
    limits = limits_for(platform, limits_file)
    policy = policy or default_policy()
    record = load_record(engine, code, evidence_dir=evidence_dir, policy=policy)
    decision = record.view.decision
    if decision is None:
        raise KitError(
            _("{code} is not decided yet: finish it at the bench first.").format(code=record.code)
        )
    if decision.outcome not in APPEALABLE:
        raise KitError(
            _(
                "{code} was {outcome}ed: the buyer got the refund, there is nothing to appeal."
            ).format(code=record.code, outcome=outcome_words(decision.outcome))
        )
    folder = Path(folder)
    _check_folder(folder, overwrite)
    font = pick_font(font_candidates())
    zone = tz or local_zone()
    work = folder.parent / f".{folder.name}.{secrets.token_hex(6)}.partial"
    try:
        work.mkdir()
    except FileNotFoundError:
        raise KitError(
            _("The folder {parent} does not exist: create it first.").format(parent=folder.parent)
        ) from None
    except OSError as error:
        raise KitError(
            _("Cannot write in {parent}: {strerror}.").format(
                parent=folder.parent, strerror=error.strerror
            )
        ) from None
    try:
        kit = _Builder(record, limits, policy, font, zone, work, (ffmpeg, ffprobe)).build()
        if folder.exists():
            shutil.rmtree(folder)
        os.replace(work, folder)
    except OSError as error:
        raise KitError(
            _("Cannot write the kit in {folder}: {strerror}.").format(
                folder=folder, strerror=error.strerror or error
            )
        ) from None
    finally:
        if work.exists():
            shutil.rmtree(work, ignore_errors=True)
    return _moved(kit, folder)


class _Builder:
    """Writes the kit's files into the working folder, one after another."""

    def __init__(
        self,
        record: InspectionRecord,
        limits: AppealLimits,
        policy: Policy,
        font: Path,
        tz: tzinfo,
        work: Path,
        tools: tuple[str, str],
    ) -> None:
        self.record, self.limits, self.policy = record, limits, policy
        self.font, self.tz, self.work = font, tz, work
        self.ffmpeg, self.ffprobe = tools
        self.files: list[KitFile] = []
        self.notes: list[str] = []
        self.now = utcnow()

    def build(self) -> AppealKit:
        checks = check_evidence(self.record)
        photos = self.photos(checks)
        clip = self.clip(checks)
        view = self.record.view
        statement = appeal_statement(
            view,
            self.limits,
            [photo for photo, _ in photos],
            has_clip=clip is not None and clip.path is not None,
            policy=self.policy,
            tz=self.tz,
        )
        self.write(STATEMENT, (statement + "\n").encode("utf-8"), "statement")
        audit = {
            "inspection": self.record.code,
            "how_to_verify": HOW_TO_VERIFY,
            "audit_intact": self.record.intact,
            "audit_events": [event.to_json() for event in self.record.timeline],
        }
        self.write(AUDIT, _json(audit), "audit_chain")
        decision = view.decision
        reasons = decision.reasons if decision else ()
        pdf = appeal_pdf(
            code=self.record.code,
            platform_name=self.limits.name,
            statement=statement,
            reasons=[(reason, _needs(self.policy, reason)) for reason in reasons],
            photos=photos,
            files=tuple(self.files),
            timeline=self.record.timeline,
            font=self.font,
            tz=self.tz,
            generated_at=self.now,
        )
        self.write(PDF, pdf, "report")
        files = tuple(self.files)
        self.write(MANIFEST, _json(self.manifest(statement, clip)), "manifest")
        sums = "".join(f"{item.sha256}  {item.path}\n" for item in self.files)
        (self.work / SUMS).write_text(sums, encoding="utf-8")
        return AppealKit(
            folder=self.work,
            limits=self.limits,
            statement=statement,
            photos=tuple(photo for photo, _ in photos),
            clip=clip,
            files=files,
            notes=tuple(self.notes),
        )

    def photos(self, checks: Sequence[EvidenceCheck]) -> list[tuple[KitPhoto, bytes]]:
        usable = []
        for check in checks:
            if not is_photo(check) and check.evidence.kind != "pre_shipment":
                continue
            if check.status != "ok":
                self.notes.append(
                    f"照片{check.evidence.original_name}：{_STATUS[check.status]}，未放入。"
                )
                continue
            usable.append(check)
        usable.sort(key=self.priority)
        chosen: list[tuple[KitPhoto, bytes]] = []
        for check in usable:
            if len(chosen) == self.limits.max_photos:
                self.notes.append(
                    f"照片超过平台上限{self.limits.max_photos}张，"
                    f"{check.evidence.original_name or check.evidence.sha256[:12]}未放入。"
                )
                continue
            data = fit_photo(check.evidence.path, self.stamp(check), self.limits, self.font)
            if data is None:
                self.notes.append(
                    f"{check.evidence.original_name or check.evidence.sha256[:12]}："
                    "不是可读取的照片，或无法压缩到平台大小限制以内，未放入。"
                )
                continue
            number = len(chosen) + 1
            name = f"{number:02d}-{check.evidence.kind}.jpg"
            photo = KitPhoto(number, check.evidence.kind, name, check.evidence.sha256)
            self.write(f"photos/{name}", data, check.evidence.kind, check.evidence.sha256)
            chosen.append((photo, data))
        return chosen

    def priority(self, check: EvidenceCheck) -> tuple[int, int]:
        """The reasons' photos first (in the reasons' order), then pre-shipment, then the rest."""
        decision = self.record.view.decision
        needed: list[str] = []
        for reason in decision.reasons if decision else ():
            needed += [kind for kind in _evidence(self.policy, reason) if kind not in needed]
        kind = check.evidence.kind
        if kind in needed:
            return (0, needed.index(kind))
        return (1, 0) if kind == "pre_shipment" else (2, 0)

    def stamp(self, check: EvidenceCheck) -> PhotoStamp:
        view = self.record.view
        moment = check.evidence.captured_at or view.opened_at or self.now
        local = moment.astimezone(self.tz)
        when = local.strftime("%Y-%m-%d %H:%M:%S ") + _offset(local)
        if check.source == "shipment":
            grams = view.shipment.shipped_weight_g if view.shipment else None
            weight = f"发货称重 {grams} g" if grams is not None else "发货称重 —"
        else:
            weight = f"退货称重 {view.weight_g} g" if view.weight_g is not None else "退货未称重"
        return PhotoStamp(code=view.code, time=when, weight=weight)

    def clip(self, checks: Sequence[EvidenceCheck]) -> KitClip | None:
        clips = [c for c in checks if c.evidence.kind in _CLIP_KINDS and c.source == "inspection"]
        if not clips:
            return None
        check = clips[-1]
        if check.status != "ok":
            note = f"开箱视频：{_STATUS[check.status]}，未放入。"
            self.notes.append(note)
            return KitClip(None, note)
        (self.work / "video").mkdir()
        fitted = fit_clip(
            check.evidence.path,
            self.work / "video" / "unboxing",
            self.limits.max_video_bytes,
            ffmpeg=self.ffmpeg,
            ffprobe=self.ffprobe,
        )
        if fitted.path is None:
            self.notes.append(fitted.note)
            return fitted
        self.register(fitted.path, "video", check.evidence.sha256)
        return fitted

    def write(self, name: str, data: bytes, kind: str, source: str = "") -> None:
        path = self.work / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        digest = hashlib.sha256(data).hexdigest()
        self.files.append(KitFile(name, digest, len(data), kind, source))

    def register(self, path: Path, kind: str, source: str) -> None:
        digest = hashlib.sha256()
        with path.open("rb") as handle:
            while chunk := handle.read(1 << 20):
                digest.update(chunk)
        name = path.relative_to(self.work).as_posix()
        self.files.append(KitFile(name, digest.hexdigest(), path.stat().st_size, kind, source))

    def manifest(self, statement: str, clip: KitClip | None) -> dict[str, Any]:
        return {
            "kit": {
                "format": "inspect-tui appeal kit",
                "version": 1,
                "inspection": self.record.code,
                "platform": self.limits.platform,
                "generated_at": self.now.isoformat(),
                "generated_by": f"inspect-tui {__version__}",
            },
            "limits": to_json(self.limits),
            "statement_chars": len(statement),
            "clip": clip.note if clip else None,
            "notes": self.notes,
            "files": [to_json(item) for item in self.files],
        }


_STATUS = {"missing": "文件缺失", "altered": "文件与记录的SHA-256不符"}


def _check_folder(folder: Path, overwrite: bool) -> None:
    if folder.exists() and not folder.is_dir():
        raise KitError(
            _("{folder} is a file: give the name of a new folder for the kit.").format(
                folder=folder
            )
        )
    if folder.is_dir() and any(folder.iterdir()):
        if not overwrite:
            raise KitError(
                _(
                    "{folder} already holds files: choose a new folder, or replace an earlier kit "
                    "with --force."
                ).format(folder=folder)
            )
        if not (folder / MANIFEST).is_file() or not (folder / SUMS).is_file():
            raise KitError(
                _("{folder} is not an appeal kit: it is never replaced, choose another.").format(
                    folder=folder
                )
            )


def _moved(kit: AppealKit, folder: Path) -> AppealKit:
    clip = kit.clip
    if clip is not None and clip.path is not None:
        clip = KitClip(folder / clip.path.relative_to(kit.folder), clip.note)
    return AppealKit(folder, kit.limits, kit.statement, kit.photos, clip, kit.files, kit.notes)


def _evidence(policy: Policy, reason: str) -> tuple[str, ...]:
    try:
        return policy.reason(reason).evidence
    except KeyError:
        return ()


def _needs(policy: Policy, reason: str) -> str:
    kinds = _evidence(policy, reason)
    words = "、".join(EVIDENCE_WORDS.get(kind, kind) for kind in kinds)
    return f"所需证据：{words}" if words else "所需证据：质检记录"


def _offset(moment: datetime) -> str:
    offset = moment.strftime("%z")
    return f"UTC{offset[:3]}:{offset[3:]}" if offset else "UTC"


def _json(value: Any) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
