"""Crash test: SIGKILL the real server in the middle of a load, restart it, count.

Every acknowledged event must be stored exactly once; an event that was sent but never
acknowledged may be stored at most once. Everything stays on 127.0.0.1.
"""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from tests.analytics.collect.collect_support import beacon, event

from reelwise.analytics.collect.keys import KeyStore


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(data: Path, port: int, *extra: str) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-c", "from reelwise.cli.main import run; run()", "--data", str(data), "collect"]
    return subprocess.Popen(
        [*command, "--port", str(port), "--flush-events", "500", "--flush-ms", "60000", "--rate", "1000000", *extra],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def wait_healthy(port: int, proc: subprocess.Popen[bytes], timeout: float = 30.0) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"server exited: {proc.stderr.read().decode() if proc.stderr else ''}")
        try:
            response = httpx.get(f"http://127.0.0.1:{port}/collect/health", timeout=1.0)
            if response.status_code == 200:
                return response.json()  # type: ignore[no-any-return]
        except httpx.TransportError:
            pass
        time.sleep(0.05)
    raise AssertionError("the collect server did not come up")


@pytest.mark.slow
def test_sigkill_mid_load_loses_no_acknowledged_event_and_counts_none_twice(tmp_path: Path) -> None:
    key, _ = KeyStore.in_data_dir(tmp_path).create("shop", "", datetime.now(UTC))
    port = free_port()
    server = start_server(tmp_path, port)
    sent: set[str] = set()
    acked: set[str] = set()
    acked_batches: list[bytes] = []
    lock = threading.Lock()
    stop = threading.Event()

    def load() -> None:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=5.0) as client:
            while not stop.is_set():
                events = [event() for _ in range(25)]
                body = beacon(events)
                with lock:
                    sent.update(e["id"] for e in events)
                try:
                    response = client.post(f"/collect?k={key.key}", content=body)
                except httpx.TransportError:
                    time.sleep(0.01)
                    continue
                if response.status_code == 200:
                    with lock:
                        acked.update(e["id"] for e in events)
                        acked_batches.append(body)

    try:
        wait_healthy(port, server)
        clients = [threading.Thread(target=load) for _ in range(4)]
        for thread in clients:
            thread.start()
        deadline = time.monotonic() + 60
        while len(acked) < 3000 and time.monotonic() < deadline:
            time.sleep(0.02)
        server.send_signal(signal.SIGKILL)  # in the middle of the load
        server.wait(timeout=10)
        time.sleep(0.2)  # the clients see refused connections for a moment
        stop.set()
        for thread in clients:
            thread.join(timeout=10)
        assert len(acked) >= 3000, "the load did not get going"

        server = start_server(tmp_path, port)
        health = wait_healthy(port, server)
        assert health["workspaces"]["shop"]["replayed_rows"] > 0  # the journal was replayed
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=5.0) as client:
            for body in acked_batches[-3:]:  # pages re-send batches they are unsure about
                assert client.post(f"/collect?k={key.key}", content=body).status_code == 200
    finally:
        if server.poll() is None:
            server.send_signal(signal.SIGINT)  # graceful: stores what is journaled
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
    assert server.returncode == 0

    from reelwise.analytics.store import EventStore, workspace_store_path

    with EventStore.open(workspace_store_path(tmp_path, "shop")) as store:
        ids = [r[0] for r in store.connection.execute("SELECT event_id FROM player_events").fetchall()]
    stored = set(ids)
    assert len(ids) == len(stored)  # nothing counted twice
    assert acked <= stored, f"{len(acked - stored)} acknowledged events lost"
    assert stored <= sent  # nothing invented; unacknowledged ones at most once
