"""inspect-tui: a terminal workstation for the returns desk."""

__version__ = "0.1.0"
