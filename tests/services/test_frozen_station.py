"""A station frozen in the middle of a step (SIGSTOP) costs the others a message, never a hang.

The frozen station is a real process, stopped by the kernel while its step holds the audit
chain's lock on PostgreSQL. Another station's step gets a clear message after the lock timeout;
once the server ends the frozen transaction (idle in transaction), the desk goes on.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from inspect_tui.services.inspecting.workstation import Workstation
from inspect_tui.services.shared.errors import StoreBusy

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from bench_load import make_pool  # noqa: E402  (the benchmark's pool of parcels, shared)

FROZEN = textwrap.dedent(
    """
    import sys, time
    from inspect_tui.services.inspecting.workstation import Workstation
    from inspect_tui.store import audit

    ws = Workstation.connect(sys.argv[1], station="bench-frozen", operator="clerk")
    view = ws.open_parcel(sys.argv[2])
    real_signing_key = audit.signing_key

    def stuck(head_event):
        print("IN-STEP", flush=True)  # the step holds the chain's lock from here on
        time.sleep(600)
        return real_signing_key(head_event)

    audit.signing_key = stuck
    ws.record_weight(view.inspection_id, 350)
    """
)


def test_a_stopped_station_costs_the_others_a_message_not_a_hang(
    store_url: str, tmp_path: Path
) -> None:
    if store_url.startswith("sqlite"):
        pytest.skip("lock and idle timeouts are PostgreSQL's; SQLite's busy retries end too")
    codes = make_pool(store_url, tmp_path / "pool", 3)
    frozen = subprocess.Popen(
        [sys.executable, "-c", FROZEN, store_url, codes[0]],
        stdout=subprocess.PIPE,
        text=True,
        env=os.environ.copy(),
    )
    bench = Workstation.connect(store_url, station="bench-2", operator="clerk")
    try:
        assert frozen.stdout is not None
        assert frozen.stdout.readline().strip() == "IN-STEP"
        os.kill(frozen.pid, signal.SIGSTOP)

        outcome: list[BaseException | object] = []

        def open_next() -> None:
            try:
                outcome.append(bench.open_parcel(codes[1]))
            except BaseException as error:  # noqa: BLE001  (reported below)
                outcome.append(error)

        worker = threading.Thread(target=open_next, daemon=True)
        worker.start()
        worker.join(timeout=90)
        assert not worker.is_alive(), "the step still waits for the stopped station"
        assert isinstance(outcome[0], StoreBusy)
        assert "held this parcel or the audit trail" in str(outcome[0])
        assert "nothing was saved" in str(outcome[0])

        # The server ends the stopped station's transaction; the step then goes through.
        deadline = time.monotonic() + 90
        while True:
            try:
                view = bench.open_parcel(codes[1])
                break
            except StoreBusy:
                assert time.monotonic() < deadline, "the stopped station still holds the desk"
        assert view.status == "open" and view.station == "bench-2"
    finally:
        bench.close()
        os.kill(frozen.pid, signal.SIGCONT)
        frozen.kill()
        frozen.wait(timeout=30)
