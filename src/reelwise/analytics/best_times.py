"""The account's own best times to post, from the audience's activity by hour.

TikTok's follower-activity export (and any export with an hour column and an activity
metric) gives, per day and hour, how many followers were active. The best times are the
hours whose average activity is within ``NEAR_PEAK`` of the busiest hour, joined into
ranges (``"19:00-22:00"``), busiest first. An hour is read as local time in the plan's
time zone, as the platforms show it to the account.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Final

ACTIVITY_METRICS: Final = ("active_followers",)
NEAR_PEAK: Final = 0.9  # an hour with at least 90 % of the busiest hour's activity is a best time
MIN_DAYS: Final = 3  # fewer days of activity are too few to say
MAX_RANGES: Final = 3


def best_ranges(rows: Iterable[tuple[str, Any, int, float]]) -> dict[str, list[str]]:
    """``rows`` of (network, day, hour 0–23, activity) → the best ranges per network."""
    sums: dict[str, dict[int, list[float]]] = {}
    days: dict[str, set[Any]] = {}
    for network, day, hour, value in rows:
        if not 0 <= hour <= 23 or value is None or value != value:
            continue
        sums.setdefault(network, {}).setdefault(hour, []).append(float(value))
        days.setdefault(network, set()).add(day)
    out: dict[str, list[str]] = {}
    for network, by_hour in sums.items():
        if len(days[network]) < MIN_DAYS:
            continue
        means = {h: sum(v) / len(v) for h, v in by_hour.items()}
        peak = max(means.values())
        if peak <= 0:
            continue
        best = sorted(h for h, m in means.items() if m >= NEAR_PEAK * peak)
        ranges: list[tuple[int, int]] = []
        for hour in best:
            if ranges and ranges[-1][1] == hour:
                ranges[-1] = (ranges[-1][0], hour + 1)
            else:
                ranges.append((hour, hour + 1))
        ranges.sort(key=lambda r: -max(means[h] for h in range(r[0], r[1])))
        out[network] = [f"{a:02d}:00-{b:02d}:00" for a, b in ranges[:MAX_RANGES]]
    return out


def best_hours_from_store(backend: Any, network_of: Mapping[str, str] | None = None) -> dict[str, list[str]]:
    """The best ranges per network from the event store's hourly activity metrics."""
    t = backend.table("platform_metrics")
    rows = (
        t.filter(t.metric.isin(list(ACTIVITY_METRICS)) & t.hour.notnull())
        .select("platform", "day", "hour", "value")
        .to_pyarrow()
        .to_pylist()
    )
    network_of = network_of or {}
    return best_ranges(
        (network_of.get(r["platform"], r["platform"].split("_", 1)[0]), r["day"], int(r["hour"]), r["value"])
        for r in rows
    )
