"""TikTok analytics exports: ``Content``, ``Overview``, ``Viewers``, ``FollowerActivity``.

TikTok prints dates without a year (``February 28``). The last date of a file is put in
``--year`` when given, else in the latest year that does not put it in the future (today is
passed in); earlier rows step back a year at every turn of the year.
"""

from __future__ import annotations

import datetime as dt
import re

from reelwise.analytics.imports.base import ImportContext, MetricRecords, ParsedExport, RawTable, located
from reelwise.analytics.imports.rows import cell, date_cell, emit_row, resolve_columns, text
from reelwise.analytics.imports.values import MonthDay, is_missing, latest_year_not_after, parse_number, resolve_series
from reelwise.i18n import Msg

PLATFORM = "tiktok"
_VIDEO_ID = re.compile(r"/video/(\d+)")


def _end_year(last: MonthDay | dt.date, ctx: ImportContext, table: RawTable, line: int) -> int:
    if isinstance(last, dt.date):
        return last.year
    if ctx.year is not None:
        return ctx.year
    if ctx.today is not None:
        return latest_year_not_after(last, ctx.today)
    raise located(Msg("the dates in this file have no year: give the year with --year"), table.where(), line)


def parse_tiktok(table: RawTable, kind: str, ctx: ImportContext) -> ParsedExport:
    if kind == "tiktok_content":
        return _content(table, ctx)
    return _daily(table, kind, ctx)


def _daily(table: RawTable, kind: str, ctx: ImportContext) -> ParsedExport:
    """Account-level series: one row per day (or per day and hour)."""
    cols = resolve_columns(table, PLATFORM)
    date_header = table.header[cols.roles["date"]]
    raw_days: list[MonthDay | dt.date] = []
    for row in table.rows:
        value = date_cell(table, row, cols, "date")
        if value is None:
            raise located(Msg("this row has no date"), table.where(), row.line, date_header)
        raw_days.append(value)
    out = MetricRecords()
    if not raw_days:
        return ParsedExport(kind=kind, records=out, rows_read=0, unknown_columns=cols.unknown_names())
    days = resolve_series(raw_days, _end_year(raw_days[-1], ctx, table, table.rows[-1].line))
    for row, day in zip(table.rows, days, strict=True):
        hour = None
        if "hour" in cols.roles:
            raw = cell(row, cols, "hour")
            try:
                hour = int(parse_number(raw))
            except ValueError:
                hour = -1
            if not 0 <= hour <= 23 or is_missing(raw):
                raise located(
                    Msg("'{value}' is not an hour (0 to 23)", value=str(raw)[:20]),
                    table.where(),
                    row.line,
                    table.header[cols.roles["hour"]],
                )
        emit_row(table, row, cols, out, platform=PLATFORM, key="", title=None, day=day, hour=hour)
    return ParsedExport(
        kind=kind,
        records=out,
        rows_read=len(table.rows),
        unknown_columns=cols.unknown_names(),
        period_start=min(days),
        period_end=max(days),
    )


def _content(table: RawTable, ctx: ImportContext) -> ParsedExport:
    """Per-video totals; the ``Time`` column is the day the export was made."""
    cols = resolve_columns(table, PLATFORM)
    out = MetricRecords()
    export_day: dt.date | None = None
    for row in table.rows:
        value = date_cell(table, row, cols, "export_day")
        if value is not None:
            export_day = value if isinstance(value, dt.date) else value.in_year(_end_year(value, ctx, table, row.line))
            break
    for row in table.rows:
        link = text(row, cols, "link") or ""
        match = _VIDEO_ID.search(link)
        key = match.group(1) if match else (text(row, cols, "key") or "")
        if not key:
            where = table.header[cols.roles["link"]] if "link" in cols.roles else None
            raise located(Msg("this row has no video link or id"), table.where(), row.line, where)
        posted = date_cell(table, row, cols, "published")
        published: dt.date | None
        if isinstance(posted, MonthDay):
            if export_day is not None:
                year = export_day.year if posted.in_year(export_day.year) <= export_day else export_day.year - 1
            else:
                year = _end_year(posted, ctx, table, row.line)
            published = posted.in_year(year)
        else:
            published = posted
        emit_row(
            table, row, cols, out, platform=PLATFORM, key=key, title=text(row, cols, "title"), day=None,
            published=published,
        )  # fmt: skip
    return ParsedExport(
        kind="tiktok_content",
        records=out,
        rows_read=len(table.rows),
        unknown_columns=cols.unknown_names(),
        period_end=export_day,
    )
