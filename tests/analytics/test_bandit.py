"""Thompson-sampling budget allocation that accounts for cost."""

from __future__ import annotations

import numpy as np
import pytest

from reelwise.analytics.bandit import CostArm, allocate, simulate, thompson_shares


def test_thompson_sampling_gives_the_best_arm_90_percent_of_the_budget_by_the_end() -> None:
    rng = np.random.default_rng(2026)
    finals = []
    for _ in range(20):
        sim = simulate([0.02, 0.03, 0.05], periods=40, budget_per_period=500.0, rng=rng)
        finals.append(sim.final_shares[2])
        assert sim.spend.sum() == pytest.approx(40 * 500.0)
    assert min(finals) >= 0.9


def test_reward_per_euro_not_per_arm_decides() -> None:
    # A brings more conversions, but B brings more per euro: B should get the budget
    arms = [CostArm("instagram", spend_eur=1000, conversions=100), CostArm("tiktok", spend_eur=300, conversions=60)]
    shares = thompson_shares(arms, np.random.default_rng(1))
    assert shares[1] > 0.95


def test_value_per_conversion_counts() -> None:
    arms = [CostArm("a", 500, 50, value_per_conversion=10.0), CostArm("b", 500, 60, value_per_conversion=2.0)]
    shares = thompson_shares(arms, np.random.default_rng(2))
    assert shares[0] > 0.95


def test_allocation_spends_the_budget_and_respects_the_floor() -> None:
    arms = [CostArm("a", 100, 1), CostArm("b", 100, 30), CostArm("c", 100, 2)]
    out = allocate(arms, 1000.0, np.random.default_rng(3), floor=0.05)
    assert sum(a.budget_eur for a in out) == pytest.approx(1000.0)
    assert all(a.share >= 0.05 - 1e-12 for a in out)
    best = max(out, key=lambda a: a.share)
    assert best.name == "b"
    lo, hi = best.interval_90
    assert lo < best.rate_per_eur < hi


def test_no_data_splits_evenly() -> None:
    shares = thompson_shares([CostArm("a", 0, 0), CostArm("b", 0, 0)], np.random.default_rng(4), draws=100_000)
    assert shares == pytest.approx([0.5, 0.5], abs=0.01)


def test_bad_inputs_are_refused() -> None:
    with pytest.raises(ValueError):
        thompson_shares([], np.random.default_rng(0))
    with pytest.raises(ValueError):
        thompson_shares([CostArm("a", -1, 0)], np.random.default_rng(0))
    with pytest.raises(ValueError):
        thompson_shares([CostArm("a", 1, 0), CostArm("b", 1, 0)], np.random.default_rng(0), floor=0.6)
