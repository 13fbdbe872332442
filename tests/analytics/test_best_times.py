"""Best posting times from the audience's activity by hour: generated and real exports."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from reelwise.analytics.best_times import best_hours_from_store, best_ranges
from reelwise.analytics.store import EventStore, workspace_store_path
from reelwise.services.imports import import_files

DAYS = [dt.date(2027, 2, d) for d in range(1, 8)]


def activity(peaks: dict[int, float], base: float = 100.0) -> list[tuple[str, dt.date, int, float]]:
    return [("tiktok", day, hour, peaks.get(hour, base)) for day in DAYS for hour in range(24)]


def test_the_busiest_hours_become_ranges_busiest_first() -> None:
    rows = activity({7: 300, 8: 290, 19: 400, 20: 390, 21: 380, 12: 200})
    assert best_ranges(rows) == {"tiktok": ["19:00-22:00"]}  # 7–9 h is under 90 % of the 19 h peak
    rows = activity({7: 395, 19: 400, 20: 390})
    assert best_ranges(rows) == {"tiktok": ["19:00-21:00", "07:00-08:00"]}


def test_too_few_days_or_no_activity_say_nothing() -> None:
    assert best_ranges([r for r in activity({19: 400}) if r[1] in DAYS[:2]]) == {}
    assert best_ranges(activity({}, base=0.0)) == {}
    assert best_ranges([("tiktok", DAYS[0], 25, 10.0), ("tiktok", DAYS[1], -1, 10.0)]) == {}


def test_best_times_from_a_real_tiktok_follower_activity_export(shared_data: Path, tmp_path: Path) -> None:
    export = shared_data / "exports" / "tiktok-creator" / "FollowerActivity.csv"
    import_files([export], "w", tmp_path, year=2025)
    with EventStore.open(workspace_store_path(tmp_path, "w")) as store:
        best = best_hours_from_store(store.ibis())
        rows = store.connection.execute(
            "SELECT hour, avg(value) FROM platform_metrics WHERE metric = 'active_followers' GROUP BY hour"
        ).fetchall()
    means = dict(rows)
    ranges = best["tiktok"]
    assert 1 <= len(ranges) <= 3
    peak_hour = max(means, key=lambda h: means[h])
    start, end = (int(x[:2]) for x in ranges[0].split("-"))
    assert start <= peak_hour < end  # the busiest hour is in the first range
    for text in ranges:
        a, b = (int(x[:2]) for x in text.split("-"))
        assert all(means[h] >= 0.9 * means[peak_hour] for h in range(a, b))
