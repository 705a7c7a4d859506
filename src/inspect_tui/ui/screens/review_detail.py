"""One parcel's story and the supervisor's decision on it: approve, overturn or reopen.

The detail is read in a worker (evidence files are hashed again, which takes a moment for
large photos); every decision goes through the app's ordered call queue and is on disk, with
its audit event, before the screen says it is done. The evidence pack for a platform dispute
is written from here too.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Header, Static

from inspect_tui.core.translation import N_
from inspect_tui.services.review.desk import ReviewDesk
from inspect_tui.services.review.summaries import InspectionDetail, ReviewResult
from inspect_tui.ui import format as fmt
from inspect_tui.ui.desk import DeskJob
from inspect_tui.ui.screens.note_dialog import NoteDialog
from inspect_tui.ui.screens.override_dialog import OverrideChoice, OverrideDialog
from inspect_tui.ui.screens.supervisor_base import SupervisorScreen
from inspect_tui.ui.widgets.desk_footer import DeskFooter
from inspect_tui.ui.widgets.review_story import ReviewStory
from inspect_tui.ui.widgets.status_line import StatusLine

DECISIONS = frozenset({"approve", "overturn", "reopen"})


class ReviewDetailScreen(SupervisorScreen):
    """Everything recorded about one inspection, and what the supervisor decides."""

    CSS_PATH = "../styles/review.tcss"
    BINDINGS = [
        Binding("a", "approve", N_("Approve"), id="detail.approve"),
        Binding("o", "overturn", N_("Overturn"), id="detail.overturn"),
        Binding("r", "reopen", N_("Reopen"), id="detail.reopen"),
        Binding("e", "pack", N_("Evidence pack"), id="detail.pack"),
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
            yield Static(f"Reading {self.code}…", id="detail-loading")
        yield StatusLine()
        yield DeskFooter()

    def on_mount(self) -> None:
        """Read the story."""
        self.title = f"Review {self.code}"
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
        body.mount(ReviewStory(detail, tz=self.desk.tz, image_factory=self.desk.image_factory))
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Decisions only once the story is read and this supervisor may review it."""
        if action not in DECISIONS:
            return True
        detail = self.detail
        if detail is None or not detail.reviewable:
            return None
        if action == "approve":
            return True if detail.review_state == "pending" else None
        return True

    # -- decisions --------------------------------------------------------------------------

    def action_approve(self) -> None:
        """The clerk's decision stands."""
        self.app.push_screen(
            NoteDialog(
                f"Approve {self.code}",
                "The clerk's decision stands and leaves the queue. A comment is optional.",
                placeholder="Comment (optional)",
                required=False,
                submit_label="Approve",
            ),
            self._approve,
        )

    def _approve(self, comment: str | None) -> None:
        if comment is None:
            return
        review, code = self.review, self.code
        self._decide(lambda: review.approve(code, comment), "approve")

    def action_overturn(self) -> None:
        """Replace the clerk's decision."""
        detail = self.detail
        if detail is None or detail.view.decision is None:
            return
        decision = detail.view.decision
        current = replace(detail.view.suggested, outcome=decision.outcome, reasons=decision.reasons)
        self.app.push_screen(
            OverrideDialog(
                current,
                self.review.policy,
                title=f"Overturn {self.code}",
                explanation=(
                    f"The clerk decided {fmt.outcome_label(decision.outcome)} "
                    f"({', '.join(decision.reasons) or 'no reason code'}). Your decision "
                    "replaces it; the refund and dispositions are worked out again."
                ),
                placeholder="Why? (required: the clerk and the audit trail read it)",
                submit_label="Overturn",
            ),
            self._overturn,
        )

    def _overturn(self, choice: OverrideChoice | None) -> None:
        if choice is None:
            return
        review, code = self.review, self.code
        self._decide(
            lambda: review.overturn(code, choice.outcome, choice.justification, choice.reasons),
            "overturn",
        )

    def action_reopen(self) -> None:
        """Send it back to the bench for the clerk to decide again."""
        self.app.push_screen(
            NoteDialog(
                f"Reopen {self.code}",
                "The parcel goes back to its bench: weight, units and evidence stay, the "
                "decision is cleared. Say what the clerk should look at again.",
                placeholder="For the clerk (required)",
                submit_label="Reopen",
            ),
            self._reopen,
        )

    def _reopen(self, comment: str | None) -> None:
        if comment is None:
            return
        review, code = self.review, self.code
        self._decide(lambda: review.reopen(code, comment), "reopen")

    def _decide(self, call: Callable[[], ReviewResult], what: str) -> None:
        self.tell(f"Saving the {what} of {self.code}…")
        self.desk.run_desk(DeskJob(call, done=self._decided, what=f"{what} {self.code}"))

    def _decided(self, result: ReviewResult) -> None:
        text = f"{result.code}: {result.mark.decision}"
        if result.outcome and result.outcome != result.previous_outcome:
            text += (
                f" — now {fmt.outcome_label(result.outcome)}"
                f" ({', '.join(result.reasons) or 'no reason code'})"
            )
        if result.relabel:
            units = ", ".join(f"{item.sku or 'unit'} → {item.after}" for item in result.relabel)
            text += f". Print new labels: {units}"
        self.desk.notify(text + ".", severity="information", timeout=8)
        if self.is_attached and self.app.screen is self:
            self.app.pop_screen()

    # -- the rest -----------------------------------------------------------------------------

    def action_pack(self) -> None:
        """Write the dispute-ready evidence pack (ZIP: PDF, originals, manifest; or the PDF)."""
        target = self.review.data_dir / "evidence-packs" / f"{self.code}.zip"
        self.app.push_screen(
            NoteDialog(
                f"Evidence pack for {self.code}",
                "A .zip holds the PDF report, the original files and a SHA-256 manifest; "
                "a .pdf is the report alone.",
                initial=str(target),
                submit_label="Write",
            ),
            self._write_pack,
        )

    def _write_pack(self, path_text: str | None) -> None:
        if not path_text:
            return
        review, code, path = self.review, self.code, Path(path_text).expanduser()
        self.tell(f"Writing the evidence pack of {code}…")
        self.desk.run_desk(
            DeskJob(
                lambda: review.evidence_pack(code, path),
                done=lambda written: self.tell(f"Evidence pack written: {written}", "success"),
                what=f"evidence pack {code}",
            )
        )

    def action_refresh(self) -> None:
        """Read the story again."""
        self.load()

    def action_back(self) -> None:
        """Back to the queue."""
        self.app.pop_screen()
