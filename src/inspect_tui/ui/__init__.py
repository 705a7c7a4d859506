"""The Textual front end of the returns desk: built by ``inspect_tui.ui.app.build_app``."""
