"""Budget allocation across variants or platforms by Thompson sampling, per euro.

An arm (a platform, a variant, an ad set) has spent ``spend_eur`` and brought
``conversions``. Conversions arrive as a Poisson process in euros spent, with rate λ
(conversions per euro). With a Gamma(a₀, b₀) prior, the posterior is
Gamma(a₀ + conversions, b₀ + spend). The prior is weak and pooled: a₀ = 1 conversion at
the pooled rate, i.e. b₀ = total spend ÷ (total conversions + 1) euros, so it does not
depend on the currency scale.

Thompson sampling gives each arm the share of the next budget equal to the posterior
probability that it has the highest λ × value per conversion. An optional ``floor``
keeps a minimum share per arm for continued exploration.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

import numpy as np
from numpy.typing import NDArray

ALLOCATION_DRAWS: Final = 10_000


@dataclass(frozen=True)
class CostArm:
    name: str
    spend_eur: float
    conversions: float
    value_per_conversion: float = 1.0


@dataclass(frozen=True)
class Allocation:
    name: str
    share: float
    budget_eur: float
    rate_per_eur: float  # posterior mean of value per euro
    interval_90: tuple[float, float]


def _posterior(arms: Sequence[CostArm]) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    spend = np.array([a.spend_eur for a in arms], dtype=float)
    conv = np.array([a.conversions for a in arms], dtype=float)
    if (spend < 0).any() or (conv < 0).any():
        raise ValueError("spend and conversions must not be negative")
    total_spend = spend.sum()
    b0 = total_spend / (conv.sum() + 1.0) if total_spend > 0 else 1.0
    return 1.0 + conv, b0 + spend


def thompson_shares(
    arms: Sequence[CostArm], rng: np.random.Generator, *, draws: int = ALLOCATION_DRAWS, floor: float = 0.0
) -> NDArray[np.float64]:
    """Share of the next budget for each arm: P(arm has the best value per euro)."""
    if not arms:
        raise ValueError("need at least one arm")
    if not 0 <= floor * len(arms) <= 1:
        raise ValueError("the floor times the number of arms must be between 0 and 1")
    shape, rate = _posterior(arms)
    value = np.array([a.value_per_conversion for a in arms], dtype=float)
    samples = rng.gamma(shape, 1.0 / rate, size=(draws, len(arms))) * value
    shares = np.bincount(np.argmax(samples, axis=1), minlength=len(arms)) / draws
    return np.asarray(floor + (1 - floor * len(arms)) * shares, dtype=np.float64)


def allocate(
    arms: Sequence[CostArm],
    budget_eur: float,
    rng: np.random.Generator,
    *,
    draws: int = ALLOCATION_DRAWS,
    floor: float = 0.0,
) -> list[Allocation]:
    """Split ``budget_eur`` over the arms by Thompson sampling."""
    from scipy.stats import gamma

    shares = thompson_shares(arms, rng, draws=draws, floor=floor)
    shape, rate = _posterior(arms)
    out = []
    for i, arm in enumerate(arms):
        lo, hi = gamma.ppf([0.05, 0.95], shape[i], scale=1.0 / rate[i]) * arm.value_per_conversion
        out.append(
            Allocation(
                name=arm.name,
                share=float(shares[i]),
                budget_eur=float(budget_eur * shares[i]),
                rate_per_eur=float(shape[i] / rate[i] * arm.value_per_conversion),
                interval_90=(float(lo), float(hi)),
            )
        )
    return out


@dataclass(frozen=True)
class Simulation:
    shares: NDArray[np.float64]  # periods × arms: the share of each period's budget
    spend: NDArray[np.float64]  # arms: total spend
    conversions: NDArray[np.float64]  # arms: total conversions

    @property
    def final_shares(self) -> NDArray[np.float64]:
        return np.asarray(self.shares[-1], dtype=np.float64)


def simulate(
    true_rates: Sequence[float],
    *,
    periods: int,
    budget_per_period: float,
    rng: np.random.Generator,
    draws: int = 2_000,
) -> Simulation:
    """Run the allocator against arms whose true conversions per euro are known.

    Each period the budget is split by :func:`thompson_shares` on all data so far, then
    conversions ~ Poisson(true rate × euros spent) are observed.
    """
    k = len(true_rates)
    rates = np.asarray(true_rates, dtype=float)
    spend = np.zeros(k)
    conversions = np.zeros(k)
    history = np.zeros((periods, k))
    for period in range(periods):
        arms = [CostArm(str(i), spend[i], conversions[i]) for i in range(k)]
        shares = thompson_shares(arms, rng, draws=draws)
        history[period] = shares
        euros = shares * budget_per_period
        spend += euros
        conversions += rng.poisson(rates * euros)
    return Simulation(history, spend, conversions)
