"""Deciding a parcel and completing it: the suggestion taken or overridden, then frozen.

Deciding also freezes the facts the decision rests on (``frozen_facts``) on the inspection.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from inspect_tui.core.policy import OUTCOMES, REASON_CODES
from inspect_tui.core.rules import Override, assess
from inspect_tui.services import frozen_facts, inspection_view
from inspect_tui.services.errors import DecisionIncomplete, InvalidInput
from inspect_tui.services.input_limits import MAX_NOTE, bounded
from inspect_tui.services.inspection_labels import write_inspection_labels
from inspect_tui.services.station_base import StationBase, suggestion_json
from inspect_tui.services.unboxing_clip import attach_unboxing_clip
from inspect_tui.services.views import InspectionView


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
        justification = bounded(justification or "", "The justification", MAX_NOTE, lines=True)
        if outcome is not None and outcome not in OUTCOMES:
            raise InvalidInput(f"Outcome {outcome!r} is not known: {', '.join(OUTCOMES)}.")
        for reason in reasons or ():
            if reason not in REASON_CODES:
                raise InvalidInput(f"Reason code {reason!r} is not known.")
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
                    f"The suggestion is {suggestion.outcome}; to decide {chosen} instead, type "
                    "why (it goes to the supervisor)."
                )
            decision = (
                assess(loaded.state, self.policy, override=Override(chosen, wanted)).decision
                if differs
                else suggestion
            )
            assert decision is not None
            if decision.missing_evidence:
                needed = "; ".join(
                    f"{kind} for {reason}" for reason, kind in decision.missing_evidence
                )
                raise DecisionIncomplete(f"Evidence still needed: {needed}. Attach it first.")
            if chosen == "reject" and not decision.reasons:
                raise DecisionIncomplete("A reject needs at least one reason code.")
            now = self.clock()
            inspection.outcome = chosen
            inspection.reasons = list(decision.reasons)
            inspection.refund_minor = decision.refund_minor
            inspection.justification = text
            inspection.decided_at = now
            inspection.needs_review = decision.needs_review or differs
            inspection.review_state = "pending" if inspection.needs_review else None
            inspection.step = "decision"
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

    def complete(self, inspection_id: int, recording_dir: Path | None = None) -> InspectionView:
        """Set dispositions, write the labels and freeze the inspection.

        With the station's ``recording_dir``, the unboxing clip is then cut from the bench
        video and stored as evidence; missing footage is a sentence in the view's ``notices``.
        """
        view = self._complete(inspection_id)
        if recording_dir is None:
            return view
        return attach_unboxing_clip(
            self.engine,
            view,
            recording_dir,
            evidence_dir=self.evidence_dir,
            station=self.station,
            actor=self.operator,
            clock=self.clock,
        )

    def _complete(self, inspection_id: int) -> InspectionView:
        with self._write() as session:
            inspection = self._open(session, inspection_id)
            if not inspection.outcome:
                raise DecisionIncomplete(
                    "Decide the parcel first (accept the suggestion or override it)."
                )
            loaded = inspection_view.load(
                session, inspection, self.policy, self.evidence_dir, self.clock()
            )
            if not inspection.facts:
                inspection.facts = frozen_facts.freeze(
                    loaded.shipment, loaded.claim, self.evidence_dir
                )
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
            return inspection_view.to_view(loaded, self.policy, self.evidence_dir, labels)
