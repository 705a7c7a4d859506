"""The desk's use cases, grouped by feature; the shells (CLI, terminal app) call only these.

Packages, top to bottom (an arrow only ever points down this list; import-linter checks it):

- ``bench``: the station's input loop — every scan and key-level command, in order, turned into
  Workstation calls and a frozen ``BenchState`` for a screen to draw.
- ``demo``: the demo store, built from ``sample_data/``.
- ``inspecting``: the clerk's use cases behind the ``Workstation`` facade — finding a parcel,
  weighing, units, evidence, deciding and completing, inspection codes, stations.
- ``review``: the supervisor's desk — sign-in, PINs and operators, the queue, approve / overturn
  / reopen, the detail of one inspection, the figures, and what leaves the desk from there.
- ``appeals``: the appeal kit a platform takes when it steps in, and appeal tracking.
- ``records``: what is known of one inspection — the shipment and return it is judged against,
  the view the bench shows, the full record with its audit trail, frozen facts, the evidence
  pack and its PDF, the unboxing clip.
- ``importing``: products, shipments and return requests from platform exports.
- ``exporting``: the inspection log as CSV, JSON Lines or XLSX, streamed.
- ``printouts``: disposition labels, command sheets and badges, ZPL, the drawing they share.
- ``evidence``: the evidence store (files kept under their SHA-256) and what may become
  evidence.
- ``shared``: what every use case hands out or checks — plain frozen views, desk errors with a
  person's message, input limits, opening the store.
"""
