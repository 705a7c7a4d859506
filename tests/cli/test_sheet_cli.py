"""``inspect-tui sheet``: through Typer's runner, and once as a real process.

What the command writes is read back with zbar (pyzbar); the PDF from the real process is
read with poppler's ``pdfinfo`` and rendered with ``pdftoppm`` where installed, then decoded
one grid cell at a time, as a handheld scanner sees it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image
from pyzbar.pyzbar import decode
from typer.testing import CliRunner

from inspect_tui.cli import app
from inspect_tui.core.command_codes import BENCH_COMMANDS, COMMANDS
from inspect_tui.services.printouts.command_sheet import SHEET_HOW_TO, SHEET_TITLE, cell_bounds

runner = CliRunner()
ALL_COMMANDS = {f"CMD:{name}" for name in COMMANDS}


def scanned_image(image: Image.Image) -> dict[str, set[str]]:
    """Every code zbar finds in ``image``, by symbology."""
    found: dict[str, set[str]] = {}
    for symbol in decode(image.convert("L")):
        found.setdefault(symbol.type, set()).add(symbol.data.decode("ascii"))
    return found


def scanned(path: Path) -> dict[str, set[str]]:
    """Every code zbar finds in the image at ``path``, by symbology."""
    with Image.open(path) as image:
        return scanned_image(image)


def test_sheet_writes_a_png_whose_codes_scan(tmp_path: Path) -> None:
    out = tmp_path / "commands.png"

    result = runner.invoke(app, ["sheet", "-o", str(out)])

    assert result.exit_code == 0, result.output
    assert str(out) in result.stdout
    assert scanned(out) == {"CODE128": ALL_COMMANDS, "QRCODE": ALL_COMMANDS}
    bench = tmp_path / "commands-bench.png"
    assert str(bench) in result.stdout
    every_bench = {f"CMD:{name}" for name in BENCH_COMMANDS}
    assert scanned(bench) == {"CODE128": every_bench, "QRCODE": every_bench}


def test_badges_are_written_beside_the_sheet(tmp_path: Path) -> None:
    out = tmp_path / "commands.png"

    result = runner.invoke(app, ["sheet", "-o", str(out), "--badges", "alice", "--badges", "bob"])

    assert result.exit_code == 0, result.output
    badges = tmp_path / "commands-badges.png"
    assert f"Badges for 2 operators written to {badges}" in result.stdout
    assert scanned(badges) == {"CODE128": {"OP:alice", "OP:bob"}, "QRCODE": {"OP:alice", "OP:bob"}}
    assert scanned(out)["CODE128"] == ALL_COMMANDS


def test_badges_as_the_readme_writes_them(tmp_path: Path) -> None:
    out = tmp_path / "commands.png"

    result = runner.invoke(app, ["sheet", "-o", str(out), "--badges", "alice", "sam"])

    assert result.exit_code == 0, result.output
    badges = tmp_path / "commands-badges.png"
    assert scanned(badges)["CODE128"] == {"OP:alice", "OP:sam"}
    stray = runner.invoke(app, ["sheet", "-o", str(out), "sam"])
    assert stray.exit_code == 2
    assert "operator names go after --badges" in stray.stderr


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler's pdftotext is missing")
def test_the_sheets_heading_is_printed_whole(tmp_path: Path) -> None:
    out = tmp_path / "commands.pdf"
    assert runner.invoke(app, ["sheet", "-o", str(out)]).exit_code == 0
    text = subprocess.run(
        ["pdftotext", "-l", "1", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    heading = " ".join(text.split("NEXT")[0].split())
    assert heading == f"{SHEET_TITLE} {SHEET_HOW_TO}"
    assert "…" not in heading


def test_an_existing_file_is_overwritten(tmp_path: Path) -> None:
    out = tmp_path / "commands.pdf"
    out.write_bytes(b"yesterday's sheet")

    result = runner.invoke(app, ["sheet", "--output", str(out)])

    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"%PDF-")


@pytest.mark.parametrize("parent", ["missing-folder", "a-file"])
def test_an_unwritable_path_is_a_message_and_exit_1(tmp_path: Path, parent: str) -> None:
    (tmp_path / "a-file").write_text("not a folder")
    out = tmp_path / parent / "commands.pdf"

    result = runner.invoke(app, ["sheet", "-o", str(out)])

    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)  # no traceback, a clean exit
    assert f"inspect-tui: cannot write {out}" in result.stderr
    assert "Traceback" not in result.output


def test_a_wrong_format_is_a_usage_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["sheet", "-o", str(tmp_path / "commands.svg")])

    assert result.exit_code == 2
    assert ".pdf or .png" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_badge_that_cannot_scan_stops_before_anything_is_written(tmp_path: Path) -> None:
    result = runner.invoke(app, ["sheet", "-o", str(tmp_path / "c.pdf"), "--badges", "张伟"])

    assert result.exit_code == 2
    assert "pinyin" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_the_installed_module_writes_a_pdf_sheet(tmp_path: Path) -> None:
    out = tmp_path / "commands.pdf"
    env = {**os.environ, "INSPECT_TUI_HOME": str(tmp_path / "home")}

    done = subprocess.run(
        [sys.executable, "-m", "inspect_tui", "sheet", "-o", str(out)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )

    assert done.returncode == 0, done.stderr
    assert f"Command sheet written to {out}" in done.stdout
    assert out.read_bytes().startswith(b"%PDF-")
    if shutil.which("pdftoppm") is None:
        return
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True)
    assert "Pages:           1" in info.stdout
    subprocess.run(["pdftoppm", "-r", "300", "-png", str(out), str(tmp_path / "p")], check=True)
    with Image.open(tmp_path / "p-1.png") as page:
        scale = page.width / 210.0  # pixels per millimetre of A4
        for index, name in enumerate(COMMANDS):
            x, y, width, height = (round(v * scale) for v in cell_bounds(index))
            cell = page.crop((x, y, x + width, y + height))
            expected = {f"CMD:{name}"}
            assert scanned_image(cell) == {"CODE128": expected, "QRCODE": expected}


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler's pdftotext is missing")
def test_the_sheet_in_chinese_is_set_in_a_cjk_font_and_its_heading_printed_whole(
    tmp_path: Path,
) -> None:
    out = tmp_path / "commands.pdf"

    result = runner.invoke(app, ["sheet", "-o", str(out), "--lang", "zh_CN"])

    assert result.exit_code == 0, result.output
    assert f"命令表已写入 {out}" in result.stdout
    text = subprocess.run(
        ["pdftotext", "-l", "1", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    heading = "".join(text.split("NEXT")[0].split())
    assert heading.startswith("inspect-tui命令表使用方法：把本表放在验货台旁")
    assert heading.endswith("即可执行对应命令。")  # not cut off
    assert "下一步或下一个包裹" in text and "同意退货" in text and "A 级：全新未拆封" in text
    assert "?" not in text  # no character fell back to Latin-1


def test_the_png_sheet_in_chinese_scans_to_the_same_commands(tmp_path: Path) -> None:
    out = tmp_path / "commands.png"

    assert runner.invoke(app, ["--lang", "zh_CN", "sheet", "-o", str(out)]).exit_code == 0

    assert scanned(out)["QRCODE"] == ALL_COMMANDS
