"""Screens of the desk app, one per module: login, scan, inspect, dialogs."""
