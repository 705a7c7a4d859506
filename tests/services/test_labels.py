"""Disposition labels, read back the way the desk reads them: with a barcode decoder (zbar).

PNG labels are decoded by zbar through pyzbar; SVG labels are parsed with ElementTree and,
where ``rsvg-convert`` is installed, rendered and decoded too; ZPL is compared with a golden
file checked by hand and its escaping is read back field by field.
"""

from __future__ import annotations

import logging
import re
import shutil
import subprocess
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import pytest
from PIL import Image, ImageChops
from pyzbar.pyzbar import decode

from inspect_tui.services.printouts import drawing
from inspect_tui.services.printouts.drawing import (
    NO_CJK_NOTE,
    PilCanvas,
    check_code128,
    find_cjk_font,
)
from inspect_tui.services.printouts.labels import (
    LABEL_HEIGHT,
    LABEL_WIDTH,
    LabelData,
    label_file_stem,
    label_png,
    label_svg,
    label_zpl,
    write_label,
    write_labels_for,
)
from inspect_tui.services.printouts.zpl import code128_data, field_hex

GOLDEN = Path(__file__).parent / "golden"
SVG = "{http://www.w3.org/2000/svg}"
CODE = "INS-20261122-0042"

SAMPLE = LabelData(
    inspection_code=CODE,
    outcome="accept",
    disposition="restock",
    sku="HP-100-BLK",
    grade="B",
    title="无线耳机 HP-100",
    order_ref="1234567890",
    day=date(2026, 11, 22),
    unit=1,
)

GOLDEN_DATA = LabelData(
    inspection_code=CODE,
    outcome="reject",
    disposition="quarantine",
    sku="HP_100^BLK",
    grade="D",
    title="无线耳机 HP-100 ~ 降噪_版",
    order_ref="1234567890123456789",
    day=date(2026, 11, 22),
    unit=2,
)

TITLE_BAND = (20, 160, 600, 194)
"""Where the title line sits on a PNG label (left, top, right, bottom)."""


def scanned(image: Image.Image) -> dict[str, list[str]]:
    """Every code zbar finds in ``image``, by symbology."""
    found: dict[str, list[str]] = {}
    for symbol in decode(image.convert("L")):
        found.setdefault(symbol.type, []).append(symbol.data.decode("ascii"))
    return found


def svg_texts(document: str) -> list[str]:
    root = ET.fromstring(document)
    return [element.text or "" for element in root.iter(f"{SVG}text")]


def fd_fields(zpl: str) -> list[str]:
    """The field data of every ``^FD … ^FS`` in a ZPL document."""
    return re.findall(r"\^FD(.*?)\^FS", zpl)


# --- PNG --------------------------------------------------------------------------------------


def test_png_label_scans_back_to_the_inspection_code(tmp_path: Path) -> None:
    path = write_label(SAMPLE, tmp_path / "label.png")

    with Image.open(path) as image:
        assert image.size == (LABEL_WIDTH, LABEL_HEIGHT)
        assert round(image.info["dpi"][0]) == 203
        assert scanned(image) == {"CODE128": [CODE], "QRCODE": [CODE]}


@pytest.mark.parametrize(
    "code",
    [
        "INS-20261122-0042",
        "12345",  # odd run of digits: python-barcode mixes subsets C and B
        "1A",
        "A1234567B",
        "INS 2026 0001",
        "a^b~c_d>e\\f{g}|h`",
        "0",
        "ABC1234567890123456",
    ],
)
def test_png_label_scans_back_exactly_for_awkward_codes(code: str) -> None:
    data = replace(SAMPLE, inspection_code=code)

    assert scanned(label_png(data)) == {"CODE128": [code], "QRCODE": [code]}


@pytest.mark.parametrize(
    ("code", "named"),
    [
        ("INS-é", "U+00E9"),
        ("INS-\x01", "U+0001"),
        ("INS-ñ", "U+00F1"),  # python-barcode would encode ñ as the FNC1 function code
        ("INS\n1", "U+000A"),
        ("INS-\x7f", "U+007F"),
    ],
)
def test_code128_refuses_anything_but_printable_ascii(code: str, named: str) -> None:
    with pytest.raises(ValueError, match="printable ASCII") as raised:
        LabelData(code, "accept", "restock", None, None, None, None, date(2026, 11, 22))
    assert named in str(raised.value)
    with pytest.raises(ValueError, match=re.escape(named)):
        check_code128(code)


def test_empty_and_overlong_codes_are_refused() -> None:
    with pytest.raises(ValueError, match="empty"):
        replace(SAMPLE, inspection_code="")
    with pytest.raises(ValueError, match="too long"):
        replace(SAMPLE, inspection_code="X" * 40)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("outcome", "acept", "Unknown outcome 'acept'"),
        ("disposition", "bin", "Unknown disposition 'bin'"),
        ("grade", "E", "Unknown grade 'E'"),
        ("unit", 0, "start at 1"),
    ],
)
def test_label_data_refuses_values_the_desk_does_not_know(
    field: str, value: Any, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        replace(SAMPLE, **{field: value})


def test_chinese_title_is_drawn_with_a_cjk_font() -> None:
    if find_cjk_font() is None:
        pytest.skip("no CJK font installed (apt-get install fonts-wqy-zenhei)")
    with_title = label_png(SAMPLE)
    latin_only = label_png(replace(SAMPLE, title="HP-100"))

    # The Chinese characters add ink in the title band, left of "HP-100".
    band_with = with_title.crop(TITLE_BAND).convert("L")
    band_latin = latin_only.crop(TITLE_BAND).convert("L")
    assert ImageChops.difference(band_with, band_latin).getbbox() is not None
    assert band_with.histogram()[0] > band_latin.histogram()[0]
    assert scanned(with_title) == {"CODE128": [CODE], "QRCODE": [CODE]}


def test_without_a_cjk_font_the_label_is_still_written_with_a_note(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(drawing, "CJK_FONT_PATHS", (tmp_path / "missing.ttc",))
    canvas = PilCanvas(Image.new("1", (10, 10), 1))

    with caplog.at_level(logging.WARNING):
        path = write_label(SAMPLE, tmp_path / "label.png")
        shown = canvas.printable("无线耳机 HP-100")

    assert shown == f"HP-100 {NO_CJK_NOTE}"
    assert "fonts-wqy-zenhei" in caplog.text
    with Image.open(path) as image:
        assert scanned(image) == {"CODE128": [CODE], "QRCODE": [CODE]}
        assert image.crop(TITLE_BAND).convert("L").histogram()[0] > 0  # the note is printed


def test_long_text_is_cut_to_fit_not_spilled(tmp_path: Path) -> None:
    data = replace(SAMPLE, title="Wireless headphones " * 20, sku="SKU-" + "9" * 60)

    texts = svg_texts(label_svg(data))
    title = next(text for text in texts if text.startswith("Wireless"))

    assert title.endswith("...") and len(title) < 60
    assert scanned(label_png(data)) == {"CODE128": [CODE], "QRCODE": [CODE]}


# --- SVG --------------------------------------------------------------------------------------


def test_svg_is_valid_xml_carrying_the_code_and_the_label_text(tmp_path: Path) -> None:
    path = write_label(SAMPLE, tmp_path / "label.svg")

    root = ET.parse(path).getroot()
    texts = svg_texts(path.read_text(encoding="utf-8"))
    assert root.tag == f"{SVG}svg"
    assert root.get("viewBox") == f"0 0 {LABEL_WIDTH} {LABEL_HEIGHT}"
    assert CODE in texts
    assert "RESTOCK" in texts
    assert "无线耳机 HP-100" in texts
    assert "ACCEPTED | grade B | unit 1" in texts
    assert len(list(root.iter(f"{SVG}rect"))) > 50  # bars and QR modules


def test_svg_escapes_user_text() -> None:
    data = replace(SAMPLE, title='<b>"Tom & Jerry"</b>\x01', sku="A<B&C")

    texts = svg_texts(label_svg(data))

    assert '<b>"Tom & Jerry"</b>' in texts
    assert "SKU A<B&C" in texts


def test_characters_no_file_can_hold_are_dropped_in_every_format(tmp_path: Path) -> None:
    data = replace(SAMPLE, title="bad\ud800 \x00title", sku="S\x1bKU")

    for suffix in (".png", ".svg", ".zpl"):
        write_label(data, tmp_path / f"label{suffix}")

    assert "bad title" in svg_texts((tmp_path / "label.svg").read_text(encoding="utf-8"))
    zpl = (tmp_path / "label.zpl").read_text(encoding="utf-8")
    assert "^FH^FDbad title^FS" in zpl
    assert "^FH^FDSKU S KU^FS" in zpl


def test_a_huge_title_is_cut_quickly() -> None:
    data = replace(SAMPLE, title="无线耳机" * 5000)

    texts = svg_texts(label_svg(data))

    assert any(text.startswith("无线耳机") and text.endswith("...") for text in texts)


@pytest.mark.skipif(shutil.which("rsvg-convert") is None, reason="rsvg-convert not installed")
def test_svg_renders_to_a_scannable_label(tmp_path: Path) -> None:
    svg = write_label(SAMPLE, tmp_path / "label.svg")
    png = tmp_path / "rendered.png"

    subprocess.run(["rsvg-convert", "-w", "812", str(svg), "-o", str(png)], check=True)

    with Image.open(png) as image:
        assert scanned(image) == {"CODE128": [CODE], "QRCODE": [CODE]}


# --- ZPL --------------------------------------------------------------------------------------


def test_zpl_matches_the_golden_file() -> None:
    golden = (GOLDEN / "INS-20261122-0042-u2.zpl").read_text(encoding="utf-8")

    assert label_zpl(GOLDEN_DATA) == golden


def test_zpl_is_one_utf8_label_with_both_codes() -> None:
    zpl = label_zpl(SAMPLE)

    assert zpl.startswith("^XA\n^CI28\n")
    assert zpl.endswith("^XZ\n")
    assert zpl.count("^XA") == zpl.count("^XZ") == 1
    assert f"^BCN,100,N,N,N^FD>:{CODE}^FS" in zpl
    assert f"^BQN,2,6^FH^FDMA,{CODE}^FS" in zpl
    assert "^A@N,28,28,E:ANMDS.TTF^FH^FD无线耳机 HP-100^FS" in zpl


def test_field_hex_escapes_caret_tilde_and_underscore() -> None:
    assert field_hex("a^b~c_d") == "a_5Eb_7Ec_5Fd"
    assert field_hex("plain 文字") == "plain 文字"
    assert field_hex("tab\there") == "tab_09here"


def test_user_text_cannot_break_out_of_its_zpl_field() -> None:
    data = replace(SAMPLE, sku="^XZ~JA_", title="^FS^XA~", order_ref="R_1")

    zpl = label_zpl(data)
    fields = fd_fields(zpl)

    assert zpl.count("^XA") == zpl.count("^XZ") == 1
    assert "SKU _5EXZ_7EJA_5F" in fields
    assert "_5EFS_5EXA_7E" in fields
    assert all("^" not in field and "~" not in field for field in fields)


def test_code128_field_uses_invocation_codes_for_special_characters() -> None:
    assert code128_data("A^B>C~D_") == ">:A><B>0C>=D_"
    with pytest.raises(ValueError, match="printable ASCII"):
        code128_data("é")


# --- files ------------------------------------------------------------------------------------


def test_write_label_refuses_other_formats(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"\.png, \.svg, \.zpl"):
        write_label(SAMPLE, tmp_path / "label.pdf")
    assert list(tmp_path.iterdir()) == []


def test_write_label_replaces_an_existing_file(tmp_path: Path) -> None:
    path = tmp_path / "label.PNG"
    path.write_bytes(b"old")

    write_label(SAMPLE, path)

    with Image.open(path) as image:
        assert scanned(image)["CODE128"] == [CODE]
    assert [p.name for p in tmp_path.iterdir()] == ["label.PNG"]  # no temporary left behind


def test_labels_for_each_unit_are_png_and_zpl(tmp_path: Path) -> None:
    units = [SAMPLE, replace(SAMPLE, unit=2, disposition="scrap", grade="D")]

    written = write_labels_for(units, tmp_path / "labels")

    assert [p.name for p in written] == [
        f"{CODE}-u1.png",
        f"{CODE}-u1.zpl",
        f"{CODE}-u2.png",
        f"{CODE}-u2.zpl",
    ]
    with Image.open(written[2]) as image:
        assert scanned(image) == {"CODE128": [CODE], "QRCODE": [CODE]}
    unit_two = written[3].read_text(encoding="utf-8")
    assert "^FH^FDSCRAP^FS" in unit_two
    assert "unit 2" in unit_two


def test_a_parcel_without_units_gets_one_label(tmp_path: Path) -> None:
    written = write_labels_for([replace(SAMPLE, unit=None)], tmp_path)

    assert [p.name for p in written] == [f"{CODE}.png", f"{CODE}.zpl"]
    assert "unit" not in written[1].read_text(encoding="utf-8")


def test_two_labels_with_one_name_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=f"{CODE}-u1"):
        write_labels_for([SAMPLE, SAMPLE], tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_file_names_are_safe_whatever_the_code() -> None:
    assert label_file_stem(replace(SAMPLE, inspection_code="../A/B C", unit=None)) == "_A_B_C"
    assert label_file_stem(replace(SAMPLE, unit=3)) == f"{CODE}-u3"


def test_a_label_in_chinese_prints_the_words_and_keeps_the_codes(zh_cn: None) -> None:
    texts = svg_texts(label_svg(SAMPLE))
    zpl_text = label_zpl(SAMPLE)

    assert "重新入库" in texts
    assert "同意退货 | 等级 B | 第 1 件" in texts and "商品编码 HP-100-BLK" in texts
    assert "订单 1234567890 | 2026年11月22日" in texts
    assert CODE in texts and "RESTOCK" not in texts
    assert f"^FD{code128_data(CODE)}^FS" in zpl_text  # the barcode's data as in English
    assert field_hex("重新入库") in zpl_text or "重新入库" in zpl_text
