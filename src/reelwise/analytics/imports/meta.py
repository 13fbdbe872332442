"""Meta Business Suite post exports (Facebook and Instagram).

One row per post; the ``Date`` column says ``Lifetime`` (totals) or holds a day. Instagram
rows are told apart by their post type (``IG reel``, ``IG image`` …), an instagram.com
permalink, or an ``Account username`` column.
"""

from __future__ import annotations

import datetime as dt

from reelwise.analytics.imports.base import ImportContext, MetricRecords, ParsedExport, RawTable, located
from reelwise.analytics.imports.columns import normalise_header
from reelwise.analytics.imports.rows import cell, date_cell, emit_row, resolve_columns, text
from reelwise.analytics.imports.values import MonthDay, is_missing
from reelwise.i18n import Msg

LIFETIME = frozenset({"lifetime", "levensduur", "totaal", "total", "gehele periode"})


def row_platform(post_type: str | None, link: str | None, instagram_columns: bool) -> str:
    kind = (post_type or "").strip().lower()
    if kind.startswith("ig ") or kind.startswith("ig-") or "instagram.com" in (link or ""):
        return "instagram"
    if "facebook.com" in (link or "") or "fb.watch" in (link or ""):
        return "facebook"
    return "instagram" if instagram_columns else "facebook"


def parse_meta(table: RawTable, kind: str, ctx: ImportContext) -> ParsedExport:
    cols = resolve_columns(table, "meta")
    instagram_columns = any(normalise_header(h) in ("account username", "gebruikersnaam account") for h in table.header)
    out = MetricRecords()
    days: list[dt.date] = []
    platforms: set[str] = set()
    for row in table.rows:
        key = (text(row, cols, "key") or "").strip()
        if not key:
            where = table.header[cols.roles["key"]] if "key" in cols.roles else None
            raise located(Msg("this row has no post id"), table.where(), row.line, where)
        day: dt.date | None = None
        raw_day = cell(row, cols, "date")
        if not is_missing(raw_day) and str(raw_day).strip().lower() not in LIFETIME:
            value = date_cell(table, row, cols, "date")
            if isinstance(value, MonthDay):
                raise located(Msg("this date has no year"), table.where(), row.line, table.header[cols.roles["date"]])
            day = value
            if day is not None:
                days.append(day)
        posted = date_cell(table, row, cols, "published") if "published" in cols.roles else None
        published = posted if isinstance(posted, dt.date) else None
        platform = row_platform(text(row, cols, "post_type"), text(row, cols, "link"), instagram_columns)
        platforms.add(platform)
        emit_row(
            table, row, cols, out, platform=platform, key=key, title=text(row, cols, "title"), day=day,
            published=published,
        )  # fmt: skip
    label = "meta_posts" if len(platforms) != 1 else f"meta_posts_{next(iter(platforms))}"
    return ParsedExport(
        kind=label,
        records=out,
        rows_read=len(table.rows),
        unknown_columns=cols.unknown_names(),
        period_start=min(days) if days else None,
        period_end=max(days) if days else None,
    )
