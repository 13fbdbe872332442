"""From journal to DuckDB: batches, replay after a crash, and retry when the store is busy."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from tests.analytics.collect.collect_support import Site, beacon, event, run, serving

from reelwise.analytics.collect.collector import CollectConfig, Collector
from reelwise.analytics.collect.writer import DuckDBSink, WriterConfig
from reelwise.analytics.store import workspace_store_path


def slow_flushes(site: Site) -> CollectConfig:
    return replace(CollectConfig(site.data), writer=WriterConfig(flush_interval_s=3600, flush_events=10**9))


def test_acknowledged_events_left_in_the_journal_are_stored_on_the_next_start(site: Site) -> None:
    config = slow_flushes(site)
    first = [event() for _ in range(5)]
    second = [event() for _ in range(3)]

    async def crash_after_ack() -> None:
        collector = Collector(config)
        from reelwise.analytics.collect.app import create_app

        app = create_app(config, collector)
        import httpx

        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            for events in (first, second):
                r = await client.post(f"/collect?k={site.key.key}", content=beacon(events))
                assert r.status_code == 200
        # the process dies: no stop(), nothing flushed; only the file lock goes with it
        for writer in collector._writers.values():
            writer.journal.unlock()

    run(crash_after_ack())
    assert site.stored() == []

    async def restart_and_resend() -> dict[str, Any]:
        async with serving(config) as (client, collector):
            await client.post(f"/collect?k={site.key.key}", content=beacon(second))  # the page re-sends a batch
            return collector.health()["workspaces"]["shop"]  # type: ignore[no-any-return]

    health = run(restart_and_resend())
    assert health["replayed_rows"] == 8
    ids = [r[0] for r in site.stored()]
    assert sorted(ids) == sorted(e["id"] for e in first + second)  # each exactly once
    assert not list((workspace_store_path(site.data, "shop").parent / "journal").glob("*.seg"))


class BusyThenFree:
    """The real DuckDB sink behind a store that is "in use by another process" at first."""

    def __init__(self, path: Path, busy: int) -> None:
        self.inner = DuckDBSink(path)
        self.busy = busy

    def store(self, events: list[list[Any]], conversions: list[list[Any]]) -> None:
        if self.busy:
            self.busy -= 1
            raise RuntimeError("the event store is in use by another process")
        self.inner.store(events, conversions)


def test_rows_wait_in_the_journal_while_the_store_is_busy(site: Site) -> None:
    config = slow_flushes(site)
    events = [event() for _ in range(4)]

    async def scenario() -> tuple[dict[str, Any], dict[str, Any]]:
        async with serving(config, sink_factory=lambda path: BusyThenFree(path, busy=1)) as (client, collector):
            await client.post(f"/collect?k={site.key.key}", content=beacon(events))
            await collector.flush()
            busy = dict(collector.health()["workspaces"]["shop"])
            await collector.flush()
            return busy, collector.health()["workspaces"]["shop"]  # type: ignore[return-value]

    busy, free = run(scenario())
    assert busy["last_error"] and busy["waiting_rows"] == 4 and busy["stored_rows"] == 0
    assert free["last_error"] is None and free["waiting_rows"] == 0 and free["stored_rows"] == 4
    assert len(site.stored()) == 4


def test_a_full_batch_is_flushed_without_waiting_for_the_timer(site: Site) -> None:
    config = replace(CollectConfig(site.data), writer=WriterConfig(flush_interval_s=3600, flush_events=10))

    async def scenario() -> int:
        import asyncio

        async with serving(config) as (client, collector):
            await client.post(f"/collect?k={site.key.key}", content=beacon([event() for _ in range(12)]))
            for _ in range(200):
                if collector.health()["workspaces"]["shop"]["stored_rows"] >= 12:
                    break
                await asyncio.sleep(0.01)
            return collector.health()["workspaces"]["shop"]["stored_rows"]  # type: ignore[no-any-return]

    assert run(scenario()) == 12


def test_the_store_holds_the_contract_columns(site: Site, config: CollectConfig) -> None:
    sent = event("seek", p=12.5, f=3.25, d=30.0, var="v9x16", u="https://a.example/p?email=x@y.z&utm_medium=social#x")

    async def scenario() -> None:
        async with serving(config) as (client, _):
            await client.post(f"/collect?k={site.key.key}", content=beacon([sent]))

    run(scenario())
    [row] = site.stored(
        "SELECT event_id, video_id, variant, session_id, type, position_s, duration_s, from_s, "
        "epoch_ms(client_ts), page_url FROM player_events"
    )
    assert row == (sent["id"], "intro", "v9x16", sent["s"], "seek", 12.5, 30.0, 3.25, sent["ts"],
                   "https://a.example/p?utm_medium=social")  # fmt: skip
