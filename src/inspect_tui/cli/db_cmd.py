"""``inspect-tui db``: schema migrations."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import typer

from inspect_tui.cli.root import app, fail, settings
from inspect_tui.core.translation import N_, _, ngettext, pgettext

if TYPE_CHECKING:
    from sqlalchemy import Engine

db_app = typer.Typer(
    help=N_("Database schema: upgrade, current revision; copy a desk to another database."),
    no_args_is_help=True,
)
app.add_typer(db_app, name="db")


@db_app.command(
    "upgrade",
    help=N_("Run the schema migrations up to the newest (creating the store if there is none)."),
)
def upgrade(ctx: typer.Context) -> None:
    # Deferred: the store's libraries (SQLAlchemy) load with this command, not with --help.
    from inspect_tui import config
    from inspect_tui.store import migrate

    resolved = settings(ctx)
    # On the demo's fallback this creates the store of one's own, which the demo then leaves be.
    url = config.default_db_url(resolved.data_dir) if resolved.on_demo else resolved.db_url
    engine = _engine(url)
    with _schema_work(engine, _("cannot upgrade {url}: {reason}")):
        before = migrate.current_revision(engine)
        migrate.upgrade(engine)
        after = migrate.current_revision(engine)
    if before == after:
        typer.echo(_("Database already at the newest schema ({revision}).").format(revision=after))
    else:
        typer.echo(
            _("Database upgraded from {before} to {after}.").format(
                before=before or pgettext("schema", "empty"), after=after
            )
        )


@db_app.command(
    "current",
    help=N_("Show the schema revision of the database and the newest this program knows."),
)
def current(ctx: typer.Context) -> None:
    # Deferred: the store's libraries (SQLAlchemy) load with this command, not with --help.
    from inspect_tui.store import migrate

    engine = _engine(settings(ctx).db_url)
    with _schema_work(engine, _("cannot read {url}: {reason}")):
        revision = migrate.current_revision(engine)
    typer.echo(
        _("database: {revision}; newest: {newest}").format(
            revision=revision or pgettext("schema", "empty"), newest=migrate.head_revision()
        )
    )


@db_app.command(
    "copy", help=N_("Copy this desk (every row, the audit chain intact) into an empty database.")
)
def copy(
    ctx: typer.Context,
    to: str = typer.Option(
        ..., "--to", help=N_("The empty database to copy into (postgresql+psycopg://...).")
    ),
) -> None:
    # Deferred: the store's libraries (SQLAlchemy) load with this command, not with --help.
    from sqlalchemy.exc import SQLAlchemyError

    from inspect_tui.store.copy import CopyRefused, copy_store

    source = _engine(settings(ctx).db_url)
    target = _engine(to)
    try:
        report = copy_store(source, target)
    except CopyRefused as error:
        fail(str(error))
    except SQLAlchemyError as error:
        text = str(getattr(error, "orig", error)).strip().splitlines()
        fail(
            _("nothing was copied: {reason}").format(
                reason=text[0] if text else type(error).__name__
            )
        )
    finally:
        source.dispose()
        target.dispose()
    tables = sum(1 for n in report.rows.values() if n)
    typer.echo(
        ngettext(
            "Copied {rows} rows in {tables} table to {url}.",
            "Copied {rows} rows in {tables} tables to {url}.",
            tables,
        ).format(rows=report.total, tables=tables, url=repr(target.url))
        + " "
        + _("Check it with `inspect-tui --db URL audit verify`.")
    )


def _engine(url: str) -> Engine:
    """An engine for ``url``, or the command ends naming it (an unknown kind of URL, a SQLite
    file whose folder cannot be created)."""
    # Deferred: the store's libraries (SQLAlchemy) load with this command, not with --help.
    from sqlalchemy.exc import ArgumentError

    from inspect_tui.store.engine import make_engine

    try:
        return make_engine(url)
    except (ArgumentError, OSError) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else error
        fail(_("cannot open {url}: {reason}").format(url=url, reason=reason))


@contextmanager
def _schema_work(engine: Engine, failure: str) -> Iterator[None]:
    """Work on ``engine``'s schema, then dispose of it; a database error ends the command.

    ``failure`` says what could not be done, with ``{url}`` and ``{reason}`` in it.
    """
    # Deferred: the store's libraries (SQLAlchemy) load with this command, not with --help.
    from sqlalchemy.exc import SQLAlchemyError

    try:
        yield
    except SQLAlchemyError as error:
        reason = str(getattr(error, "orig", error)).strip()
        fail(failure.format(url=repr(engine.url), reason=reason))
    finally:
        engine.dispose()
