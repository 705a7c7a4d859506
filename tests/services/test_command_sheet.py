"""Command sheets and badges, read back with zbar: every code scans to its ``CMD:``/``OP:`` value.

PNG sheets are decoded whole. PDF sheets are rendered with poppler's ``pdftoppm`` and decoded
one grid cell at a time, the way a handheld scanner sees one code at a time (on a whole page
rendered at some resolutions zbar was seen to miss a few of the fourteen QR codes, which
each decode alone). The PDF's text and page count are read with ``pdftotext`` and ``pdfinfo``.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image
from pyzbar.pyzbar import decode

from inspect_tui.core.command_codes import BENCH_COMMANDS, COMMANDS
from inspect_tui.services.printouts.command_sheet import (
    BADGE_TITLE,
    CELLS_PER_PAGE,
    SHEET_TITLE,
    cell_bounds,
    write_badge_sheet,
    write_bench_command_sheet,
    write_command_sheet,
)

POPPLER = pytest.mark.skipif(
    shutil.which("pdftoppm") is None, reason="poppler-utils not installed (pdftoppm)"
)
RENDER_DPI = 300
EXPECTED_COMMANDS = (
    "NEXT",
    "BACK",
    "ACCEPT",
    "REJECT",
    "OVERRIDE",
    "GRADE-A",
    "GRADE-B",
    "GRADE-C",
    "GRADE-D",
    "GRADE-X",
    "PHOTO",
    "DONE",
    "CANCEL",
    "TICK",
)


def scanned(image: Image.Image) -> dict[str, set[str]]:
    """Every code zbar finds in ``image``, by symbology."""
    found: dict[str, set[str]] = {}
    for symbol in decode(image.convert("L")):
        found.setdefault(symbol.type, set()).add(symbol.data.decode("ascii"))
    return found


def render_pdf(pdf: Path, directory: Path) -> list[Image.Image]:
    """The PDF's pages as images, rendered by poppler."""
    prefix = directory / "page"
    subprocess.run(
        ["pdftoppm", "-r", str(RENDER_DPI), "-gray", "-png", str(pdf), str(prefix)], check=True
    )
    return [Image.open(path) for path in sorted(directory.glob("page-*.png"))]


def cell_scans(page: Image.Image, cells: int) -> list[dict[str, set[str]]]:
    """What zbar reads in each grid cell of a rendered page."""
    scale = page.width / 210.0
    results = []
    for index in range(cells):
        x, y, width, height = cell_bounds(index)
        box = (x * scale, y * scale, (x + width) * scale, (y + height) * scale)
        results.append(scanned(page.crop(box)))
    return results


def pdf_info(pdf: Path) -> str:
    return subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout


def pdf_text(pdf: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout


def test_the_sheet_prints_the_commands_the_scan_decoder_knows() -> None:
    assert COMMANDS == EXPECTED_COMMANDS


def test_png_sheet_scans_to_every_command(tmp_path: Path) -> None:
    path = write_command_sheet(tmp_path / "commands.png")

    expected = {f"CMD:{name}" for name in EXPECTED_COMMANDS}
    with Image.open(path) as image:
        assert image.size == (2480, 3508)  # A4 at 300 dpi
        assert scanned(image) == {"CODE128": expected, "QRCODE": expected}


def test_png_sheet_cells_hold_the_commands_in_order(tmp_path: Path) -> None:
    path = write_command_sheet(tmp_path / "commands.png")

    with Image.open(path) as image:
        cells = cell_scans(image, len(EXPECTED_COMMANDS))

    for name, found in zip(EXPECTED_COMMANDS, cells, strict=True):
        assert found == {"CODE128": {f"CMD:{name}"}, "QRCODE": {f"CMD:{name}"}}


@POPPLER
def test_pdf_sheet_is_one_a4_page_whose_codes_all_scan(tmp_path: Path) -> None:
    pdf = write_command_sheet(tmp_path / "commands.pdf")

    info = pdf_info(pdf)
    assert "Pages:           1" in info
    assert "(A4)" in info
    (page,) = render_pdf(pdf, tmp_path)
    for name, found in zip(EXPECTED_COMMANDS, cell_scans(page, 14), strict=True):
        assert found == {"CODE128": {f"CMD:{name}"}, "QRCODE": {f"CMD:{name}"}}


@POPPLER
def test_pdf_sheet_has_its_title_instructions_and_captions(tmp_path: Path) -> None:
    text = pdf_text(write_command_sheet(tmp_path / "commands.pdf"))

    assert SHEET_TITLE in text
    assert "How to use" in text
    assert "Grade X: not our item" in text
    assert "CMD:OVERRIDE" in text


def test_png_badges_scan_to_each_operator(tmp_path: Path) -> None:
    path = write_badge_sheet(tmp_path / "badges.png", ["alice", "Wang Wei", " bob ", "alice"])

    expected = {"OP:alice", "OP:Wang Wei", "OP:bob"}
    with Image.open(path) as image:
        assert scanned(image) == {"CODE128": expected, "QRCODE": expected}


@POPPLER
def test_many_badges_go_on_several_pdf_pages(tmp_path: Path) -> None:
    names = [f"clerk{number:02d}" for number in range(CELLS_PER_PAGE + 3)]

    pdf = write_badge_sheet(tmp_path / "badges.pdf", names)

    assert "Pages:           2" in pdf_info(pdf)
    assert f"{BADGE_TITLE} (2 of 2)" in pdf_text(pdf)
    second = render_pdf(pdf, tmp_path)[1]
    found = cell_scans(second, 3)
    assert [cell["CODE128"] for cell in found] == [{"OP:clerk14"}, {"OP:clerk15"}, {"OP:clerk16"}]
    assert [cell["QRCODE"] for cell in found] == [{"OP:clerk14"}, {"OP:clerk15"}, {"OP:clerk16"}]


def test_a_long_badge_name_still_scans(tmp_path: Path) -> None:
    name = "receiving.clerk.night"
    path = write_badge_sheet(tmp_path / "badges.png", [name])

    with Image.open(path) as image:
        assert scanned(image) == {"CODE128": {f"OP:{name}"}, "QRCODE": {f"OP:{name}"}}


def test_a_png_holds_one_page_of_badges(tmp_path: Path) -> None:
    names = [f"clerk{number}" for number in range(CELLS_PER_PAGE + 1)]

    with pytest.raises(ValueError, match=r"write a \.pdf"):
        write_badge_sheet(tmp_path / "badges.png", names)
    assert not (tmp_path / "badges.png").exists()


@pytest.mark.parametrize(
    ("names", "message"),
    [
        (["张伟"], "pinyin"),
        ([], "No operator names"),
        (["  "], "no name"),
        (["x" * 40], "too long"),
    ],
)
def test_badges_that_cannot_scan_are_refused(
    tmp_path: Path, names: list[str], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        write_badge_sheet(tmp_path / "badges.pdf", names)
    assert not (tmp_path / "badges.pdf").exists()


def test_other_formats_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"\.pdf, \.png"):
        write_command_sheet(tmp_path / "commands.svg")


def test_an_existing_sheet_is_replaced(tmp_path: Path) -> None:
    path = tmp_path / "commands.pdf"
    path.write_bytes(b"not a pdf")

    write_command_sheet(path)

    assert path.read_bytes().startswith(b"%PDF-")
    assert [p.name for p in tmp_path.iterdir()] == ["commands.pdf"]


def test_bench_sheet_scans_to_every_bench_command_in_order(tmp_path: Path) -> None:
    path = write_bench_command_sheet(tmp_path / "bench.png")

    assert "REFUSE" in BENCH_COMMANDS and not set(BENCH_COMMANDS) & set(COMMANDS)
    with Image.open(path) as image:
        cells = cell_scans(image, len(BENCH_COMMANDS))
    for name, found in zip(BENCH_COMMANDS, cells, strict=True):
        assert found == {"CODE128": {f"CMD:{name}"}, "QRCODE": {f"CMD:{name}"}}


def test_chinese_text_breaks_between_characters_to_fit() -> None:
    """Chinese is written without spaces: a how-to line breaks between any two characters."""
    from inspect_tui.services.printouts.command_sheet import wrapped
    from inspect_tui.services.printouts.drawing import PilCanvas

    canvas = PilCanvas(Image.new("1", (10, 10), 1), scale=300 / 25.4)
    text = (
        "使用方法：把本表放在验货台旁，在扫描界面扫描条码或二维码即可执行对应命令。 Scan CMD:NEXT"
    )

    lines = wrapped(canvas, text, 3.6, 40.0)

    assert len(lines) >= 4
    assert all(canvas.text_width(line, 3.6, False) <= 40.0 for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")  # nothing lost
    assert lines[-1].endswith("CMD:NEXT") and "Scan CMD:NEXT" in " ".join(lines)


def test_the_command_captions_are_in_the_language_in_use(zh_cn: None) -> None:
    from inspect_tui.services.printouts.command_sheet import badge_cells, command_cells

    cells = {cell.name: cell for cell in command_cells()}
    assert cells["ACCEPT"].caption == "同意退货" and cells["ACCEPT"].value == "CMD:ACCEPT"
    assert cells["GRADE-X"].caption == "X 级：非本店商品"
    assert badge_cells(["alice"])[0].caption == "操作员工牌"
