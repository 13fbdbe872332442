"""The brand-lift sample size: known answers, the inverse (power), and a simulation."""

from __future__ import annotations

import numpy as np
import pytest

from reelwise.strategy.samplesize import power_of, responses_needed


def test_known_answer_for_two_points_at_worst_case_variance() -> None:
    # 90 % two-sided, 80 % power, 49 % vs 51 %: (1.6449·0.7071 + 0.8416·0.7070)² / 0.02² ≈ 7,727.4
    size = responses_needed(0.02)
    assert (size.exposed, size.control, size.total) == (7728, 7728, 15456)


def test_a_lower_baseline_needs_fewer_responses_in_the_published_range() -> None:
    # Google: detecting a 2-point lift needs roughly 5,000–11,000 responses.
    size = responses_needed(0.02, p_control=0.2)
    assert 5000 <= size.exposed <= 11000
    assert size.exposed < responses_needed(0.02).exposed


@pytest.mark.parametrize(("lift", "p_control", "share"), [(0.02, None, 0.5), (0.05, 0.3, 0.3), (0.1, 0.1, 0.6)])
def test_the_size_found_has_the_power_asked_for(lift: float, p_control: float | None, share: float) -> None:
    size = responses_needed(lift, p_control=p_control, control_share=share)
    assert power_of(lift, size.exposed, size.control, p_control=p_control) == pytest.approx(0.8, abs=0.005)
    assert size.control / size.total == pytest.approx(share, abs=0.01)
    assert power_of(lift, size.exposed // 2, size.control // 2, p_control=p_control) < 0.6


def test_simulated_surveys_of_that_size_detect_the_lift_about_80_percent_of_the_time() -> None:
    rng = np.random.default_rng(7)
    size = responses_needed(0.10, p_control=0.30)
    runs = 4000
    exposed = rng.binomial(size.exposed, 0.40, runs) / size.exposed
    control = rng.binomial(size.control, 0.30, runs) / size.control
    pooled = (exposed * size.exposed + control * size.control) / size.total
    z = (exposed - control) / np.sqrt(pooled * (1 - pooled) * (1 / size.exposed + 1 / size.control))
    detected = float(np.mean(np.abs(z) > 1.6449))
    assert detected == pytest.approx(0.80, abs=0.035)


@pytest.mark.parametrize("bad", [0, 1, -0.1, 1.5])
def test_impossible_lifts_are_refused(bad: float) -> None:
    with pytest.raises(ValueError):
        responses_needed(bad)
