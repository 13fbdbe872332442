"""Benchmark: events/s through POST /collect on loopback vs a raw DuckDB batch insert.

Starts ``reelwise collect`` as a real server process on a free 127.0.0.1 port, sends
pre-built beacons of 50 events from several keep-alive connections for a fixed time, and
measures throughput and acknowledgement latency (p50/p99). Then loads the same events
straight into DuckDB through Arrow (the store's upsert, batches of 10,000) and prints the
ratios. At the end it stops the server and checks that every acknowledged event is stored.

    .venv/bin/python bench/bench_collect.py [--seconds 10] [--connections 8] [--batch 50]

All traffic stays on 127.0.0.1; the run is bounded in time and in count.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def make_events(count: int, batch: int) -> list[list[dict[str, Any]]]:
    now = int(time.time() * 1000)
    batches = []
    for b in range(0, count, batch):
        session = uuid.uuid4().hex
        events = []
        for i in range(min(batch, count - b)):
            events.append(
                {
                    "id": str(uuid.uuid4()),
                    "v": f"video-{b % 7}",
                    "var": None,
                    "s": session,
                    "t": "progress",
                    "p": float(i + 1),
                    "d": 120.0,
                    "f": float(i),
                    "ts": now + i * 1000,
                    "u": "https://shop.example.com/landing?utm_source=bench",
                }
            )
        batches.append(events)
    return batches


def request_bytes(port: int, key: str, events: list[dict[str, Any]]) -> bytes:
    body = json.dumps({"events": events}, separators=(",", ":")).encode()
    head = (
        f"POST /collect?k={key} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: text/plain;charset=UTF-8\r\n"
        f"User-Agent: bench\r\nContent-Length: {len(body)}\r\n\r\n"
    ).encode()
    return head + body


async def read_response(reader: asyncio.StreamReader) -> int:
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    length = 0
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":", 1)[1])
    if length:
        await reader.readexactly(length)
    return status


async def load(
    port: int, requests: list[bytes], sizes: list[int], connections: int, seconds: float, per_s: float = 0.0
) -> dict[str, Any]:
    """Closed loop (``per_s`` = 0: each connection sends as fast as answers come) or paced:
    beacon i is due at start + i / per_s and its latency counts from when it was due (so a
    slow server cannot hide its queue: no coordinated omission)."""
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    acked = 0
    next_index = 0
    begin = time.perf_counter()
    deadline = begin + seconds

    async def worker() -> None:
        nonlocal acked, next_index
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            while time.perf_counter() < deadline and next_index < len(requests):
                i = next_index
                next_index += 1
                t0 = time.perf_counter()
                if per_s:
                    due = begin + i / per_s
                    if due > t0:
                        await asyncio.sleep(due - t0)
                    t0 = due
                writer.write(requests[i])
                status = await read_response(reader)
                latencies.append(time.perf_counter() - t0)
                statuses[status] = statuses.get(status, 0) + 1
                if status == 200:
                    acked += sizes[i]
        finally:
            writer.close()

    await asyncio.gather(*(worker() for _ in range(connections)))
    elapsed = time.perf_counter() - begin
    latencies.sort()
    return {
        "elapsed_s": elapsed,
        "requests": len(latencies),
        "acked_events": acked,
        "events_per_s": acked / elapsed,
        "p50_ms": 1000 * statistics.median(latencies),
        "p99_ms": 1000 * latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))],
        "max_ms": 1000 * latencies[-1],
        "statuses": statuses,
    }


def raw_duckdb(batches: list[list[dict[str, Any]]], chunk: int) -> dict[str, float]:
    sys.path.insert(0, str(ROOT / "src"))
    from reelwise.analytics.collect.writer import events_table
    from reelwise.analytics.store import EventStore

    received = int(time.time() * 1000)
    rows = [
        [
            e["id"],
            "pk_bench",
            e["v"],
            e["var"],
            e["s"],
            "0" * 24,
            e["t"],
            e["p"],
            e["d"],
            e["f"],
            e["ts"],
            received,
            e["u"],
        ]
        for b in batches
        for e in b
    ]
    with tempfile.TemporaryDirectory() as tmp, EventStore.open(Path(tmp) / "raw.duckdb") as store:
        store.connection.execute("SET threads = 1")
        start = time.perf_counter()
        for i in range(0, len(rows), chunk):
            store.load_arrow(
                "player_events", events_table(rows[i : i + chunk]), ["event_id"], on_conflict="ignore", count=False
            )
        elapsed = time.perf_counter() - start
    return {"events": len(rows), "elapsed_s": elapsed, "events_per_s": len(rows) / elapsed}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--batch", type=int, default=50)
    parser.add_argument("--max-events", type=int, default=800_000)
    parser.add_argument("--paced-events", type=float, default=20_000, help="offered load of the paced run (events/s)")
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT / "src"))
    from reelwise.analytics.collect.keys import KeyStore
    from reelwise.analytics.store import EventStore, workspace_store_path

    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp)
        key, _secret = KeyStore.in_data_dir(data).create("bench", "bench", datetime.now(UTC))
        port = free_port()
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        server = subprocess.Popen(
            [sys.executable, "-c", "from reelwise.cli.main import run; run()", "--data", str(data), "collect",
             "--port", str(port), "--rate", "1000000000"],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )  # fmt: skip
        try:
            for _ in range(200):
                try:
                    with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                        break
                except OSError:
                    time.sleep(0.05)
            batches = make_events(args.max_events, args.batch)
            requests = [request_bytes(port, key.key, b) for b in batches]
            sizes = [len(b) for b in batches]
            # warm up (imports, first DuckDB open) on a few requests that are not measured
            asyncio.run(load(port, requests[:20], sizes[:20], 2, 5.0))
            result = asyncio.run(load(port, requests[20:], sizes[20:], args.connections, args.seconds))
            used = 20 + result["requests"]
            paced = asyncio.run(
                load(port, requests[used:], sizes[used:], 64, args.seconds, per_s=args.paced_events / args.batch)
            )
            used += paced["requests"]
        finally:
            server.send_signal(signal.SIGINT)
            try:
                server.wait(timeout=60)
            except subprocess.TimeoutExpired:
                server.kill()
        with EventStore.open(workspace_store_path(data, "bench")) as store:
            row = store.connection.execute("SELECT count(*) FROM player_events").fetchone()
            stored = int(row[0]) if row else 0
        sent_events = [e for b in batches[:used] for e in b]
    raw = raw_duckdb([sent_events[i : i + args.batch] for i in range(0, len(sent_events), args.batch)], 10_000)
    http_rate = result["events_per_s"]
    print(f"cores: {os.cpu_count()}  connections: {args.connections}  batch: {args.batch} events/beacon")
    print(
        f"POST /collect : {http_rate:12,.0f} events/s  ({result['requests']:,} beacons in {result['elapsed_s']:.1f} s; "
        f"ack p50 {result['p50_ms']:.1f} ms, p99 {result['p99_ms']:.1f} ms, max {result['max_ms']:.1f} ms; "
        f"statuses {result['statuses']})"
    )
    print(
        f"paced {args.paced_events:,.0f}/s: {paced['events_per_s']:9,.0f} events/s acknowledged; ack p50 "
        f"{paced['p50_ms']:.1f} ms, p99 {paced['p99_ms']:.1f} ms, max {paced['max_ms']:.1f} ms, counted from when "
        f"each beacon was due (statuses {paced['statuses']})"
    )
    print(
        f"raw DuckDB    : {raw['events_per_s']:12,.0f} events/s  (Arrow upsert of {raw['events']:,} events, 10k/batch)"
    )
    print(f"ratio raw/HTTP: {raw['events_per_s'] / http_rate:.1f}x   HTTP/raw: {http_rate / raw['events_per_s']:.2f}")
    acked_all = result["acked_events"] + paced["acked_events"] + sum(sizes[:20])
    print(f"stored after shutdown: {stored:,} (acknowledged incl. warm-up: {acked_all:,})")
    goal = http_rate >= 20_000 and paced["events_per_s"] >= 0.98 * args.paced_events and paced["p99_ms"] <= 50
    print(f"goal (>= 20k events/s sustained, p99 <= 50 ms at 20k/s): {'met' if goal else 'NOT met'}")
    print(f"load average while running: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
