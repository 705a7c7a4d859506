"""Printing a disposition label: its ZPL file as written, or ZPL made from its data.

The printer itself (``tcp://HOST[:PORT]`` or ``cups:QUEUE``, offline errors) is a device:
:mod:`inspect_tui.devices.label_printer`.
"""

from __future__ import annotations

from pathlib import Path

from inspect_tui.devices.label_printer import TIMEOUT_S, Printer, print_zpl_file, send_zpl
from inspect_tui.services.printouts.labels import LabelData, label_zpl

__all__ = ["print_label"]


def print_label(
    printer: Printer,
    data: LabelData,
    *,
    zpl_file: Path | None = None,
    timeout: float = TIMEOUT_S,
) -> None:
    """Print one label: ``zpl_file`` when it holds this label's ZPL, else ZPL made from ``data``.

    Raises:
        PrinterOffline: The printer or the CUPS queue did not take it.
    """
    if zpl_file is not None:
        print_zpl_file(printer, zpl_file, timeout=timeout)
        return
    send_zpl(printer, label_zpl(data).encode("utf-8"), timeout=timeout)
