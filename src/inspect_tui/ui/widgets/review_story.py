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

from inspect_tui.services.records.evidence_pdf_parts import details
from inspect_tui.services.review.summaries import InspectionDetail
from inspect_tui.services.shared.views import EvidenceView, InspectionView
from inspect_tui.ui import format as fmt
from inspect_tui.ui.widgets.fitted_table import fill_table
from inspect_tui.ui.widgets.photo_strip import ImageFactory, PhotoStrip

AGREES = {True: ("✓", "$success"), False: ("✗", "$error"), None: ("", "")}
FILE_STYLES = {"ok": "$success", "missing": "$error", "altered": "$error"}
SEVERITY_STYLES = {"alert": "$error", "warning": "$warning"}


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
        yield Static("Shipped vs received", classes="story-title")
        yield self._side_by_side()
        with Horizontal(classes="story-columns"):
            with Vertical(classes="story-column"):
                yield Static("Findings", classes="story-title")
                yield Static(self.findings(), id="story-findings")
            with Vertical(classes="story-column"):
                yield Static("Evidence", classes="story-title")
                yield self._evidence()
        with Horizontal(id="story-photos"):
            yield PhotoStrip("Before shipping", self.detail.record.pre_shipment, self.image_factory)
            yield PhotoStrip("At the bench", _photos(view), self.image_factory)
        yield Static("Timeline", classes="story-title")
        yield self._timeline()

    def head(self) -> Content:
        """Code, decision, reasons, who and when, the review state, the clerk's justification."""
        view = self.detail.view
        decision = view.decision
        outcome = decision.outcome if decision else None
        style = "$error" if outcome in ("reject", "refused") else "$warning"
        lines: list[Content] = [
            Content.assemble(
                (view.code, "bold"),
                "  ",
                (fmt.outcome_label(outcome), f"bold {style}"),
                f"  {', '.join(decision.reasons) if decision else ''}",
                "  ",
                f"refund {_refund(view)}",
            ),
            Content(
                f"{_order(view)} · inspected by {view.inspector} at {view.station}, "
                f"completed {fmt.local_date_time(view.completed_at, self.tz)}"
            ),
            Content(_claim(view)),
            Content(
                f"Suggested: {fmt.outcome_label(view.suggested.outcome)} "
                f"({', '.join(view.suggested.reasons) or 'no reason'})"
            ),
        ]
        if decision and decision.justification:
            lines.append(
                Content.assemble(("Clerk's justification: ", "bold"), decision.justification)
            )
        lines.append(self._review_line())
        if not self.detail.record.intact:
            lines.append(
                Content.styled(
                    "The audit trail of this inspection does not match its hashes: "
                    "run `inspect-tui audit verify`.",
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
                f"Review: {review.decision} by {review.by} on {when}"
                + (f" — {review.comment}" if review.comment else ""),
                "$success",
            )
        if state == "pending":
            if self.detail.reviewable:
                return Content.styled("Waiting for your review.", "bold $warning")
            return Content.styled(
                "Waiting for review by another supervisor (your own inspection).", "$warning"
            )
        return Content.styled("No review needed.", "$text-muted")

    def findings(self) -> Content:
        """The rules' findings, each with the sentence that explains it."""
        findings = self.detail.view.findings
        if not findings:
            return Content.styled("No findings.", "$text-muted")
        return Content("\n").join(
            Content.assemble(
                (f"{item.code}", f"bold {SEVERITY_STYLES.get(item.severity, '')}"),
                f"  {item.explanation}",
            )
            for item in findings
        )

    def _side_by_side(self) -> DataTable[Content]:
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
        columns = [("what", ""), ("shipped", "Shipped"), ("received", "Received"), ("ok", "")]
        return _table("story-side", columns, rows)

    def _timeline(self) -> DataTable[Content]:
        rows = [
            [
                Content(event.at.astimezone(self.tz).strftime("%Y-%m-%d %H:%M:%S")),
                Content(event.actor),
                Content(event.action.removeprefix("inspection.")),
                Content(details(event.payload)),
            ]
            for event in self.detail.timeline
        ]
        columns = [("at", "Time"), ("who", "Who"), ("step", "Step"), ("details", "Details")]
        return _table("story-timeline", columns, rows)

    def _evidence(self) -> DataTable[Content]:
        rows = [
            [
                Content(fmt.kind_label(check.evidence.kind)),
                Content("packing" if check.source == "shipment" else "bench"),
                Content(check.evidence.original_name or check.evidence.path.name),
                Content(check.evidence.sha256[:16] + "…"),
                Content.styled(check.words, FILE_STYLES.get(check.status, "")),
            ]
            for check in self.detail.evidence
        ] or [[Content("none"), Content(""), Content(""), Content(""), Content("")]]
        columns = [("kind", "Kind"), ("from", "From"), ("file", "File"), ("sha", "SHA-256"),
                   ("check", "Check")]  # fmt: skip
        return _table("story-evidence", columns, rows)


def _table(
    id: str, columns: list[tuple[str, str]], rows: list[list[Content]]
) -> DataTable[Content]:
    table: DataTable[Content] = DataTable(id=id, cursor_type="none", show_cursor=False)
    fill_table(table, columns, rows)
    return table


def _photos(view: InspectionView) -> tuple[EvidenceView, ...]:
    return tuple(item for item in view.evidence if item.kind.endswith("photo"))


def _order(view: InspectionView) -> str:
    shipment = view.shipment
    if shipment is None:
        return "Unmatched parcel"
    return f"{shipment.platform} order {shipment.order_ref} · buyer {shipment.buyer_name}"


def _refund(view: InspectionView) -> str:
    decision = view.decision
    currency = view.shipment.currency if view.shipment else ""
    return fmt.money(decision.refund if decision else None, currency)


def _claim(view: InspectionView) -> str:
    claim = view.return_request
    if claim is None:
        return "No return request on file."
    reason = claim.reason_text or claim.reason_code or "no reason given"
    tracking = claim.tracking_return or "no tracking"
    return f"Return {claim.rma_ref}: {reason!s} · back by {claim.carrier_return} {tracking}"
