"""What the desk prints: disposition labels (PNG, PDF, ZPL), command sheets and badges.

:mod:`~inspect_tui.services.printouts.drawing` draws the barcodes and text they share,
:mod:`~inspect_tui.services.printouts.zpl` speaks ZPL II, and
:mod:`~inspect_tui.services.printouts.printing` hands a label to a printer.
"""
