"""``python -m inspect_tui`` runs the ``inspect-tui`` command."""

from inspect_tui.cli import main

main()
