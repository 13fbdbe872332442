"""Dashboard latency with 50 concurrent clients on loopback.

    .venv/bin/python bench/bench_dashboard.py [--clients 50] [--seconds 20] [--think 3.0] [--exports DIR]

Seeds a demo workspace in a temporary folder (the example campaign with about 23,000
player events, the real exports when ../shared/data/exports exists, sales, answers and a
survey), starts ``reelwise serve`` as a subprocess on 127.0.0.1, logs in one session per
client, and lets every client load the analytics dashboard and then the JSON of its six
charts, over and over, for ``--seconds`` (each client waits ``--think`` seconds between two
dashboard views on average — exponentially distributed, with random start times, as
people reading it do, not in lockstep; ``--think 0`` hammers). Prints the median,
p95 and p99 latency of the page and of the chart JSON. Goal: p95 ≤ 150 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
CHARTS = ("goals", "funnel", "retention", "platforms", "attribution", "lift")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def seed(data_dir: Path, exports: Path | None) -> tuple[str, str, str]:
    from reelwise.adapters.storage import SqlUserStore, open_store
    from reelwise.adapters.storage.store import utc_now
    from reelwise.config import Settings
    from reelwise.services.seed import seed_demo

    settings = Settings(data_dir=data_dir, lang="nl")
    with open_store(settings.db_url) as store:
        summary = seed_demo(
            data_dir=data_dir,
            store=store,
            users=SqlUserStore(store, utc_now),
            plan_file=ROOT / "examples" / "bakkerij" / "plan.nl.yaml",
            today=dt.date.today(),
            exports_dir=exports,
            check_videos=False,
        )
    return f"/w/{summary.workspace}/c/{summary.campaign}", summary.email, summary.password


async def log_in(client: httpx.AsyncClient, email: str, password: str) -> None:
    page = await client.get("/login")
    token = re.search(r'name="csrf-token" content="([^"]+)"', page.text)
    assert token, "no CSRF token on the login page"
    response = await client.post(
        "/login", data={"email": email, "password": password, "csrf_token": token.group(1), "next": "/"}
    )
    assert response.status_code == 303, response.status_code


async def get(client: httpx.AsyncClient, path: str) -> httpx.Response:
    """GET, once more on a fresh connection when the server closed an idle keep-alive one."""
    try:
        return await client.get(path)
    except httpx.RemoteProtocolError:
        return await client.get(path)


async def run_client(
    client: httpx.AsyncClient,
    base: str,
    until: float,
    think: float,
    page_ms: list[float],
    chart_ms: list[float],
    rng: random.Random,
) -> None:
    # People do not read in lockstep: each starts at a random moment within one think time
    # and pauses a random (exponential) time with the given mean between two views.
    if think:
        await asyncio.sleep(rng.uniform(0, think))
    while time.perf_counter() < until:
        started = time.perf_counter()
        response = await get(client, base + "/analytics")
        page_ms.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
        for name in CHARTS:
            started = time.perf_counter()
            response = await get(client, f"{base}/analytics/chart/{name}.json")
            chart_ms.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, response.status_code
        if think:
            await asyncio.sleep(rng.expovariate(1 / think))


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def measure(url: str, base: str, email: str, password: str, args: argparse.Namespace) -> None:
    limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
    clients = [httpx.AsyncClient(base_url=url, limits=limits, timeout=60) for _ in range(args.clients)]
    try:
        await log_in(clients[0], email, password)
        warm = await get(clients[0], base + "/analytics")  # the first view computes the report
        assert warm.status_code == 200, warm.status_code
        for client in clients[1:]:
            await log_in(client, email, password)
        page_ms: list[float] = []
        chart_ms: list[float] = []
        until = time.perf_counter() + args.seconds
        rng = random.Random(20261201)
        await asyncio.gather(
            *(run_client(c, base, until, args.think, page_ms, chart_ms, random.Random(rng.random())) for c in clients)
        )
    finally:
        for client in clients:
            await client.aclose()
    print(f"{args.clients} clients, {args.seconds:.0f} s, think time {args.think:g} s, server on loopback")
    for label, values in (("dashboard page", page_ms), ("chart JSON", chart_ms), ("all requests", page_ms + chart_ms)):
        print(
            f"  {label:15s} n={len(values):6d}  median {statistics.median(values):7.1f} ms  "
            f"p95 {percentile(values, 0.95):7.1f} ms  p99 {percentile(values, 0.99):7.1f} ms"
        )
    p95 = percentile(page_ms + chart_ms, 0.95)
    print(f"goal p95 <= 150 ms: {'met' if p95 <= 150 else 'NOT met'} ({p95:.1f} ms)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--think", type=float, default=3.0, help="mean seconds between two dashboard views per client")
    parser.add_argument("--exports", type=Path, default=ROOT.parent / "shared" / "data" / "exports")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="reelwise-bench-") as tmp:
        data_dir = Path(tmp) / "data"
        base, email, password = seed(data_dir, args.exports if args.exports.is_dir() else None)
        port = free_port()
        env = {**os.environ, "REELWISE_DATA": str(data_dir)}
        server = subprocess.Popen(
            [sys.executable, "-m", "reelwise", "serve", "--host", "127.0.0.1", "--port", str(port)],
            env=env,
            stdout=subprocess.DEVNULL,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    if httpx.get(url + "/login", timeout=1).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                if time.monotonic() > deadline or server.poll() is not None:
                    raise SystemExit("the server did not start")
                time.sleep(0.2)
            asyncio.run(measure(url, base, email, password, args))
        finally:
            server.terminate()
            server.wait(timeout=20)


if __name__ == "__main__":
    main()
