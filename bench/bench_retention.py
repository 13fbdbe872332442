"""Retention-curve query over generated player events: Ibis against raw DuckDB SQL.

    .venv/bin/python bench/bench_retention.py [--events 10000000] [--repeat 5] [--threads N]

Generates the events with NumPy (plays of 40 videos, heartbeats every 2 s, viewers who
leave at exponential times, some seeking back and forward, some replays), loads them
into a DuckDB event store in a temporary folder, then times the same retention query
(per-second curve of every video) written through Ibis
(:func:`reelwise.analytics.retention.retention_table`) and written by hand in DuckDB
SQL, alternating the two. Prints the median and best of each and their ratio, and
checks that both return the same curve. Goal: Ibis ≤ 1.2 × raw SQL and ≤ 0.5 s.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

import ibis
import numpy as np
import pyarrow as pa

from reelwise.analytics import retention
from reelwise.analytics.store import EventStore

RAW_SQL = """
WITH raw AS (
    SELECT video_id, coalesce(variant, '') AS variant, session_id,
        CASE WHEN type IN ('progress', 'pause', 'ended') AND from_s IS NOT NULL AND from_s <= position_s THEN from_s
             WHEN type = 'seek' AND from_s IS NOT NULL THEN from_s
             ELSE position_s END AS lo,
        CASE WHEN type = 'seek' AND from_s IS NOT NULL THEN from_s ELSE position_s END AS hi,
        CASE WHEN duration_s > 0 THEN duration_s END AS reported,
        position_s AS position
    FROM player_events
    WHERE type IN ('play', 'pause', 'seek', 'progress', 'ended')
      AND video_id IS NOT NULL AND session_id IS NOT NULL AND position_s IS NOT NULL
), grouped AS (
    SELECT video_id, variant, session_id, lo, max(hi) AS hi, max(reported) AS reported, max(position) AS position
    FROM raw GROUP BY ALL
), dur AS (
    SELECT video_id, coalesce(max(reported), max(position)) AS duration FROM grouped GROUP BY video_id
), stretches AS (
    SELECT g.video_id, g.variant, g.session_id, d.duration,
        least(greatest(g.lo, 0.0), d.duration) AS lo,
        CASE WHEN least(g.hi, d.duration) >= d.duration - 2.0 THEN d.duration ELSE least(g.hi, d.duration) END AS hi
    FROM grouped g JOIN dur d USING (video_id)
), ranges AS (
    SELECT video_id, variant, session_id,
        CAST(ceil(lo - 1e-9) AS BIGINT) AS k_lo, CAST(floor(hi + 1e-9) AS BIGINT) AS k_hi
    FROM stretches WHERE CAST(ceil(lo - 1e-9) AS BIGINT) <= CAST(floor(hi + 1e-9) AS BIGINT)
), fresh AS (
    SELECT video_id, greatest(k_lo, coalesce(prev_hi + 1, k_lo)) AS k_from, k_hi
    FROM (SELECT *, max(k_hi) OVER (PARTITION BY video_id, variant, session_id ORDER BY k_lo, k_hi
                                    ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prev_hi FROM ranges)
), deltas AS (
    SELECT video_id, k, sum(d) AS delta FROM (
        SELECT video_id, k_from AS k, 1 AS d FROM fresh WHERE k_from <= k_hi
        UNION ALL SELECT video_id, k_hi + 1 AS k, -1 AS d FROM fresh WHERE k_from <= k_hi
    ) GROUP BY ALL
), per_video AS (
    SELECT video_id, max(duration) AS duration, count(DISTINCT session_id) AS plays FROM stretches GROUP BY ALL
), grid AS (
    SELECT video_id, plays, unnest(range(0, CAST(floor(duration + 1e-9) AS BIGINT) + 1)) AS k FROM per_video
), curve AS (
    SELECT g.video_id, g.k, g.plays,
        sum(coalesce(d.delta, 0)) OVER (PARTITION BY g.video_id ORDER BY g.k ROWS UNBOUNDED PRECEDING) AS covered
    FROM grid g LEFT JOIN deltas d ON g.video_id = d.video_id AND g.k = d.k
)
SELECT video_id, k, CAST(k AS DOUBLE) AS t_s, covered, plays, CAST(covered AS DOUBLE) / plays AS retention
FROM curve
ORDER BY video_id, k
"""


def _ticks(play: np.ndarray, start: np.ndarray, count: np.ndarray, seq0: np.ndarray) -> tuple[np.ndarray, ...]:
    """Heartbeats start+1 … start+count of each segment: (play, position, from, seq).

    As the tracker sends them, every heartbeat names where its unbroken stretch began.
    """
    idx = np.repeat(np.arange(len(play)), count)
    offset = np.arange(int(count.sum())) - np.repeat(np.cumsum(count) - count, count)
    pos = start[idx] + offset + 1.0
    return play[idx], pos, start[idx].astype(float), seq0[idx] + offset


def generate(n_events: int, seed: int = 20261201) -> pa.Table:
    """About ``n_events`` player events as the tracker sends them (vectorised).

    Plays of 40 videos (30–85 s): an impression, a play at 0, a heartbeat every second of
    video (``from_s`` = the previous heartbeat), and a pause where the viewer leaves (an
    exponential time) or ``ended``. 15 % of plays seek once, back or forward, midway.
    """
    rng = np.random.default_rng(seed)
    n_plays = max(1, n_events // 30)
    video = rng.integers(0, 40, n_plays)
    duration = 30.0 + 5.0 * (video % 12)
    watch = np.minimum(np.floor(rng.exponential(duration * 0.75)), duration)  # seconds of video watched
    seeks = rng.random(n_plays) < 0.15
    a_len = np.where(seeks, np.floor(watch * rng.random(n_plays)), watch)  # first stretch: 0 … a_len
    seek_to = np.clip(np.round(a_len + rng.normal(0, 10, n_plays)), 0, duration - 1)
    b_len = np.where(seeks, np.minimum(watch - a_len, duration - seek_to), 0)
    plays = np.arange(n_plays)
    # sequence numbers within a play: 0 impression, 1 play, 2… heartbeats of A, [seek, heartbeats of B], last
    a_play, a_pos, a_from, a_seq = _ticks(plays, np.zeros(n_plays), a_len.astype(np.int64), np.full(n_plays, 2))
    s_play = plays[seeks]
    s_seq = 2 + a_len[seeks].astype(np.int64)
    b_play, b_pos, b_from, b_seq = _ticks(s_play, seek_to[seeks], b_len[seeks].astype(np.int64), s_seq + 1)
    end_pos = np.where(seeks, seek_to + b_len, a_len)
    end_seq = 2 + a_len.astype(np.int64) + np.where(seeks, 1 + b_len.astype(np.int64), 0)
    ended = end_pos >= duration
    parts = [
        (plays, np.zeros(n_plays), np.full(n_plays, np.nan), np.zeros(n_plays, np.int64), np.full(n_plays, 5)),
        (plays, np.zeros(n_plays), np.full(n_plays, np.nan), np.ones(n_plays, np.int64), np.full(n_plays, 0)),
        (a_play, a_pos, a_from, a_seq, np.full(len(a_play), 4)),
        (s_play, seek_to[seeks], a_len[seeks], s_seq, np.full(len(s_play), 2)),
        (b_play, b_pos, b_from, b_seq, np.full(len(b_play), 4)),
        (plays, end_pos, np.where(seeks, seek_to, 0.0), end_seq, np.where(ended, 3, 1)),
    ]
    play_idx = np.concatenate([p[0] for p in parts])
    pos = np.concatenate([p[1] for p in parts])
    from_s = np.concatenate([p[2] for p in parts])
    seq = np.concatenate([p[3] for p in parts])
    kind = np.concatenate([p[4] for p in parts])
    total = len(play_idx)
    names = np.array(["play", "pause", "seek", "ended", "progress", "impression"])
    start = np.datetime64("2026-11-01T00:00:00") + rng.integers(0, 30 * 86400, n_plays).astype("timedelta64[s]")
    ts = (start[play_idx] + (seq * 1000).astype("timedelta64[ms]")).astype("datetime64[ms]")
    return pa.table(
        {
            "event_id": pa.array(np.char.add("e", np.arange(total).astype(str))),
            "site_key": pa.array(np.full(total, "bench")),
            "video_id": pa.array(np.char.add("video-", video[play_idx].astype(str))),
            "variant": pa.array(np.full(total, "main")),
            "session_id": pa.array(np.char.add("s", play_idx.astype(str))),
            "type": pa.array(names[kind]),
            "position_s": pa.array(pos),
            "duration_s": pa.array(duration[play_idx]),
            "from_s": pa.array(from_s, mask=np.isnan(from_s)),
            "client_ts": pa.array(ts),
            "received_at": pa.array(ts),
        }
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=10_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--threads", type=int, default=0, help="DuckDB threads (0: DuckDB's default)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "events.duckdb"
        t0 = time.perf_counter()
        data = generate(args.events)
        t_gen = time.perf_counter() - t0
        with EventStore.open(path) as store:
            t0 = time.perf_counter()
            con = store.connection
            con.register("gen", data)
            # a plain bulk insert: the generated ids are unique, so the upsert's checks are not needed here
            con.execute("INSERT INTO player_events BY NAME SELECT * FROM gen")
            con.unregister("gen")
            con.execute("CHECKPOINT")
            t_load = time.perf_counter() - t0
        print(f"events: {data.num_rows:,}  generated in {t_gen:.1f} s, loaded in {t_load:.1f} s")
        del data
        with EventStore.open(path) as store:
            con = store.connection
            if args.threads:
                con.execute(f"SET threads = {args.threads}")
            threads = con.execute("SELECT current_setting('threads')").fetchone()
            backend = store.ibis()
            expr = retention.retention_table(backend.table("player_events"))
            timings: dict[str, list[float]] = {"ibis": [], "sql": [], "compile": []}
            compiled = str(ibis.to_sql(expr, dialect="duckdb"))
            results = {}
            for _ in range(args.repeat):
                t0 = time.perf_counter()
                ibis.to_sql(expr, dialect="duckdb")
                timings["compile"].append(time.perf_counter() - t0)
            timings["ibis_sql"] = []
            for i in range(args.repeat + 1):  # the first round warms the caches and is not counted
                for name in ("ibis", "ibis_sql", "sql"):
                    t0 = time.perf_counter()
                    if name == "ibis":
                        out = expr.to_pyarrow()
                    else:
                        out = con.sql(compiled if name == "ibis_sql" else RAW_SQL).to_arrow_table()
                    elapsed = time.perf_counter() - t0
                    if i:
                        timings[name].append(elapsed)
                    results[name] = out
            same = np.allclose(
                results["ibis"].column("retention").to_numpy(), results["sql"].column("retention").to_numpy()
            )
            med = {k: statistics.median(v) for k, v in timings.items()}
            best = {k: min(v) for k, v in timings.items()}
            print(f"cpu cores: {os.cpu_count()}, duckdb threads: {threads[0] if threads else '?'}")
            print(f"curve points: {results['ibis'].num_rows}, same result: {same}")
            labels = {
                "ibis": "Ibis expression, end to end",
                "compile": "  of which compiling to SQL",
                "ibis_sql": "Ibis-compiled SQL, run directly",
                "sql": "hand-written DuckDB SQL",
            }
            for name, label in labels.items():
                print(f"{label:34s} median {med[name]:.3f} s   best {best[name]:.3f} s")
            print(f"ratio Ibis / raw SQL (median): {med['ibis'] / med['sql']:.2f}")
            print(f"ratio Ibis-compiled SQL / raw SQL (median): {med['ibis_sql'] / med['sql']:.2f}")


if __name__ == "__main__":
    main()
