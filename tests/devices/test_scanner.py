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


def _typed(buffer: ScanBuffer, text: str, start: float, gap: float) -> tuple[list[str], float]:
    """Feed ``text`` one key every ``gap`` seconds from ``start``; the codes and the end time."""
    codes: list[str] = []
    at = start
    for char in text:
        codes += buffer.feed(char, at)
        at += gap
    return codes, at


def test_keys_typed_without_enter_never_prefix_the_next_scan() -> None:
    buffer = ScanBuffer()
    _, end = _typed(buffer, "z9q", 0.0, 0.25)  # a person, no Enter
    codes, _ = _typed(buffer, "GRADE-Q\r", end + 2.0, 0.002)  # then the scanner
    assert codes == ["GRADE-Q"]
    assert buffer.dropped == ["z9q"]


def test_a_person_typing_slowly_keeps_every_key() -> None:
    buffer = ScanBuffer()
    codes, _ = _typed(buffer, "760\r", 0.0, 0.6)
    assert codes == ["760"]
    assert buffer.dropped == []


def test_two_keys_rolled_by_fingers_after_a_pause_are_not_a_scan() -> None:
    buffer = ScanBuffer()
    buffer.feed("7", 0.0)
    buffer.feed("6", 1.0)
    buffer.feed("0", 1.01)  # fingers can roll two keys this close, hardly ever three
    assert buffer.feed("\r", 1.3) == ["760"]
    assert buffer.dropped == []


def test_a_scan_burst_after_a_finished_code_drops_nothing() -> None:
    buffer = ScanBuffer()
    _typed(buffer, "760\r", 0.0, 0.3)
    codes, _ = _typed(buffer, "6901234567014\r", 5.0, 0.001)
    assert codes == ["6901234567014"]
    assert buffer.dropped == []


def test_a_scan_that_stalls_in_a_busy_terminal_is_never_cut() -> None:
    """A loaded machine reads a burst in chunks: keys of one chunk share a time, then a gap."""
    buffer = ScanBuffer()
    codes = buffer.feed("BR00000", 10.0)  # one chunk read at once
    codes += buffer.feed("00056\r560\r", 10.8)  # the next chunk, after a stall
    assert codes == ["BR0000000056", "560"]
    assert buffer.dropped == []


def test_one_stray_key_is_kept_with_the_scan_after_it() -> None:
    buffer = ScanBuffer()
    buffer.feed("z", 0.0)
    codes, _ = _typed(buffer, "GRADE-Q\r", 3.0, 0.001)
    assert codes == ["zGRADE-Q"]  # the bench asks before such a code becomes a unit
