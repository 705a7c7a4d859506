"""The clerk's use cases, behind one facade: :class:`~.workstation.Workstation`.

Opening a parcel by any identifier it carries, weighing, scanning and grading units, evidence,
deciding and completing (:mod:`.deciding`), the inspection codes, and the stations' setup. Every
step is one short write transaction with its audit event (:mod:`.station_base`).
"""
