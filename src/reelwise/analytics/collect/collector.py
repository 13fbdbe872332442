"""The collect engine behind the HTTP app: keys, limits, privacy, and one writer per workspace."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from reelwise.analytics.collect.conversions import Conversion
from reelwise.analytics.collect.events import PlayerEvent
from reelwise.analytics.collect.journal import KIND_CONVERSIONS, KIND_EVENTS, Journal
from reelwise.analytics.collect.keys import KeyStore, SiteKey
from reelwise.analytics.collect.privacy import DailySalts, clean_page_url
from reelwise.analytics.collect.ratelimit import RateLimiter
from reelwise.analytics.collect.writer import DuckDBSink, Sink, WorkspaceWriter, WriterConfig
from reelwise.analytics.store import workspace_store_path


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class CollectConfig:
    """Everything the collect server needs; the edges (CLI, web app) build it."""

    data_dir: Path
    workspaces: frozenset[str] | None = None  # None: every workspace that has a site key
    max_body_bytes: int = 256 * 1024
    max_conversions_bytes: int = 4 * 1024 * 1024
    rate_per_key: float = 5_000.0  # events per second per site key …
    burst_per_key: float = 20_000.0  # … with bursts up to this many events
    writer: WriterConfig = field(default_factory=WriterConfig)
    keys_reload_s: float = 1.0


class Collector:
    """Accepts validated events and conversions and makes them durable."""

    def __init__(
        self,
        config: CollectConfig,
        *,
        now: Callable[[], datetime] = utc_now,
        monotonic: Callable[[], float] = time.monotonic,
        sink_factory: Callable[[Path], Sink] | None = None,
    ) -> None:
        self.config = config
        self._now = now
        self._monotonic = monotonic
        self._sink_factory = sink_factory or (lambda path: DuckDBSink(path))
        self.keys = KeyStore.in_data_dir(config.data_dir)
        self.salts = DailySalts(config.data_dir / "collect" / "salts")
        self.limiter = RateLimiter(config.rate_per_key, config.burst_per_key, monotonic)
        self._keys: dict[str, SiteKey] = {}
        self._keys_stamp = -1.0
        self._keys_checked = float("-inf")
        self._writers: dict[str, WorkspaceWriter] = {}
        self._starting: dict[str, asyncio.Future[WorkspaceWriter]] = {}
        self._lock: asyncio.Lock | None = None
        self.started = False

    # -- life cycle ----------------------------------------------------------------------
    async def start(self) -> None:
        """Replay every journal left behind, then serve (idempotent)."""
        if self._lock is None:
            self._lock = asyncio.Lock()
        async with self._lock:
            if self.started:
                return
            self._reload_keys(force=True)
            names = {k.workspace for k in self._keys.values()} | self._workspaces_with_journal()
            for name in sorted(names):
                if self._serves(name):
                    await self.writer(name)
            self.started = True

    async def stop(self) -> None:
        for writer in list(self._writers.values()):
            await writer.stop()
        self._writers.clear()
        self.started = False

    def _workspaces_with_journal(self) -> set[str]:
        root = self.config.data_dir / "workspaces"
        if not root.is_dir():
            return set()
        return {p.parent.parent.name for p in root.glob("*/journal/*.seg")}

    def _serves(self, workspace: str) -> bool:
        return self.config.workspaces is None or workspace in self.config.workspaces

    async def writer(self, workspace: str) -> WorkspaceWriter:
        """The running writer of ``workspace`` (started, and its journal replayed, on first use)."""
        found = self._writers.get(workspace)
        if found is not None:
            return found
        pending = self._starting.get(workspace)
        if pending is not None:
            return await asyncio.shield(pending)
        future: asyncio.Future[WorkspaceWriter] = asyncio.get_running_loop().create_future()
        self._starting[workspace] = future
        try:
            store_path = workspace_store_path(self.config.data_dir, workspace)
            writer = WorkspaceWriter(
                Journal(store_path.parent / "journal"), self._sink_factory(store_path), self.config.writer
            )
            await writer.start()
        except BaseException as exc:
            future.set_exception(exc)
            future.exception()  # retrieved: no "never retrieved" warning when nobody else waits
            raise
        finally:
            del self._starting[workspace]
        self._writers[workspace] = writer
        future.set_result(writer)
        return writer

    # -- keys ----------------------------------------------------------------------------
    def _reload_keys(self, force: bool = False) -> None:
        now = self._monotonic()
        if not force and now - self._keys_checked < self.config.keys_reload_s:
            return
        self._keys_checked = now
        stamp = self.keys.stamp()
        if stamp != self._keys_stamp:
            self._keys = self.keys.load()
            self._keys_stamp = stamp
            self.limiter.forget(set(self._keys))

    def site_key(self, key: str) -> SiteKey | None:
        """The site key when it exists and this server serves its workspace."""
        self._reload_keys()
        found = self._keys.get(key)
        if found is None or not self._serves(found.workspace):
            return None
        return found

    # -- accepting -----------------------------------------------------------------------
    def event_rows(self, site: SiteKey, events: list[PlayerEvent], ip: str, user_agent: str) -> list[list[Any]]:
        """The rows to store: no IP, a daily viewer hash, a cleaned page URL, server time."""
        now = self._now()
        viewer = self.salts.viewer_hash(now.date(), ip, user_agent, site.key)
        received = int(now.timestamp() * 1000)
        urls: dict[str, str] = {}
        rows: list[list[Any]] = []
        for e in events:
            url = urls.get(e.url)
            if url is None:
                url = urls[e.url] = clean_page_url(e.url)
            rows.append(
                [
                    e.id,
                    site.key,
                    e.video,
                    e.variant,
                    e.session,
                    viewer,
                    e.type,
                    e.position,
                    e.duration,
                    e.from_,
                    e.ts,
                    received,
                    url,
                ]
            )
        return rows

    async def accept_events(self, site: SiteKey, rows: list[list[Any]]) -> None:
        """Durable on return (raises JournalError otherwise)."""
        writer = await self.writer(site.workspace)
        await writer.append(KIND_EVENTS, rows)
        self.limiter.charge(site.key, len(rows))

    async def accept_conversions(self, site: SiteKey, conversions: list[Conversion]) -> None:
        writer = await self.writer(site.workspace)
        rows = [
            [
                c.conversion_id,
                int(c.ts.replace(tzinfo=UTC).timestamp() * 1000),
                c.channel,
                c.campaign,
                c.video_id,
                c.value_eur,
                c.source,
            ]
            for c in conversions
        ]
        await writer.append(KIND_CONVERSIONS, rows)

    def overloaded(self, workspace: str) -> bool:
        writer = self._writers.get(workspace)
        return writer is not None and writer.overloaded

    async def flush(self) -> None:
        """Store everything journaled so far (tests, shutdown)."""
        for writer in list(self._writers.values()):
            await writer.flush()

    def health(self) -> dict[str, Any]:
        workspaces = {name: w.health() for name, w in sorted(self._writers.items())}
        failed = any(h["journal_failed"] for h in workspaces.values())
        return {"status": "failing" if failed else "ok", "started": self.started, "workspaces": workspaces}
