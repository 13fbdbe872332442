"""Numbers, durations and dates as the platforms print them."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.analytics.imports.samples import fmt_number

from reelwise.analytics.imports.values import (
    MonthDay,
    is_missing,
    numeric_date_order,
    parse_date,
    parse_duration,
    parse_number,
    resolve_series,
)


@pytest.mark.parametrize(
    ("text", "decimal_comma", "expected"),
    [
        ("15,000", False, 15000), ("1,234,567", False, 1234567), ("12,5", False, 12.5), ("1.234,5", False, 1234.5),
        ("1,234.5", True, 1234.5), ("1.234", True, 1234), ("1.234", False, 1.234), ("1.234.567", False, 1234567),
        ("3.5%", False, 3.5), ("-4", False, -4), ("\u22124", False, -4), ("\u00a01 234", False, 1234),
        ("€ 12,50", True, 12.5), ("0,25", True, 0.25), ("1e3", False, 1000), (7, False, 7), (2.5, False, 2.5),
    ],
)  # fmt: skip
def test_numbers(text: object, decimal_comma: bool, expected: float) -> None:
    assert parse_number(text, decimal_comma=decimal_comma) == pytest.approx(expected)


@pytest.mark.parametrize("text", ["lots", "1,2,3", "1..2", "12abc", "", "1.2.3,4,5", "nan", "inf"])
def test_not_numbers(text: str) -> None:
    with pytest.raises(ValueError):
        parse_number(text)


@given(value=st.floats(-1e9, 1e9, allow_nan=False).map(lambda x: round(x, 2)), lang=st.sampled_from(["en", "nl"]))
def test_formatted_numbers_round_trip(value: float, lang: str) -> None:
    assert parse_number(fmt_number(value, lang, 2), decimal_comma=lang == "nl") == pytest.approx(value)


@pytest.mark.parametrize("cell", [None, "", " ", "undefined", "--", "-", "N/A", float("nan")])
def test_missing(cell: object) -> None:
    assert is_missing(cell)


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("0:00:07", 7), ("1:02:03", 3723), ("2:05", 125), ("45", 45), ("12,5", 12.5), (dt.time(0, 1, 5), 65)],
)
def test_durations(text: object, seconds: float) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["1:75:00", "0:00:61", "soon"])
def test_not_durations(text: str) -> None:
    with pytest.raises(ValueError):
        parse_duration(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025-06-13", dt.date(2025, 6, 13)), ("13-06-2025", dt.date(2025, 6, 13)),
        ("13/06/2025", dt.date(2025, 6, 13)), ("Sep 29, 2025", dt.date(2025, 9, 29)),
        ("29 sep. 2025", dt.date(2025, 9, 29)), ("29 september 2025", dt.date(2025, 9, 29)),
        ("4 mrt 2024", dt.date(2024, 3, 4)), ("1 okt. 2024 om 10:00", dt.date(2024, 10, 1)),
        ("Feb 28, 2025 10:00 AM", dt.date(2025, 2, 28)), ("2025-06-13T10:00:00", dt.date(2025, 6, 13)),
        ("February 28", MonthDay(2, 28)), ("28 februari", MonthDay(2, 28)), ("mei 3", MonthDay(5, 3)),
        (dt.datetime(2025, 1, 2, 3, 4), dt.date(2025, 1, 2)),
    ],
)  # fmt: skip
def test_dates(text: object, expected: object) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["yesterday", "February 30", "32 May", "13-13-2025", "Sep 29, 2025 extra words"])
def test_not_dates(text: str) -> None:
    with pytest.raises(ValueError):
        parse_date(text)


def test_month_first_columns_are_recognised() -> None:
    assert numeric_date_order(["09/12/2025", "09/29/2025"]) == "mdy"
    assert numeric_date_order(["09/12/2025", "29/09/2025"]) == "dmy"
    assert parse_date("09/29/2025", order="mdy") == dt.date(2025, 9, 29)


def test_series_over_the_turn_of_the_year() -> None:
    days = [MonthDay(12, 30), MonthDay(12, 31), MonthDay(1, 1), MonthDay(2, 29)]
    assert resolve_series(list(days), 2024) == [
        dt.date(2023, 12, 30), dt.date(2023, 12, 31), dt.date(2024, 1, 1), dt.date(2024, 2, 29),
    ]  # fmt: skip
