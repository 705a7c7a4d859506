"""Label printing: raw ZPL to a real TCP server on 127.0.0.1, and to CUPS through ``lp``.

The TCP printer is a socket server thread started here that records every byte it receives;
the offline printer is a port on 127.0.0.1 that nothing listens on. CUPS is stood in for by an
``lp`` program put first on PATH that records its arguments and the file it was given.
"""

from __future__ import annotations

import os
import socket
import stat
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest

from inspect_tui.services.printouts.labels import LabelData, label_zpl, write_label
from inspect_tui.services.printouts.printing import (
    PRINTER_ENV,
    Printer,
    PrinterError,
    PrinterOffline,
    configured_printer,
    parse_printer,
    print_label,
    print_zpl_file,
)

LABEL = LabelData(
    inspection_code="INS-20261118-0001",
    outcome="reject",
    disposition="quarantine",
    sku="HP-100",
    grade="D",
    title="无线耳机 HP-100",
    order_ref="TB4015528817",
    day=date(2026, 11, 18),
    unit=1,
)


@dataclass
class FakePrinter:
    """A raw-port printer on 127.0.0.1: accepts connections and keeps what each one sent."""

    port: int
    jobs: list[bytes] = field(default_factory=list)
    done: threading.Event = field(default_factory=threading.Event)


@pytest.fixture
def tcp_printer() -> Iterator[FakePrinter]:
    server = socket.create_server(("127.0.0.1", 0))
    server.settimeout(10)
    printer = FakePrinter(port=server.getsockname()[1])

    def serve() -> None:
        try:
            while not printer.done.is_set():
                try:
                    conn, _ = server.accept()
                except (TimeoutError, OSError):
                    return
                with conn:
                    chunks = []
                    while chunk := conn.recv(65536):
                        chunks.append(chunk)
                    printer.jobs.append(b"".join(chunks))
                    printer.done.set()
        finally:
            server.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield printer
    printer.done.set()
    thread.join(timeout=15)


@pytest.fixture
def closed_port() -> int:
    """A port on 127.0.0.1 that nothing listens on."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def fake_lp(folder: Path, *, exit_code: int = 0, message: str = "") -> Path:
    """An ``lp`` that records its arguments and the file's bytes beside itself."""
    folder.mkdir(parents=True, exist_ok=True)
    script = folder / "lp"
    script.write_text(
        "#!/bin/sh\n"
        f'printf "%s\\n" "$@" > "{folder}/args"\n'
        "for last; do :; done\n"
        f'cat "$last" > "{folder}/job"\n'
        f'[ -n "{message}" ] && echo "{message}" >&2\n'
        f"exit {exit_code}\n",
        encoding="utf-8",
    )
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return folder


# --- printer specs ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("spec", "printer"),
    [
        ("tcp://127.0.0.1:9100", Printer("tcp", "127.0.0.1", 9100)),
        ("tcp://zebra-dock-3", Printer("tcp", "zebra-dock-3", 9100)),
        ("TCP://10.0.0.7:6101", Printer("tcp", "10.0.0.7", 6101)),
        ("tcp://[::1]:9100", Printer("tcp", "::1", 9100)),
        ("cups:Zebra_GK420d", Printer("cups", "Zebra_GK420d")),
        (" cups:bench1 ", Printer("cups", "bench1")),
    ],
)
def test_printer_specs(spec: str, printer: Printer) -> None:
    assert parse_printer(spec) == printer


@pytest.mark.parametrize(
    "spec",
    [
        "zebra", "tcp://", "tcp://host:port", "tcp://host:70000", "cups:", "cups:-x", "lpt1",
        "tcp://[::1", "tcp://" + "a" * 64, "tcp://" + "a" * 64 + ":9100", "tcp://bad_host!",
        "tcp://" + "a." * 130 + "b",
    ],
)  # fmt: skip
def test_bad_printer_specs_say_what_to_write(spec: str) -> None:
    with pytest.raises(PrinterError, match="tcp://HOST:9100"):
        parse_printer(spec)


def test_printer_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(PRINTER_ENV, "cups:bench1")
    assert configured_printer() == Printer("cups", "bench1")
    assert configured_printer("tcp://127.0.0.1:9101") == Printer("tcp", "127.0.0.1", 9101)
    monkeypatch.delenv(PRINTER_ENV)
    assert configured_printer() is None
    assert str(Printer("tcp", "::1")) == "tcp://[::1]:9100"


# --- TCP --------------------------------------------------------------------------------------


def test_label_is_sent_as_raw_zpl_over_tcp(tcp_printer: FakePrinter) -> None:
    print_label(Printer("tcp", "127.0.0.1", tcp_printer.port), LABEL)

    assert tcp_printer.done.wait(10)
    assert tcp_printer.jobs == [label_zpl(LABEL).encode("utf-8")]
    assert "无线耳机".encode() in tcp_printer.jobs[0]


def test_zpl_file_is_sent_byte_for_byte(tcp_printer: FakePrinter, tmp_path: Path) -> None:
    path = write_label(LABEL, tmp_path / "label.zpl")

    print_zpl_file(Printer("tcp", "127.0.0.1", tcp_printer.port), path)

    assert tcp_printer.done.wait(10)
    assert tcp_printer.jobs == [path.read_bytes()]


def test_offline_printer_says_so(closed_port: int) -> None:
    printer = Printer("tcp", "127.0.0.1", closed_port)

    with pytest.raises(PrinterOffline, match=f"tcp://127.0.0.1:{closed_port} is offline"):
        print_label(printer, LABEL, timeout=2)


# --- CUPS -------------------------------------------------------------------------------------


def test_cups_gets_the_file_raw(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bin_dir = fake_lp(tmp_path / "bin")
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    path = write_label(LABEL, tmp_path / "label.zpl")

    print_zpl_file(Printer("cups", "Zebra_GK420d"), path)

    args = (bin_dir / "args").read_text(encoding="utf-8").splitlines()
    assert args == ["-d", "Zebra_GK420d", "-o", "raw", str(path)]
    assert (bin_dir / "job").read_bytes() == path.read_bytes()


def test_cups_without_a_file_prints_the_labels_zpl(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bin_dir = fake_lp(tmp_path / "bin")
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")

    print_label(Printer("cups", "bench1"), LABEL)

    assert (bin_dir / "job").read_bytes() == label_zpl(LABEL).encode("utf-8")


def test_cups_refusal_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bin_dir = fake_lp(
        tmp_path / "bin", exit_code=1, message="lp: The printer or class does not exist."
    )
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")

    with pytest.raises(PrinterOffline, match="does not exist"):
        print_label(Printer("cups", "nosuch"), LABEL)


def test_missing_lp_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))

    with pytest.raises(PrinterOffline, match="cups-client"):
        print_label(Printer("cups", "bench1"), LABEL)
