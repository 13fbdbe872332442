"""From the journal into the workspace's DuckDB event store, in batches.

Every ``flush_interval_s`` (or sooner, once ``flush_events`` rows wait) the writer seals the
journal's current segment, loads the sealed rows into DuckDB through the store's Arrow
upsert — events keyed on ``event_id`` with *ignore* on conflict, so a re-sent or replayed
event is never counted twice; conversions keyed on ``conversion_id`` with *update*, so a
corrected conversion replaces the old one — and deletes the segment only after the load has
committed. The store is opened for each flush and closed right after, so imports and
reports in other processes can use the file in between (DuckDB allows one process at a
time). When the store cannot be opened or written, the rows stay in the journal (on disk)
and the next flush tries again.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Protocol

from reelwise.analytics.collect.journal import KIND_CONVERSIONS, KIND_EVENTS, Journal, Record

if TYPE_CHECKING:
    import pyarrow as pa

EVENT_COLUMNS: Final = (
    "event_id",
    "site_key",
    "video_id",
    "variant",
    "session_id",
    "viewer_hash",
    "type",
    "position_s",
    "duration_s",
    "from_s",
    "client_ts",
    "received_at",
    "page_url",
)
CONVERSION_COLUMNS: Final = ("conversion_id", "ts", "channel", "campaign", "video_id", "value_eur", "source")


class Sink(Protocol):
    """Where batches end up; :class:`DuckDBSink` in production."""

    def store(self, events: list[list[Any]], conversions: list[list[Any]]) -> None: ...


def events_table(rows: list[list[Any]]) -> pa.Table:
    import pyarrow as pa

    cols = list(zip(*rows, strict=True)) if rows else [()] * len(EVENT_COLUMNS)
    ms = pa.timestamp("ms")
    f64 = pa.float64()
    types = [pa.string()] * 7 + [f64, f64, f64, ms, ms, pa.string()]
    return pa.table({name: pa.array(col, type=t) for name, col, t in zip(EVENT_COLUMNS, cols, types, strict=True)})


def conversions_table(rows: list[list[Any]]) -> pa.Table:
    import pyarrow as pa

    cols = list(zip(*rows, strict=True)) if rows else [()] * len(CONVERSION_COLUMNS)
    s = pa.string()
    types = [s, pa.timestamp("ms"), s, s, s, pa.float64(), s]
    return pa.table({name: pa.array(col, type=t) for name, col, t in zip(CONVERSION_COLUMNS, cols, types, strict=True)})


class DuckDBSink:
    """Loads batches into a workspace's event store (opened per batch, one thread)."""

    def __init__(self, path: Path, *, lock_timeout_s: float = 0.5) -> None:
        self.path = path
        self.lock_timeout_s = lock_timeout_s

    def store(self, events: list[list[Any]], conversions: list[list[Any]]) -> None:
        from reelwise.analytics.store import EventStore

        with EventStore.open(self.path, lock_timeout_s=self.lock_timeout_s) as store:
            store.connection.execute("SET threads = 1")  # leave the other cores to the HTTP server
            if events:
                store.load_arrow("player_events", events_table(events), ["event_id"], on_conflict="ignore", count=False)
            if conversions:
                store.load_arrow("conversions", conversions_table(conversions), ["conversion_id"], on_conflict="update")


@dataclass(frozen=True)
class WriterConfig:
    flush_events: int = 10_000
    flush_interval_s: float = 1.0
    max_backlog_rows: int = 2_000_000  # past this, new events are refused (503) until the store catches up


@dataclass
class _Pending:
    records: list[Record]
    paths: list[Path]
    rows: int = 0

    @classmethod
    def of(cls, records: list[Record], paths: list[Path]) -> _Pending:
        return cls(records, paths, sum(len(r.rows) for r in records))


class WorkspaceWriter:
    """The journal and the batch loader of one workspace; used from one event loop."""

    def __init__(
        self,
        journal: Journal,
        sink: Sink,
        config: WriterConfig,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.journal = journal
        self.sink = sink
        self.config = config
        self._clock = clock
        self._backlog: list[_Pending] = []
        self._wake: asyncio.Event | None = None
        self._task: asyncio.Task[None] | None = None
        self._flush_lock: asyncio.Lock | None = None
        self.stored_rows = 0
        self.replayed_rows = 0
        self.torn_bytes = 0
        self.last_flush: float | None = None
        self.last_error: str | None = None

    # -- life cycle ----------------------------------------------------------------------
    async def start(self) -> None:
        """Replay what an earlier run left in the journal, then accept new records."""
        self.journal.lock()
        recovered = self.journal.recover()
        self.torn_bytes = recovered.torn_bytes
        if recovered.records:
            self._backlog.append(_Pending.of(recovered.records, recovered.paths))
            self.replayed_rows = sum(len(r.rows) for r in recovered.records)
        elif recovered.paths:
            self.journal.discard(recovered.paths)
        self.journal.open()
        self._wake = asyncio.Event()
        self._flush_lock = asyncio.Lock()
        await self.flush()
        self._task = asyncio.get_running_loop().create_task(self._run())

    async def stop(self) -> None:
        """Store everything that is left and close the journal."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        assert self._flush_lock is not None
        async with self._flush_lock:
            sealed = await self.journal.close()
            if sealed is not None:
                self._backlog.append(_Pending.of(sealed.records, [sealed.path]))
            await self._store_backlog()
        self.journal.unlock()

    async def _run(self) -> None:
        assert self._wake is not None
        while True:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=self.config.flush_interval_s)
            self._wake.clear()
            await self.flush()

    # -- writing -------------------------------------------------------------------------
    @property
    def backlog_rows(self) -> int:
        return sum(p.rows for p in self._backlog) + self.journal.unsealed_rows

    @property
    def overloaded(self) -> bool:
        return self.backlog_rows >= self.config.max_backlog_rows

    async def append(self, kind: int, rows: list[list[Any]]) -> None:
        """Make ``rows`` durable in the journal (raises JournalError); stored later."""
        await self.journal.append(kind, rows)
        if self._wake is not None and self.journal.unsealed_rows >= self.config.flush_events:
            self._wake.set()

    async def flush(self) -> None:
        """Seal the journal's segment and store every sealed row (one flush at a time)."""
        assert self._flush_lock is not None
        async with self._flush_lock:
            sealed = await self.journal.seal()
            if sealed is not None:
                self._backlog.append(_Pending.of(sealed.records, [sealed.path]))
            await self._store_backlog()

    async def _store_backlog(self) -> None:
        if not self._backlog:
            return
        batch = list(self._backlog)
        events = [row for p in batch for r in p.records if r.kind == KIND_EVENTS for row in r.rows]
        conversions = [row for p in batch for r in p.records if r.kind == KIND_CONVERSIONS for row in r.rows]
        try:
            await asyncio.to_thread(self.sink.store, events, conversions)
        except Exception as exc:  # the rows are safe in the journal; try again next time
            self.last_error = f"{type(exc).__name__}: {exc}"
            return
        self.last_error = None
        self.stored_rows += len(events) + len(conversions)
        self.last_flush = self._clock()
        del self._backlog[: len(batch)]
        await asyncio.to_thread(self.journal.discard, [path for p in batch for path in p.paths])

    def health(self) -> dict[str, Any]:
        return {
            "journal_failed": self.journal.failed,
            "waiting_rows": self.backlog_rows,
            "stored_rows": self.stored_rows,
            "replayed_rows": self.replayed_rows,
            "torn_bytes": self.torn_bytes,
            "last_flush": self.last_flush,
            "last_error": self.last_error,
            "journal_syncs": self.journal.syncs,
            "journal_appends": self.journal.appends,
        }
