"""Goal progress with a projection to the deadline and its uncertainty.

Count goals (views, leads, revenue …) are projected from the current pace: the daily
increments of the last ``PACE_DAYS`` days with data, x₁ … xₙ, with mean m and variance
s² (never below m, the Poisson variance, so a quiet stretch does not look certain). Over
the R days left the future sum S has mean m·R and variance R·s² + R²·s²/n (day-to-day
noise plus the uncertainty of the pace itself); the predictive interval uses Student's t
with n − 1 degrees of freedom (the normal when n = 1). P(goal reached) =
P(current + S ≥ target).

Status: ``achieved`` (current ≥ target), ``on_track`` (projection ≥ target),
``at_risk`` (projection below, the interval's upper end at or above), ``off_track``
(even the upper end is below), ``missed`` (deadline passed), ``open`` (below the target
and no deadline), ``no_data``, ``no_target``. The report uses the campaign's end when a
goal has no deadline of its own.
Rate goals (CTR, % viewed, lift) are not projected: their current value and interval are
compared with the target.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any, Final

PACE_DAYS: Final = 14


class Status(StrEnum):
    ACHIEVED = "achieved"
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OFF_TRACK = "off_track"
    MISSED = "missed"
    NO_DATA = "no_data"
    NO_TARGET = "no_target"
    OPEN = "open"  # below the target, no deadline to project to


@dataclass(frozen=True)
class Projection:
    expected: float  # expected value at the deadline
    interval_90: tuple[float, float]
    prob_reach: float
    pace_per_day: float
    days_left: int


def project(
    current: float,
    daily: Sequence[float],
    *,
    days_left: int,
    target: float,
    level: float = 0.9,
    pace_days: int = PACE_DAYS,
) -> Projection:
    """Project a count to the deadline from its recent daily increments."""
    from scipy.stats import norm, t

    recent = [float(x) for x in daily[-pace_days:]]
    days_left = max(0, days_left)
    if not recent:
        return Projection(current, (current, current), float(current >= target), 0.0, days_left)
    n = len(recent)
    m = sum(recent) / n
    s2 = sum((x - m) ** 2 for x in recent) / (n - 1) if n > 1 else 0.0
    s2 = max(s2, max(m, 0.0))
    mean = current + m * days_left
    sd = math.sqrt(days_left * s2 + days_left**2 * s2 / n)
    if sd == 0:
        return Projection(mean, (mean, mean), float(mean >= target), m, days_left)
    q = float(t.ppf((1 + level) / 2, n - 1)) if n > 1 else float(norm.ppf((1 + level) / 2))
    lo = max(current, mean - q * sd) if m >= 0 else mean - q * sd
    hi = mean + q * sd
    z = (target - mean) / sd
    prob = float(t.sf(z, n - 1)) if n > 1 else float(norm.sf(z))
    return Projection(mean, (lo, hi), prob, m, days_left)


@dataclass(frozen=True)
class GoalProgress:
    goal_id: str
    metric: str
    stage: str | None
    target: float | None
    deadline: dt.date | None
    current: float | None
    status: Status
    progress: float | None = None  # current ÷ target
    projection: Projection | None = None
    interval_90: tuple[float, float] | None = None  # of the current value, for rates
    is_rate: bool = False
    source: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "goal": self.goal_id,
            "metric": self.metric,
            "stage": self.stage,
            "target": self.target,
            "deadline": self.deadline.isoformat() if self.deadline else None,
            "current": self.current,
            "progress": self.progress,
            "status": self.status.value,
            "source": self.source,
        }
        if self.interval_90 is not None:
            out["interval_90"] = list(self.interval_90)
        if self.projection is not None:
            p = self.projection
            out["projection"] = {
                "expected": p.expected,
                "interval_90": list(p.interval_90),
                "prob_reach": p.prob_reach,
                "pace_per_day": p.pace_per_day,
                "days_left": p.days_left,
            }
        return out


def count_progress(
    goal_id: str,
    metric: str,
    *,
    stage: str | None,
    target: float | None,
    deadline: dt.date | None,
    today: dt.date,
    current: float | None,
    daily: Sequence[float],
    source: str | None = None,
) -> GoalProgress:
    """Progress of a count goal, projected to its deadline."""
    base = GoalProgress(goal_id, metric, stage, target, deadline, current, Status.NO_DATA, source=source)
    if current is None:
        return base
    if target is None or target <= 0:
        return replace(base, status=Status.NO_TARGET)
    base = replace(base, progress=current / target)
    if current >= target:
        return replace(base, status=Status.ACHIEVED)
    if deadline is None:
        return replace(base, status=Status.OPEN)
    days_left = (deadline - today).days
    if days_left < 0:
        return replace(base, status=Status.MISSED)
    proj = project(current, daily, days_left=days_left, target=target)
    if proj.expected >= target:
        status = Status.ON_TRACK
    elif proj.interval_90[1] >= target:
        status = Status.AT_RISK
    else:
        status = Status.OFF_TRACK
    return replace(base, status=status, projection=proj)


def rate_progress(
    goal_id: str,
    metric: str,
    *,
    stage: str | None,
    target: float | None,
    deadline: dt.date | None,
    today: dt.date,
    current: float | None,
    interval_90: tuple[float, float] | None = None,
    source: str | None = None,
) -> GoalProgress:
    """Progress of a rate goal: the current value (with its interval) against the target."""
    base = GoalProgress(
        goal_id,
        metric,
        stage,
        target,
        deadline,
        current,
        Status.NO_DATA,
        interval_90=interval_90,
        is_rate=True,
        source=source,
    )
    if current is None:
        return base
    if target is None or target <= 0:
        return replace(base, status=Status.NO_TARGET)
    base = replace(base, progress=current / target)
    if current >= target:
        return replace(base, status=Status.ACHIEVED)
    if deadline is not None and deadline < today:
        return replace(base, status=Status.MISSED)
    if interval_90 is not None and interval_90[1] < target:
        return replace(base, status=Status.OFF_TRACK)
    return replace(base, status=Status.AT_RISK)
