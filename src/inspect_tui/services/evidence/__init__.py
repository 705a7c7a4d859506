"""The evidence store and what may enter it.

:mod:`~inspect_tui.services.evidence.media` recognises photos and clips by their content and
bounds their size; :mod:`~inspect_tui.services.evidence.store` copies them in under their
SHA-256, so a stored name proves its content.
"""
