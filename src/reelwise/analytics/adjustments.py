"""The adjustment log and the effect of each adjustment, measured before/after.

An adjustment (hypothesis, change, date, the metric it should move) is compared on the
metric's daily values: the ``window`` days before the change against the ``window`` days
from the change on (only days up to today with data). The daily rate of each side gets a
Gamma(1 + Σ counts, days) posterior (conversions and other counts as Poisson per day),
and P(after > before) is exact for two Gamma rates: with λ = G/b, G ~ Gamma(a, 1),
P(λ_after > λ_before) = P(Beta(a_after, a_before) > b_after ÷ (b_after + b_before)).
Daily counts that vary more than Poisson (views) make this probability too confident:
read it as a screening signal, and use an A/B test for a decision.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final

DEFAULT_WINDOW: Final = 7


@dataclass(frozen=True)
class Adjustment:
    adjustment_id: str
    ts: dt.datetime
    hypothesis: str
    change: str
    metric: str | None = None
    video_id: str | None = None
    campaign: str | None = None


@dataclass(frozen=True)
class Effect:
    adjustment: Adjustment
    days_before: int
    days_after: int
    before_per_day: float | None
    after_per_day: float | None
    relative_change: float | None
    prob_increase: float | None

    def to_dict(self) -> dict[str, Any]:
        a = self.adjustment
        return {
            "id": a.adjustment_id,
            "date": a.ts.date().isoformat(),
            "hypothesis": a.hypothesis,
            "change": a.change,
            "metric": a.metric,
            "video": a.video_id,
            "days_before": self.days_before,
            "days_after": self.days_after,
            "before_per_day": self.before_per_day,
            "after_per_day": self.after_per_day,
            "relative_change": self.relative_change,
            "prob_increase": self.prob_increase,
        }


def prob_rate_increase(after_sum: float, after_days: int, before_sum: float, before_days: int) -> float:
    """P(λ_after > λ_before) for Poisson daily counts under Gamma(1, ·) priors (exact)."""
    from scipy.stats import beta

    a_after, a_before = 1.0 + after_sum, 1.0 + before_sum
    threshold = after_days / (after_days + before_days)
    return float(beta.sf(threshold, a_after, a_before))


def effect(
    adjustment: Adjustment, daily: Sequence[tuple[dt.date, float]], *, today: dt.date, window: int = DEFAULT_WINDOW
) -> Effect:
    """Before/after comparison of one adjustment on a metric's daily values."""
    at = adjustment.ts.date()
    before = [v for d, v in daily if at - dt.timedelta(days=window) <= d < at]
    after = [v for d, v in daily if at <= d < at + dt.timedelta(days=window) and d <= today]
    b_mean = sum(before) / len(before) if before else None
    a_mean = sum(after) / len(after) if after else None
    rel = (a_mean - b_mean) / b_mean if a_mean is not None and b_mean else None
    prob = prob_rate_increase(sum(after), len(after), sum(before), len(before)) if before and after else None
    return Effect(adjustment, len(before), len(after), b_mean, a_mean, rel, prob)
