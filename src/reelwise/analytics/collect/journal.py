"""The append-only journal: what was acknowledged is on disk before the answer goes out.

Layout: a folder of segment files ``000000000001.seg``, ``000000000002.seg`` …; records
are appended to the newest. A record is::

    <u32 length> <u32 crc32(kind + payload)> <u8 kind> <payload: JSON rows>

Group commit: an append writes its record at once (one ``write`` on the event loop, into
the page cache) and then waits for an ``fdatasync`` that covers it. One sync runs at a
time in a worker thread; the appends that arrive while it runs share the next one, so
under load many requests are acknowledged by a single sync.

The writer periodically *seals* the current segment (new appends go to a fresh one),
stores the sealed segment's rows in DuckDB, and only then deletes the segment file. After a
crash, :meth:`Journal.recover` reads every segment that is left; a torn record at the end
of a segment (a write that never got its sync, hence was never acknowledged) ends that
segment's replay. Stored rows are keyed by event id, so replaying a segment that had been
stored already changes nothing.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import struct
import zlib
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

HEADER: Final = struct.Struct("<IIB")
KIND_EVENTS: Final = 1
KIND_CONVERSIONS: Final = 2
MAX_RECORD_BYTES: Final = 64 * 1024 * 1024
_SEGMENT = re.compile(r"^(\d{12})\.seg$")


class JournalError(Exception):
    """The journal could not make a record durable (disk full, I/O error)."""


class JournalBusy(Exception):
    """Another process is writing this journal (a second collect server on the same data)."""


@dataclass
class Record:
    kind: int
    rows: list[list[Any]]


@dataclass
class Segment:
    seq: int
    path: Path
    fd: int
    written: int = 0
    synced: int = 0
    records: list[Record] = field(default_factory=list)
    rows: int = 0
    waiters: deque[tuple[int, asyncio.Future[None]]] = field(default_factory=deque)


@dataclass(frozen=True)
class Recovered:
    """What a restart found: the records to store again, and the files they came from."""

    records: list[Record]
    paths: list[Path]
    torn_bytes: int


def encode(kind: int, rows: list[list[Any]]) -> bytes:
    payload = json.dumps(rows, ensure_ascii=False, separators=(",", ":")).encode()
    crc = zlib.crc32(payload, zlib.crc32(bytes([kind])))
    return HEADER.pack(len(payload), crc, kind) + payload


def decode_segment(data: bytes) -> tuple[list[Record], int]:
    """The intact records of a segment and the number of bytes after the last intact one."""
    records: list[Record] = []
    offset = 0
    while offset + HEADER.size <= len(data):
        length, crc, kind = HEADER.unpack_from(data, offset)
        start = offset + HEADER.size
        end = start + length
        if length > MAX_RECORD_BYTES or end > len(data):
            break
        payload = data[start:end]
        if zlib.crc32(payload, zlib.crc32(bytes([kind]))) != crc or kind not in (KIND_EVENTS, KIND_CONVERSIONS):
            break
        try:
            rows = json.loads(payload)
        except ValueError:
            break
        if not isinstance(rows, list):
            break
        records.append(Record(kind, rows))
        offset = end
    return records, len(data) - offset


def _sync_file(fd: int) -> None:
    sync = getattr(os, "fdatasync", os.fsync)
    sync(fd)


def _sync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:  # pragma: no cover - platforms without directory handles
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover - some file systems refuse; the data files are synced
        pass
    finally:
        os.close(fd)


class Journal:
    """One folder of segments, used from a single asyncio event loop."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._current: Segment | None = None
        self._lock: asyncio.Lock | None = None
        self._syncing = False
        self._failed: str | None = None
        self._lock_fd: int | None = None
        self.syncs = 0
        self.appends = 0

    # -- one writer per folder -----------------------------------------------------------
    def lock(self) -> None:
        """Take the folder for this process; raises :class:`JournalBusy` when another has it."""
        import fcntl

        self.folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.folder / "LOCK", os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            os.close(fd)
            raise JournalBusy(str(self.folder)) from exc
        self._lock_fd = fd

    def unlock(self) -> None:
        if self._lock_fd is not None:
            os.close(self._lock_fd)
            self._lock_fd = None

    # -- start ---------------------------------------------------------------------------
    def segment_paths(self) -> list[Path]:
        if not self.folder.is_dir():
            return []
        found = [(int(m.group(1)), p) for p in self.folder.iterdir() if (m := _SEGMENT.match(p.name))]
        return [p for _, p in sorted(found)]

    def recover(self) -> Recovered:
        """Read every segment left by an earlier run (call before :meth:`open`)."""
        records: list[Record] = []
        torn = 0
        paths = self.segment_paths()
        for path in paths:
            segment_records, tail = decode_segment(path.read_bytes())
            records.extend(segment_records)
            torn += tail
        return Recovered(records, paths, torn)

    def open(self) -> None:
        """Start a fresh segment after the existing ones."""
        self.folder.mkdir(parents=True, exist_ok=True)
        existing = self.segment_paths()
        last = int(existing[-1].name[:12]) if existing else 0
        self._current = self._new_segment(last + 1)
        self._lock = asyncio.Lock()

    def _new_segment(self, seq: int) -> Segment:
        path = self.folder / f"{seq:012d}.seg"
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        return Segment(seq=seq, path=path, fd=fd)

    @property
    def failed(self) -> str | None:
        return self._failed

    @property
    def unsealed_rows(self) -> int:
        return self._current.rows if self._current else 0

    # -- appending -----------------------------------------------------------------------
    async def append(self, kind: int, rows: list[list[Any]]) -> None:
        """Write one record and return once it is durable. Raises :class:`JournalError`."""
        seg = self._current
        if seg is None or self._failed:
            raise JournalError(self._failed or "the journal is not open")
        data = encode(kind, rows)
        try:
            view = memoryview(data)
            while view:
                done = os.write(seg.fd, view)
                view = view[done:]
        except OSError as exc:
            self._torn_write(seg, exc)
            raise JournalError(str(exc)) from exc
        seg.written += len(data)
        seg.records.append(Record(kind, rows))
        seg.rows += len(rows)
        self.appends += 1
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        seg.waiters.append((seg.written, future))
        if not self._syncing:
            self._syncing = True
            asyncio.get_running_loop().create_task(self._sync_loop())
        await future

    def _torn_write(self, seg: Segment, exc: OSError) -> None:
        """Cut a half-written record off, so later records are not hidden behind it."""
        try:
            os.ftruncate(seg.fd, seg.written)
        except OSError:
            self._failed = f"the journal {seg.path} is damaged: {exc}"

    async def _sync_loop(self) -> None:
        assert self._lock is not None
        try:
            while True:
                async with self._lock:
                    seg = self._current
                    if seg is None or not seg.waiters:
                        return
                    target = seg.written
                    try:
                        await asyncio.to_thread(_sync_file, seg.fd)
                    except OSError as exc:
                        # After a failed fsync the kernel may have dropped the pages: stop.
                        self._failed = f"the journal {seg.path} cannot be synced: {exc}"
                        _fail_waiters(seg, JournalError(self._failed))
                        return
                    self.syncs += 1
                    seg.synced = target
                    _release_waiters(seg)
        finally:
            self._syncing = False

    # -- sealing and discarding ----------------------------------------------------------
    async def seal(self) -> Segment | None:
        """Close the current segment (after syncing it) and start a new one.

        Returns the sealed segment with its records, or None when it held nothing."""
        assert self._lock is not None
        async with self._lock:
            old = self._current
            if old is None or not old.records:
                return None
            self._current = self._new_segment(old.seq + 1)
            try:
                await asyncio.to_thread(self._close_sealed, old)
            except OSError as exc:
                self._failed = f"the journal {old.path} cannot be synced: {exc}"
                _fail_waiters(old, JournalError(self._failed))
                raise JournalError(self._failed) from exc
            old.synced = old.written
            _release_waiters(old)
            return old

    def _close_sealed(self, old: Segment) -> None:
        try:
            _sync_dir(self.folder)  # the new segment's name is durable before anything in it is acknowledged
            _sync_file(old.fd)
        finally:
            os.close(old.fd)

    def discard(self, paths: list[Path]) -> None:
        """Delete segments whose rows are stored (a crash before this only means a replay)."""
        for path in paths:
            path.unlink(missing_ok=True)
        if paths:
            _sync_dir(self.folder)

    async def close(self) -> Segment | None:
        """Seal what is left and stop; returns the last sealed segment (to store)."""
        if self._current is None:
            return None
        sealed = await self.seal() if not self._failed else None
        seg = self._current
        self._current = None
        if seg is not None:
            os.close(seg.fd)
            if not seg.records:
                seg.path.unlink(missing_ok=True)
        return sealed


def _release_waiters(seg: Segment) -> None:
    while seg.waiters and seg.waiters[0][0] <= seg.synced:
        _, future = seg.waiters.popleft()
        if not future.done():
            future.set_result(None)


def _fail_waiters(seg: Segment, error: Exception) -> None:
    while seg.waiters:
        _, future = seg.waiters.popleft()
        if not future.done():
            future.set_exception(error)
