"""Bayesian A/B comparison: winners, keeping on, and the guard against peeking."""

from __future__ import annotations

import numpy as np
import pytest

from reelwise.analytics.abtest import Arm, Decision, compare
from reelwise.analytics.stats import BetaPosterior, SampleRule, prob_greater


def test_a_clear_winner_is_declared() -> None:
    r = compare([Arm("A", 300, 3000), Arm("B", 420, 3000)], np.random.default_rng(1))
    assert r.decision == Decision.WINNER
    assert r.leader == "B"
    b = next(a for a in r.arms if a.name == "B")
    assert b.prob_best > 0.99
    assert b.expected_loss < 0.001


def test_two_equal_variants_keep_running() -> None:
    r = compare([Arm("A", 200, 2000), Arm("B", 200, 2000)], np.random.default_rng(2))
    assert r.decision == Decision.KEEP_RUNNING
    assert sum(a.prob_best for a in r.arms) == pytest.approx(1.0)
    assert all(0.4 < a.prob_best < 0.6 for a in r.arms)


def test_too_early_to_look_whatever_the_data_say() -> None:
    r = compare([Arm("A", 1, 40), Arm("B", 20, 40)], np.random.default_rng(3), rule=SampleRule(min_trials=100))
    assert r.decision == Decision.TOO_EARLY
    assert r.missing_trials == 60
    assert r.leader == "B"


def test_prob_best_of_two_matches_exact_integration() -> None:
    r = compare([Arm("A", 50, 500), Arm("B", 62, 500)], np.random.default_rng(4), draws=200_000)
    exact = prob_greater(BetaPosterior.from_counts(62, 500), BetaPosterior.from_counts(50, 500))
    assert r.arms[1].prob_best == pytest.approx(exact, abs=0.005)


def test_three_variants_and_a_json_view() -> None:
    r = compare([Arm("A", 100, 1000), Arm("B", 100, 1000), Arm("C", 160, 1000)], np.random.default_rng(5))
    assert r.leader == "C"
    data = r.to_dict()
    assert data["decision"] == "winner"
    assert [a["name"] for a in data["arms"]] == ["A", "B", "C"]


def test_one_variant_is_not_a_test() -> None:
    with pytest.raises(ValueError):
        compare([Arm("A", 1, 10)], np.random.default_rng(0))
