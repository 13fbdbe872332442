"""Concurrent edits from real threads and real transactions: detected, never lost."""

from __future__ import annotations

import datetime as dt
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from tests.adapters.test_storage import make_plan

from reelwise.adapters.storage import open_store
from reelwise.errors import ConflictError

THREADS = 6


def _outcome(call: Any) -> str:
    try:
        call()
    except ConflictError as exc:
        return str(exc)
    return "saved"


def test_of_many_people_who_read_the_same_version_exactly_one_saves(db_url: str) -> None:
    with open_store(db_url) as store:
        store.create_workspace("klant")
        store.save_campaign("klant", make_plan())
        everyone_has_read = threading.Barrier(THREADS, timeout=30)

        def edit(person: int) -> str:
            version = store.get_campaign("klant", "Lente 2025").version
            everyone_has_read.wait()
            return _outcome(
                lambda: store.save_campaign(
                    "klant", make_plan(brand=f"versie van {person}"), expected_version=version, author=f"p{person}"
                )
            )

        with ThreadPoolExecutor(THREADS) as pool:
            outcomes = list(pool.map(edit, range(THREADS)))
        assert outcomes.count("saved") == 1
        conflicts = [o for o in outcomes if o != "saved"]
        assert conflicts == ["campaign Lente 2025 was changed by someone else (version 2, you had 1)"] * (THREADS - 1)
        winner = outcomes.index("saved")
        assert store.get_campaign("klant", "Lente 2025").plan.brand.name == f"versie van {winner}"
        history = store.history("klant", "Lente 2025")
        assert [(h.version, h.saved_by) for h in history] == [(1, None), (2, f"p{winner}")]


def test_people_who_retry_after_a_conflict_lose_no_edit(db_url: str) -> None:
    """Every thread adds one euro at a time, re-reading after each conflict: no increment is lost."""
    rounds = 4
    with open_store(db_url) as store:
        store.create_workspace("klant")
        store.save_campaign("klant", make_plan())
        start = store.get_campaign("klant", "Lente 2025").plan.campaign.budget_eur or 0.0

        def add_euros(_person: int) -> int:
            conflicts = 0
            for _ in range(rounds):
                while True:
                    current = store.get_campaign("klant", "Lente 2025")
                    campaign = current.plan.campaign
                    plan = current.plan.model_copy(
                        update={"campaign": campaign.model_copy(update={"budget_eur": (campaign.budget_eur or 0) + 1})}
                    )
                    try:
                        store.save_campaign("klant", plan, expected_version=current.version)
                        break
                    except ConflictError:
                        conflicts += 1
            return conflicts

        with ThreadPoolExecutor(THREADS) as pool:
            list(pool.map(add_euros, range(THREADS)))
        final = store.get_campaign("klant", "Lente 2025")
        assert final.plan.campaign.budget_eur == start + THREADS * rounds
        assert final.version == 1 + THREADS * rounds
        assert [h.version for h in store.history("klant", "Lente 2025")] == list(range(1, 2 + THREADS * rounds))


class MeetingClock:
    """A clock read inside each save's transaction, after the campaign row was read: when
    armed, every caller waits there until all have arrived, so their transactions overlap."""

    def __init__(self, parties: int) -> None:
        self.barrier = threading.Barrier(parties, timeout=30)
        self.armed = False

    def __call__(self) -> dt.datetime:
        if self.armed:
            self.barrier.wait()
        return dt.datetime.now(dt.UTC)


@pytest.mark.postgres
def test_two_overlapping_postgresql_transactions_cannot_both_write(postgres_url: str) -> None:
    """Both transactions read version 1 and pass the version check; the row lock and the
    ``UPDATE … WHERE version = 1`` let only the first through."""
    clock = MeetingClock(2)
    with open_store(postgres_url, clock=clock) as store:
        store.create_workspace("klant")
        store.save_campaign("klant", make_plan())
        clock.armed = True

        def edit(person: int) -> str:
            return _outcome(lambda: store.save_campaign("klant", make_plan(brand=f"p{person}"), expected_version=1))

        with ThreadPoolExecutor(2) as pool:
            outcomes = sorted(pool.map(edit, range(2)))
        clock.armed = False
        assert outcomes == ["campaign Lente 2025 was changed by someone else (version 2, you had 1)", "saved"]
        assert [h.version for h in store.history("klant", "Lente 2025")] == [1, 2]
        assert store.get_campaign("klant", "Lente 2025").plan.brand.name in ("p0", "p1")
