"""The scan buffer: codes typed back to back come out whole, in order, one per terminator."""

from __future__ import annotations

import pytest

from inspect_tui.devices.scanner import FNC1_SUBSTITUTE, GS, ScanBuffer


def test_back_to_back_codes_come_out_whole_and_in_order() -> None:
    codes = [f"SN-{index:04d}" for index in range(200)]
    buffer = ScanBuffer()

    completed = buffer.feed("".join(code + "\r" for code in codes))

    assert completed == codes
    assert buffer.text == ""


def test_codes_fed_one_key_at_a_time_match_codes_fed_at_once() -> None:
    stream = "RMA-20240001\r4006381333931\rCMD:NEXT\r"
    buffer = ScanBuffer()

    completed: list[str] = []
    for char in stream:
        completed.extend(buffer.feed(char))

    assert completed == ["RMA-20240001", "4006381333931", "CMD:NEXT"]


def test_a_partial_code_waits_for_its_terminator() -> None:
    buffer = ScanBuffer()

    assert buffer.feed("RMA-2024") == []
    assert buffer.text == "RMA-2024"
    assert buffer.feed("0001\rSN-") == ["RMA-20240001"]
    assert buffer.text == "SN-"
    assert buffer.feed("77\r") == ["SN-77"]


@pytest.mark.parametrize("suffix", ["\r", "\n", "\r\n", "\t", "\r\n\r\n"])
def test_every_scanner_suffix_ends_exactly_one_code(suffix: str) -> None:
    buffer = ScanBuffer()

    assert buffer.feed(f"ABC{suffix}DEF{suffix}") == ["ABC", "DEF"]


def test_group_separator_becomes_the_fnc1_substitute() -> None:
    buffer = ScanBuffer()

    (code,) = buffer.feed(f"0104006381333931{GS}21SN123{GS}10LOT7\r")

    assert code == f"0104006381333931{FNC1_SUBSTITUTE}21SN123{FNC1_SUBSTITUTE}10LOT7"


def test_framing_control_characters_are_ignored() -> None:
    buffer = ScanBuffer()

    assert buffer.feed("\x02RMA-1\x03\x04\r") == ["RMA-1"]


def test_blank_enter_gives_no_code() -> None:
    buffer = ScanBuffer()

    assert buffer.feed("\r   \r") == []


def test_backspace_and_clear_edit_what_the_clerk_typed() -> None:
    buffer = ScanBuffer()
    buffer.feed("760gx")

    buffer.backspace()
    assert buffer.text == "760g"
    assert buffer.clear() == "760g"
    assert buffer.text == ""
    buffer.backspace()  # nothing left: no error
    assert len(buffer) == 0


def test_finish_completes_without_a_terminator() -> None:
    buffer = ScanBuffer()
    buffer.feed("  0.76 kg ")

    assert buffer.finish() == "0.76 kg"
    assert buffer.finish() is None


def test_a_runaway_input_is_cut_at_the_limit() -> None:
    buffer = ScanBuffer(max_length=10)

    assert buffer.feed("X" * 50 + "\r") == ["X" * 10]
