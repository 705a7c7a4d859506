"""Widgets of the desk app, one per module: the scan field, the step panels, the card."""
