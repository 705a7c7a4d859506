"""The base of every error a person at the desk can cause.

Its ``str()`` is the message a clerk or supervisor reads, saying what to do next. The services
raise its subclasses (:mod:`inspect_tui.services.shared.errors`); the devices raise it for
hardware a person can fix (a printer switched off).
"""

from __future__ import annotations

__all__ = ["DeskError"]


class DeskError(Exception):
    """Base of every error raised on purpose. ``str()`` is the person's message."""
