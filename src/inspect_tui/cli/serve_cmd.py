"""``inspect-tui desk`` and ``inspect-tui serve``: the supervisor desk alone, and in a browser.

``desk`` starts the supervisor desk in this terminal: badge and PIN first, no bench behind it.
``serve`` serves that desk (or, with ``--bench``, the clerk's app) to web browsers through
textual-serve: every browser tab runs its own ``inspect-tui desk`` process on the same store,
so a supervisor can sit anywhere on the LAN and still needs a supervisor's badge and PIN.
"""

from __future__ import annotations

import errno
import ipaddress
import os
import shlex
import sys
from typing import Annotated

import typer

from inspect_tui import config
from inspect_tui.cli.common import load_policy_or_fail, store
from inspect_tui.cli.root import EXIT_USAGE, app, fail, settings
from inspect_tui.core.translation import N_, _

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


@app.command(
    "desk",
    help=N_(
        "Start the supervisor desk alone: a supervisor's badge and PIN, then the review queue."
    ),
)
def desk(ctx: typer.Context) -> None:
    # Deferred: the app's modules (Textual, the store) load only when the desk starts.
    from inspect_tui.cli.tui_cmd import run_tui

    run_tui(settings(ctx), operator=None, supervisor_only=True)


@app.command(
    "serve",
    help=N_("Serve the supervisor desk to web browsers (each tab its own desk, signed in by PIN)."),
)
def serve(
    ctx: typer.Context,
    host: Annotated[
        str, typer.Option("--host", help=N_("Address to listen on (default: this machine only)."))
    ] = DEFAULT_HOST,
    port: Annotated[
        int, typer.Option("--port", help=N_("Port to listen on."), min=1, max=65535)
    ] = (DEFAULT_PORT),
    bench: Annotated[
        bool, typer.Option("--bench", help=N_("Serve the clerk's bench instead of the desk."))
    ] = False,
) -> None:
    current = settings(ctx)
    load_policy_or_fail(current)
    store(current).dispose()
    if not host.strip():
        fail(_("--host: give an address to listen on, e.g. 127.0.0.1"), EXIT_USAGE)
    _pass_settings_on(current)
    what = _("the clerk's bench") if bench else _("the supervisor desk")
    shown_host = f"[{host}]" if ":" in host else host
    if bench:
        serving = _(
            "Serving {what} on {address} — each browser tab is its own bench on {store}. "
            "Ctrl+C stops."
        )
    else:
        serving = _(
            "Serving {what} on {address} — each browser tab is its own desk on {store}. "
            "Ctrl+C stops."
        )
    banner = serving.format(
        what=what, address=f"http://{shown_host}:{port}/", store=_shown_store(current.db_url)
    )
    if not is_loopback(host):
        typer.echo(exposed_warning(host, port), err=True)
    # Deferred: textual-serve and aiohttp load only for this command.
    from inspect_tui.ui.web_server import DeskServer

    command = [sys.executable, "-m", "inspect_tui"] + ([] if bench else ["desk"])
    server = DeskServer(
        shlex.join(command),
        host=host,
        port=port,
        title=f"inspect-tui — {what}",
        banner=banner,
    )
    try:
        server.serve()
    except OSError as error:
        fail(
            _("Cannot listen on {address}: {reason}").format(
                address=f"{shown_host}:{port}", reason=cannot_listen(error)
            )
        )


def cannot_listen(error: OSError) -> str:
    """Why the address could not be listened on, and what to do."""
    if error.errno == errno.EADDRINUSE:
        return _("something else already listens there; choose another --port.")
    if error.errno == errno.EADDRNOTAVAIL:
        return _("this machine has no such address; check --host (127.0.0.1 is this machine).")
    if error.errno == errno.EACCES:
        return _("no right to use that port (below 1024 needs root); choose one above 1024.")
    return str(error)


def _pass_settings_on(current: config.Settings) -> None:
    """Each tab's process reads the store, station, policy and data dir of this one.

    Through the environment, so a database password never shows in the process list.
    """
    os.environ[config.DB_ENV] = current.db_url
    os.environ[config.HOME_ENV] = str(current.data_dir)
    os.environ[config.STATION_ENV] = current.station
    if current.policy_file is not None:
        os.environ[config.POLICY_ENV] = str(current.policy_file.resolve())


def _shown_store(url: str) -> str:
    # Deferred: SQLAlchemy loads only for this command, not with --help.
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def is_loopback(host: str) -> bool:
    """True for an address only this machine can reach (``127.0.0.1``, ``::1``, ``localhost``)."""
    name = host.strip().strip("[]").lower()
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def exposed_warning(host: str, port: int) -> str:
    """What to know before listening on an address other machines can reach."""
    lines = [
        _("inspect-tui serve: {address} is an address other machines can reach.").format(
            address=f"{host}:{port}"
        ),
        _(
            "The supervisor's PIN is the only gate: anyone who can open this address gets the "
            "sign-in."
        ),
        _("The page is plain HTTP: PINs and the desk's screens cross the network unencrypted."),
        _(
            "Put it behind TLS: keep `inspect-tui serve` on 127.0.0.1 and let a reverse proxy "
            "(Caddy, nginx) serve https:// on the LAN, passing on websockets, the Host header and "
            "X-Forwarded-Proto (see the README, 'The supervisor desk in a browser')."
        ),
    ]
    return "\n  ".join(lines)
