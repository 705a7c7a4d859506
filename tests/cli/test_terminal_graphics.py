"""Asking a terminal what it draws photos with: real ptys answering as real terminals do."""

from __future__ import annotations

import os
import select
import termios
import threading
from collections.abc import Iterator

import pytest

from answering_pty import Answerer, kitty, sixel_xterm, xterm
from inspect_tui.cli.terminal_graphics import Graphics, ask_graphics


def silent(written: bytes) -> bytes:
    """A terminal that answers nothing at all."""
    return b""


class Terminal:
    """The master end of a pty, answering what is written to its slave end."""

    def __init__(self, answer: Answerer) -> None:
        self.master, self.slave = os.openpty()
        self.answer = answer
        self.written = b""
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            ready, _, _ = select.select([self.master], [], [], 0.02)
            if ready:
                chunk = os.read(self.master, 4096)
                self.written += chunk
                reply = self.answer(chunk)
                if reply:
                    os.write(self.master, reply)

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        os.close(self.slave)
        os.close(self.master)


@pytest.fixture
def terminals() -> Iterator[list[Terminal]]:
    opened: list[Terminal] = []
    yield opened
    for terminal in opened:
        terminal.close()


@pytest.mark.parametrize(
    ("answer", "graphics"),
    [
        (xterm, Graphics(sixel=False, kitty=False)),
        (sixel_xterm, Graphics(sixel=True, kitty=False)),
        (kitty, Graphics(sixel=False, kitty=True)),
        (silent, Graphics(sixel=False, kitty=False)),
    ],
    ids=["xterm", "sixel-xterm", "kitty", "silent"],
)
def test_the_terminal_says_what_it_draws_images_with(
    terminals: list[Terminal], answer: Answerer, graphics: Graphics
) -> None:
    terminal = Terminal(answer)
    terminals.append(terminal)
    assert ask_graphics(terminal.slave, terminal.slave) == graphics


def test_a_sixel_terminal_is_not_sent_the_kitty_query(terminals: list[Terminal]) -> None:
    """As textual-image does: kitty graphics are asked about only when there is no sixel."""
    terminal = Terminal(sixel_xterm)
    terminals.append(terminal)
    ask_graphics(terminal.slave, terminal.slave)
    assert terminal.written == b"\x1b[c"


def test_keys_typed_after_the_answer_are_left_for_the_app_and_the_mode_restored(
    terminals: list[Terminal],
) -> None:
    scan = b"SF1402590004417\r"  # a scanner's burst right after the last answer
    terminal = Terminal(lambda written: xterm(written) + (scan if b"_G" in written else b""))
    terminals.append(terminal)
    before = termios.tcgetattr(terminal.slave)
    assert ask_graphics(terminal.slave, terminal.slave) == Graphics(sixel=False, kitty=False)
    assert termios.tcgetattr(terminal.slave) == before
    os.set_blocking(terminal.slave, False)
    assert os.read(terminal.slave, 64) == b"SF1402590004417\n"
