"""One parcel's story and the supervisor's decision on it: approve, overturn or reopen.

The detail is read in a worker (evidence files are hashed again, which takes a moment for
large photos); every decision goes through the app's ordered call queue and is on disk, with
its audit event, before the screen says it is done. The evidence pack for a platform dispute
is written from here too.

Served to a browser (``inspect-tui serve``), the desk hands the browser what a terminal would
show or leave on disk: the photos open as one page in a new tab, and a written evidence pack
is downloaded. In a terminal nothing of that changes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from io import BytesIO
from pathlib import Path
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Header, Static

from inspect_tui.core.translation import N_, _
from inspect_tui.core.vocabulary import ReviewState
from inspect_tui.services.appeals.tracking import AppealChange
from inspect_tui.services.review.desk import ReviewDesk
from inspect_tui.services.review.summaries import InspectionDetail, ReviewResult
from inspect_tui.ui import format as fmt
from inspect_tui.ui.desk import DeskJob, describe_failure
from inspect_tui.ui.photo_page import photo_page
from inspect_tui.ui.screens.appeal_dialog import AppealDialog
from inspect_tui.ui.screens.held_dialog import Attempt, HeldDialog
from inspect_tui.ui.screens.note_dialog import NoteDialog
from inspect_tui.ui.screens.override_dialog import OverrideDialog
from inspect_tui.ui.screens.supervisor_base import SupervisorScreen
from inspect_tui.ui.widgets.appeal_box import appeal_status_label
from inspect_tui.ui.widgets.desk_footer import DeskFooter
from inspect_tui.ui.widgets.review_story import ReviewStory, bench_photos, review_decision
from inspect_tui.ui.widgets.status_line import StatusLine

DECISIONS = frozenset({"approve", "overturn", "reopen"})
SAVING: dict[str, str] = {
    "approve": N_("Saving the approval of {code}…"),
    "overturn": N_("Saving the overturn of {code}…"),
    "reopen": N_("Saving the reopening of {code}…"),
}
"""What the status line says while a decision is saved (English; shown through ``_``)."""
IN_BROWSER = frozenset({"photos"})
"""Actions only a desk served to a browser offers."""


class ReviewDetailScreen(SupervisorScreen):
    """Everything recorded about one inspection, and what the supervisor decides."""

    CSS_PATH = "../styles/review.tcss"
    BINDINGS = [
        Binding("a", "approve", N_("Approve"), id="detail.approve"),
        Binding("o", "overturn", N_("Overturn"), id="detail.overturn"),
        Binding("r", "reopen", N_("Reopen"), id="detail.reopen"),
        Binding("e", "pack", N_("Evidence pack"), id="detail.pack"),
        Binding("p", "photos", N_("Photos"), id="detail.photos"),
        Binding("k", "appeal_kit", N_("Appeal kit"), id="detail.appeal_kit"),
        Binding("c", "appeal_case", N_("Appeal case"), id="detail.appeal_case"),
        Binding("f6", "refresh", N_("Refresh"), id="detail.refresh"),
        Binding("escape", "back", N_("Back to the queue"), id="detail.back"),
    ]

    def __init__(self, review: ReviewDesk, code: str) -> None:
        """Create the screen for the inspection ``code``; it loads on mount."""
        super().__init__(review)
        self.code = code
        self.detail: InspectionDetail | None = None

    def compose(self) -> ComposeResult:
        """A placeholder until the story is read, the status line, the keys."""
        yield Header()
        with Vertical(id="detail-body"):
            yield Static(_("Reading {code}…").format(code=self.code), id="detail-loading")
        yield StatusLine()
        yield DeskFooter()

    def on_mount(self) -> None:
        """Read the story."""
        self.title = _("Review {code}").format(code=self.code)
        self.load()

    def load(self) -> None:
        """Read the inspection's detail off the UI thread."""
        review, code = self.review, self.code
        self.desk.run_lookup(DeskJob(lambda: review.detail(code), done=self._loaded, what=code))

    def _loaded(self, detail: InspectionDetail) -> None:
        if not self.is_attached:
            return
        self.detail = detail
        body = self.query_one("#detail-body", Vertical)
        body.remove_children()
        story = ReviewStory(detail, tz=self.desk.tz, image_factory=self.desk.image_factory)
        body.mount(story)
        story.focus()  # Page Down, Down and End scroll the story straight away
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Decisions only once the story is read and this supervisor may review it."""
        if action in IN_BROWSER:
            return self.app.is_web and self.detail is not None
        if action not in DECISIONS:
            return True
        detail = self.detail
        if detail is None or not detail.reviewable:
            return None
        if action == "approve":
            return True if detail.review_state == ReviewState.PENDING else None
        return True

    # -- decisions --------------------------------------------------------------------------
    #
    # Each decision's dialog stays open while the store saves it: a refusal (evidence still
    # missing, decided meanwhile at another desk) is said in the dialog, with everything typed
    # and chosen still there to correct.

    def action_approve(self) -> None:
        """The clerk's decision stands."""
        review, code = self.review, self.code
        self.app.push_screen(
            NoteDialog(
                _("Approve {code}").format(code=self.code),
                _("The clerk's decision stands and leaves the queue. A comment is optional."),
                placeholder=_("Comment (optional)"),
                required=False,
                submit_label=_("Approve"),
                attempt=self._attempt(lambda comment: review.approve(code, comment), "approve"),
            )
        )

    def action_overturn(self) -> None:
        """Replace the clerk's decision."""
        detail = self.detail
        if detail is None or detail.view.decision is None:
            return
        decision = detail.view.decision
        current = replace(detail.view.suggested, outcome=decision.outcome, reasons=decision.reasons)
        review, code = self.review, self.code
        self.app.push_screen(
            OverrideDialog(
                current,
                self.review.policy,
                title=_("Overturn {code}").format(code=self.code),
                explanation=_(
                    "The clerk decided {outcome} ({reasons}). Your decision replaces it; the "
                    "refund and dispositions are worked out again."
                ).format(
                    outcome=fmt.outcome_label(decision.outcome),
                    reasons=_reasons(decision.reasons) or _("no reason code"),
                ),
                placeholder=_("Why? (required: the clerk and the audit trail read it)"),
                submit_label=_("Overturn"),
                attempt=self._attempt(
                    lambda choice: review.overturn(
                        code, choice.outcome, choice.justification, choice.reasons
                    ),
                    "overturn",
                ),
            )
        )

    def action_reopen(self) -> None:
        """Send it back to the bench for the clerk to decide again."""
        review, code = self.review, self.code
        self.app.push_screen(
            NoteDialog(
                _("Reopen {code}").format(code=self.code),
                _(
                    "The parcel goes back to its bench: weight, units and evidence stay, the "
                    "decision is cleared. Say what the clerk should look at again."
                ),
                placeholder=_("For the clerk (required)"),
                submit_label=_("Reopen"),
                attempt=self._attempt(lambda comment: review.reopen(code, comment), "reopen"),
            )
        )

    def _attempt(self, call: Callable[[Any], ReviewResult], what: str) -> Attempt:
        """Save a dialog's answer through the desk's ordered queue, the dialog held open.

        Args:
            call: Saves the answer.
            what: ``approve``, ``overturn`` or ``reopen`` (the decision, named in words).
        """
        saving = _(SAVING[what]).format(code=self.code)

        def attempt(answer: Any, dialog: HeldDialog[Any]) -> None:
            def done(result: ReviewResult) -> None:
                dialog.accepted(answer)
                self._decided(result)

            self.tell(saving)
            self.desk.run_desk(
                DeskJob(
                    lambda: call(answer),
                    done=done,
                    failed=lambda error: dialog.refused(describe_failure(error)),
                    what=f"{what} {self.code}",
                )
            )

        return attempt

    def _decided(self, result: ReviewResult) -> None:
        text = f"{result.code}: {review_decision(result.mark.decision)}"
        if result.outcome and result.outcome != result.previous_outcome:
            text += _(" — now {outcome} ({reasons})").format(
                outcome=fmt.outcome_label(result.outcome),
                reasons=_reasons(result.reasons) or _("no reason code"),
            )
        if result.relabel:
            units = ", ".join(
                f"{item.sku or _('unit')} → {fmt.kind_label(item.after)}" for item in result.relabel
            )
            text += _(". Print new labels: {units}").format(units=units)
        self.desk.notify(_("{message}.").format(message=text), severity="information", timeout=8)
        if self.is_attached and self in self.app.screen_stack:
            self.dismiss_after_dialog()

    def dismiss_after_dialog(self) -> None:
        """Back to the queue once the decision's dialog has closed."""
        self.call_after_refresh(self._back_if_on_top)

    def _back_if_on_top(self) -> None:
        if self.is_attached and self.app.screen is self:
            self.app.pop_screen()

    # -- the rest -----------------------------------------------------------------------------

    def action_pack(self) -> None:
        """Write the dispute-ready evidence pack (ZIP: PDF, originals, manifest; or the PDF)."""
        target = self.review.data_dir / "evidence-packs" / f"{self.code}.zip"
        self.app.push_screen(
            NoteDialog(
                _("Evidence pack for {code}").format(code=self.code),
                _(
                    "A .zip holds the PDF report, the original files and a SHA-256 manifest; "
                    "a .pdf is the report alone."
                ),
                initial=str(target),
                submit_label=_("Write"),
            ),
            self._write_pack,
        )

    def _write_pack(self, path_text: str | None) -> None:
        if not path_text:
            return
        review, code, path = self.review, self.code, Path(path_text).expanduser()
        self.tell(_("Writing the evidence pack of {code}…").format(code=code))
        self.desk.run_desk(
            DeskJob(
                lambda: review.evidence_pack(code, path),
                done=self._pack_written,
                what=f"evidence pack {code}",
            )
        )

    def _pack_written(self, written: Path) -> None:
        if self.app.is_web:
            self.app.deliver_binary(written, open_method="download")
            self.tell(
                _("Evidence pack written: {path}; your browser downloads it.").format(path=written),
                "success",
            )
            return
        self.tell(_("Evidence pack written: {path}").format(path=written), "success")

    def action_photos(self) -> None:
        """Served to a browser: the parcel's photos, before shipping and at the bench, in a tab.

        The photos are read off the UI thread (they can be large), then handed to the browser.
        """
        detail, code = self.detail, self.code
        if detail is None:
            return
        groups = [(_("Before shipping"), detail.record.pre_shipment)]
        groups.append((_("At the bench"), bench_photos(detail.view)))
        self.tell(_("Opening the photos in a new tab of your browser…"))
        self.desk.run_desk(
            DeskJob(lambda: photo_page(code, groups), done=self._show_photos, what="photos")
        )

    def _show_photos(self, page: bytes) -> None:
        self.app.deliver_binary(
            BytesIO(page),
            save_filename=f"{self.code}-photos.html",
            open_method="browser",
            mime_type="text/html",
        )

    def action_appeal_kit(self) -> None:
        """Write the appeal kit for a platform (asked, the parcel's own offered)."""
        self.app.push_screen(
            NoteDialog(
                _("Appeal kit for {code}").format(code=self.code),
                _(
                    "Photos within the platform's limits, stamped; the unboxing clip; the "
                    "statement (申诉说明) and its PDF; the SHA-256 manifest. Platform: taobao, "
                    "tmall, douyin, kuaishou, 1688, tiktok or shopify."
                ),
                initial=self._platform(),
                submit_label=_("Write"),
            ),
            self._write_kit,
        )

    def _write_kit(self, platform: str | None) -> None:
        if not platform:
            return
        review, code = self.review, self.code
        self.tell(
            _("Writing the appeal kit of {code} for {platform}…").format(
                code=code, platform=platform
            )
        )
        self.desk.run_desk(
            DeskJob(
                lambda: review.appeal_kit(code, platform),
                done=lambda kit: self.tell(
                    _("Appeal kit written: {folder}").format(folder=kit.folder), "success"
                ),
                what=f"appeal kit {code}",
            )
        )

    def action_appeal_case(self) -> None:
        """Record the platform's case: ``CASE-NUMBER`` when it steps in, later the outcome."""
        self.app.push_screen(
            AppealDialog(self.code, self._platform()),
            self._record_case,
        )

    def _record_case(self, change: AppealChange | None) -> None:
        if change is None:
            return
        review, code = self.review, self.code
        self.desk.run_desk(
            DeskJob(
                lambda: review.record_appeal(code, change),
                done=lambda saved: self.tell(
                    _("Appeal {case} on {platform}: {status}, deadline {deadline}").format(
                        case=saved.case_ref,
                        platform=fmt.platform_label(saved.platform),
                        status=appeal_status_label(saved.status),
                        deadline=fmt.local_date_time(saved.deadline_at, self.desk.tz),
                    ),
                    "success",
                ),
                what=f"appeal {code}",
            )
        )

    def _platform(self) -> str:
        detail = self.detail
        shipment = detail.view.shipment if detail else None
        return shipment.platform if shipment else ""

    def action_refresh(self) -> None:
        """Read the story again."""
        self.load()

    def action_back(self) -> None:
        """Back to the queue."""
        self.app.pop_screen()


def _reasons(codes: tuple[str, ...]) -> str:
    """Reason codes as the desk reads them (``空包 EMPTY_PARCEL`` in Chinese)."""
    return ", ".join(fmt.reason_label(code) for code in codes)
