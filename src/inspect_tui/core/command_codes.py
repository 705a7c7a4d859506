"""The codes the desk prints: command-sheet barcodes and operator badges.

A printed command sheet lets a clerk work the happy path with the scanner alone, and a badge
signs a clerk in. This module makes the strings to print and says what counts as a command or a
usable badge name; :func:`~inspect_tui.core.codes.decode` reads both back by the same rules.
"""

from __future__ import annotations

import re

__all__ = [
    "ALL_COMMANDS",
    "BADGE_PREFIX",
    "BENCH_COMMANDS",
    "COMMANDS",
    "COMMAND_PREFIX",
    "badge_code",
    "badge_problem",
    "command_code",
    "command_name",
]

COMMANDS: tuple[str, ...] = (
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
"""Commands a printed command sheet can carry, so the happy path needs no keyboard."""

BENCH_COMMANDS: tuple[str, ...] = (
    "REFUSE",
    "FOREIGN",
    "SEAL-MISSING",
    "SHIPPED-THIS",
    "NOT-SHIPPED",
    "TEST-WORKS",
    "TEST-FAILS",
    "BOX-DAMAGED",
    "BOX-INTACT",
)
"""Commands for the less common steps, read like any other command barcode:

- ``REFUSE``: refuse the parcel at receipt (当场拒收), in front of the courier.
- ``FOREIGN``: record the code just refused as unknown as a foreign item.
- ``SEAL-MISSING``: the shipment's (only unchecked) seal tag is missing or broken.
- ``SHIPPED-THIS`` / ``NOT-SHIPPED``: the answer after comparing a returned product that is not
  on the order with the pre-shipment photo (the seller's error, or a swap).
- ``TEST-WORKS`` / ``TEST-FAILS``: the function test of a claimed defect (not reproduced /
  reproduced).
- ``BOX-DAMAGED`` / ``BOX-INTACT``: the outer packaging as received (transit damage).
"""

ALL_COMMANDS: tuple[str, ...] = COMMANDS + BENCH_COMMANDS
"""Every command the scan decoder recognises."""

COMMAND_PREFIX = "CMD:"
"""A command barcode encodes e.g. ``CMD:ACCEPT``; read case-insensitively."""

BADGE_PREFIX = "OP:"
"""An operator badge encodes ``OP:<operator name>``."""

_MAX_BADGE_LENGTH = 64
_COMMAND_JOINERS = re.compile(r"[\s_-]+")


def command_code(name: str) -> str:
    """The string a command barcode encodes, for printing command sheets.

    Args:
        name: A name from :data:`ALL_COMMANDS`; case, ``_`` and spaces are forgiven.

    Returns:
        E.g. ``"CMD:ACCEPT"``.

    Raises:
        ValueError: If the command is not one of :data:`COMMANDS`.
    """
    command = command_name(name)
    if command not in ALL_COMMANDS:
        raise ValueError(f"Unknown command {name!r}; known commands: {', '.join(ALL_COMMANDS)}")
    return COMMAND_PREFIX + command


def badge_code(operator: str) -> str:
    """The string an operator badge encodes, for printing badges.

    Args:
        operator: The operator's name (trimmed; 1 to 64 printable characters).

    Returns:
        E.g. ``"OP:alice"``.

    Raises:
        ValueError: If the name is empty, too long or not printable.
    """
    name = operator.strip()
    problem = badge_problem(name)
    if problem is not None:
        raise ValueError(problem)
    return BADGE_PREFIX + name


def command_name(text: str) -> str:
    """A command as :data:`COMMANDS` spells it: upper case, words joined by ``-``."""
    return _COMMAND_JOINERS.sub("-", text.strip().upper()).strip("-")


def badge_problem(name: str) -> str | None:
    """Why an operator name cannot be used on a badge, for the clerk; None when it can."""
    if not name:
        return "This operator badge has no name on it — ask a supervisor for a new badge"
    if len(name) > _MAX_BADGE_LENGTH or not name.isprintable():
        return "This operator badge could not be read — ask a supervisor for a new badge"
    return None
