"""Fixtures for the collect server: a data directory with a site key, beacons, an in-process app."""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from collections.abc import AsyncIterator, Callable, Coroutine
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import httpx
import pytest

from reelwise.analytics.collect.app import collector_lifespan, create_app
from reelwise.analytics.collect.collector import CollectConfig, Collector
from reelwise.analytics.collect.keys import KeyStore, SiteKey
from reelwise.analytics.store import EventStore, workspace_store_path

T = TypeVar("T")


def run(coro: Coroutine[Any, Any, T]) -> T:
    return asyncio.run(coro)


def event(type_: str = "progress", **fields: Any) -> dict[str, Any]:
    """One valid wire event; override any field."""
    base: dict[str, Any] = {
        "id": str(uuid.uuid4()),
        "v": "intro",
        "var": None,
        "s": "session-" + uuid.uuid4().hex[:12],
        "t": type_,
        "p": 3.0,
        "d": 30.0,
        "f": 2.0,
        "ts": int(time.time() * 1000),
        "u": "https://shop.example.com/landing?utm_source=tiktok",
    }
    base.update(fields)
    return base


def beacon(events: list[dict[str, Any]], key: str | None = None) -> bytes:
    body: dict[str, Any] = {"events": events}
    if key is not None:
        body["k"] = key
    return json.dumps(body).encode()


@dataclass
class Site:
    data: Path
    key: SiteKey
    secret: str

    def stored(self, sql: str = "SELECT event_id FROM player_events") -> list[tuple[Any, ...]]:
        path = workspace_store_path(self.data, self.key.workspace)
        if not path.exists():
            return []
        with EventStore.open(path) as store:
            return [tuple(r) for r in store.connection.execute(sql).fetchall()]


@pytest.fixture
def site(tmp_path: Path) -> Site:
    key, secret = KeyStore.in_data_dir(tmp_path).create("shop", "test site", datetime(2024, 5, 1, tzinfo=UTC))
    return Site(tmp_path, key, secret)


@asynccontextmanager
async def serving(
    config: CollectConfig, client_ip: str = "203.0.113.7", **collector_kwargs: Any
) -> AsyncIterator[tuple[httpx.AsyncClient, Collector]]:
    """The app in-process, started (journals replayed) and stopped (everything stored)."""
    collector = Collector(config, **collector_kwargs)
    app = create_app(config, collector)
    async with collector_lifespan(collector):
        transport = httpx.ASGITransport(app=app, client=(client_ip, 50000))
        async with httpx.AsyncClient(transport=transport, base_url="http://collect.test") as client:
            yield client, collector


@pytest.fixture
def config(site: Site) -> CollectConfig:
    return CollectConfig(site.data)


Post = Callable[..., Coroutine[Any, Any, httpx.Response]]
