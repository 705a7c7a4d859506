"""What is known of one inspection, read from the store.

- :mod:`~inspect_tui.services.records.parcels` finds a parcel by any identifier and describes
  what was shipped; :mod:`~inspect_tui.services.records.lookup` is the ``lookup`` use case.
- :mod:`~inspect_tui.services.records.inspection_view` is what the bench shows of an open
  inspection, with the rules applied; :mod:`~inspect_tui.services.records.frozen_facts` keeps
  the facts a decision was made on.
- :mod:`~inspect_tui.services.records.inspection_record` is the full record, audit trail
  included, that the review detail, the evidence pack and the exports read.
- :mod:`~inspect_tui.services.records.evidence_pack` and its PDF, and
  :mod:`~inspect_tui.services.records.unboxing_clip`, are the proof that leaves the desk.
"""
