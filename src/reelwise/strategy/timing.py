"""Local clock times for the distribution rules: hour ranges and planned moments.

A plan states post moments either without a time zone (then they are local times in
``distribution.timezone``) or with an offset (then they are converted to that zone).
Persona active hours (``"07:00-09:00"``) are local times in the same zone.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


def zone(name: str) -> ZoneInfo | None:
    """The time zone called ``name`` (IANA, e.g. ``Europe/Amsterdam``), or None if unknown."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def local_moment(moment: dt.datetime, tz: ZoneInfo) -> dt.datetime:
    """The planned moment as a local wall-clock time in ``tz`` (naive moments already are)."""
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(tz).replace(tzinfo=None)


def parse_range(text: str) -> tuple[int, int]:
    """``"07:00-09:30"`` → minutes after midnight ``(420, 570)``; the end may be ``24:00``."""
    start, end = text.split("-", 1)
    return _minutes(start), _minutes(end)


def _minutes(text: str) -> int:
    hours, minutes = text.strip().split(":", 1)
    return int(hours) * 60 + int(minutes)


def in_ranges(moment: dt.datetime, ranges: list[str]) -> bool:
    """Whether the wall-clock time of ``moment`` lies in one of the ranges (start inclusive,
    end exclusive)."""
    minute = moment.hour * 60 + moment.minute
    for text in ranges:
        start, end = parse_range(text)
        if start <= minute < end:
            return True
    return False


def clock(moment: dt.datetime) -> str:
    """``2027-03-16 08:15`` — how a moment is shown in messages and evidence."""
    return moment.strftime("%Y-%m-%d %H:%M")
