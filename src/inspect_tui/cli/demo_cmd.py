"""``inspect-tui demo``: a demo store from the sample data, and the app started on it."""

from __future__ import annotations

import os
from dataclasses import replace
from typing import Annotated

import typer

from inspect_tui import config
from inspect_tui.cli.root import app, fail, settings
from inspect_tui.core.translation import N_, _


@app.command(
    "demo",
    help=N_("(Re)create the demo database from sample_data/ and start the app on it as alice."),
)
def demo(
    ctx: typer.Context,
    start: Annotated[
        bool, typer.Option("--start/--no-start", help=N_("Start the app after."))
    ] = True,
) -> None:
    # Deferred: the store's libraries (SQLAlchemy) load with this command, not with --help.
    from sqlalchemy.engine import make_url

    from inspect_tui.services.demo import DEMO_CLERK, DEMO_STATION, load_demo
    from inspect_tui.services.importing import ImportRejected
    from inspect_tui.services.shared.database import StoreError

    current = settings(ctx)
    explicit = ctx.find_root().params.get("db") or os.environ.get(config.DB_ENV)
    url = current.db_url if explicit else config.demo_db_url(current.data_dir)
    try:
        store = load_demo(url, current.data_dir)
    except ImportRejected as error:
        fail(_("the sample data did not import:") + f"\n{error}")
    except (FileNotFoundError, ValueError, StoreError) as error:
        fail(str(error))
    shown = make_url(url).render_as_string(hide_password=True)
    typer.echo(_("Demo store ready: {url}").format(url=shown))
    typer.echo(
        _("Operators: {clerk} (clerk), {supervisor} (supervisor, PIN 2468).").format(
            clerk=store.clerk, supervisor=store.supervisor
        )
    )
    typer.echo(_("Photo inbox: {folder}").format(folder=store.photo_inbox))
    if not explicit:
        own = current.data_dir / config.DB_FILE
        if own.exists():
            typer.echo(
                _("Other commands use your own store {own}; add --db {url} for the demo's.").format(
                    own=own, url=url
                )
            )
        else:
            typer.echo(
                _(
                    "Other commands (lookup, report, export, …) use the demo store until you "
                    "create a store of your own with `inspect-tui db upgrade`."
                )
            )
    if not start:
        return
    # Deferred: the app's modules (Textual) load only when the demo's app starts.
    from inspect_tui.cli.tui_cmd import run_tui

    operator = ctx.find_root().params.get("operator") or DEMO_CLERK
    station = ctx.find_root().params.get("station") or DEMO_STATION
    run_tui(replace(current, db_url=url, station=station), operator=operator)
