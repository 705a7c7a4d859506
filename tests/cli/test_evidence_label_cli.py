"""``inspect-tui evidence`` and ``inspect-tui label`` on inspections completed at the bench.

Packs are read back with pypdf and zipfile + hashlib; labels with zbar (PNG), compared byte for
byte with the ZPL the Workstation wrote on completion, and sent to a real TCP server on
127.0.0.1 (and to a port nobody listens on).
"""

from __future__ import annotations

import hashlib
import json
import shutil
import socket
import subprocess
import threading
import zipfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader
from pyzbar.pyzbar import decode
from typer.testing import CliRunner, Result

from inspect_tui.cli import app
from inspect_tui.services.demo import load_demo
from inspect_tui.services.inspecting.workstation import Workstation
from inspect_tui.services.printouts.inspection_labels import label_data
from inspect_tui.services.printouts.labels import label_zpl
from inspect_tui.services.shared.views import InspectionView

runner = CliRunner()
BENCH_TIME = datetime(2026, 11, 18, 10, 0, tzinfo=UTC)


class Desk:
    """The demo store with a few parcels done at the bench."""

    def __init__(self, url: str, single: InspectionView, double: InspectionView, open_code: str):
        self.url = url
        self.single = single
        self.double = double
        self.open_code = open_code

    def run(self, *args: str) -> Result:
        result = runner.invoke(app, ["--db", self.url, *args])
        if result.exception is not None:
            assert isinstance(result.exception, SystemExit), result.exception
        return result


@pytest.fixture
def desk(store_url: str, _isolated_home: Path, tmp_path: Path) -> Iterator[Desk]:
    demo = load_demo(store_url, _isolated_home)  # the data dir the commands use
    photo = tmp_path / "scale.jpg"
    Image.new("RGB", (40, 30), (120, 120, 120)).save(photo, "JPEG")
    ws = Workstation.connect(
        demo.db_url,
        station="bench-1",
        operator="alice",
        data_dir=demo.data_dir,
        clock=lambda: BENCH_TIME,
    )
    try:
        view = ws.open_parcel("TB-RF-880001")
        view = ws.record_weight(view.inspection_id, 90)
        view = ws.attach_evidence(view.inspection_id, photo, "scale_photo")
        view = ws.attach_evidence(view.inspection_id, photo, "open_box_photo")
        single = ws.complete(ws.decide(view.inspection_id).inspection_id)
        view = ws.open_parcel("DY-RT-20102")
        view = ws.record_weight(view.inspection_id, 120)
        view = ws.scan_item(view.inspection_id, "LP-CASE")
        view = ws.scan_item(view.inspection_id, "LP-CASE")
        for unit in view.units:
            view = ws.grade_unit(view.inspection_id, unit.unit_id, "B")
        double = ws.complete(ws.decide(view.inspection_id).inspection_id)
        still_open = ws.open_parcel("TM-RF-55120")
    finally:
        ws.close()
    yield Desk(demo.db_url, single, double, still_open.code)


class FakePrinter:
    """A raw-port printer on 127.0.0.1 that records the one job it is sent."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.jobs: list[bytes] = []
        self.printed = threading.Event()

    def received(self) -> list[bytes]:
        """The jobs, once the printer has read the first one to its end."""
        assert self.printed.wait(10), "the printer received nothing"
        return self.jobs


@pytest.fixture
def tcp_printer() -> Iterator[FakePrinter]:
    server = socket.create_server(("127.0.0.1", 0))
    server.settimeout(10)
    printer = FakePrinter(server.getsockname()[1])

    def serve() -> None:
        with server:
            try:
                conn, _ = server.accept()
            except OSError:
                return
            with conn:
                chunks = []
                while chunk := conn.recv(65536):
                    chunks.append(chunk)
                printer.jobs.append(b"".join(chunks))
                printer.printed.set()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield printer
    thread.join(timeout=15)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


# --- evidence ---------------------------------------------------------------------------------


def test_evidence_pdf(desk: Desk, tmp_path: Path) -> None:
    out = tmp_path / "pack.pdf"

    result = desk.run("evidence", desk.single.code.lower(), "-o", str(out))

    assert result.exit_code == 0, result.output
    assert f"written to {out}" in result.stdout
    text = "\n".join(page.extract_text() for page in PdfReader(out).pages)
    assert "TB4015528817" in text and "EMPTY_PARCEL" in text and "王小明" in text
    flat = "".join(text.split())
    assert all(item.sha256 in flat for item in desk.single.evidence)


def test_evidence_zip(desk: Desk, tmp_path: Path) -> None:
    out = tmp_path / "pack.zip"

    result = desk.run("evidence", desk.single.code, "-o", str(out))

    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(out) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        for entry in manifest["files"]:
            content = archive.read(entry["path"])
            assert hashlib.sha256(content).hexdigest() == entry["sha256"]
        assert len(manifest["files"]) == len(archive.namelist()) - 1
    assert [e["status"] for e in manifest["evidence"]] == ["ok", "ok", "ok"]
    assert manifest["audit_events"][-1]["action"] == "inspection.complete"


def test_evidence_errors(desk: Desk, tmp_path: Path) -> None:
    missing = desk.run("evidence", "INS-20990101-0001", "-o", str(tmp_path / "p.pdf"))
    assert missing.exit_code == 3 and "no inspection" in missing.stderr

    wrong = desk.run("evidence", desk.single.code, "-o", str(tmp_path / "p.docx"))
    assert wrong.exit_code == 2 and ".pdf or .zip" in wrong.stderr

    existing = tmp_path / "p.zip"
    existing.write_bytes(b"keep")
    refused = desk.run("evidence", desk.single.code, "-o", str(existing))
    assert refused.exit_code == 1 and "--force" in refused.stderr
    assert existing.read_bytes() == b"keep"
    assert desk.run("evidence", desk.single.code, "-o", str(existing), "--force").exit_code == 0
    assert zipfile.is_zipfile(existing)


# --- labels -----------------------------------------------------------------------------------


def test_label_zpl_is_the_one_written_on_completion(desk: Desk, tmp_path: Path) -> None:
    out = tmp_path / "again.zpl"

    result = desk.run("label", desk.single.code, "-o", str(out))

    assert result.exit_code == 0, result.output
    written = [path for path in desk.single.labels if path.suffix == ".zpl"]
    assert len(written) == 1
    assert out.read_bytes() == written[0].read_bytes()
    assert out.read_text(encoding="utf-8") == label_zpl(label_data(desk.single)[0])


def test_label_png_scans_back_to_the_inspection(desk: Desk, tmp_path: Path) -> None:
    out = tmp_path / "unit2.png"

    result = desk.run("label", desk.double.code, "-o", str(out), "--unit", "2")

    assert result.exit_code == 0, result.output
    assert "unit 2" in result.stdout
    with Image.open(out) as image:
        found = {s.type: s.data.decode("ascii") for s in decode(image.convert("L"))}
    assert found == {"CODE128": desk.double.code, "QRCODE": desk.double.code}


def test_label_svg(desk: Desk, tmp_path: Path) -> None:
    out = tmp_path / "label.svg"

    assert desk.run("label", desk.single.code, "-o", str(out)).exit_code == 0
    assert desk.single.code in out.read_text(encoding="utf-8")


def test_label_keeps_an_existing_file_unless_forced(desk: Desk, tmp_path: Path) -> None:
    out = tmp_path / "label.zpl"
    out.write_text("yesterday's label", encoding="utf-8")

    kept = desk.run("label", desk.single.code, "-o", str(out))
    assert kept.exit_code == 1
    assert f"{out} already exists; add --force to replace it" in kept.stderr
    assert out.read_text(encoding="utf-8") == "yesterday's label"

    replaced = desk.run("label", desk.single.code, "-o", str(out), "--force")
    assert replaced.exit_code == 0, replaced.output
    assert out.read_text(encoding="utf-8") == label_zpl(label_data(desk.single)[0])


@pytest.mark.parametrize(
    ("which", "args", "exit_code", "message"),
    [
        ("double", [], 2, "has 2 units: choose one with --unit 1 to 2"),
        ("double", ["--unit", "3"], 2, "there is no unit 3"),
        ("open", [], 1, "is not completed yet"),
        ("missing", [], 3, "no inspection"),
        ("single", ["--printer", "lpt1"], 2, "tcp://HOST:9100"),
    ],
)
def test_label_errors(
    desk: Desk, tmp_path: Path, which: str, args: list[str], exit_code: int, message: str
) -> None:
    code = {
        "double": desk.double.code,
        "open": desk.open_code,
        "missing": "INS-20990101-0001",
        "single": desk.single.code,
    }[which]
    out = tmp_path / "label.zpl"

    result = desk.run("label", code, "-o", str(out), *args)

    assert result.exit_code == exit_code
    assert message in result.stderr
    assert not out.exists()


def test_label_is_printed_over_tcp(desk: Desk, tmp_path: Path, tcp_printer: FakePrinter) -> None:
    port = tcp_printer.port
    out = tmp_path / "label.zpl"

    result = desk.run(
        "label", desk.single.code, "-o", str(out), "--printer", f"tcp://127.0.0.1:{port}"
    )

    assert result.exit_code == 0, result.output
    assert f"Sent to the printer tcp://127.0.0.1:{port}" in result.stdout
    assert tcp_printer.received() == [out.read_bytes()]


def test_printer_from_the_environment_gets_the_png_labels_zpl(
    desk: Desk,
    tmp_path: Path,
    tcp_printer: FakePrinter,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("INSPECT_TUI_PRINTER", f"tcp://127.0.0.1:{tcp_printer.port}")

    result = desk.run("label", desk.double.code, "-o", str(tmp_path / "l.png"), "--unit", "1")

    assert result.exit_code == 0, result.output
    assert tcp_printer.received() == [label_zpl(label_data(desk.double)[0]).encode("utf-8")]


def test_offline_printer_keeps_the_label(desk: Desk, tmp_path: Path) -> None:
    port = free_port()
    out = tmp_path / "label.zpl"

    result = desk.run(
        "label", desk.single.code, "-o", str(out), "--printer", f"tcp://127.0.0.1:{port}"
    )

    assert result.exit_code == 1
    assert "offline" in result.stderr and f"The label is saved in {out}" in result.stderr
    assert out.read_text(encoding="utf-8") == label_zpl(label_data(desk.single)[0])


def test_no_print_ignores_the_environment(
    desk: Desk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("INSPECT_TUI_PRINTER", f"tcp://127.0.0.1:{free_port()}")

    result = desk.run("label", desk.single.code, "-o", str(tmp_path / "l.zpl"), "--no-print")

    assert result.exit_code == 0, result.output
    assert "Sent to the printer" not in result.stdout


# --- in Chinese -------------------------------------------------------------------------------


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler's pdftotext is missing")
def test_evidence_pdf_in_chinese_names_the_reasons_in_the_sellers_words(
    desk: Desk, tmp_path: Path
) -> None:
    out = tmp_path / "pack.pdf"

    result = desk.run("evidence", desk.single.code, "-o", str(out), "--lang", "zh_CN")

    assert result.exit_code == 0, result.output
    assert f"{desk.single.code} 的证据包已写入 {out}。" in result.stdout
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(out), "-"], capture_output=True, check=True
    ).stdout.decode("utf-8")
    for words in (
        "证据包",
        "订单与退货申请（按记录）",
        "验货发现",
        "主管复核",
        "证据文件及其 SHA-256",
    ):
        assert words in text, words
    assert "空包 (EMPTY_PARCEL)" in text  # the seller's word, and the stable code beside it
    assert "拒绝退款 (reject)" in text and "淘宝 (taobao)" in text
    assert "2026年11月18日" in text
    assert "Evidence pack" not in text and "Findings" not in text


def test_label_in_chinese_keeps_its_barcodes_data(desk: Desk, tmp_path: Path) -> None:
    svg, png = tmp_path / "label.svg", tmp_path / "label.png"

    assert desk.run("label", desk.single.code, "-o", str(svg), "--lang", "zh_CN").exit_code == 0
    result = desk.run("label", desk.single.code, "-o", str(png), "--lang", "zh_CN")

    assert result.exit_code == 0, result.output
    assert "的标签（隔离留证）已写入" in result.stdout
    text = svg.read_text(encoding="utf-8")
    assert "隔离留证" in text and "拒绝退款" in text and "2026年11月18日" in text
    assert "QUARANTINE" not in text
    with Image.open(png) as image:
        assert {symbol.data.decode() for symbol in decode(image)} == {desk.single.code}
