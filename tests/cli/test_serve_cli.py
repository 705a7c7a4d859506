"""``inspect-tui serve`` as whoever starts it sees it, and what the page and websocket allow.

The real command runs in its own process on a real store; the page and the websocket are asked
for over real HTTP on 127.0.0.1. (The browser itself is in tests/e2e/test_served_desk.py.)
"""

from __future__ import annotations

import http.client
import socket
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from inspect_tui.cli.serve_cmd import is_loopback
from served import serving


def run_serve(sqlite_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "inspect_tui", "--db", sqlite_url, "serve", *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.2", "::1", "[::1]", "localhost"])
def test_loopback_addresses_are_this_machine_only(host: str) -> None:
    assert is_loopback(host)


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.20", "10.0.0.5", "desk.lan"])
def test_other_addresses_are_reachable_from_elsewhere(host: str) -> None:
    assert not is_loopback(host)


def test_a_lan_address_is_warned_about(sqlite_url: str) -> None:
    # 192.0.2.1 (TEST-NET-1) is no address of this machine: nothing listens, nothing is sent.
    result = run_serve(sqlite_url, "--host", "192.0.2.1", "--port", "8765")
    assert result.returncode == 1
    assert "The supervisor's PIN is the only gate" in result.stderr
    assert "Put it behind TLS" in result.stderr and "reverse proxy" in result.stderr
    assert "Cannot listen on 192.0.2.1:8765: this machine has no such address" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert "Serving" not in result.stdout  # nothing was served


def test_a_port_in_use_is_a_message(sqlite_url: str) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_serve(sqlite_url, "--port", str(port))
    assert result.returncode == 1
    assert f"Cannot listen on 127.0.0.1:{port}: something else already listens there" in (
        result.stderr
    )
    assert "Traceback" not in result.stderr + result.stdout


def test_a_bad_store_is_said_before_serving(tmp_path: Path) -> None:
    result = run_serve("postgresql+psycopg://nobody:x@127.0.0.1:1/none", "--port", "8765")
    assert result.returncode == 1
    assert "Cannot open the database postgresql+psycopg://nobody:***@127.0.0.1:1/none" in (
        result.stderr
    )
    assert "Traceback" not in result.stderr
    assert "Serving" not in result.stdout


def test_the_page_and_the_websocket_follow_the_address_used(
    sqlite_url: str, tmp_path: Path
) -> None:
    with serving(sqlite_url, tmp_path / "home", tmp_path / "serve.log") as server:
        url = server.url
        netloc = urlsplit(url).netloc
        direct = _get(netloc, "/")
        assert f'data-session-websocket-url="ws://{netloc}/ws"' in direct
        behind_tls = _get(netloc, "/", {"Host": "desk.example", "X-Forwarded-Proto": "https"})
        assert 'data-session-websocket-url="wss://desk.example/ws"' in behind_tls
        assert "https://desk.example/static/js/textual.js" in behind_tls
        assert "googleapis" not in direct  # the page needs nothing from outside
        assert f"http://{netloc}/static/fonts/RobotoMono-VariableFont_wght.ttf" in direct
        assert _get(netloc, "/static/fonts/RobotoMono-VariableFont_wght.ttf")

        assert _upgrade(netloc, origin=f"http://{netloc}") == 101
        assert _upgrade(netloc, origin="http://elsewhere.example") == 403
    log = (tmp_path / "serve.log").read_text()
    assert f"Serving the supervisor desk on {url}" in log
    assert "PIN is the only gate" not in log  # 127.0.0.1: no warning


def _get(netloc: str, path: str, headers: dict[str, str] | None = None) -> str:
    connection = http.client.HTTPConnection(netloc, timeout=10)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        assert response.status == 200
        return response.read().decode(errors="replace")
    finally:
        connection.close()


def _upgrade(netloc: str, *, origin: str) -> int:
    """The status of a websocket handshake from a page at ``origin``."""
    connection = http.client.HTTPConnection(netloc, timeout=30)
    try:
        connection.request(
            "GET",
            "/ws?width=80&height=24",
            headers={
                "Connection": "Upgrade",
                "Upgrade": "websocket",
                "Sec-WebSocket-Version": "13",
                "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==",
                "Origin": origin,
            },
        )
        return connection.getresponse().status
    finally:
        connection.close()
