"""LinkedIn page content exports (``.xlsx``): the ``Metrics`` sheet and the ``All posts`` sheet.

LinkedIn puts a description line above the header; the header is the first of the top rows
whose cells are mostly known column names. ``(organic)``/``(sponsored)`` columns get a
``_organic``/``_sponsored`` suffix; ``(total)`` is the plain metric. Rates in the sheet
are fractions (0.035) and are stored in % (3.5), like every other platform.
"""

from __future__ import annotations

import datetime as dt
import io
import re

from reelwise.analytics.imports.base import ImportContext, MetricRecords, ParsedExport, RawRow, RawTable, located
from reelwise.analytics.imports.columns import lookup
from reelwise.analytics.imports.rows import date_cell, emit_row, resolve_columns, text
from reelwise.analytics.imports.values import MonthDay
from reelwise.errors import DataImportError
from reelwise.i18n import Msg

PLATFORM = "linkedin"
MAX_ROWS = 200_000
_SUFFIX = re.compile(r"^(.*?)\s*\((organic|organisch|sponsored|gesponsord|total|totaal)\)\s*$", re.IGNORECASE)
_SUFFIXES = {"organic": "_organic", "organisch": "_organic", "sponsored": "_sponsored", "gesponsord": "_sponsored"}
_ACTIVITY = re.compile(r"(?:activity|ugcPost|share)[:-](\d+)")


def split_suffix(header: str) -> tuple[str, str]:
    match = _SUFFIX.match(header.strip())
    if not match:
        return header, ""
    return match.group(1), _SUFFIXES.get(match.group(2).lower(), "")


def _cell(value: object) -> object:
    if isinstance(value, str):
        return value
    if value is None or isinstance(value, int | float | dt.date | dt.time | dt.timedelta):
        return value
    return str(value)


def read_xlsx(data: bytes, file: str) -> list[RawTable]:
    """Every non-empty sheet as a :class:`RawTable` (header row found below description lines)."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # zipfile, XML and openpyxl errors of damaged workbooks
        raise located(Msg("this is not a readable Excel workbook: {reason}", reason=str(exc)[:200]), file) from exc
    tables: list[RawTable] = []
    try:
        for sheet in workbook.worksheets:
            rows: list[RawRow] = []
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                if number > MAX_ROWS:
                    raise located(Msg("the sheet has more than {limit} rows", limit=MAX_ROWS), file, number)
                cells = [_cell(v) for v in values]
                if any(c is not None and str(c).strip() for c in cells):
                    rows.append(RawRow(line=number, cells=cells))
            table = _with_header(rows, file, sheet.title)
            if table is not None:
                tables.append(table)
    except DataImportError:
        raise
    except Exception as exc:  # a damaged sheet: openpyxl has no single exception type
        raise located(Msg("this is not a readable Excel workbook: {reason}", reason=str(exc)[:200]), file) from exc
    finally:
        workbook.close()
    return tables


def _with_header(rows: list[RawRow], file: str, sheet: str) -> RawTable | None:
    for position, row in enumerate(rows[:6]):
        names = [str(c).strip() if c is not None else "" for c in row.cells]
        known = sum(1 for n in names if n and lookup(split_suffix(n)[0], PLATFORM) is not None)
        if known >= 2 and known * 2 >= sum(1 for n in names if n):
            while names and not names[-1]:
                names.pop()
            width = len(names)
            body = []
            for data_row in rows[position + 1 :]:
                cells = data_row.cells[:width] + [None] * (width - len(data_row.cells))
                body.append(RawRow(line=data_row.line, cells=cells))
            return RawTable(file=file, header=names, rows=body, header_line=row.line, sheet=sheet)
    if not rows:
        return None
    names = [str(c).strip() if c is not None else "" for c in rows[0].cells]
    return RawTable(file=file, header=names, rows=rows[1:], header_line=rows[0].line, sheet=sheet)


def post_key(link: str | None) -> str | None:
    if not link:
        return None
    match = _ACTIVITY.search(link)
    return match.group(1) if match else link.strip()


def parse_linkedin(table: RawTable, kind: str, ctx: ImportContext) -> ParsedExport:
    cols = resolve_columns(table, PLATFORM, rename=split_suffix)
    out = MetricRecords()
    days: list[dt.date] = []
    for row in table.rows:
        if kind == "linkedin_metrics":
            value = date_cell(table, row, cols, "date")
            if value is None or isinstance(value, MonthDay):
                raise located(
                    Msg("this row has no date with a year"), table.where(), row.line, table.header[cols.roles["date"]]
                )
            days.append(value)
            emit_row(table, row, cols, out, platform=PLATFORM, key="", title=None, day=value, percent_scale=100.0)
            continue
        key = post_key(text(row, cols, "link")) or text(row, cols, "key")
        if not key:
            where = table.header[cols.roles["link"]] if "link" in cols.roles else None
            raise located(Msg("this row has no post link or id"), table.where(), row.line, where)
        posted = date_cell(table, row, cols, "published") if "published" in cols.roles else None
        emit_row(
            table, row, cols, out, platform=PLATFORM, key=key, title=text(row, cols, "title"), day=None,
            percent_scale=100.0, published=posted if isinstance(posted, dt.date) else None,
        )  # fmt: skip
    return ParsedExport(
        kind=kind,
        records=out,
        rows_read=len(table.rows),
        unknown_columns=cols.unknown_names(),
        period_start=min(days) if days else None,
        period_end=max(days) if days else None,
    )
