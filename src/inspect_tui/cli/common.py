"""Helpers shared by the command modules: the store, policy and evidence, with a clear error."""

from __future__ import annotations

from typing import TYPE_CHECKING

from inspect_tui.cli.root import EXIT_USAGE, fail
from inspect_tui.config import Settings
from inspect_tui.core.policy import Policy, PolicyError, load_policy
from inspect_tui.core.translation import _

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from inspect_tui.services.evidence.store import EvidenceStore


def store(settings: Settings) -> Engine:
    """The store named by the settings, upgraded if embedded; exits with a message if unusable."""
    # Deferred: the store's libraries (SQLAlchemy) load only for commands that open it.
    from inspect_tui.services.shared.database import StoreError, open_store

    try:
        return open_store(settings.db_url)
    except StoreError as error:
        fail(str(error))


def load_policy_or_fail(settings: Settings) -> Policy:
    """The policy in force (defaults, or the file named by --policy), or exit with its error."""
    try:
        return load_policy(settings.policy_file)
    except PolicyError as error:
        fail(_("policy {file}: {error}").format(file=settings.policy_file, error=error))
    except OSError as error:
        fail(
            _("cannot read policy file {file}: {reason}").format(
                file=settings.policy_file, reason=error.strerror
            )
        )


def evidence_store_or_fail(settings: Settings, location: str | None = None) -> EvidenceStore:
    """The evidence store (``location``, else ``INSPECT_TUI_EVIDENCE``), or exit 2 with why not."""
    # Deferred: an object store's libraries load only for commands that open it.
    from inspect_tui.services.evidence.location import open_evidence_store
    from inspect_tui.services.shared.errors import DeskError

    try:
        return open_evidence_store(settings.data_dir, location)
    except DeskError as error:
        fail(str(error), EXIT_USAGE)
