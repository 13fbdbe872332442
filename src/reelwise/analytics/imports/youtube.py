"""YouTube Studio advanced-mode exports: ``Table data``, ``Chart data`` and ``Totals``."""

from __future__ import annotations

import datetime as dt

from reelwise.analytics.imports.base import ImportContext, MetricRecords, ParsedExport, RawTable, located
from reelwise.analytics.imports.rows import date_cell, emit_row, resolve_columns, text
from reelwise.analytics.imports.values import MonthDay
from reelwise.i18n import Msg

PLATFORM = "youtube"
TOTAL_LABELS = frozenset({"total", "totaal", "totals", "totalen"})


def _full_date(value: dt.date | MonthDay | None, table: RawTable, line: int, column: str) -> dt.date | None:
    if isinstance(value, MonthDay):
        raise located(Msg("this date has no year"), table.where(), line, column)
    return value


def parse_youtube(table: RawTable, kind: str, ctx: ImportContext) -> ParsedExport:
    """``youtube_table`` (per video totals), ``youtube_chart`` (per video per day), ``youtube_totals``."""
    cols = resolve_columns(table, PLATFORM)
    out = MetricRecords()
    days: list[dt.date] = []
    for row in table.rows:
        key = ""
        if "key" in cols.roles:
            key = (text(row, cols, "key") or "").strip()
            if key.lower() in TOTAL_LABELS:
                # the leading "Total" row: the channel's totals over the export's period
                emit_row(table, row, cols, out, platform=PLATFORM, key="", title=None, day=None)
                continue
            if not key:
                raise located(Msg("this row has no video id"), table.where(), row.line, table.header[cols.roles["key"]])
        day = None
        if kind != "youtube_table":
            column = table.header[cols.roles["date"]]
            day = _full_date(date_cell(table, row, cols, "date"), table, row.line, column)
            if day is None:
                raise located(Msg("this row has no date"), table.where(), row.line, column)
            days.append(day)
        published = None
        if "published" in cols.roles:
            published = _full_date(
                date_cell(table, row, cols, "published"), table, row.line, table.header[cols.roles["published"]]
            )
        emit_row(
            table,
            row,
            cols,
            out,
            platform=PLATFORM,
            key=key,
            title=text(row, cols, "title"),
            day=day,
            published=published,
        )
    return ParsedExport(
        kind=kind,
        records=out,
        rows_read=len(table.rows),
        unknown_columns=cols.unknown_names(),
        period_start=min(days) if days else None,
        period_end=max(days) if days else None,
    )
