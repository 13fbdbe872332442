"""Bayesian statistics on rates: Beta-binomial posteriors, intervals, probability to be
best, expected loss, and a minimum-sample rule that guards against peeking.

Every random quantity is drawn from a :class:`numpy.random.Generator` passed in by the
caller, so results are reproducible (seed it) and the core never picks its own seed.
Formulas are written out in ``docs/analytics.md``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

import numpy as np
from numpy.typing import NDArray

DEFAULT_DRAWS: Final = 20_000
#: Uniform prior Beta(1, 1): every rate equally likely before data.
PRIOR_ALPHA: Final = 1.0
PRIOR_BETA: Final = 1.0


@dataclass(frozen=True)
class BetaPosterior:
    """Posterior Beta(alpha, beta) of a rate after ``successes`` out of ``trials``."""

    alpha: float
    beta: float

    @classmethod
    def from_counts(
        cls, successes: float, trials: float, *, prior_alpha: float = PRIOR_ALPHA, prior_beta: float = PRIOR_BETA
    ) -> BetaPosterior:
        if trials < 0 or successes < 0 or successes > trials:
            raise ValueError(f"need 0 <= successes <= trials, got {successes} of {trials}")
        return cls(prior_alpha + successes, prior_beta + trials - successes)

    @property
    def mean(self) -> float:
        return self.alpha / (self.alpha + self.beta)

    @property
    def variance(self) -> float:
        n = self.alpha + self.beta
        return self.alpha * self.beta / (n * n * (n + 1.0))

    def interval(self, level: float = 0.9) -> tuple[float, float]:
        """Equal-tailed credible interval holding ``level`` of the posterior mass."""
        from scipy.stats import beta as beta_dist

        tail = (1.0 - level) / 2.0
        low, high = beta_dist.ppf([tail, 1.0 - tail], self.alpha, self.beta)
        return float(low), float(high)

    def sample(self, rng: np.random.Generator, draws: int = DEFAULT_DRAWS) -> NDArray[np.float64]:
        return rng.beta(self.alpha, self.beta, size=draws)


def credible_interval(successes: float, trials: float, level: float = 0.9) -> tuple[float, float]:
    """Equal-tailed interval of a rate under the uniform prior."""
    return BetaPosterior.from_counts(successes, trials).interval(level)


def sample_matrix(
    posteriors: Sequence[BetaPosterior], rng: np.random.Generator, draws: int = DEFAULT_DRAWS
) -> NDArray[np.float64]:
    """Draws × arms matrix of posterior samples."""
    if not posteriors:
        raise ValueError("need at least one arm")
    return np.asarray(np.column_stack([p.sample(rng, draws) for p in posteriors]), dtype=np.float64)


def prob_best_from_samples(samples: NDArray[np.float64]) -> NDArray[np.float64]:
    """Share of draws in which each arm (column) has the highest value."""
    winners = np.argmax(samples, axis=1)
    return np.asarray(np.bincount(winners, minlength=samples.shape[1]) / samples.shape[0], dtype=np.float64)


def expected_loss_from_samples(samples: NDArray[np.float64]) -> NDArray[np.float64]:
    """E[max_j p_j − p_i]: what choosing arm i costs, on average, if it is not the best."""
    best = samples.max(axis=1, keepdims=True)
    return np.asarray((best - samples).mean(axis=0), dtype=np.float64)


def prob_best(
    posteriors: Sequence[BetaPosterior], rng: np.random.Generator, draws: int = DEFAULT_DRAWS
) -> NDArray[np.float64]:
    """Probability that each arm has the highest rate (Monte Carlo)."""
    return prob_best_from_samples(sample_matrix(posteriors, rng, draws))


def expected_loss(
    posteriors: Sequence[BetaPosterior], rng: np.random.Generator, draws: int = DEFAULT_DRAWS
) -> NDArray[np.float64]:
    """Expected loss of choosing each arm, in rate units (Monte Carlo)."""
    return expected_loss_from_samples(sample_matrix(posteriors, rng, draws))


def prob_greater(a: BetaPosterior, b: BetaPosterior) -> float:
    """P(p_a > p_b) by numerical integration: exact up to quadrature error (no sampling)."""
    from scipy import integrate
    from scipy.stats import beta as beta_dist

    def integrand(x: float) -> float:
        return float(beta_dist.pdf(x, a.alpha, a.beta) * beta_dist.cdf(x, b.alpha, b.beta))

    lo, hi = a.interval(1 - 1e-12)
    value, _err = integrate.quad(integrand, lo, hi, limit=200, points=[a.mean, b.mean])
    return float(min(1.0, max(0.0, value)))


# --- sample size and the guard against peeking -------------------------------------------


def _z(p: float) -> float:
    from scipy.stats import norm

    return float(norm.ppf(p))


def samples_per_arm(baseline: float, lift: float, *, level: float = 0.9, power: float = 0.8) -> int:
    """Responses (or trials) per arm to detect an absolute ``lift`` over ``baseline``.

    Two-sided test of two proportions at interval ``level`` with the given ``power``:
    n = (z_{(1+level)/2} · √(2·p̄(1−p̄)) + z_{power} · √(p₁(1−p₁) + p₂(1−p₂)))² / lift².
    With the flat prior and these sample sizes the Bayesian interval matches the
    classical one, so the plan holds for the Bayesian read-out too.
    """
    if not 0 < baseline < 1:
        raise ValueError("baseline must be between 0 and 1")
    if lift == 0 or not 0 < baseline + lift < 1:
        raise ValueError("baseline + lift must stay between 0 and 1 and the lift must not be 0")
    if not 0 < level < 1 or not 0 < power < 1:
        raise ValueError("level and power must be between 0 and 1")
    p1, p2 = baseline, baseline + lift
    p_bar = (p1 + p2) / 2
    z_a = _z((1 + level) / 2)
    z_b = _z(power)
    n = (z_a * math.sqrt(2 * p_bar * (1 - p_bar)) + z_b * math.sqrt(p1 * (1 - p1) + p2 * (1 - p2))) ** 2 / lift**2
    return math.ceil(n)


@dataclass(frozen=True)
class SampleRule:
    """When a comparison may be read: every arm has at least ``min_trials`` trials and
    ``min_successes`` successes. Fix ``min_trials`` before the test starts (for example
    from :func:`samples_per_arm`); looking earlier and stopping at the first good-looking
    result inflates false wins, which this rule prevents."""

    min_trials: int = 100
    min_successes: int = 10

    def met(self, successes: Sequence[float], trials: Sequence[float]) -> bool:
        return all(t >= self.min_trials and s >= self.min_successes for s, t in zip(successes, trials, strict=True))

    def shortfall(self, successes: Sequence[float], trials: Sequence[float]) -> int:
        """Trials still missing in the arm furthest from the minimum (0 when met)."""
        missing = [max(0.0, self.min_trials - t) for t in trials]
        return math.ceil(max(missing, default=0.0))
