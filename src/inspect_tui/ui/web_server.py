"""The desk served to browsers: textual-serve, with the addresses and checks a LAN needs.

Every browser tab that opens the page gets its own app process (textual-serve starts the
command per websocket), so each tab signs in on its own, with the same badge and PIN as at a
terminal, and closing the tab ends its process. On top of textual-serve's server this one:

- builds the page's own addresses (websocket, static files) from the address the browser used,
  so the page works whether it is opened as ``127.0.0.1``, by a LAN name, or through a TLS
  reverse proxy that passes on ``Host`` and ``X-Forwarded-Proto`` (``wss://`` then);
- uses the terminal font textual-serve ships instead of fetching it from a font service, so
  the page needs nothing from outside the LAN;
- refuses a websocket opened by a page of another site (``Origin`` not this host), so a web
  page the supervisor happens to visit cannot start a desk in the background;
- says what it serves and where once it really listens, in the desk's words.
"""

from __future__ import annotations

import asyncio
import re
import signal
from contextlib import suppress
from typing import Any
from urllib.parse import urlsplit

import aiohttp_jinja2
from aiohttp import web
from textual_serve.server import Server, to_int

INDEX_TEMPLATE = "app_index.html"
FONT_LINK = re.compile(r"<link[^>]*fonts\.googleapis\.com[^>]*>")
"""textual-serve's page fetches its terminal font from Google Fonts."""
LOCAL_FONT = (
    '<style>@font-face {{ font-family: "Roboto Mono"; font-weight: 100 700; '
    'src: url("{static}fonts/RobotoMono-VariableFont_wght.ttf") format("truetype"); }}</style>'
)
"""The same font, from the files textual-serve serves itself."""


class DeskServer(Server):
    """textual-serve's server for one command, with addresses taken from each request."""

    def __init__(self, command: str, *, host: str, port: int, title: str, banner: str) -> None:
        """Serve ``command`` (one process per browser tab) on ``host:port``.

        Args:
            command: The shell command that runs one app.
            host: The address to listen on.
            port: The port to listen on.
            title: Shown on the page while the app starts.
            banner: Printed once the server listens.
        """
        super().__init__(command, host=host, port=port, title=title)
        self.banner = banner

    def serve(self, debug: bool = False) -> None:
        """Listen until Ctrl+C or SIGTERM; the banner is printed once the port is open.

        Raises:
            OSError: The address cannot be listened on (in use, not this machine's, no right).
        """
        self.debug = debug
        self.initialize_logging()
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        for signum in (signal.SIGINT, signal.SIGTERM):
            with suppress(NotImplementedError):
                loop.add_signal_handler(signum, self.request_exit)
        web.run_app(
            self._make_app(),
            host=self.host,
            port=self.port,
            handle_signals=False,
            loop=loop,
            print=lambda *_: self.console.print(self.banner, highlight=False, markup=False),
        )

    async def on_startup(self, app: web.Application) -> None:
        """Nothing to say yet: textual-serve's logo is left out, the banner comes on listening."""

    async def handle_index(self, request: web.Request) -> web.Response:
        """The page, with websocket and static addresses as the browser reached this server."""
        base = page_base(request)
        router = request.app.router
        static = f"{base}{router['static'].url_for(filename='/')}".rstrip("/") + "/"
        http_socket = f"{base}{router['websocket'].url_for()}"
        scheme, rest = http_socket.split(":", 1)
        context: dict[str, Any] = {
            "font_size": to_int(request.query.get("fontsize", "16"), 16),
            "app_websocket_url": ("wss:" if scheme == "https" else "ws:") + rest,
            "config": {"static": {"url": static}},
            "application": {"name": self.title},
        }
        page = aiohttp_jinja2.render_template(INDEX_TEMPLATE, request, context)
        if page.text is not None:
            page.text = FONT_LINK.sub(LOCAL_FONT.format(static=static), page.text)
        return page

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """Start a desk for this tab, unless the page that asks comes from another site."""
        origin = request.headers.get("Origin")
        if origin is not None and urlsplit(origin).netloc.lower() != request.host.lower():
            raise web.HTTPForbidden(
                text="This desk only answers its own page: open it at its own address."
            )
        return await super().handle_websocket(request)


def page_base(request: web.Request) -> str:
    """``scheme://host[:port]`` as the browser reached us (a TLS proxy says ``https``)."""
    forwarded = request.headers.get("X-Forwarded-Proto", "").split(",")[0].strip().lower()
    scheme = forwarded if forwarded in ("http", "https") else request.scheme
    return f"{scheme}://{request.host}"
