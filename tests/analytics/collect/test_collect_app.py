"""POST /collect and GET /collect/health as a page and an operator see them."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime

import httpx
from tests.analytics.collect.collect_support import Site, beacon, event, run, serving

from reelwise.analytics.collect.collector import CollectConfig
from reelwise.analytics.collect.writer import WriterConfig


def test_a_beacon_is_acknowledged_and_stored_once_even_when_sent_twice(site: Site, config: CollectConfig) -> None:
    events = [event("play"), event("progress"), event("ended", p=30.0)]
    body = beacon(events)

    async def scenario() -> list[int]:
        async with serving(config) as (client, collector):
            first = await client.post(
                f"/collect?k={site.key.key}", content=body, headers={"content-type": "text/plain"}
            )
            await collector.flush()
            again = await client.post(f"/collect?k={site.key.key}", content=body)  # the page re-sent it
            assert first.json() == {"accepted": 3} and again.json() == {"accepted": 3}
            return [first.status_code, again.status_code]

    assert run(scenario()) == [200, 200]
    stored = site.stored("SELECT event_id, type, video_id, site_key FROM player_events ORDER BY position_s")
    assert sorted(r[0] for r in stored) == sorted(e["id"] for e in events)
    assert {r[3] for r in stored} == {site.key.key}


def test_the_key_may_come_in_the_body(site: Site, config: CollectConfig) -> None:
    async def scenario() -> tuple[int, int]:
        async with serving(config) as (client, _):
            ok = await client.post("/collect", content=beacon([event()], key=site.key.key))
            mismatch = await client.post(f"/collect?k={site.key.key}", content=beacon([event()], key="pk_someotherkey"))
            return ok.status_code, mismatch.status_code

    assert run(scenario()) == (200, 400)


def test_bad_events_get_400_with_reasons_and_the_good_ones_are_kept(site: Site, config: CollectConfig) -> None:
    good, bad = event("play"), event("jump")

    async def scenario() -> httpx.Response:
        async with serving(config) as (client, _):
            return await client.post(f"/collect?k={site.key.key}", content=beacon([good, bad]))

    response = run(scenario())
    assert response.status_code == 400
    body = response.json()
    assert body["accepted"] == 1
    assert body["rejected"][0]["index"] == 1 and body["rejected"][0]["id"] == bad["id"]
    assert body["rejected"][0]["reasons"][0]["field"] == "t"
    assert [r[0] for r in site.stored()] == [good["id"]]


def test_unknown_and_missing_keys(site: Site, config: CollectConfig) -> None:
    async def scenario() -> list[tuple[int, str]]:
        async with serving(config) as (client, _):
            out = []
            for url in ("/collect?k=pk_doesnotexist", "/collect", "/collect?k=bad key!"):
                r = await client.post(url, content=beacon([event()]))
                out.append((r.status_code, r.json()["error"]))
            return out

    assert run(scenario()) == [(403, "unknown_key"), (400, "missing_key"), (400, "bad_key")]
    assert site.stored() == []


def test_an_oversized_body_is_refused_before_it_is_read(site: Site) -> None:
    config = CollectConfig(site.data, max_body_bytes=1000)

    async def chunks() -> object:
        for _ in range(10):
            yield b" " * 200

    async def scenario() -> list[int]:
        async with serving(config) as (client, _):
            declared = await client.post(
                f"/collect?k={site.key.key}", content=b"{}", headers={"content-length": "999999999"}
            )
            streamed = await client.post(f"/collect?k={site.key.key}", content=chunks())  # chunked, no length
            big = await client.post(f"/collect?k={site.key.key}", content=beacon([event()] * 20))
            return [declared.status_code, streamed.status_code, big.status_code]

    assert run(scenario()) == [413, 413, 413]


def test_past_the_rate_limit_a_key_gets_429_with_retry_after(site: Site) -> None:
    clock = [1000.0]
    config = CollectConfig(site.data, rate_per_key=10, burst_per_key=20)

    async def scenario() -> list[tuple[int, str | None]]:
        async with serving(config, monotonic=lambda: clock[0]) as (client, _):
            out = []
            for _ in range(3):
                r = await client.post(f"/collect?k={site.key.key}", content=beacon([event() for _ in range(15)]))
                out.append((r.status_code, r.headers.get("retry-after")))
            clock[0] += 5.0  # 50 tokens refilled, capped at the burst of 20
            r = await client.post(f"/collect?k={site.key.key}", content=beacon([event()]))
            out.append((r.status_code, None))
            return out

    results = run(scenario())
    assert [s for s, _ in results] == [200, 200, 429, 200]
    assert results[2][1] is not None and int(results[2][1]) >= 1


def test_cors_for_beacons_and_preflight(site: Site, config: CollectConfig) -> None:
    async def scenario() -> tuple[httpx.Response, httpx.Response]:
        async with serving(config) as (client, _):
            post = await client.post(
                f"/collect?k={site.key.key}", content=beacon([event()]), headers={"origin": "https://shop.example.com"}
            )
            preflight = await client.options(
                "/collect",
                headers={"origin": "https://shop.example.com", "access-control-request-method": "POST"},
            )
            return post, preflight

    post, preflight = run(scenario())
    assert post.headers["access-control-allow-origin"] == "*"
    assert "set-cookie" not in post.headers
    assert preflight.status_code == 204
    assert "POST" in preflight.headers["access-control-allow-methods"]


def test_no_ip_is_stored_and_viewers_are_hashed_per_day(site: Site, config: CollectConfig) -> None:
    days = [datetime(2024, 5, 1, 12, tzinfo=UTC)]

    async def scenario() -> None:
        async with serving(config, client_ip="198.51.100.23", now=lambda: days[0]) as (client, collector):
            for _ in range(2):
                await client.post(f"/collect?k={site.key.key}", content=beacon([event()]))
            days[0] = datetime(2024, 5, 2, 9, tzinfo=UTC)
            await client.post(f"/collect?k={site.key.key}", content=beacon([event()]))
            await collector.flush()

    run(scenario())
    rows = site.stored("SELECT viewer_hash, received_at, page_url FROM player_events ORDER BY received_at")
    hashes = [r[0] for r in rows]
    assert hashes[0] == hashes[1] != hashes[2]  # same viewer the same day; unlinkable the next day
    dump = json.dumps([[str(c) for c in r] for r in site.stored("SELECT * FROM player_events")])
    assert "198.51.100.23" not in dump and "198.51.100" not in dump
    salts = sorted(p.name for p in (site.data / "collect" / "salts").iterdir())
    assert salts == ["2024-05-02.salt"]  # yesterday's salt is gone


def test_health_reports_waiting_and_stored_rows(site: Site) -> None:
    config = replace(CollectConfig(site.data), writer=WriterConfig(flush_interval_s=60))

    async def scenario() -> tuple[dict[str, object], dict[str, object]]:
        async with serving(config) as (client, collector):
            await client.post(f"/collect?k={site.key.key}", content=beacon([event(), event()]))
            before = (await client.get("/collect/health")).json()
            await collector.flush()
            after = (await client.get("/collect/health")).json()
            return before, after

    before, after = run(scenario())
    assert before["status"] == "ok"
    assert before["workspaces"]["shop"]["waiting_rows"] == 2  # type: ignore[index]
    assert after["workspaces"]["shop"]["stored_rows"] == 2  # type: ignore[index]


def test_a_server_for_one_workspace_refuses_other_workspaces_keys(site: Site) -> None:
    config = CollectConfig(site.data, workspaces=frozenset({"elsewhere"}))

    async def scenario() -> int:
        async with serving(config) as (client, _):
            return (await client.post(f"/collect?k={site.key.key}", content=beacon([event()]))).status_code

    assert run(scenario()) == 403


def test_the_openapi_description_lists_the_endpoints(site: Site, config: CollectConfig) -> None:
    async def scenario() -> dict[str, object]:
        async with serving(config) as (client, _):
            return (await client.get("/openapi.json")).json()  # type: ignore[no-any-return]

    paths = run(scenario())["paths"]
    assert {"/collect", "/conversions", "/collect/health"} <= set(paths)  # type: ignore[arg-type]


def test_the_collect_server_serves_the_tracker_script(site: Site, config: CollectConfig) -> None:
    async def scenario() -> tuple[httpx.Response, int]:
        async with serving(config) as (client, _):
            script = await client.get("/static/reelwise-player.min.js")
            missing = await client.get("/static/../keys.json")
            return script, missing.status_code

    script, missing = run(scenario())
    assert script.status_code == 200 and script.headers["content-type"].startswith("text/javascript")
    assert b"data-reelwise-" in script.content and len(script.content) < 5000
    assert missing == 404
