"""Beta-binomial statistics against hand computations and scipy."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from reelwise.analytics.stats import (
    BetaPosterior,
    SampleRule,
    credible_interval,
    expected_loss,
    prob_best,
    prob_greater,
    samples_per_arm,
)


def test_posterior_from_counts_under_the_flat_prior() -> None:
    p = BetaPosterior.from_counts(30, 100)
    assert (p.alpha, p.beta) == (31, 71)
    assert p.mean == pytest.approx(31 / 102)
    assert p.variance == pytest.approx(31 * 71 / (102**2 * 103))


@pytest.mark.parametrize(("k", "n"), [(0, 10), (3, 10), (30, 100), (480, 1000)])
@pytest.mark.parametrize("level", [0.8, 0.9, 0.95])
def test_interval_equals_scipy_beta_quantiles(k: int, n: int, level: float) -> None:
    lo, hi = credible_interval(k, n, level)
    tail = (1 - level) / 2
    assert lo == pytest.approx(stats.beta.ppf(tail, 1 + k, 1 + n - k))
    assert hi == pytest.approx(stats.beta.ppf(1 - tail, 1 + k, 1 + n - k))


def test_bad_counts_are_refused() -> None:
    with pytest.raises(ValueError):
        BetaPosterior.from_counts(11, 10)
    with pytest.raises(ValueError):
        BetaPosterior.from_counts(-1, 10)


def test_prob_greater_by_hand() -> None:
    # X ~ Beta(2, 1) (density 2x), Y ~ uniform: P(X > Y) = ∫ 2x · x dx = 2/3
    assert prob_greater(BetaPosterior(2, 1), BetaPosterior(1, 1)) == pytest.approx(2 / 3, abs=1e-6)
    assert prob_greater(BetaPosterior(5, 5), BetaPosterior(5, 5)) == pytest.approx(0.5, abs=1e-6)


def test_prob_best_agrees_with_exact_integration() -> None:
    a, b = BetaPosterior.from_counts(120, 1000), BetaPosterior.from_counts(100, 1000)
    mc = prob_best([a, b], np.random.default_rng(1), draws=200_000)
    assert mc.sum() == pytest.approx(1.0)
    assert mc[0] == pytest.approx(prob_greater(a, b), abs=0.005)


def test_expected_loss_by_hand() -> None:
    # two uniform arms: E[max(U1, U2)] − E[U1] = 2/3 − 1/2 = 1/6
    loss = expected_loss([BetaPosterior(1, 1), BetaPosterior(1, 1)], np.random.default_rng(2), draws=400_000)
    assert loss == pytest.approx([1 / 6, 1 / 6], abs=0.002)


def test_seeded_generator_makes_results_reproducible() -> None:
    arms = [BetaPosterior.from_counts(10, 50), BetaPosterior.from_counts(12, 50)]
    first = prob_best(arms, np.random.default_rng(7))
    again = prob_best(arms, np.random.default_rng(7))
    assert (first == again).all()


def test_samples_per_arm_by_hand() -> None:
    # p1 = 0.30, p2 = 0.32, 90 % two-sided (z = 1.644854), 80 % power (z = 0.841621)
    p_bar = 0.31
    n = (1.644854 * math.sqrt(2 * p_bar * (1 - p_bar)) + 0.841621 * math.sqrt(0.3 * 0.7 + 0.32 * 0.68)) ** 2 / 0.02**2
    assert samples_per_arm(0.30, 0.02) == math.ceil(n)
    # the product's reference figure: a 2-point lift needs roughly 5,000–11,000 responses per arm
    assert 5_000 <= samples_per_arm(0.30, 0.02) <= 11_000
    assert 5_000 <= samples_per_arm(0.50, 0.02, level=0.95) <= 11_000


def test_samples_per_arm_refuses_impossible_plans() -> None:
    for args in [(0.0, 0.1), (0.95, 0.1), (0.3, 0.0)]:
        with pytest.raises(ValueError):
            samples_per_arm(*args)


def test_sample_rule_guards_against_peeking() -> None:
    rule = SampleRule(min_trials=200, min_successes=10)
    assert not rule.met([30, 40], [150, 400])
    assert rule.shortfall([30, 40], [150, 400]) == 50
    assert not rule.met([5, 40], [300, 400])
    assert rule.met([20, 40], [300, 400])
    assert rule.shortfall([20, 40], [300, 400]) == 0
