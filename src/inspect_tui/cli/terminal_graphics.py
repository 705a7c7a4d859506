"""What a terminal can draw photos with, asked over its own pty before the app takes it over.

textual-image picks how to draw an image from two answers of the terminal: sixel graphics
(``4`` among the primary device attributes) first, else kitty's terminal graphics protocol
(an ``OK`` to a graphics query), else coloured half blocks. It asks when it is imported, which
also loads Pillow and numpy; here the same questions are asked with a few bytes, so those
libraries can wait for the first photo (``cli/photo_previews.py`` hands textual-image these
answers then).

The device attributes are asked after the graphics query, as kitty's documentation advises:
every terminal answers them, in order, so their answer tells that a terminal without kitty
graphics has said all it will, without waiting out a timeout.
"""

from __future__ import annotations

import os
import re
import select
import termios
import tty
from dataclasses import dataclass

DEVICE_ATTRIBUTES = b"\x1b[c"
GRAPHICS_QUERY = b"\x1b_Gi=31,s=1,v=1,a=q,t=d,f=24;AAAA\x1b\\"
"""A 1x1 pixel that is only checked, never shown: the query textual-image sends."""

_ATTRIBUTES_ANSWER = re.compile(rb"\x1b\[\?([0-9;]*)c")
_GRAPHICS_ANSWER = re.compile(rb"\x1b_G([^\x1b]*)\x1b\\")

_LONGEST_ANSWER = 1024
"""Bytes read at most for one question (keys held down meanwhile are not an answer)."""

WAIT_S = 0.1
"""How long a terminal may take for each byte of an answer (textual-image's own wait)."""


@dataclass(frozen=True)
class Graphics:
    """The terminal's answers: which image protocols it draws."""

    sixel: bool
    """Sixel graphics (DEC's, in xterm as a VT340, foot, mlterm, WezTerm…)."""
    kitty: bool
    """Kitty's terminal graphics protocol."""


def ask_graphics(stdin: int, stdout: int, wait_s: float = WAIT_S) -> Graphics:
    """Ask the terminal on ``stdin``/``stdout`` what it draws images with.

    The terminal is put in cbreak mode meanwhile (its answers are not echoed) and given back
    as it was. Only the answers are read, one byte at a time, so a key pressed afterwards is
    left for the app; a terminal that answers nothing costs ``wait_s`` per question.

    Raises:
        termios.error: ``stdin`` is not a terminal.
        OSError: The terminal cannot be read or written.
    """
    before = termios.tcgetattr(stdin)
    tty.setcbreak(stdin, termios.TCSANOW)
    try:
        attributes = _ask(stdin, stdout, DEVICE_ATTRIBUTES, wait_s)
        if _sixel(attributes):
            return Graphics(sixel=True, kitty=False)
        answer = _ask(stdin, stdout, GRAPHICS_QUERY + DEVICE_ATTRIBUTES, wait_s)
        return Graphics(sixel=False, kitty=_kitty(answer))
    finally:
        termios.tcsetattr(stdin, termios.TCSANOW, before)


def _ask(stdin: int, stdout: int, question: bytes, wait_s: float) -> bytes:
    """Everything the terminal sent up to its device attributes (or until it fell silent)."""
    os.write(stdout, question)
    answer = b""
    while not _ATTRIBUTES_ANSWER.search(answer) and len(answer) < _LONGEST_ANSWER:
        readable, _, _ = select.select([stdin], [], [], wait_s)
        if not readable:
            break
        byte = os.read(stdin, 1)
        if not byte:
            break
        answer += byte
    return answer


def _sixel(answer: bytes) -> bool:
    found = _ATTRIBUTES_ANSWER.search(answer)
    return found is not None and b"4" in found.group(1).split(b";")


def _kitty(answer: bytes) -> bool:
    found = _GRAPHICS_ANSWER.search(answer)
    return found is not None and found.group(1).rsplit(b";", 1)[-1] == b"OK"
