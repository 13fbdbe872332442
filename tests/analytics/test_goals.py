"""Goal progress and the projection to the deadline, by hand and by simulation."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pytest
from scipy import stats

from reelwise.analytics.goals import Status, count_progress, project, rate_progress

TODAY = dt.date(2026, 3, 31)


def test_projection_by_hand() -> None:
    # 10 a day for 10 days, 10 days left: 100 more expected; s² = max(0, m) = 10 (Poisson floor)
    p = project(100.0, [10.0] * 10, days_left=10, target=200.0)
    assert p.expected == 200.0
    sd = math.sqrt(10 * 10 + 10**2 * 10 / 10)
    q = stats.t.ppf(0.95, 9)
    assert p.interval_90 == pytest.approx((200 - q * sd, 200 + q * sd))
    assert p.prob_reach == pytest.approx(0.5)
    assert p.pace_per_day == 10.0


def test_projection_uses_the_recent_pace_and_its_spread() -> None:
    daily = [0.0] * 20 + [50.0, 70.0, 40.0, 60.0, 30.0, 50.0, 50.0, 60.0, 40.0, 50.0, 50.0, 50.0, 60.0, 40.0]
    p = project(700.0, daily, days_left=20, target=1500.0)
    recent = daily[-14:]
    m, s2 = float(np.mean(recent)), float(np.var(recent, ddof=1))
    assert p.pace_per_day == pytest.approx(m)
    sd = math.sqrt(20 * s2 + 400 * s2 / 14)
    assert p.prob_reach == pytest.approx(stats.t.sf((1500 - 700 - 20 * m) / sd, 13))


def test_projection_is_honest_in_simulation() -> None:
    """Days of Poisson counts: the 90 % predictive interval holds the final total ~90 % of the time."""
    rng = np.random.default_rng(5)
    hits = 0
    runs = 1000
    for _ in range(runs):
        past = rng.poisson(30, 14).astype(float)
        future = rng.poisson(30, 10).sum()
        p = project(past.sum(), list(past), days_left=10, target=1e9)
        hits += p.interval_90[0] <= past.sum() + future <= p.interval_90[1]
    assert 0.86 <= hits / runs <= 0.95


@pytest.mark.parametrize(
    ("current", "daily", "deadline", "status"),
    [
        (1200.0, [50.0] * 14, dt.date(2026, 4, 30), Status.ACHIEVED),
        (500.0, [50.0] * 14, dt.date(2026, 4, 30), Status.ON_TRACK),  # 500 + 30 × 50 = 2000 ≥ 1000
        (500.0, [15.0, 18.0] * 7, dt.date(2026, 4, 30), Status.AT_RISK),  # 500 + 30 × 16.5 = 995
        (100.0, [2.0] * 14, dt.date(2026, 4, 30), Status.OFF_TRACK),
        (900.0, [50.0] * 14, dt.date(2026, 3, 30), Status.MISSED),
    ],
)
def test_count_goal_status(current: float, daily: list[float], deadline: dt.date, status: Status) -> None:
    g = count_progress(
        "g", "views", stage="See", target=1000.0, deadline=deadline, today=TODAY, current=current, daily=daily
    )
    assert g.status == status
    assert g.progress == pytest.approx(current / 1000)
    assert g.to_dict()["status"] == status.value


def test_goals_without_data_or_target() -> None:
    none = count_progress("g", "views", stage=None, target=10.0, deadline=None, today=TODAY, current=None, daily=[])
    assert none.status == Status.NO_DATA
    free = count_progress("g", "views", stage=None, target=None, deadline=None, today=TODAY, current=5.0, daily=[])
    assert free.status == Status.NO_TARGET


def test_rate_goals_compare_the_value_and_its_interval() -> None:
    common = {"stage": "Do", "target": 0.05, "deadline": dt.date(2026, 4, 30), "today": TODAY}
    assert rate_progress("c", "ctr", current=0.06, **common).status == Status.ACHIEVED  # type: ignore[arg-type]
    assert rate_progress("c", "ctr", current=0.04, interval_90=(0.03, 0.06), **common).status == Status.AT_RISK  # type: ignore[arg-type]
    assert rate_progress("c", "ctr", current=0.02, interval_90=(0.01, 0.03), **common).status == Status.OFF_TRACK  # type: ignore[arg-type]


def test_a_goal_without_deadline_is_open_until_reached() -> None:
    g = count_progress("g", "views", stage=None, target=100.0, deadline=None, today=TODAY, current=50.0, daily=[5.0])
    assert g.status == Status.OPEN and g.progress == 0.5
