"""Cell values of exports: numbers (``15,000``, ``1.234,5``, ``12,5``, ``3.5%``), durations, dates.

Parsers raise ``ValueError`` with an English reason; the readers turn it into a located
:class:`~reelwise.errors.DataImportError`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final, Literal

MISSING: Final = frozenset({"", "undefined", "--", "-", "—", "–", "n/a", "na", "null", "none", "nan", "n.v.t."})

_THOUSANDS_COMMA: Final = re.compile(r"^\d{1,3}(,\d{3})+$")
_THOUSANDS_DOT: Final = re.compile(r"^\d{1,3}(\.\d{3})+$")
_PLAIN: Final = re.compile(r"^\d+(\.\d+)?([eE][-+]?\d+)?$|^\.\d+$")
_STRIP: Final = str.maketrans("", "", " \u00a0\u202f\u2009'%€$£")
_EVIDENCE_COMMA: Final = re.compile(r"\d,(\d{1,2}|\d{4,})$|\.\d{3},\d+$")
_EVIDENCE_POINT: Final = re.compile(r"\d\.(\d{1,2}|\d{4,})$|,\d{3}\.\d+$")

DateOrder = Literal["dmy", "mdy"]


def is_missing(cell: object) -> bool:
    if cell is None:
        return True
    if isinstance(cell, float) and cell != cell:  # NaN
        return True
    return isinstance(cell, str) and cell.strip().lower() in MISSING


def decimal_comma_evidence(cells: Iterable[object]) -> int:
    """Positive when the cells look like decimal commas (``12,5``), negative for decimal points."""
    score = 0
    for cell in cells:
        if not isinstance(cell, str):
            continue
        text = cell.strip().translate(_STRIP)
        if _EVIDENCE_COMMA.search(text):
            score += 1
        elif _EVIDENCE_POINT.search(text):
            score -= 1
    return score


def parse_number(cell: object, *, decimal_comma: bool = False) -> float:
    """A number from a cell; ``decimal_comma`` says how to read ambiguous ``1.234`` / ``1,234``."""
    if isinstance(cell, bool):
        return float(cell)
    if isinstance(cell, int | float):
        return float(cell)
    if not isinstance(cell, str):
        raise ValueError(f"not a number: {cell!r}")
    text = cell.strip().replace("\u2212", "-").translate(_STRIP)
    for unit in ("EUR", "USD", "eur", "usd"):
        text = text.replace(unit, "")
    negative = text.startswith("-")
    if text[:1] in "+-":
        text = text[1:]
    if text.startswith("(") and text.endswith(")"):
        negative, text = True, text[1:-1]
    if not text:
        raise ValueError(f"not a number: {cell!r}")
    has_comma, has_dot = "," in text, "." in text
    if has_comma and has_dot:
        decimal = "," if text.rfind(",") > text.rfind(".") else "."
        thousands = "." if decimal == "," else ","
        text = text.replace(thousands, "").replace(decimal, ".")
    elif has_comma:
        if text.count(",") > 1 or (_THOUSANDS_COMMA.match(text) and not decimal_comma):
            if not _THOUSANDS_COMMA.match(text):
                raise ValueError(f"not a number: {cell!r}")
            text = text.replace(",", "")
        else:
            text = text.replace(",", ".")
    elif has_dot and (text.count(".") > 1 or (decimal_comma and _THOUSANDS_DOT.match(text))):
        if not _THOUSANDS_DOT.match(text):
            raise ValueError(f"not a number: {cell!r}")
        text = text.replace(".", "")
    if not _PLAIN.match(text):
        raise ValueError(f"not a number: {cell!r}")
    value = float(text)
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError(f"not a finite number: {cell!r}")
    return -value if negative else value


_DURATION: Final = re.compile(r"^(?:(\d+):)?(\d{1,2}):(\d{1,2}(?:[.,]\d+)?)$")


def parse_duration(cell: object, *, decimal_comma: bool = False) -> float:
    """Seconds from ``H:MM:SS``, ``M:SS``, a time or timedelta cell, or a plain number of seconds."""
    if isinstance(cell, dt.timedelta):
        return cell.total_seconds()
    if isinstance(cell, dt.time):
        return cell.hour * 3600 + cell.minute * 60 + cell.second + cell.microsecond / 1e6
    if isinstance(cell, str):
        match = _DURATION.match(cell.strip())
        if match:
            hours = int(match.group(1) or 0)
            minutes = int(match.group(2))
            seconds = float(match.group(3).replace(",", "."))
            if (minutes >= 60 and match.group(1) is not None) or seconds >= 60:
                raise ValueError(f"not a duration: {cell!r}")
            return hours * 3600 + minutes * 60 + seconds
    return parse_number(cell, decimal_comma=decimal_comma)


_MONTHS: Final = {
    "jan": 1, "januari": 1, "january": 1,
    "feb": 2, "februari": 2, "february": 2,
    "mar": 3, "mrt": 3, "maart": 3, "march": 3, "maa": 3,
    "apr": 4, "april": 4,
    "may": 5, "mei": 5,
    "jun": 6, "juni": 6, "june": 6,
    "jul": 7, "juli": 7, "july": 7,
    "aug": 8, "augustus": 8, "august": 8,
    "sep": 9, "sept": 9, "september": 9,
    "oct": 10, "okt": 10, "oktober": 10, "october": 10,
    "nov": 11, "november": 11,
    "dec": 12, "december": 12,
}  # fmt: skip
_ISO: Final = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$")
_NUMERIC: Final = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4}|\d{2})(?:[T ,].*)?$")
_WORDS: Final = re.compile(r"[^\W\d_]+|\d+(?::\d+)*", re.UNICODE)


@dataclass(frozen=True, order=True)
class MonthDay:
    """A date printed without a year (``February 28``); the year is resolved later."""

    month: int
    day: int

    def in_year(self, year: int) -> dt.date:
        try:
            return dt.date(year, self.month, self.day)
        except ValueError:  # 29 February in a common year
            if self.month == 2 and self.day == 29:
                return dt.date(year, 2, 28)
            raise


def numeric_date_order(cells: Iterable[object]) -> DateOrder:
    """``dmy`` unless a cell proves month-first (second part above 12 while the first is not)."""
    for cell in cells:
        if isinstance(cell, str):
            match = _NUMERIC.match(cell.strip())
            if match:
                first, second = int(match.group(1)), int(match.group(2))
                if first > 12:
                    return "dmy"
                if second > 12:
                    return "mdy"
    return "dmy"


def _month(word: str) -> int | None:
    word = word.lower().rstrip(".")
    if word in _MONTHS:
        return _MONTHS[word]
    if len(word) >= 3:
        for name, number in _MONTHS.items():
            if len(name) > 4 and name.startswith(word):
                return number
    return None


def parse_date(cell: object, *, order: DateOrder = "dmy") -> dt.date | MonthDay:
    """A calendar date, or a :class:`MonthDay` when the cell has no year."""
    if isinstance(cell, dt.datetime):
        return cell.date()
    if isinstance(cell, dt.date):
        return cell
    if not isinstance(cell, str):
        raise ValueError(f"not a date: {cell!r}")
    text = cell.strip()
    match = _ISO.match(text)
    if match:
        return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    match = _NUMERIC.match(text)
    if match:
        a, b, year = int(match.group(1)), int(match.group(2)), int(match.group(3))
        if year < 100:
            year += 2000
        first, second = (a, b) if order == "dmy" else (b, a)
        return dt.date(year, second, first)
    month: int | None = None
    numbers: list[int] = []
    for token in _WORDS.findall(text):
        if token[0].isdigit():
            if ":" not in token:
                numbers.append(int(token))
        elif month is None:
            month = _month(token)
        elif token.lower() not in ("am", "pm", "at", "om", "uur"):
            raise ValueError(f"not a date: {cell!r}")
    if month is None or not numbers:
        raise ValueError(f"not a date: {cell!r}")
    day = numbers[0]
    found_year = next((n for n in numbers[1:] if n >= 1000), None)
    if found_year is None and len(numbers) > 1:
        raise ValueError(f"not a date: {cell!r}")
    if not 1 <= day <= 31:
        raise ValueError(f"not a date: {cell!r}")
    if found_year is None:
        MonthDay(month, day).in_year(2024)  # validates 31 April, 30 February …
        return MonthDay(month, day)
    return dt.date(found_year, month, day)


def latest_year_not_after(md: MonthDay, today: dt.date) -> int:
    """The year that puts ``md`` on or before ``today`` and closest to it."""
    return today.year if md.in_year(today.year) <= today else today.year - 1


def resolve_series(values: list[MonthDay | dt.date], end_year: int) -> list[dt.date]:
    """Years for a chronological series of year-less dates: the last gets ``end_year``,
    and each step back over a year boundary (``January 1`` after ``December 31``) subtracts one."""
    out: list[dt.date] = []
    year = end_year
    later: MonthDay | None = None
    for value in reversed(values):
        if isinstance(value, dt.date):
            out.append(value)
            year = value.year
            later = MonthDay(value.month, value.day)
            continue
        if later is not None and value > later:
            year -= 1
        out.append(value.in_year(year))
        later = value
    out.reverse()
    return out
