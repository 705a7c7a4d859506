"""The evidence pack's PDF: one inspection laid out for a platform's dispute team.

It shows the order and the return as recorded, what was expected against what came back
(weight, units, serials), the findings with their explanations, the decision and its reasons,
the supervisor's review, the timeline of audit events, the pre-shipment and return photos side
by side (turned upright by their EXIF orientation), the SHA-256 of every evidence file, and a
QR code of the inspection code. Chinese text needs a font with Chinese glyphs, found on the
system by :func:`inspect_tui.services.evidence_pack.font_candidates`; fpdf2 embeds only the
glyphs used.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime, tzinfo
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import WrapMode, XPos, YPos

from inspect_tui import __version__
from inspect_tui.core.display_names import (
    disposition_name,
    evidence_name,
    known_reason,
    outcome_name,
    platform_name,
    reason_name,
    risk_level_name,
)
from inspect_tui.core.state_names import review_state_name
from inspect_tui.core.translation import _, ngettext
from inspect_tui.services.records import evidence_pdf_parts as piece
from inspect_tui.services.records.event_text import details
from inspect_tui.services.records.evidence_pdf_layout import BODY_FONT, GREY, Layout
from inspect_tui.services.records.inspection_record import EvidenceCheck, InspectionRecord
from inspect_tui.services.shared.errors import DeskError
from inspect_tui.services.shared.views import InspectionView

__all__ = ["FONT_ENV", "NoPdfFont", "evidence_pdf"]

FONT_ENV = "INSPECT_TUI_PDF_FONT"
"""Names a TrueType font (.ttf/.ttc) to use instead of the CJK fonts found on the system."""

_BODY = BODY_FONT
_GREY = GREY
_MARGIN = 15.0
_QR_SIZE = 30.0
_PHOTO_HEIGHT = 62.0
_GAP = 6.0
_log = logging.getLogger(__name__)


class NoPdfFont(DeskError):
    """No font that can write Chinese text is installed."""


def evidence_pdf(
    record: InspectionRecord,
    checks: Sequence[EvidenceCheck],
    *,
    tz: tzinfo,
    generated_at: datetime,
    fonts: Iterable[Path],
) -> bytes:
    """The evidence pack of ``record`` as a PDF document.

    Args:
        record: The inspection and its timeline.
        checks: Every evidence file hashed again (see ``check_evidence``).
        tz: The zone times are shown in.
        generated_at: When the pack is made (printed on it).
        fonts: TrueType fonts with Chinese glyphs, best first; the first that loads is used.

    Returns:
        The PDF's bytes.

    Raises:
        NoPdfFont: No usable font with Chinese glyphs is installed.
    """
    pdf = _PackPdf(record.code, generated_at.astimezone(tz), fonts)
    layout = _Layout(pdf, tz)
    layout.title(record, generated_at)
    layout.parcel(record.view)
    layout.comparison(record.view)
    layout.findings(record)
    layout.timeline(record)
    layout.photos(checks)
    layout.files(checks)
    with _quiet_font_subsetting():
        return bytes(pdf.output())


class _PackPdf(FPDF):
    """A4 pages with the inspection code and page number in the footer."""

    def __init__(self, code: str, generated_at: datetime, fonts: Iterable[Path]) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.code = code
        self.set_margins(_MARGIN, _MARGIN, _MARGIN)
        self.set_auto_page_break(True, margin=_MARGIN)
        self.set_title(_("Evidence pack {code}").format(code=code))
        self.set_creator(f"inspect-tui {__version__}")
        self.set_creation_date(generated_at)
        _load_font(self, fonts)
        self.add_page()

    def footer(self) -> None:
        self.set_y(-10)
        self.set_font(_BODY, size=7)
        self.set_text_color(110)
        self.cell(0, 4, _("Evidence pack {code}").format(code=self.code), align="L")
        self.set_x(self.l_margin)
        page = _("page {number}/{pages}").format(number=self.page_no(), pages="{nb}")
        self.cell(0, 4, page, align="R")
        self.set_text_color(0)


def _load_font(pdf: FPDF, fonts: Iterable[Path]) -> None:
    tried: list[str] = []
    for path in fonts:
        try:
            pdf.add_font(_BODY, "", path, collection_font_number=0)
        except Exception as error:  # fpdf2/fontTools raise many types for an unusable file
            _log.info("font %s cannot be used: %s", path, error)
            tried.append(str(path))
            continue
        pdf.set_font(_BODY, size=9)
        return
    looked = ", ".join(tried) if tried else "none found"
    raise NoPdfFont(
        "Cannot write the PDF: no font with Chinese characters is installed "
        f"(tried: {looked}). Install one (Debian: apt-get install fonts-wqy-zenhei, or "
        f"fonts-noto-cjk), or name a .ttf/.ttc file in {FONT_ENV}."
    )


@contextmanager
def _quiet_font_subsetting() -> Iterator[None]:
    """fontTools reports tables it leaves out of the embedded subset; they are not needed."""
    logger = logging.getLogger("fontTools")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


class _Layout(Layout):
    """Draws the sections one after another on the pack's pages."""

    # -- sections ----------------------------------------------------------------------------

    def title(self, record: InspectionRecord, generated_at: datetime) -> None:
        pdf, view = self.pdf, record.view
        top = pdf.get_y()
        piece.draw_qr(pdf, view.code, pdf.w - _MARGIN - _QR_SIZE, top, _QR_SIZE)
        pdf.set_font(_BODY, size=18)
        pdf.cell(0, 9, _("Evidence pack"), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_font(_BODY, size=14)
        pdf.cell(0, 8, view.code, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_font(_BODY, size=9)
        width = pdf.w - 2 * _MARGIN - _QR_SIZE - 4
        for text in (
            _("Inspected at {station} by {inspector}; status {status}").format(
                station=view.station, inspector=view.inspector, status=piece.status(view.status)
            ),
            _("Opened {opened}   Completed {completed}").format(
                opened=self.when(view.opened_at), completed=self.when(view.completed_at)
            ),
            _("Pack made {time} by inspect-tui {version}").format(
                time=self.when(generated_at), version=__version__
            ),
            _("The audit trail is intact")
            if record.intact
            else _("The audit trail is BROKEN for this inspection"),
        ):
            pdf.multi_cell(width, 4.8, piece.text(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_y(max(pdf.get_y(), top + _QR_SIZE + 2))

    def parcel(self, view: InspectionView) -> None:
        self.heading(_("Order and return as recorded"))
        shipment, claim = view.shipment, view.return_request
        if shipment is None:
            self.pairs(
                [
                    (
                        _("Parcel"),
                        _("matched no shipment (unmatched parcel, kept in quarantine)"),
                    ),
                    (_("Scanned"), view.scanned_code),
                    (_("Clerk's note"), view.note or "—"),
                ]
            )
            return
        rows = [
            (_("Platform"), f"{platform_name(shipment.platform)} ({shipment.platform})"),
            (_("Order ref"), shipment.order_ref),
            (_("Package ref"), shipment.package_ref or "—"),
            (_("Buyer"), f"{shipment.buyer_name} ({shipment.buyer_ref})"),
            (_("Shipped"), self.when(shipment.shipped_at)),
            (_("Tracking out"), f"{shipment.tracking_out or '—'} ({shipment.carrier or '—'})"),
            (_("Shipped weight"), piece.grams(shipment.shipped_weight_g)),
            (_("Seal ids"), ", ".join(shipment.seal_ids) or "—"),
            (_("Platform risk"), risk_level_name(shipment.risk_level)),
            (_("Risk flags"), "; ".join(view.risk_flags) or _("none")),
        ]
        if claim is None:
            rows.append((_("Return request"), _("none recorded")))
        else:
            claimed = claim.reason_code or "—"
            if claim.reason_code and known_reason(claim.reason_code):
                claimed = f"{reason_name(claim.reason_code)} ({claim.reason_code})"
            rows += [
                (_("RMA"), claim.rma_ref),
                (
                    _("Tracking back"),
                    f"{claim.tracking_return or '—'} ({claim.carrier_return or '—'})",
                ),
                (_("Requested"), self.when(claim.requested_at)),
                (_("Claimed reason"), f"{claimed}: {claim.reason_text or '—'}"),
                (_("Refund asked"), piece.money(claim.refund_minor, shipment.currency)),
                (_("Freight insurance"), _("yes") if claim.freight_insurance else _("no")),
                (
                    _("Lines returned"),
                    ", ".join(f"{sku} x {qty}" for sku, qty in claim.lines) or "—",
                ),
            ]
        if view.return_window_days_left is not None:
            left = view.return_window_days_left
            window = (
                ngettext("{days} day left when asked", "{days} days left when asked", left)
                if left >= 0
                else ngettext("{days} day late", "{days} days late", -left)
            )
            rows.append((_("Return window"), window.format(days=abs(left))))
        self.pairs(rows)

    def comparison(self, view: InspectionView) -> None:
        self.heading(_("Expected and received"))
        self.pairs(
            [
                (_("Expected weight"), piece.grams(view.expected_weight_g)),
                (_("Weighed"), f"{piece.grams(view.weight_g)} ({view.weight_source or '—'})"),
                (_("Weight verdict"), self.verdict(view)),
            ]
        )
        if view.shipment is not None and view.shipment.lines:
            self.pdf.ln(2)
            received: dict[int, list[str]] = {}
            for unit in view.units:
                received.setdefault(unit.line or 0, []).append(unit.serial or unit.scanned_code)
            rows = [
                [
                    str(line.line_no),
                    f"{line.sku} {line.title}".strip(),
                    str(line.qty),
                    ", ".join(line.serials) or "—",
                    str(len(received.get(line.line_no, []))),
                    ", ".join(received.get(line.line_no, [])) or "—",
                ]
                for line in view.shipment.lines
            ]
            if received.get(0):
                rows.append(["—", _("not on the order"), "0", "—", str(len(received[0])), ""])
                rows[-1][5] = ", ".join(received[0])
            self.grid(
                (
                    _("Line"),
                    _("SKU / title"),
                    _("Shipped"),
                    _("Serials shipped"),
                    _("Received"),
                    _("Received as"),
                ),
                (11, 55, 16, 40, 17, 41),
                rows,
            )
        if view.units:
            self.pdf.ln(2)
            self.grid(
                (
                    "#",
                    _("Scanned"),
                    _("Serial"),
                    _("Match"),
                    _("Grade"),
                    _("Disposition"),
                    _("How it matched"),
                ),
                (7, 32, 30, 22, 12, 22, 55),
                [
                    [
                        str(number),
                        unit.scanned_code,
                        unit.serial or "—",
                        unit.match,
                        unit.grade or "—",
                        disposition_name(unit.disposition) if unit.disposition else "—",
                        "; ".join(filter(None, (unit.explanation, piece.parts(unit), unit.note))),
                    ]
                    for number, unit in enumerate(view.units, start=1)
                ],
            )
        for missing in view.missing:
            missing_line = ngettext(
                "Missing: line {line} {sku} {title}: {count} unit not in the parcel",
                "Missing: line {line} {sku} {title}: {count} units not in the parcel",
                missing.missing,
            ).format(line=missing.line, sku=missing.sku, title=missing.title, count=missing.missing)
            if missing.serials:
                missing_line = _("{missing} (serials {serials})").format(
                    missing=missing_line, serials=", ".join(missing.serials)
                )
            self.line(missing_line)

    def findings(self, record: InspectionRecord) -> None:
        view = record.view
        self.heading(_("Findings"))
        if not view.findings:
            self.line(_("No findings."))
        for finding in view.findings:
            reason = f"  → {self.reasons((finding.reason,))}" if finding.reason else ""
            self.line(f"[{piece.severity(finding.severity)}] {finding.explanation}{reason}")
        self.heading(_("Decision"))
        decision = view.decision
        currency = view.shipment.currency if view.shipment else ""
        if decision is None:
            self.line(
                _("Not decided. Suggested: {outcome}.").format(
                    outcome=outcome_name(view.suggested.outcome)
                )
            )
        else:
            suggested = view.suggested
            rows = [
                (_("Outcome"), f"{outcome_name(decision.outcome)} ({decision.outcome})"),
                (_("Reasons"), self.reasons(decision.reasons) or "—"),
                (_("Refund"), piece.money(decision.refund, currency)),
                (_("Decided"), self.when(decision.decided_at)),
                (
                    _("Suggested by rules"),
                    f"{outcome_name(suggested.outcome)}: {self.reasons(suggested.reasons)}",
                ),
                (_("Justification"), decision.justification or "—"),
            ]
            rows += [(_("Why"), text) for text in suggested.explanations]
            self.pairs(rows)
        self.heading(_("Supervisor review"))
        review = record.review
        if not review.needs_review and review.state is None:
            self.line(_("Not needed: the decision followed the rules and is not a reject."))
        else:
            self.pairs(
                [
                    (_("Review"), review_state_name(review.state or "pending")),
                    (_("Supervisor"), review.by or "—"),
                    (_("Reviewed"), self.when(review.at)),
                    (_("Comment"), review.comment or "—"),
                ]
            )

    def timeline(self, record: InspectionRecord) -> None:
        self.heading(_("Timeline (audit trail)"))
        self.grid(
            ("#", _("Time"), _("Who"), _("Action"), _("Details"), _("Hash")),
            (10, 35, 26, 19, 68, 22),
            [
                [
                    str(event.seq),
                    self.when(event.at),
                    f"{event.actor} @ {event.station}" if event.station else event.actor,
                    event.action.removeprefix("inspection."),
                    details(event.payload),
                    event.hash[:12] + ("" if event.intact else " " + _("ALTERED")),
                ]
                for event in record.timeline
            ],
            size=7,
        )
        self.line(
            _(
                "Each event's hash is the SHA-256 of its content and the previous event's hash "
                "(manifest.json in the ZIP pack lists them in full)."
            ),
            size=7,
            height=3.6,
        )

    def photos(self, checks: Sequence[EvidenceCheck]) -> None:
        before = [c for c in checks if c.source == "shipment" and piece.is_photo(c)]
        after = [c for c in checks if c.source == "inspection" and piece.is_photo(c)]
        if not before and not after:
            return
        self.pdf.add_page()
        self.heading(_("Photos: as packed (left) and as returned (right)"))
        pdf = self.pdf
        width = (pdf.w - 2 * _MARGIN - _GAP) / 2
        for index in range(max(len(before), len(after))):
            if pdf.get_y() + _PHOTO_HEIGHT + 12 > pdf.h - _MARGIN:
                pdf.add_page()
            top = pdf.get_y()
            bottom = top
            for column, side in enumerate((before, after)):
                if index < len(side):
                    x = _MARGIN + column * (width + _GAP)
                    bottom = max(bottom, self._photo(side[index], x, top, width))
            pdf.set_y(bottom + 3)

    def _photo(self, check: EvidenceCheck, x: float, y: float, width: float) -> float:
        pdf = self.pdf
        image = piece.upright(check)
        if image is None:
            pdf.set_fill_color(*_GREY)
            pdf.rect(x, y, width, _PHOTO_HEIGHT, style="F")
            pdf.set_xy(x, y + _PHOTO_HEIGHT / 2 - 3)
            pdf.set_font(_BODY, size=10)
            why = (
                piece.check_words(check)
                if check.status != "ok"
                else _("cannot be shown (not a picture)")
            )
            pdf.multi_cell(width, 5, why, align="C")
        else:
            pdf.image(image, x=x, y=y, w=width, h=_PHOTO_HEIGHT, keep_aspect_ratio=True)
        pdf.set_xy(x, y + _PHOTO_HEIGHT + 1)
        pdf.set_font(_BODY, size=7)
        item = check.evidence
        caption = (
            f"{evidence_name(item.kind)} · {item.original_name} · {self.when(item.captured_at)}"
        )
        pdf.multi_cell(width, 3.4, piece.text(caption), wrapmode=WrapMode.CHAR)
        pdf.set_font(_BODY, size=9)
        return pdf.get_y()

    def files(self, checks: Sequence[EvidenceCheck]) -> None:
        self.heading(_("Evidence files and their SHA-256"))
        if not checks:
            self.line(_("No evidence files."))
            return
        for number, check in enumerate(checks, start=1):
            item = check.evidence
            where = _("pre-shipment") if check.source == "shipment" else _("bench")
            size = ngettext("{count} byte", "{count} bytes", item.bytes).format(count=item.bytes)
            self.line(
                f"{number}. {evidence_name(item.kind)} ({where}) · {item.original_name} · "
                f"{size} · {self.when(item.captured_at)} · {piece.check_words(check)}",
                size=8,
                height=4,
            )
            self.line(f"SHA-256 {item.sha256}", size=7.5, height=4)
            if check.status == "altered" and check.sha256:
                self.line(_("SHA-256 now {sha256}").format(sha256=check.sha256), size=7.5, height=4)
            self.pdf.ln(1)
