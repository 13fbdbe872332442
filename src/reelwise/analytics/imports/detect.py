"""Which export is this? Decided from the headers and the cells, never from the file name."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from reelwise.analytics.imports.base import ImportContext, ParsedExport, RawTable, located
from reelwise.analytics.imports.columns import lookup, normalise_header
from reelwise.analytics.imports.csvread import read_csv
from reelwise.analytics.imports.linkedin import parse_linkedin, read_xlsx, split_suffix
from reelwise.analytics.imports.meta import parse_meta
from reelwise.analytics.imports.tiktok import parse_tiktok
from reelwise.analytics.imports.values import MonthDay, is_missing, parse_date
from reelwise.analytics.imports.youtube import parse_youtube
from reelwise.i18n import Msg

Parser = Callable[[RawTable, str, ImportContext], ParsedExport]

KINDS: dict[str, Parser] = {
    "youtube_table": parse_youtube,
    "youtube_chart": parse_youtube,
    "youtube_totals": parse_youtube,
    "tiktok_content": parse_tiktok,
    "tiktok_overview": parse_tiktok,
    "tiktok_viewers": parse_tiktok,
    "tiktok_follower_activity": parse_tiktok,
    "meta_posts": parse_meta,
    "linkedin_posts": parse_linkedin,
    "linkedin_metrics": parse_linkedin,
}

_YOUTUBE_ID = re.compile(r"^\s*[A-Za-z0-9_-]{11}\s*$")
_XLSX_MAGIC = b"PK\x03\x04"
YOUTUBE_ID_HEADERS = frozenset({"content", "inhoud", "video"})


def _fields(table: RawTable, platform: str) -> set[str]:
    """Roles and metric names the headers mean on ``platform``."""
    out: set[str] = set()
    for header in table.header:
        base, suffix = split_suffix(header) if platform == "linkedin" else (header, "")
        spec = lookup(base, platform)
        if spec is not None:
            out.add(spec.field + suffix if spec.field else spec.kind)
    return out


def _column(table: RawTable, platform: str, kind: str) -> list[object]:
    for index, header in enumerate(table.header):
        spec = lookup(header, platform)
        if spec is not None and spec.kind == kind:
            return [row.cells[index] for row in table.rows[:200] if not is_missing(row.cells[index])]
    return []


def _yearless(values: list[object]) -> bool:
    for value in values[:20]:
        try:
            if isinstance(parse_date(value), MonthDay):
                return True
        except ValueError:
            continue
    return False


def _text(values: list[object]) -> str:
    return " ".join(str(v) for v in values[:50]).lower()


def detect_kind(table: RawTable) -> str | None:
    """The kind of export ``table`` holds (a key of :data:`KINDS`), or None."""
    yt = _fields(table, "youtube")
    if "key" in yt and any(normalise_header(h) in YOUTUBE_ID_HEADERS for h in table.header):
        ids = [str(v).strip() for v in _column(table, "youtube", "key")]
        if ids and all(_YOUTUBE_ID.match(i) or i.lower() in ("total", "totaal") for i in ids):
            return "youtube_chart" if "date" in yt else "youtube_table"
    tt = _fields(table, "tiktok")
    links = _text(_column(table, "tiktok", "link"))
    if "link" in tt and "tiktok.com" in links:
        return "tiktok_content"
    dates = _column(table, "tiktok", "date")
    if "date" in tt and "hour" in tt and "active_followers" in tt:
        return "tiktok_follower_activity"
    if "date" in tt and ({"viewers", "new_viewers", "returning_viewers"} & tt) and "views" not in tt:
        return "tiktok_viewers"
    if "date" in tt and "profile_views" in tt and _yearless(dates):
        return "tiktok_overview"
    meta = _fields(table, "meta")
    meta_links = _text(_column(table, "meta", "link"))
    lifetime = any(str(v).strip().lower() in ("lifetime", "levensduur") for v in _column(table, "meta", "date"))
    if "key" in meta and (
        "facebook.com" in meta_links
        or "instagram.com" in meta_links
        or lifetime
        or {"post_type", "published"} <= meta
        or any(str(v).lower().startswith("ig ") for v in _column(table, "meta", "post_type"))
    ):
        return "meta_posts"
    li = _fields(table, "linkedin")
    if "linkedin.com" in _text(_column(table, "linkedin", "link")) or (
        "link" in li and {"impressions", "clicks"} <= li
    ):
        return "linkedin_posts"
    if "date" in li and any(f.endswith("_organic") or f.endswith("_sponsored") for f in li):
        return "linkedin_metrics"
    if "date" in yt and yt - {"date"} and yt <= {"date", "views", "watch_time_hours", "subscribers_net", "impressions"}:
        if _yearless(dates):
            return "tiktok_overview"
        return "youtube_totals"
    if "date" in tt and "views" in tt and _yearless(dates):
        return "tiktok_overview"
    return None


def _unrecognised(table: RawTable) -> Exception:
    shown = ", ".join(table.header[:12])
    return located(
        Msg("not a platform export reelwise recognises (columns: {columns})", columns=shown),
        table.where(),
        table.header_line,
    )


def parse_file(data: bytes, name: str, ctx: ImportContext) -> ParsedExport:
    """Read, detect and parse one export file. Raises only :class:`DataImportError`."""
    if data.startswith(_XLSX_MAGIC):
        tables = read_xlsx(data, name)
        parsed: list[ParsedExport] = []
        for table in tables:
            kind = detect_kind(table)
            if kind is not None:
                parsed.append(KINDS[kind](table, kind, ctx))
        if not parsed:
            if tables:
                raise _unrecognised(tables[0])
            raise located(Msg("the workbook has no sheet with data"), name)
        return _merge(parsed)
    table = read_csv(data, name)
    kind = detect_kind(table)
    if kind is None:
        raise _unrecognised(table)
    return KINDS[kind](table, kind, ctx)


def _merge(parts: list[ParsedExport]) -> ParsedExport:
    if len(parts) == 1:
        return parts[0]
    first = parts[0]
    kinds = sorted({p.kind for p in parts})
    kind = "linkedin_content" if all(k.startswith("linkedin") for k in kinds) else "+".join(kinds)
    merged = ParsedExport(kind=kind, records=first.records, rows_read=first.rows_read)
    merged.unknown_columns = list(first.unknown_columns)
    starts: list[dt.date] = [p.period_start for p in parts if p.period_start]
    ends: list[dt.date] = [p.period_end for p in parts if p.period_end]
    for part in parts[1:]:
        merged.records.extend(part.records)
        merged.rows_read += part.rows_read
        merged.unknown_columns += [c for c in part.unknown_columns if c not in merged.unknown_columns]
    merged.period_start = min(starts) if starts else None
    merged.period_end = max(ends) if ends else None
    return merged
