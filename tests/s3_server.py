"""A real S3 API server for the tests: moto's server mode, in its own process on 127.0.0.1.

The evidence store's S3 back end talks HTTP to it exactly as to MinIO or AWS: nothing of the
client is mocked. The tests inspect and tamper with the bucket through their own boto3 client.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import boto3

CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "desk-test",
    "AWS_SECRET_ACCESS_KEY": "desk-test-secret",
    "AWS_DEFAULT_REGION": "us-east-1",
}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def moto_server() -> Iterator[str]:
    """Start ``moto_server`` on a free port of 127.0.0.1; yield its endpoint URL."""
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{endpoint}/moto-api/", timeout=2).close()
                break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("moto_server did not start") from None
                time.sleep(0.2)
        yield endpoint
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def client(endpoint: str) -> Any:
    """The tests' own S3 client on the server (to look into and tamper with the bucket)."""
    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        aws_access_key_id=CREDENTIALS["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
        region_name=CREDENTIALS["AWS_DEFAULT_REGION"],
    )


def objects(s3: Any, bucket: str) -> dict[str, bytes]:
    """Every object in ``bucket``: key -> content."""
    found = {}
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket):
        for item in page.get("Contents", []):
            found[item["Key"]] = s3.get_object(Bucket=bucket, Key=item["Key"])["Body"].read()
    return found


@dataclass(frozen=True)
class Bucket:
    """An empty bucket on the S3 server, named by ``INSPECT_TUI_EVIDENCE`` for every station."""

    name: str
    url: str
    """``s3://<name>/desk``: what the stations are pointed at."""
    s3: Any
    """The tests' own client on the server."""

    def objects(self) -> dict[str, bytes]:
        """Every object in the bucket: key -> content."""
        return objects(self.s3, self.name)
