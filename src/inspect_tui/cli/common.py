"""Helpers shared by the command modules: opening the store with a clear error."""

from __future__ import annotations

from sqlalchemy import Engine

from inspect_tui.cli.root import fail
from inspect_tui.config import Settings
from inspect_tui.services.database import StoreError, open_store


def store(settings: Settings) -> Engine:
    """The store named by the settings, upgraded if embedded; exits with a message if unusable."""
    try:
        return open_store(settings.db_url)
    except StoreError as error:
        fail(str(error))
