"""Local times of post moments and persona hour ranges."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from reelwise.strategy.timing import clock, in_ranges, local_moment, parse_range, zone


def test_aware_moments_are_converted_across_daylight_saving_time() -> None:
    amsterdam = zone("Europe/Amsterdam")
    assert amsterdam is not None
    winter = local_moment(dt.datetime(2027, 3, 27, 18, 0, tzinfo=dt.UTC), amsterdam)
    summer = local_moment(dt.datetime(2027, 3, 29, 18, 0, tzinfo=dt.UTC), amsterdam)
    assert (clock(winter), clock(summer)) == ("2027-03-27 19:00", "2027-03-29 20:00")
    naive = dt.datetime(2027, 3, 29, 18, 0)
    assert local_moment(naive, amsterdam) == naive


def test_unknown_zones_are_none() -> None:
    assert zone("Mars/Olympus") is None
    assert zone("../etc/passwd") is None


@given(st.integers(0, 23), st.integers(0, 59), st.integers(1, 24 * 60))
def test_a_range_holds_its_start_and_not_its_end(hour: int, minute: int, length: int) -> None:
    start = hour * 60 + minute
    end = min(start + length, 24 * 60)
    text = f"{start // 60:02d}:{start % 60:02d}-{end // 60:02d}:{end % 60:02d}"
    assert parse_range(text) == (start, end)
    assert in_ranges(dt.datetime(2027, 1, 1, hour, minute), [text])
    if end < 24 * 60:
        assert not in_ranges(dt.datetime(2027, 1, 1, end // 60, end % 60), [text])
