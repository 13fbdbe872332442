"""A token bucket per site key, counted in events.

A request is refused (429) only when the key's bucket is empty, so a request is never
refused for being a little larger than what is left; its events are then charged and the
bucket may go into debt, which later requests wait out. The clock is passed in.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class _Bucket:
    tokens: float
    stamp: float


class RateLimiter:
    """``rate`` events per second per key, with bursts of up to ``burst`` events."""

    def __init__(self, rate: float, burst: float, clock: Callable[[], float]) -> None:
        if rate <= 0 or burst <= 0:
            raise ValueError("rate and burst must be positive")
        self.rate = rate
        self.burst = burst
        self._clock = clock
        self._buckets: dict[str, _Bucket] = {}

    def _refill(self, key: str) -> _Bucket:
        now = self._clock()
        bucket = self._buckets.get(key)
        if bucket is None:
            bucket = self._buckets[key] = _Bucket(self.burst, now)
        else:
            bucket.tokens = min(self.burst, bucket.tokens + (now - bucket.stamp) * self.rate)
            bucket.stamp = now
        return bucket

    def retry_after(self, key: str) -> float | None:
        """None when the key may send now, else the seconds until it may."""
        bucket = self._refill(key)
        if bucket.tokens > 0:
            return None
        return (1.0 - bucket.tokens) / self.rate

    def charge(self, key: str, events: int) -> None:
        bucket = self._refill(key)
        bucket.tokens -= events

    def forget(self, keep: set[str]) -> None:
        """Drop the buckets of keys that no longer exist."""
        for key in list(self._buckets):
            if key not in keep:
                del self._buckets[key]
