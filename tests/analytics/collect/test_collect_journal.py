"""The journal: durable before acknowledged, shared syncs, replay after a crash, torn tails."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.analytics.collect.collect_support import run

from reelwise.analytics.collect.journal import (
    KIND_CONVERSIONS,
    KIND_EVENTS,
    Journal,
    JournalBusy,
    decode_segment,
    encode,
)


def rows(n: int, tag: str) -> list[list[object]]:
    return [[f"{tag}-{i}", i, None, 1.5] for i in range(n)]


def test_appended_records_are_found_again_after_a_restart(tmp_path: Path) -> None:
    async def write() -> None:
        journal = Journal(tmp_path)
        journal.lock()
        journal.open()
        await journal.append(KIND_EVENTS, rows(3, "a"))
        await journal.append(KIND_CONVERSIONS, rows(1, "c"))
        # no close(): the process "dies" here

    run(write())
    recovered = Journal(tmp_path).recover()
    assert [(r.kind, len(r.rows)) for r in recovered.records] == [(KIND_EVENTS, 3), (KIND_CONVERSIONS, 1)]
    assert recovered.records[0].rows[0] == ["a-0", 0, None, 1.5]
    assert recovered.torn_bytes == 0


def test_concurrent_appends_share_syncs(tmp_path: Path) -> None:
    async def write() -> tuple[int, int]:
        journal = Journal(tmp_path)
        journal.open()
        await asyncio.gather(*(journal.append(KIND_EVENTS, rows(2, f"r{i}")) for i in range(200)))
        return journal.appends, journal.syncs

    appends, syncs = run(write())
    assert appends == 200
    assert 1 <= syncs < 50  # group commit: far fewer syncs than appends


def test_a_torn_record_at_the_end_is_skipped_and_counted(tmp_path: Path) -> None:
    segment = tmp_path / "000000000001.seg"
    whole = encode(KIND_EVENTS, rows(2, "ok"))
    torn = encode(KIND_EVENTS, rows(5, "torn"))[:-7]
    segment.write_bytes(whole + torn)
    recovered = Journal(tmp_path).recover()
    assert [r.rows[0][0] for r in recovered.records] == ["ok-0"]
    assert recovered.torn_bytes == len(torn)


def test_a_corrupted_record_ends_the_replay_of_its_segment(tmp_path: Path) -> None:
    first, second = encode(KIND_EVENTS, rows(1, "a")), bytearray(encode(KIND_EVENTS, rows(1, "b")))
    second[-3] ^= 0xFF
    records, tail = decode_segment(first + bytes(second))
    assert [r.rows[0][0] for r in records] == ["a-0"]
    assert tail == len(second)


@settings(max_examples=100)
@given(st.binary(max_size=300))
def test_decoding_garbage_never_crashes(data: bytes) -> None:
    records, tail = decode_segment(data)
    assert all(r.kind in (KIND_EVENTS, KIND_CONVERSIONS) for r in records)
    assert 0 <= tail <= len(data)


def test_sealing_starts_a_new_segment_and_discard_removes_the_old(tmp_path: Path) -> None:
    async def scenario() -> None:
        journal = Journal(tmp_path)
        journal.open()
        await journal.append(KIND_EVENTS, rows(2, "a"))
        sealed = await journal.seal()
        assert sealed is not None and sealed.rows == 2
        assert await journal.seal() is None  # nothing new: nothing to seal
        await journal.append(KIND_EVENTS, rows(1, "b"))
        journal.discard([sealed.path])
        assert not sealed.path.exists()
        assert journal.unsealed_rows == 1

    run(scenario())
    assert [r.rows[0][0] for r in Journal(tmp_path).recover().records] == ["b-0"]


def test_segments_are_numbered_after_the_ones_left_behind(tmp_path: Path) -> None:
    (tmp_path / "000000000007.seg").write_bytes(encode(KIND_EVENTS, rows(1, "old")))
    journal = Journal(tmp_path)
    journal.open()
    assert (tmp_path / "000000000008.seg").exists()


def test_a_second_writer_is_refused(tmp_path: Path) -> None:
    first = Journal(tmp_path)
    first.lock()
    with pytest.raises(JournalBusy):
        Journal(tmp_path).lock()
    first.unlock()
    Journal(tmp_path).lock()


def test_a_failed_write_is_not_acknowledged(tmp_path: Path) -> None:
    from reelwise.analytics.collect.journal import JournalError

    async def scenario() -> None:
        journal = Journal(tmp_path)
        journal.open()
        assert journal._current is not None
        os.close(journal._current.fd)  # the disk "goes away"
        with pytest.raises(JournalError):
            await journal.append(KIND_EVENTS, rows(1, "lost"))
        assert journal.unsealed_rows == 0

    run(scenario())
