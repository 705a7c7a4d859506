"""Exporting the inspection log.

:mod:`~inspect_tui.services.exporting.rows` names the columns and reads the rows in one
streaming query; :mod:`~inspect_tui.services.exporting.formats` writes CSV, JSON Lines or XLSX;
:mod:`~inspect_tui.services.exporting.inspection_log` is the use case (target checks, a file
finished only when complete).
"""
