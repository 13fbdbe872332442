"""Numbers as shown inside finding messages: short, without float noise (``2.0000001`` → ``2``)."""

from __future__ import annotations


def num(value: float, digits: int = 1) -> str:
    """``30.0`` → ``"30"``, ``2.25`` → ``"2.2"`` (rounded to ``digits`` decimals, trailing zeros dropped)."""
    return format(round(float(value), digits), "g")
