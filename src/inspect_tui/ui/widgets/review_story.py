"""One inspection's story for the supervisor: what was shipped beside what came back.

Built once from an :class:`InspectionDetail` (a frozen value read by a worker): the decision
and who made it, shipped vs received row by row, the findings with their explanations, every
recorded step with its time (to match against the bench camera's video), the evidence with
its SHA-256 and whether the file is still intact, and the photos from packing beside the
photos from the bench.
"""

from __future__ import annotations

from datetime import tzinfo

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import DataTable, Static

from inspect_tui.core.translation import N_, _, language, pgettext
from inspect_tui.core.vocabulary import Outcome, ReviewState
from inspect_tui.services.records.event_text import details
from inspect_tui.services.review.summaries import InspectionDetail
from inspect_tui.services.shared.views import EvidenceView, InspectionView
from inspect_tui.ui import format as fmt
from inspect_tui.ui.widgets.fitted_table import fill_table
from inspect_tui.ui.widgets.photo_strip import ImageFactory, PhotoStrip

AGREES = {True: ("✓", "$success"), False: ("✗", "$error"), None: ("", "")}
FILE_STYLES = {
    "ok": "$success",
    "missing": "$error",
    "altered": "$error",
    "unreachable": "$warning",
}
SEVERITY_STYLES = {"alert": "$error", "warning": "$warning"}
REVIEW_DECISIONS: dict[str, str] = {
    "approved": N_("approved"),
    "overturned": N_("overturned"),
    "reopened": N_("reopened"),
}
"""A supervisor's review decision in words (English; shown through ``_``)."""


STEP_WORDS: dict[str, str] = {
    "open": N_("opened"),
    "open_unmatched": N_("opened unmatched"),
    "return_found": N_("return found"),
    "take_over": N_("taken over"),
    "park": N_("held"),
    "step": N_("step"),
    "weigh": N_("weighed"),
    "outer_box": N_("outer box"),
    "seal": N_("seal tag"),
    "scan": N_("unit scanned"),
    "unscan": N_("scan undone"),
    "grade": N_("graded"),
    "components": N_("accessories"),
    "test": N_("tested"),
    "note": N_("note"),
    "evidence": N_("evidence"),
    "unboxing_video": N_("unboxing video"),
    "seller_error": N_("seller error"),
    "decide": N_("decided"),
    "refuse": N_("refused at receipt"),
    "complete": N_("completed"),
    "review.approve": N_("review: approved"),
    "review.overturn": N_("review: overturned"),
    "review.reopen": N_("review: reopened"),
    "appeal.record": N_("appeal recorded"),
    "appeal.pdf": N_("appeal statement"),
}
"""Each step of the timeline in words (English; shown through ``_``); others show their code."""


def step_words(action: str) -> str:
    """A recorded step (``inspection.weigh``) as the timeline names it in the language in use.

    English keeps the recorded code (``weigh``), as the audit trail and the PDF write it.
    """
    step = action.removeprefix("inspection.")
    known = STEP_WORDS.get(step)
    return _(known) if known is not None and language() != "en" else step


def review_decision(decision: str) -> str:
    """A review decision (``approved``) in the language in use."""
    known = REVIEW_DECISIONS.get(decision)
    return _(known) if known is not None else decision


class ReviewStory(VerticalScroll):
    """Everything recorded about one inspection, on one scrollable screen."""

    def __init__(
        self,
        detail: InspectionDetail,
        *,
        tz: tzinfo | None = None,
        image_factory: ImageFactory | None = None,
        id: str | None = None,
    ) -> None:
        """Create the story.

        Args:
            detail: What the store holds about the inspection.
            tz: Zone for the times shown.
            image_factory: Previews photos where the terminal can show them.
            id: Widget id.
        """
        super().__init__(id=id)
        self.detail = detail
        self.tz = tz
        self.image_factory = image_factory

    def compose(self) -> ComposeResult:
        """Head, the comparison, findings beside evidence, photos side by side, the timeline."""
        view = self.detail.view
        yield Static(self.head(), id="story-head")
        yield Static(_("Shipped vs received"), classes="story-title")
        yield from self._side_by_side()
        with Horizontal(classes="story-columns"):
            with Vertical(classes="story-column"):
                yield Static(_("Findings"), classes="story-title")
                yield Static(self.findings(), id="story-findings")
            with Vertical(classes="story-column"):
                yield Static(_("Evidence"), classes="story-title")
                yield from self._evidence()
        with Horizontal(id="story-photos"):
            yield PhotoStrip(
                _("Before shipping"), self.detail.record.pre_shipment, self.image_factory
            )
            yield PhotoStrip(_("At the bench"), bench_photos(view), self.image_factory)
        yield Static(_("Timeline"), classes="story-title")
        yield from self._timeline()

    def head(self) -> Content:
        """Code, decision, reasons, who and when, the review state, the clerk's justification."""
        view = self.detail.view
        decision = view.decision
        outcome = decision.outcome if decision else None
        style = "$error" if outcome in (Outcome.REJECT, Outcome.REFUSED) else "$warning"
        lines: list[Content] = [
            Content.assemble(
                (view.code, "bold"),
                "  ",
                (fmt.outcome_label(outcome), f"bold {style}"),
                f"  {_reasons(decision.reasons) if decision else ''}",
                "  ",
                _("refund {amount}").format(amount=_refund(view)),
            ),
            Content(
                _("{order} · inspected by {inspector} at {station}, completed {when}").format(
                    order=_order(view),
                    inspector=view.inspector,
                    station=view.station,
                    when=fmt.local_date_time(view.completed_at, self.tz),
                )
            ),
            Content(_claim(view)),
            Content(
                _("Suggested: {outcome} ({reasons})").format(
                    outcome=fmt.outcome_label(view.suggested.outcome),
                    reasons=_reasons(view.suggested.reasons) or _("no reason"),
                )
            ),
        ]
        if decision and decision.justification:
            lines.append(
                Content.assemble((_("Clerk's justification: "), "bold"), decision.justification)
            )
        lines.append(self._review_line())
        if not self.detail.record.intact:
            lines.append(
                Content.styled(
                    _(
                        "The audit trail of this inspection does not match its hashes: "
                        "run `inspect-tui audit verify`."
                    ),
                    "bold $error",
                )
            )
        return Content("\n").join(lines)

    def _review_line(self) -> Content:
        review = self.detail.review
        state = self.detail.review_state
        if review is not None:
            when = fmt.local_date_time(review.at, self.tz)
            return Content.styled(
                _("Review: {decision} by {supervisor} on {when}").format(
                    decision=review_decision(review.decision), supervisor=review.by, when=when
                )
                + (f" — {review.comment}" if review.comment else ""),
                "$success",
            )
        if state == ReviewState.PENDING:
            if self.detail.reviewable:
                return Content.styled(_("Waiting for your review."), "bold $warning")
            return Content.styled(
                _("Waiting for review by another supervisor (your own inspection)."), "$warning"
            )
        return Content.styled(_("No review needed."), "$text-muted")

    def findings(self) -> Content:
        """The rules' findings, each with the sentence that explains it."""
        findings = self.detail.view.findings
        if not findings:
            return Content.styled(_("No findings."), "$text-muted")
        return Content("\n").join(
            Content.assemble(
                (f"{item.code}", f"bold {SEVERITY_STYLES.get(item.severity, '')}"),
                f"  {item.explanation}",
            )
            for item in findings
        )

    def _side_by_side(self) -> tuple[DataTable[Content], Static]:
        rows = []
        for row in self.detail.side_by_side:
            mark, style = AGREES[row.agrees]
            rows.append(
                [
                    Content(row.label),
                    Content(row.shipped),
                    Content(row.received),
                    Content.styled(mark, style),
                ]
            )
        columns = [("what", ""), ("shipped", _("Shipped")), ("received", _("Received")), ("ok", "")]
        return _table("story-side", columns, rows)

    def _timeline(self) -> tuple[DataTable[Content], Static]:
        rows = [
            [
                Content(event.at.astimezone(self.tz).strftime("%Y-%m-%d %H:%M:%S")),
                Content(event.actor),
                Content(step_words(event.action)),
                Content(details(event.payload)),
            ]
            for event in self.detail.timeline
        ]
        columns = [
            ("at", _("Time")),
            ("who", _("Who")),
            ("step", _("Step")),
            ("details", _("Details")),
        ]
        return _table("story-timeline", columns, rows)

    def _evidence(self) -> tuple[DataTable[Content], Static]:
        rows = [
            [
                Content(fmt.kind_label(check.evidence.kind)),
                Content(_("packing") if check.source == "shipment" else _("bench")),
                Content(check.evidence.original_name or check.evidence.path.name),
                Content(check.evidence.sha256[:16] + "…"),
                Content.styled(_(check.words), FILE_STYLES.get(check.status, "")),
            ]
            for check in self.detail.evidence
        ] or [[Content(_("none")), Content(""), Content(""), Content(""), Content("")]]
        columns = [("kind", _("Kind")), ("from", pgettext("evidence", "From")), ("file", _("File")),
                   ("sha", "SHA-256"), ("check", _("Check"))]  # fmt: skip
        return _table("story-evidence", columns, rows)


def _table(
    id: str, columns: list[tuple[str, str]], rows: list[list[Content]]
) -> tuple[DataTable[Content], Static]:
    """The rows as a table, and as lines that wrap (shown instead on a narrow screen)."""
    table: DataTable[Content] = DataTable(id=id, cursor_type="none", show_cursor=False)
    # Read-only: the keys scroll the whole story, so the tables take no focus of their own.
    table.can_focus = False
    fill_table(table, columns, rows)
    lines = [
        Content(" · ").join(
            Content.assemble((f"{label}: ", "dim"), cell) if label else cell
            for (_, label), cell in zip(columns, row, strict=True)
            if cell.plain
        )
        for row in rows
    ]
    return table, Static(Content("\n").join(lines), id=f"{id}-lines", classes="story-lines")


def bench_photos(view: InspectionView) -> tuple[EvidenceView, ...]:
    """The photos taken at the bench (the other evidence is notes, clips and test results)."""
    return tuple(item for item in view.evidence if item.kind.endswith("photo"))


def _order(view: InspectionView) -> str:
    shipment = view.shipment
    if shipment is None:
        return _("Unmatched parcel")
    return _("{platform} order {order} · buyer {buyer}").format(
        platform=fmt.platform_label(shipment.platform),
        order=shipment.order_ref,
        buyer=shipment.buyer_name,
    )


def _reasons(codes: tuple[str, ...]) -> str:
    """Reason codes as the desk reads them (``空包 EMPTY_PARCEL`` in Chinese)."""
    return ", ".join(fmt.reason_label(code) for code in codes)


def _refund(view: InspectionView) -> str:
    decision = view.decision
    currency = view.shipment.currency if view.shipment else ""
    return fmt.money(decision.refund if decision else None, currency)


def _claim(view: InspectionView) -> str:
    claim = view.return_request
    if claim is None:
        return _("No return request on file.")
    reason = claim.reason_text or (claim.reason_code and fmt.claim_label(claim.reason_code))
    tracking = claim.tracking_return or _("no tracking")
    return _("Return {rma}: {reason} · back by {carrier} {tracking}").format(
        rma=claim.rma_ref,
        reason=reason or _("no reason given"),
        carrier=claim.carrier_return,
        tracking=tracking,
    )
