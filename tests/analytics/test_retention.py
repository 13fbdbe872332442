"""Retention curves from hand-made heartbeats: seeks, pauses, replays, finishes within 2 s."""

from __future__ import annotations

import math
import random
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from tests.analytics.eventdata import Events, open_store

from reelwise.analytics import retention
from reelwise.analytics.retention import RetentionCurve, drop_offs, knee
from reelwise.analytics.store import EventStore


@pytest.fixture
def store(tmp_path: Path) -> Iterator[EventStore]:
    s = open_store(tmp_path)
    yield s
    s.close()


def curve_of(store: EventStore, events: Events, unit: retention.Unit = "second") -> RetentionCurve:
    events.load(store)
    (curve,) = retention.curves(store.ibis(), unit=unit)
    return curve


def test_full_watch_and_an_early_leaver(store: EventStore) -> None:
    ev = Events()
    ev.session().impression().play().watch_to(10).end()
    ev.session().play().watch_to(3.5).pause()
    c = curve_of(store, ev)
    assert c.plays == 2
    assert list(c.t_s) == [float(t) for t in range(11)]
    # both watched 0..3 (the leaver reached 3.5); only the full watch covers 4..10
    assert list(c.retention) == [1, 1, 1, 1, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5]


def test_seek_forward_skips_the_seconds_in_between(store: EventStore) -> None:
    ev = Events()
    ev.session().play().watch_to(2).seek(6).watch_to(7).pause()
    ev.session().play().watch_to(10).end()
    c = curve_of(store, ev)
    assert c.plays == 2
    assert [c.at(t) for t in range(11)] == [1, 1, 1, 0.5, 0.5, 0.5, 1, 1, 0.5, 0.5, 0.5]


def test_seeking_back_does_not_count_twice(store: EventStore) -> None:
    ev = Events()
    ev.session().play().watch_to(6).seek(1).watch_to(6).pause()
    c = curve_of(store, ev)
    assert c.plays == 1
    assert max(c.retention) == 1.0
    assert [c.at(t) for t in range(8)] == [1, 1, 1, 1, 1, 1, 1, 0]


def test_pause_and_resume_stay_one_play(store: EventStore) -> None:
    ev = Events()
    ev.session().play().watch_to(4).pause().resume().watch_to(6).pause()
    c = curve_of(store, ev)
    assert c.plays == 1
    assert [c.at(t) for t in range(8)] == [1, 1, 1, 1, 1, 1, 1, 0]


def test_a_replay_in_the_same_session_is_one_play(store: EventStore) -> None:
    ev = Events()
    ev.session().play().watch_to(10).end().play(0).watch_to(3).pause()
    ev.session().play().watch_to(2).pause()
    c = curve_of(store, ev)
    assert c.plays == 2
    assert c.at(0) == 1.0 and c.at(5) == 0.5 and c.at(10) == 0.5


@pytest.mark.parametrize(("left_at", "finished"), [(8.5, True), (8.0, True), (7.9, False), (9.99, True)])
def test_a_finish_is_within_2_seconds_of_the_end(store: EventStore, left_at: float, finished: bool) -> None:
    ev = Events()
    ev.session().play().watch_to(left_at).pause()
    c = curve_of(store, ev)
    assert (c.at(10) == 1.0) is finished
    plays = retention.plays(store.ibis().table("player_events")).to_pyarrow().to_pylist()
    assert plays[0]["finished"] is finished


def test_percent_curve_has_101_points_and_ends_at_the_finish_rate(store: EventStore) -> None:
    ev = Events()
    ev.session(duration=20.0).play().watch_to(20).end()
    ev.session(duration=20.0).play().watch_to(5).pause()
    ev.session(duration=20.0).play().watch_to(19).pause()  # within 2 s: a finish
    ev.session(duration=20.0).play().watch_to(10).pause()
    c = curve_of(store, ev, unit="percent")
    assert len(c.t_s) == 101
    assert c.t_s[50] == pytest.approx(10.0)
    assert c.retention[0] == 1.0
    assert c.retention[25] == 1.0  # 5 s
    assert c.retention[26] == 0.75
    assert c.retention[50] == 0.75  # 10 s: the third leaver is still there at exactly 10 s
    assert c.retention[51] == 0.5
    assert c.retention[100] == 0.5


def test_events_of_other_kinds_and_other_videos_are_kept_apart(store: EventStore) -> None:
    ev = Events()
    ev.session("a", 5.0).impression().play().watch_to(2).cta_shown().cta_clicked().watch_to(5).end()
    ev.session("b", 8.0).play().watch_to(1).pause()
    events_table = ev.table()
    store.load_arrow("player_events", events_table, ["event_id"])
    curves = {c.video_id: c for c in retention.curves(store.ibis())}
    assert set(curves) == {"a", "b"}
    assert list(curves["a"].retention) == [1.0] * 6
    assert curves["b"].duration_s == 8.0
    assert curves["b"].at(1) == 1.0 and curves["b"].at(2) == 0.0


def test_retention_per_variant(store: EventStore) -> None:
    ev = Events()
    ev.session(variant="short").play().watch_to(10).end()
    ev.session(variant="long").play().watch_to(2).pause()
    events_table = ev.table()
    store.load_arrow("player_events", events_table, ["event_id"])
    curves = {c.variant: c for c in retention.curves(store.ibis(), by_variant=True)}
    assert curves["short"].at(9) == 1.0
    assert curves["long"].at(9) == 0.0


# --- against an independent reference on random sessions -----------------------------------


def reference(events: Events, duration: float) -> list[float]:
    """R(t) for whole seconds, straight from the definition, in plain Python."""
    sessions: dict[str, list[tuple[float, float]]] = {}
    for e in events.rows:
        kind, p, f = e["type"], e["position_s"], e["from_s"]
        if kind not in ("play", "pause", "seek", "progress", "ended"):
            continue
        if kind in ("progress", "pause", "ended") and f is not None and f <= p:
            lo, hi = f, p
        elif kind == "seek":
            lo = hi = f
        else:
            lo = hi = p
        hi = duration if hi >= duration - 2.0 else hi
        sessions.setdefault(e["session_id"], []).append((lo, hi))
    out = []
    for t in range(int(duration) + 1):
        covered = sum(any(lo - 1e-9 <= t <= hi + 1e-9 for lo, hi in iv) for iv in sessions.values())
        out.append(covered / len(sessions))
    return out


def random_sessions(seed: int, n: int = 40, duration: float = 30.0) -> Events:
    rnd = random.Random(seed)
    ev = Events()
    for _ in range(n):
        s = ev.session(duration=duration).play(0.0)
        for _step in range(rnd.randint(1, 4)):
            action = rnd.random()
            target = min(duration, s.pos + rnd.uniform(0.5, 12.0))
            if s.start is None:
                s.resume()
            s.watch_to(round(target, 2))
            if s.pos >= duration:
                s.end()
                if rnd.random() < 0.3:
                    s.play(0.0).watch_to(rnd.uniform(0.5, 5))
                break
            if action < 0.3:
                s.seek(round(rnd.uniform(0, duration - 1), 2))
            elif action < 0.5:
                s.pause()
        if s.start is not None:
            s.pause()
    return ev


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_ibis_curve_matches_a_plain_python_reference(tmp_path: Path, seed: int) -> None:
    ev = random_sessions(seed)
    with open_store(tmp_path) as store:
        ev.load(store)
        (curve,) = retention.curves(store.ibis())
    assert np.allclose(curve.retention, reference(ev, 30.0))


# --- drop-offs and the knee --------------------------------------------------------------------


def test_drop_offs_are_the_steepest_local_falls() -> None:
    t = np.arange(11, dtype=float)
    r = np.array([1.0, 0.99, 0.98, 0.7, 0.69, 0.68, 0.67, 0.4, 0.39, 0.38, 0.38])
    drops = drop_offs(t, r)
    assert [d.t_s for d in drops] == [2.0, 6.0]
    assert drops[0].drop == pytest.approx(0.28)
    assert drops[1].retention_before == pytest.approx(0.67)


def test_one_long_slope_is_reported_once_and_small_steps_never() -> None:
    t = np.arange(6, dtype=float)
    assert drop_offs(t, np.array([1.0, 0.99, 0.985, 0.98, 0.975, 0.97])) == []
    slope = drop_offs(t, np.array([1.0, 0.9, 0.8, 0.7, 0.6, 0.6]))
    assert len(slope) == 1


def test_knee_of_an_exponential_decay_is_where_the_fall_slows() -> None:
    t = np.arange(61, dtype=float)
    r = np.exp(-t / 8)
    k = knee(t, r)
    assert k is not None and 8 <= k <= 20
    assert knee(t, np.ones(61)) is None


def test_curve_helpers() -> None:
    c = RetentionCurve("v", "second", np.arange(5, dtype=float), np.array([1.0, 0.8, 0.6, 0.45, 0.3]), plays=10)
    assert c.time_below(0.5) == 3.0
    assert c.time_below(0.1) is None
    assert c.at(2.5) == 0.6
    assert math.isclose(c.at(100), 0.3)
    assert c.to_dict()["plays"] == 10


@pytest.mark.parametrize("dialect", ["clickhouse", "postgres", "duckdb"])
def test_the_queries_are_written_once_for_every_engine(dialect: str) -> None:
    import ibis

    from reelwise.analytics import metrics

    t = ibis.table(
        {
            "event_id": "string",
            "video_id": "string",
            "variant": "string",
            "session_id": "string",
            "viewer_hash": "string",
            "type": "string",
            "position_s": "float64",
            "duration_s": "float64",
            "from_s": "float64",
            "client_ts": "timestamp",
            "received_at": "timestamp",
        },
        name="player_events",
    )
    exprs = [
        retention.retention_table(t),
        retention.retention_table(t, unit="percent", by_variant=True),
        retention.plays(t),
        metrics.player_values(t),
        metrics.time_to_play(t),
    ]
    for expr in exprs:
        assert "SELECT" in str(ibis.to_sql(expr, dialect=dialect)).upper()
