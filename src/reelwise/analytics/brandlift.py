"""Brand lift from a survey of an exposed and a control group.

absolute = p_exposed − p_control; relative = absolute ÷ p_control;
headroom = absolute ÷ (1 − p_control). Each rate gets a Beta posterior under the flat
prior; the lifts' posteriors are sampled jointly (Monte Carlo) and summarised by the
posterior mean, equal-tailed 80 % and 90 % intervals and P(lift > 0).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Final

import numpy as np
from numpy.typing import NDArray

from reelwise.analytics.stats import BetaPosterior, samples_per_arm

LEVELS: Final = (0.8, 0.9)
LIFT_DRAWS: Final = 40_000


@dataclass(frozen=True)
class LiftEstimate:
    """One kind of lift: posterior mean, intervals by level, P(lift > 0)."""

    mean: float
    intervals: dict[float, tuple[float, float]]
    prob_positive: float

    def interval(self, level: float) -> tuple[float, float]:
        return self.intervals[level]


@dataclass(frozen=True)
class LiftResult:
    exposed_positive: int
    exposed_n: int
    control_positive: int
    control_n: int
    absolute: LiftEstimate
    relative: LiftEstimate
    headroom: LiftEstimate
    question: str | None = None
    meta: dict[str, float] = field(default_factory=dict)

    @property
    def exposed_rate(self) -> float:
        return self.exposed_positive / self.exposed_n if self.exposed_n else float("nan")

    @property
    def control_rate(self) -> float:
        return self.control_positive / self.control_n if self.control_n else float("nan")

    def to_dict(self) -> dict[str, object]:
        def est(e: LiftEstimate) -> dict[str, object]:
            return {
                "mean": e.mean,
                "interval_80": list(e.intervals[0.8]),
                "interval_90": list(e.intervals[0.9]),
                "prob_positive": e.prob_positive,
            }

        return {
            "question": self.question,
            "exposed": {"positive": self.exposed_positive, "n": self.exposed_n},
            "control": {"positive": self.control_positive, "n": self.control_n},
            "absolute": est(self.absolute),
            "relative": est(self.relative),
            "headroom": est(self.headroom),
        }


def _summarise(draws: NDArray[np.float64], levels: Sequence[float]) -> LiftEstimate:
    finite = draws[np.isfinite(draws)]
    intervals: dict[float, tuple[float, float]] = {}
    for level in levels:
        tail = (1 - level) / 2
        lo, hi = np.quantile(finite, [tail, 1 - tail])
        intervals[level] = (float(lo), float(hi))
    return LiftEstimate(mean=float(finite.mean()), intervals=intervals, prob_positive=float((finite > 0).mean()))


def brand_lift(
    exposed_positive: int,
    exposed_n: int,
    control_positive: int,
    control_n: int,
    rng: np.random.Generator,
    *,
    draws: int = LIFT_DRAWS,
    levels: Sequence[float] = LEVELS,
    question: str | None = None,
) -> LiftResult:
    """Absolute, relative and headroom lift with Bayesian intervals."""
    if exposed_n <= 0 or control_n <= 0:
        raise ValueError("both arms need at least one response")
    exposed = BetaPosterior.from_counts(exposed_positive, exposed_n)
    control = BetaPosterior.from_counts(control_positive, control_n)
    pe = exposed.sample(rng, draws)
    pc = control.sample(rng, draws)
    absolute = pe - pc
    with np.errstate(divide="ignore", invalid="ignore"):
        relative = absolute / pc
        headroom = absolute / (1 - pc)
    return LiftResult(
        exposed_positive=exposed_positive,
        exposed_n=exposed_n,
        control_positive=control_positive,
        control_n=control_n,
        absolute=_summarise(absolute, levels),
        relative=_summarise(relative, levels),
        headroom=_summarise(headroom, levels),
        question=question,
    )


def absolute_lift_intervals(
    exposed_positive: NDArray[np.int64],
    exposed_n: int,
    control_positive: NDArray[np.int64],
    control_n: int,
    rng: np.random.Generator,
    *,
    level: float = 0.9,
    draws: int = 4_000,
) -> NDArray[np.float64]:
    """Vectorised: the absolute-lift interval of many surveys at once (rows: surveys).

    The same method as :func:`brand_lift` (flat-prior Beta posteriors, Monte Carlo,
    equal-tailed quantiles), for simulations and bulk read-outs. Returns an array of
    shape (surveys, 2).
    """
    k = len(exposed_positive)
    pe = rng.beta(1 + exposed_positive[:, None], 1 + exposed_n - exposed_positive[:, None], size=(k, draws))
    pc = rng.beta(1 + control_positive[:, None], 1 + control_n - control_positive[:, None], size=(k, draws))
    tail = (1 - level) / 2
    q = np.quantile(pe - pc, [tail, 1 - tail], axis=1)
    return np.asarray(q.T, dtype=np.float64)


@dataclass(frozen=True)
class SurveyPlan:
    baseline: float
    lift: float
    level: float
    power: float
    per_arm: int
    control_share: float
    exposed: int
    control: int

    @property
    def total(self) -> int:
        return self.exposed + self.control


def plan_survey(
    baseline: float, lift: float, *, level: float = 0.9, power: float = 0.8, control_share: float = 0.5
) -> SurveyPlan:
    """Responses needed to detect an absolute ``lift`` over the control rate ``baseline``.

    For an even split this is :func:`samples_per_arm` per arm. For an uneven split the
    variance of the difference grows by 1/(4·s·(1−s)) (s = control share), so the total
    grows by the same factor.
    """
    if not 0 < control_share < 1:
        raise ValueError("control share must be between 0 and 1")
    per_arm = samples_per_arm(baseline, lift, level=level, power=power)
    total = 2 * per_arm / (4 * control_share * (1 - control_share))
    control = int(np.ceil(total * control_share))
    exposed = int(np.ceil(total * (1 - control_share)))
    return SurveyPlan(baseline, lift, level, power, per_arm, control_share, exposed, control)
