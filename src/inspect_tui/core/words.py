"""Counting things in messages: "1 reject", "2 rejects", never "1 rejects" or "reject(s)"."""

from __future__ import annotations


def counted(number: int, singular: str, plural: str | None = None) -> str:
    """``number`` and the noun in the right form, e.g. ``counted(1, "reject") == "1 reject"``.

    Args:
        number: How many.
        singular: The noun for one.
        plural: The noun for any other number (default: ``singular`` + "s").
    """
    word = singular if number == 1 else (plural or f"{singular}s")
    return f"{number:,} {word}"
