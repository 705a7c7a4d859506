"""Printing disposition labels on a Zebra-compatible printer: raw ZPL over TCP or through CUPS.

A label printer is named by a short spec: ``tcp://HOST[:PORT]`` sends the ZPL straight to the
printer's raw port (9100 unless given), ``cups:QUEUE`` hands it to CUPS with
``lp -d QUEUE -o raw FILE`` so the queue passes it through untouched. The spec comes from the
command line or from ``INSPECT_TUI_PRINTER``. The printer draws the barcodes itself from the
ZPL, so what is printed is exactly the ``.zpl`` label file.

A printer that is off, unplugged or out of paper at the CUPS level raises
:class:`PrinterOffline` with what to do; the label file is written before printing is tried,
so it is never lost.
"""

from __future__ import annotations

import ipaddress
import os
import re
import socket
import subprocess
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from inspect_tui.services.printouts.labels import LabelData, label_zpl
from inspect_tui.services.shared.errors import DeskError

__all__ = [
    "PRINTER_ENV",
    "RAW_PORT",
    "Printer",
    "PrinterError",
    "PrinterOffline",
    "configured_printer",
    "parse_printer",
    "print_label",
    "print_zpl_file",
]

PRINTER_ENV = "INSPECT_TUI_PRINTER"
"""The environment variable naming the label printer (``tcp://…`` or ``cups:…``)."""
RAW_PORT = 9100
"""The raw printing port of network label printers (JetDirect / Zebra)."""
TIMEOUT_S = 5.0
"""How long to wait for a printer to answer before calling it offline."""


class PrinterError(DeskError):
    """The printer spec cannot be understood."""


class PrinterOffline(DeskError):
    """The label could not be handed to the printer; the label file is still there."""


@dataclass(frozen=True, slots=True)
class Printer:
    """Where labels are printed."""

    kind: Literal["tcp", "cups"]
    """``tcp`` for a printer's raw port, ``cups`` for a CUPS queue."""
    target: str
    """The host name or address (tcp), or the queue name (cups)."""
    port: int = RAW_PORT
    """The TCP port (tcp only)."""

    def __str__(self) -> str:
        if self.kind == "cups":
            return f"cups:{self.target}"
        host = f"[{self.target}]" if ":" in self.target else self.target
        return f"tcp://{host}:{self.port}"


def parse_printer(spec: str) -> Printer:
    """The printer a spec names: ``tcp://HOST[:PORT]`` or ``cups:QUEUE``.

    Raises:
        PrinterError: The spec is neither, or its port or queue is not usable.
    """
    text = spec.strip()
    how = "use tcp://HOST:9100 (a network label printer) or cups:QUEUE (a CUPS printer)"
    if text.lower().startswith("cups:"):
        queue = text[len("cups:") :].lstrip("/")
        if not queue or any(char.isspace() for char in queue) or queue.startswith("-"):
            raise PrinterError(f"Printer {spec!r} names no usable CUPS queue: {how}.")
        return Printer("cups", queue)
    if text.lower().startswith("tcp://"):
        try:
            parts = urlsplit(text)
        except ValueError:
            raise PrinterError(f"Printer {spec[:80]!r} is not a usable address: {how}.") from None
        try:
            port = parts.port or RAW_PORT
        except ValueError:
            raise PrinterError(f"Printer {spec!r} has a bad port number: {how}.") from None
        if not parts.hostname or parts.path not in ("", "/"):
            raise PrinterError(f"Printer {spec!r} names no host: {how}.")
        if not _usable_host(parts.hostname):
            raise PrinterError(
                f"Printer {spec[:80]!r} names a host that cannot exist (a name is letters, "
                f"digits, '-' and '.', at most 63 between dots and 253 in all): {how}."
            )
        return Printer("tcp", parts.hostname, port)
    raise PrinterError(f"Printer {spec!r} is not understood: {how}.")


_HOST_LABEL = re.compile(r"(?!-)[A-Za-z0-9-]{1,63}(?<!-)")


def _usable_host(host: str) -> bool:
    """True for an IP address or a DNS name whose labels fit (RFC 1035)."""
    try:
        ipaddress.ip_address(host)
    except ValueError:
        labels = host.rstrip(".").split(".")
        return len(host) <= 253 and all(_HOST_LABEL.fullmatch(label) for label in labels)
    return True


def configured_printer(
    spec: str | None = None, environ: Mapping[str, str] | None = None
) -> Printer | None:
    """The printer given, else the one in ``INSPECT_TUI_PRINTER``, else None.

    Raises:
        PrinterError: The spec is not understood.
    """
    chosen = spec or (os.environ if environ is None else environ).get(PRINTER_ENV, "")
    return parse_printer(chosen) if chosen.strip() else None


def print_zpl_file(printer: Printer, path: Path, *, timeout: float = TIMEOUT_S) -> None:
    """Send a ZPL label file to the printer as it is.

    Raises:
        PrinterOffline: The printer or the CUPS queue did not take it; says what to do.
    """
    if printer.kind == "cups":
        _lp(printer, path, timeout)
        return
    try:
        content = path.read_bytes()
    except OSError as error:
        raise PrinterOffline(f"Cannot read the label {path}: {error.strerror}.") from None
    _send_tcp(printer, content, timeout)


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
    content = label_zpl(data).encode("utf-8")
    if printer.kind == "tcp":
        _send_tcp(printer, content, timeout)
        return
    with tempfile.TemporaryDirectory(prefix="inspect-tui-label-") as folder:
        path = Path(folder) / "label.zpl"
        path.write_bytes(content)
        _lp(printer, path, timeout)


def _send_tcp(printer: Printer, content: bytes, timeout: float) -> None:
    try:
        with socket.create_connection((printer.target, printer.port), timeout=timeout) as conn:
            conn.sendall(content)
            conn.shutdown(socket.SHUT_WR)
    except TimeoutError:
        raise PrinterOffline(
            f"The printer {printer} did not answer within {timeout:g} s: check it is switched "
            "on and on the network."
        ) from None
    except (OSError, UnicodeError) as error:
        reason = getattr(error, "strerror", None) or str(error) or type(error).__name__
        raise PrinterOffline(
            f"The printer {printer} is offline ({reason}): check it is switched on and "
            "connected, then print the label again."
        ) from None


def _lp(printer: Printer, path: Path, timeout: float) -> None:
    command = ["lp", "-d", printer.target, "-o", "raw", str(path)]
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=timeout * 2, check=False
        )
    except FileNotFoundError:
        raise PrinterOffline(
            "CUPS's lp command is not installed here (Debian: apt-get install cups-client): "
            f"cannot print on {printer}. Or print over the network with --printer "
            "tcp://HOST:9100."
        ) from None
    except subprocess.TimeoutExpired:
        raise PrinterOffline(f"CUPS did not take the label for {printer} in time.") from None
    if done.returncode != 0:
        message = (done.stderr or done.stdout).strip().splitlines()
        reason = message[0] if message else f"lp exited with status {done.returncode}"
        raise PrinterOffline(f"CUPS did not queue the label on {printer}: {reason}.")
