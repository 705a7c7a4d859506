"""Deciding a parcel and completing it: the suggestion taken or overridden, then frozen.

Deciding also freezes the facts the decision rests on (``frozen_facts``) on the inspection.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from sqlmodel import Session

from inspect_tui.core.policy import REJECT_REASONS
from inspect_tui.core.rules import Override, assess
from inspect_tui.core.translation import N_, _
from inspect_tui.core.vocabulary import Outcome
from inspect_tui.services.inspecting.station_base import StationBase, suggestion_json
from inspect_tui.services.printouts.inspection_labels import write_inspection_labels
from inspect_tui.services.records import frozen_facts, inspection_view
from inspect_tui.services.records.unboxing_clip import attach_unboxing_clip
from inspect_tui.services.shared.errors import DecisionIncomplete, InvalidInput, outcome_words
from inspect_tui.services.shared.evidence_words import missing_text
from inspect_tui.services.shared.input_limits import MAX_NOTE, bounded, known_decision
from inspect_tui.services.shared.views import InspectionView
from inspect_tui.store.models import Inspection


class Deciding(StationBase):
    """The decision step and completion."""

    def decide(
        self,
        inspection_id: int,
        outcome: str | None = None,
        reasons: Sequence[str] | None = None,
        justification: str | None = None,
    ) -> InspectionView:
        """Take the suggestion (no arguments) or override it with a justification."""
        justification = bounded(justification or "", N_("The justification"), MAX_NOTE, lines=True)
        known_decision(outcome, reasons)
        with self._write() as session:
            inspection = self._open(session, inspection_id)
            inspection.facts = None  # deciding judges the facts as they stand now
            loaded = inspection_view.load(
                session, inspection, self.policy, self.evidence_dir, self.clock()
            )
            suggestion = loaded.assessment.suggestion
            chosen = outcome or suggestion.outcome
            wanted = tuple(reasons) if reasons else ()
            differs = chosen != suggestion.outcome or (
                bool(wanted) and set(wanted) != set(suggestion.reasons)
            )
            text = (justification or "").strip()
            if differs and not text:
                raise DecisionIncomplete(
                    _(
                        "The suggestion is {outcome}; to decide {chosen} instead, type why (it "
                        "goes to the supervisor)."
                    ).format(
                        outcome=outcome_words(suggestion.outcome), chosen=outcome_words(chosen)
                    )
                )
            decision = (
                assess(loaded.state, self.policy, override=Override(chosen, wanted)).decision
                if differs
                else suggestion
            )
            assert decision is not None
            if decision.missing_evidence:
                needed = missing_text(decision.missing_evidence)
                raise DecisionIncomplete(
                    _("Evidence still needed: {needed}. Attach it first.").format(needed=needed)
                )
            if chosen == Outcome.REJECT and not decision.reasons:
                raise DecisionIncomplete(_("A reject needs at least one reason code."))
            self._set_decision(
                inspection,
                chosen,
                decision.reasons,
                decision.refund_minor,
                text,
                decision.needs_review or differs,
            )
            inspection.facts = frozen_facts.freeze(loaded.shipment, loaded.claim, self.evidence_dir)
            return self._step(
                session,
                inspection,
                "inspection.decide",
                {
                    "outcome": chosen,
                    "reasons": list(decision.reasons),
                    "refund_minor": decision.refund_minor,
                    "suggested": suggestion.outcome,
                    "override": differs,
                    "justification": text,
                },
            )

    def refuse(
        self,
        inspection_id: int,
        reasons: Sequence[str] = (),
        justification: str = "",
    ) -> InspectionView:
        """Refuse the parcel at receipt (当场拒收): weighed and opened with the courier present,
        it goes back with the courier. Completes (freezes) the inspection.

        Raises:
            DecisionIncomplete: no weight, no justification, or evidence the policy requires
                (``[refused] evidence`` and the reasons' own) is missing.
            InvalidInput: a reason that is not a reject-side reason code.
        """
        for reason in reasons:
            if reason not in REJECT_REASONS:
                raise InvalidInput(
                    _("Reason code {reason!r} cannot refuse a parcel: use one of {items}.").format(
                        reason=reason, items=", ".join(REJECT_REASONS)
                    )
                )
        text = bounded(justification, N_("The justification"), MAX_NOTE, lines=True).strip()
        with self._write() as session:
            inspection = self._open(session, inspection_id)
            if inspection.weight_g is None:
                raise DecisionIncomplete(
                    _("Weigh the parcel in front of the courier before refusing it.")
                )
            if not text:
                raise DecisionIncomplete(
                    _(
                        "Say why the parcel is refused (the courier takes it back; it goes to the "
                        "supervisor)."
                    )
                )
            loaded = inspection_view.load(
                session, inspection, self.policy, self.evidence_dir, self.clock()
            )
            wanted = tuple(dict.fromkeys(reasons))
            decision = assess(loaded.state, self.policy, override=Override("refused", wanted))
            assert decision.decision is not None
            if decision.decision.missing_evidence:
                needed = missing_text(decision.decision.missing_evidence)
                raise DecisionIncomplete(
                    _("Evidence still needed: {needed}. Attach it first.").format(needed=needed)
                )
            review = decision.decision.needs_review
            self._set_decision(inspection, "refused", wanted, 0, text, review)
            self._audit(
                session,
                inspection,
                "inspection.refuse",
                {"reasons": list(wanted), "justification": text, "grams": inspection.weight_g},
            )
            return self._finish(session, inspection)

    def complete(self, inspection_id: int, recording_dir: Path | None = None) -> InspectionView:
        """Set dispositions, write the labels and freeze the inspection.

        A parcel that matches no shipment needs no decision of its own: completing it takes the
        suggestion (escalate, held in quarantine for the supervisor). With the station's
        ``recording_dir``, the unboxing clip is then cut from the bench video and stored as
        evidence; missing footage is a sentence in the view's ``notices``.
        """
        view = self._complete(inspection_id)
        if recording_dir is None:
            return view
        return attach_unboxing_clip(
            self.engine,
            view,
            recording_dir,
            evidence_dir=self.evidence_dir,
            store=self.evidence,
            station=self.station,
            actor=self.operator,
            clock=self.clock,
        )

    def _complete(self, inspection_id: int) -> InspectionView:
        with self._write() as session:
            inspection = self._open(session, inspection_id)
            if not inspection.outcome and inspection.shipment_id is None:
                self._decide_unmatched(session, inspection)
            if not inspection.outcome:
                raise DecisionIncomplete(
                    _("Decide the parcel first (accept the suggestion or override it).")
                )
            return self._finish(session, inspection)

    def _decide_unmatched(self, session: Session, inspection: Inspection) -> None:
        loaded = inspection_view.load(
            session, inspection, self.policy, self.evidence_dir, self.clock()
        )
        suggestion = loaded.assessment.suggestion
        self._set_decision(
            inspection,
            suggestion.outcome,
            suggestion.reasons,
            suggestion.refund_minor,
            "",
            suggestion.needs_review,
        )
        self._audit(
            session,
            inspection,
            "inspection.decide",
            {
                "outcome": suggestion.outcome,
                "reasons": list(suggestion.reasons),
                "refund_minor": suggestion.refund_minor,
                "suggested": suggestion.outcome,
                "override": False,
                "justification": "",
            },
        )

    def _set_decision(
        self,
        inspection: Inspection,
        outcome: str,
        reasons: Sequence[str],
        refund: int | None,
        justification: str,
        review: bool,
    ) -> None:
        inspection.outcome = outcome
        inspection.reasons = list(reasons)
        inspection.refund_minor = refund
        inspection.justification = justification
        inspection.decided_at = self.clock()
        inspection.needs_review = review
        inspection.review_state = "pending" if review else None
        inspection.step = "decision"

    def _finish(self, session: Session, inspection: Inspection) -> InspectionView:
        """Dispositions, labels, frozen: the end of ``complete`` and ``refuse``."""
        assert inspection.outcome is not None
        loaded = inspection_view.load(
            session, inspection, self.policy, self.evidence_dir, self.clock()
        )
        if not inspection.facts:
            inspection.facts = frozen_facts.freeze(loaded.shipment, loaded.claim, self.evidence_dir)
        override = Override(inspection.outcome, tuple(inspection.reasons))
        decision = assess(loaded.state, self.policy, override=override).decision
        assert decision is not None
        places = dict(decision.unit_dispositions)
        for unit in loaded.units:
            assert unit.id is not None
            unit.disposition = places.get(unit.id, "quarantine")
            session.add(unit)
        inspection.status = "completed"
        inspection.step = "done"
        inspection.completed_at = self.clock()
        session.flush()
        loaded = inspection_view.load(
            session, inspection, self.policy, self.evidence_dir, self.clock()
        )
        view = inspection_view.to_view(loaded, self.policy, self.evidence_dir)
        labels = write_inspection_labels(view, self.labels_dir)
        inspection.suggested = suggestion_json(loaded)
        view = inspection_view.to_view(loaded, self.policy, self.evidence_dir, labels)
        self._audit(
            session,
            inspection,
            "inspection.complete",
            {
                "outcome": inspection.outcome,
                "dispositions": {str(k): v for k, v in places.items()},
                "labels": [p.name for p in labels],
            },
        )
        return view
