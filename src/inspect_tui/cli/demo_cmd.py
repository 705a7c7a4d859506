"""``inspect-tui demo``: a demo store from the sample data, and the app started on it."""

from __future__ import annotations

import os
from dataclasses import replace
from typing import Annotated

import typer

from inspect_tui import config
from inspect_tui.cli.root import app, fail, settings


@app.command("demo")
def demo(
    ctx: typer.Context,
    start: Annotated[bool, typer.Option("--start/--no-start", help="Start the app after.")] = True,
) -> None:
    """(Re)create the demo database from sample_data/ and start the app on it as alice."""
    from inspect_tui.services.demo import DEMO_CLERK, DEMO_STATION, load_demo
    from inspect_tui.services.importing import ImportRejected

    current = settings(ctx)
    explicit = ctx.find_root().params.get("db") or os.environ.get(config.DB_ENV)
    url = current.db_url if explicit else config.default_db_url(current.data_dir / "demo")
    try:
        store = load_demo(url, current.data_dir)
    except ImportRejected as error:
        fail(f"the sample data did not import:\n{error}")
    except (FileNotFoundError, ValueError) as error:
        fail(str(error))
    typer.echo(
        f"Demo store ready: {url}\n"
        f"Operators: {store.clerk} (clerk), {store.supervisor} (supervisor, PIN 2468).\n"
        f"Photo inbox: {store.photo_inbox}"
    )
    if not start:
        return
    from inspect_tui.cli.tui_cmd import run_tui

    operator = ctx.find_root().params.get("operator") or DEMO_CLERK
    station = ctx.find_root().params.get("station") or DEMO_STATION
    run_tui(replace(current, db_url=url, station=station), operator=operator)
