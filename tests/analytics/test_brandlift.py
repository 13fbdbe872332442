"""Brand lift: hand-computed cases, a scipy reference, and calibration by simulation."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from reelwise.analytics.brandlift import absolute_lift_intervals, brand_lift, plan_survey
from reelwise.analytics.stats import samples_per_arm


def test_lifts_of_a_hand_computed_survey() -> None:
    r = brand_lift(60, 200, 40, 200, np.random.default_rng(1), draws=400_000)
    pe, pc = 61 / 202, 41 / 202  # posterior means under the flat prior
    assert r.exposed_rate == 0.3 and r.control_rate == 0.2
    assert r.absolute.mean == pytest.approx(pe - pc, abs=0.001)
    # the difference of two independent Betas: mean and sd from scipy, interval ≈ normal here
    sd = np.sqrt(stats.beta.var(61, 141) + stats.beta.var(41, 161))
    lo, hi = r.absolute.interval(0.9)
    assert lo == pytest.approx(pe - pc - 1.6449 * sd, abs=0.003)
    assert hi == pytest.approx(pe - pc + 1.6449 * sd, abs=0.003)
    # exact posterior means: E[1/p] = (a+b-1)/(a-1) for p ~ Beta(a, b), the arms independent
    assert r.relative.mean == pytest.approx(pe * 201 / 40 - 1, abs=0.003)
    assert r.headroom.mean == pytest.approx((pe - 1) * 201 / 160 + 1, abs=0.002)
    assert r.absolute.prob_positive == pytest.approx(stats.norm.cdf((pe - pc) / sd), abs=0.005)


def test_80_percent_interval_sits_inside_the_90_percent_one() -> None:
    r = brand_lift(300, 1000, 250, 1000, np.random.default_rng(2))
    lo80, hi80 = r.absolute.interval(0.8)
    lo90, hi90 = r.absolute.interval(0.9)
    assert lo90 < lo80 < r.absolute.mean < hi80 < hi90


def test_no_difference_gives_even_odds() -> None:
    r = brand_lift(100, 500, 100, 500, np.random.default_rng(3))
    assert r.absolute.prob_positive == pytest.approx(0.5, abs=0.02)
    lo, hi = r.absolute.interval(0.9)
    assert lo < 0 < hi


def test_vectorised_intervals_match_the_single_survey_function() -> None:
    rng = np.random.default_rng(4)
    single = brand_lift(140, 400, 110, 400, rng, draws=400_000).absolute.interval(0.9)
    many = absolute_lift_intervals(np.array([140]), 400, np.array([110]), 400, rng, draws=400_000)
    assert many[0] == pytest.approx(single, abs=0.002)


@pytest.mark.parametrize(("p_control", "p_exposed", "n", "seed"), [(0.30, 0.34, 1_000, 11), (0.10, 0.13, 500, 12)])
def test_90_percent_intervals_cover_the_true_lift_in_88_to_92_percent_of_surveys(
    p_control: float, p_exposed: float, n: int, seed: int
) -> None:
    rng = np.random.default_rng(seed)
    surveys = 2_000
    exposed = rng.binomial(n, p_exposed, surveys)
    control = rng.binomial(n, p_control, surveys)
    intervals = absolute_lift_intervals(exposed, n, control, n, rng, level=0.9, draws=4_000)
    truth = p_exposed - p_control
    coverage = float(((intervals[:, 0] <= truth) & (truth <= intervals[:, 1])).mean())
    assert 0.88 <= coverage <= 0.92


def test_planned_sample_size_gives_the_planned_power() -> None:
    """At the planned responses per arm, the 90 % interval excludes 0 in about 80 % of surveys."""
    baseline, lift = 0.20, 0.05
    n = samples_per_arm(baseline, lift, level=0.9, power=0.8)
    rng = np.random.default_rng(21)
    surveys = 2_000
    exposed = rng.binomial(n, baseline + lift, surveys)
    control = rng.binomial(n, baseline, surveys)
    intervals = absolute_lift_intervals(exposed, n, control, n, rng, level=0.9, draws=2_000)
    power = float((intervals[:, 0] > 0).mean())
    assert 0.76 <= power <= 0.84


def test_survey_plan_for_an_uneven_split() -> None:
    even = plan_survey(0.3, 0.03)
    assert even.exposed == even.control == even.per_arm
    uneven = plan_survey(0.3, 0.03, control_share=0.2)
    assert uneven.total == pytest.approx(even.total / (4 * 0.2 * 0.8), abs=2)
    assert uneven.control < uneven.exposed


def test_empty_arms_are_refused() -> None:
    with pytest.raises(ValueError):
        brand_lift(0, 0, 3, 10, np.random.default_rng(0))
