"""The per-key token bucket, on a clock the test controls."""

from __future__ import annotations

import pytest

from reelwise.analytics.collect.ratelimit import RateLimiter


def test_bursts_then_the_steady_rate() -> None:
    now = [0.0]
    limiter = RateLimiter(rate=100, burst=200, clock=lambda: now[0])
    assert limiter.retry_after("k") is None
    limiter.charge("k", 250)  # a request larger than what was left is still served …
    wait = limiter.retry_after("k")
    assert wait == pytest.approx(0.51)  # … and the debt is waited out: (1 - (-50)) / 100
    now[0] += 0.6
    assert limiter.retry_after("k") is None
    assert limiter.retry_after("other") is None  # keys do not share a bucket


def test_refill_is_capped_at_the_burst() -> None:
    now = [0.0]
    limiter = RateLimiter(rate=10, burst=20, clock=lambda: now[0])
    now[0] += 3600
    limiter.charge("k", 21)
    assert limiter.retry_after("k") is not None


def test_buckets_of_removed_keys_are_forgotten() -> None:
    limiter = RateLimiter(rate=1, burst=1, clock=lambda: 0.0)
    limiter.charge("gone", 5)
    limiter.forget({"kept"})
    assert limiter.retry_after("gone") is None


def test_nonsense_limits_are_refused() -> None:
    with pytest.raises(ValueError):
        RateLimiter(rate=0, burst=1, clock=lambda: 0.0)
