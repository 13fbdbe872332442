"""Bayesian A/B(/n) comparison of variants on a rate (play rate, finish rate, CTR …).

Each variant's rate gets a flat-prior Beta posterior. From joint posterior draws we
report the probability that each variant is best and the expected loss of choosing it.
A winner is declared only when the :class:`~reelwise.analytics.stats.SampleRule` is met
(no peeking) *and* the leader's expected loss is below the threshold of caring.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

import numpy as np

from reelwise.analytics.stats import (
    DEFAULT_DRAWS,
    BetaPosterior,
    SampleRule,
    expected_loss_from_samples,
    prob_best_from_samples,
    sample_matrix,
)

#: Expected loss (in rate units) we accept when picking a winner: 0.1 percentage point.
DEFAULT_LOSS_THRESHOLD: Final = 0.001


class Decision(StrEnum):
    WINNER = "winner"  # the leader may be chosen
    KEEP_RUNNING = "keep_running"  # enough data to look, not enough to decide
    TOO_EARLY = "too_early"  # minimum sample not reached: do not look yet


@dataclass(frozen=True)
class Arm:
    name: str
    successes: int
    trials: int


@dataclass(frozen=True)
class ArmResult:
    name: str
    successes: int
    trials: int
    rate: float
    interval_90: tuple[float, float]
    prob_best: float
    expected_loss: float


@dataclass(frozen=True)
class ABResult:
    arms: list[ArmResult]
    decision: Decision
    leader: str
    missing_trials: int

    def to_dict(self) -> dict[str, object]:
        return {
            "decision": self.decision.value,
            "leader": self.leader,
            "missing_trials": self.missing_trials,
            "arms": [
                {
                    "name": a.name,
                    "successes": a.successes,
                    "trials": a.trials,
                    "rate": a.rate,
                    "interval_90": list(a.interval_90),
                    "prob_best": a.prob_best,
                    "expected_loss": a.expected_loss,
                }
                for a in self.arms
            ],
        }


def compare(
    arms: Sequence[Arm],
    rng: np.random.Generator,
    *,
    rule: SampleRule | None = None,
    loss_threshold: float = DEFAULT_LOSS_THRESHOLD,
    draws: int = DEFAULT_DRAWS,
) -> ABResult:
    """Compare two or more variants on a rate."""
    if len(arms) < 2:
        raise ValueError("an A/B comparison needs at least two variants")
    rule = rule or SampleRule()
    posteriors = [BetaPosterior.from_counts(a.successes, a.trials) for a in arms]
    samples = sample_matrix(posteriors, rng, draws)
    best = prob_best_from_samples(samples)
    loss = expected_loss_from_samples(samples)
    results = [
        ArmResult(
            name=a.name,
            successes=a.successes,
            trials=a.trials,
            rate=a.successes / a.trials if a.trials else 0.0,
            interval_90=p.interval(0.9),
            prob_best=float(best[i]),
            expected_loss=float(loss[i]),
        )
        for i, (a, p) in enumerate(zip(arms, posteriors, strict=True))
    ]
    leader = int(np.argmin(loss))
    successes = [a.successes for a in arms]
    trials = [a.trials for a in arms]
    if not rule.met(successes, trials):
        decision = Decision.TOO_EARLY
    elif loss[leader] < loss_threshold:
        decision = Decision.WINNER
    else:
        decision = Decision.KEEP_RUNNING
    return ABResult(
        arms=results, decision=decision, leader=arms[leader].name, missing_trials=rule.shortfall(successes, trials)
    )
