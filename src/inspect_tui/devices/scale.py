"""Scales (kept for existing imports): see :mod:`inspect_tui.devices.scales`."""

from __future__ import annotations

from inspect_tui.devices.scales import ManualScale, Reading, Scale

__all__ = ["ManualScale", "Reading", "Scale"]
