"""Shapes shared by the export readers: raw tables in, metric records out, located errors."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Final

from reelwise.errors import DataImportError, Issue, Location
from reelwise.i18n import Msg

# Metrics that add up across videos or days; the import summary reports their totals.
ADDITIVE_METRICS: Final = (
    "views",
    "watch_time_hours",
    "impressions",
    "likes",
    "comments",
    "shares",
    "saves",
    "reactions",
    "clicks",
    "subscribers_net",
    "followers_gained",
    "profile_views",
)


def located(message: Msg, file: str, line: int | None = None, column: str | None = None) -> DataImportError:
    """A :class:`DataImportError` that says where: file, line and column."""
    path = f"[{column}]" if column else ""
    issue = Issue(Location(file=file, line=line, path=path), message)
    return DataImportError(message, [issue])


@dataclass
class RawRow:
    line: int
    cells: list[object]


@dataclass
class RawTable:
    """A sheet or CSV as read: header names, rows with their line numbers."""

    file: str
    header: list[str]
    rows: list[RawRow]
    header_line: int = 1
    sheet: str | None = None

    def where(self) -> str:
        return f"{self.file} [{self.sheet}]" if self.sheet else self.file


@dataclass(frozen=True)
class ImportContext:
    """What a reader may know besides the file: the year flag and today's date (for year-less dates)."""

    year: int | None = None
    today: dt.date | None = None


@dataclass
class MetricRecords:
    """Columns of ``platform_metrics`` rows being built (Arrow-ready)."""

    platform: list[str] = field(default_factory=list)
    video_key: list[str] = field(default_factory=list)
    video_title: list[str | None] = field(default_factory=list)
    day: list[dt.date | None] = field(default_factory=list)
    hour: list[int | None] = field(default_factory=list)
    period_key: list[str] = field(default_factory=list)
    metric: list[str] = field(default_factory=list)
    value: list[float | None] = field(default_factory=list)
    text_value: list[str | None] = field(default_factory=list)

    def add(
        self,
        platform: str,
        video_key: str,
        title: str | None,
        day: dt.date | None,
        metric: str,
        value: float | None = None,
        text: str | None = None,
        hour: int | None = None,
    ) -> None:
        self.platform.append(platform)
        self.video_key.append(video_key)
        self.video_title.append(title)
        self.day.append(day)
        self.hour.append(hour)
        if day is None:
            key = "lifetime"
        elif hour is None:
            key = day.isoformat()
        else:
            key = f"{day.isoformat()}T{hour:02d}"
        self.period_key.append(key)
        self.metric.append(metric)
        self.value.append(value)
        self.text_value.append(text)

    def __len__(self) -> int:
        return len(self.metric)

    def extend(self, other: MetricRecords) -> None:
        for name in self.__dataclass_fields__:
            getattr(self, name).extend(getattr(other, name))


@dataclass
class ParsedExport:
    """One file's content, read and normalised, not yet stored."""

    kind: str
    records: MetricRecords
    rows_read: int
    unknown_columns: list[str] = field(default_factory=list)
    period_start: dt.date | None = None
    period_end: dt.date | None = None

    def totals(self) -> dict[str, float]:
        """The main metrics of the file: the export's own total row when it has one (YouTube's
        ``Total``), else the sum over its videos, else the sum over its account rows."""
        rec = self.records
        rows = list(zip(rec.video_key, rec.day, rec.metric, rec.value, strict=True))
        if any(key == "" and day is None for key, day, _, _ in rows):
            wanted: Callable[[str, dt.date | None], bool] = lambda key, day: key == "" and day is None  # noqa: E731
        elif any(key != "" for key, _, _, _ in rows):
            wanted = lambda key, day: key != ""  # noqa: E731
        else:
            wanted = lambda key, day: True  # noqa: E731
        sums: dict[str, float] = {}
        for key, day, metric, value in rows:
            if value is None or metric not in ADDITIVE_METRICS or not wanted(key, day):
                continue
            sums[metric] = sums.get(metric, 0.0) + value
        return {m: round(sums[m], 6) for m in ADDITIVE_METRICS if m in sums}
