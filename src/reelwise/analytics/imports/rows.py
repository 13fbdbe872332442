"""The row loop shared by every reader: resolve columns once, then turn cells into metric records."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from reelwise.analytics.imports.base import MetricRecords, RawRow, RawTable, located
from reelwise.analytics.imports.columns import PERCENT_METRICS, ColumnSpec, lookup, metric_name_for_unknown
from reelwise.analytics.imports.values import (
    MonthDay,
    decimal_comma_evidence,
    is_missing,
    numeric_date_order,
    parse_date,
    parse_duration,
    parse_number,
)
from reelwise.i18n import Msg

DUTCH_WORDS = (
    "weergaven", "kijktijd", "vertoningen", "datum", "inhoud", "abonnees", "videotitel", "bereik",
    "vind-ik-leuk", "reacties", "opmerkingen", "klikken", "volgers", "publicatie", "duur", "gedeeld", "kijkers",
)  # fmt: skip


LIFETIME_FIELDS = frozenset({"duration_s"})


@dataclass
class Columns:
    """Where each role, metric, attribute and unknown column sits in a table."""

    roles: dict[str, int] = field(default_factory=dict)
    metrics: list[tuple[int, ColumnSpec, str]] = field(default_factory=list)
    attrs: list[tuple[int, str, str]] = field(default_factory=list)
    unknown: list[tuple[int, str]] = field(default_factory=list)
    numeric_unknown: set[int] = field(default_factory=set)
    decimal_comma: bool = False
    date_order: str = "dmy"

    def unknown_names(self) -> list[str]:
        return [name for _, name in self.unknown]


def resolve_columns(table: RawTable, platform: str, rename: Callable[[str], tuple[str, str]] | None = None) -> Columns:
    """Map every header of ``table``; ``rename`` may split a header into (lookup name, metric suffix)."""
    cols = Columns()
    seen_metrics: set[str] = set()
    for index, header in enumerate(table.header):
        base, suffix = rename(header) if rename else (header, "")
        spec = lookup(base, platform)
        if spec is None:
            cols.unknown.append((index, metric_name_for_unknown(header)))
        elif spec.kind in ("number", "duration"):
            name = spec.field + suffix
            if name in seen_metrics:
                cols.unknown.append((index, metric_name_for_unknown(header)))
                continue
            seen_metrics.add(name)
            cols.metrics.append((index, ColumnSpec(spec.kind, name), header))
        elif spec.kind == "attr":
            cols.attrs.append((index, spec.field + suffix, header))
        elif spec.kind not in cols.roles:
            cols.roles[spec.kind] = index
        else:
            cols.unknown.append((index, metric_name_for_unknown(header)))
    numeric_cells = [row.cells[i] for row in table.rows for i, _, _ in cols.metrics]
    evidence = decimal_comma_evidence(numeric_cells)
    dutch = any(word in header.lower() for header in table.header for word in DUTCH_WORDS)
    cols.decimal_comma = evidence > 0 or (evidence == 0 and dutch)
    for index, _name in cols.unknown:
        values = [row.cells[index] for row in table.rows if not is_missing(row.cells[index])]
        if values and all(_is_number(v, cols.decimal_comma) for v in values):
            cols.numeric_unknown.add(index)
    date_cells = [row.cells[cols.roles[r]] for row in table.rows for r in ("date", "published") if r in cols.roles]
    cols.date_order = numeric_date_order(date_cells)
    return cols


def _is_number(cell: object, decimal_comma: bool) -> bool:
    try:
        parse_number(cell, decimal_comma=decimal_comma)
    except ValueError:
        return False
    return True


def cell(row: RawRow, cols: Columns, role: str) -> object:
    index = cols.roles.get(role)
    return None if index is None else row.cells[index]


def text(row: RawRow, cols: Columns, role: str) -> str | None:
    value = cell(row, cols, role)
    if value is None or not str(value).strip():  # "NULL" or "-" is a real title
        return None
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value).strip()


def date_cell(table: RawTable, row: RawRow, cols: Columns, role: str) -> dt.date | MonthDay | None:
    """The date in ``role``'s column, located error when it is not a date."""
    value = cell(row, cols, role)
    if is_missing(value):
        return None
    try:
        return parse_date(value, order="mdy" if cols.date_order == "mdy" else "dmy")
    except ValueError as exc:
        header = table.header[cols.roles[role]]
        raise located(Msg("'{value}' is not a date", value=str(value)[:80]), table.where(), row.line, header) from exc


def emit_row(
    table: RawTable,
    row: RawRow,
    cols: Columns,
    out: MetricRecords,
    *,
    platform: str,
    key: str,
    title: str | None,
    day: dt.date | None,
    hour: int | None = None,
    percent_scale: float = 1.0,
    published: dt.date | None = None,
) -> None:
    """Append one table row's metrics, attributes and unknown columns to ``out``."""

    def add(metric: str, value: float | None = None, text_value: str | None = None) -> None:
        out.add(platform, key, title, day, metric, value, text_value, hour)

    for index, spec, header in cols.metrics:
        raw = row.cells[index]
        if is_missing(raw):
            continue
        try:
            if spec.kind == "duration":
                value = parse_duration(raw, decimal_comma=cols.decimal_comma)
            else:
                value = parse_number(raw, decimal_comma=cols.decimal_comma)
        except ValueError as exc:
            raise located(
                Msg("'{value}' is not a number", value=str(raw)[:80]), table.where(), row.line, header
            ) from exc
        base = spec.field.removesuffix("_organic").removesuffix("_sponsored")
        if base in PERCENT_METRICS and not isinstance(raw, str):
            value *= percent_scale
        if spec.field in LIFETIME_FIELDS and key and day is not None:  # a property of the video, not of the day
            out.add(platform, key, title, None, spec.field, value, None)
        else:
            add(spec.field, value)
    for index, name, _header in cols.attrs:
        raw = row.cells[index]
        if not is_missing(raw):
            add(name, text_value=_as_text(raw))
    for index, name in cols.unknown:
        raw = row.cells[index]
        if is_missing(raw):
            continue
        if index in cols.numeric_unknown:
            add(name, parse_number(raw, decimal_comma=cols.decimal_comma))
        else:
            add(name, text_value=_as_text(raw))
    if key:  # descriptive attributes belong to the video's lifetime row, even in daily exports
        if published is not None:
            out.add(platform, key, title, None, "published", None, published.isoformat())
        for role in ("link", "post_type"):
            attribute = text(row, cols, role)
            if attribute:
                out.add(platform, key, title, None, role, None, attribute)


def _as_text(raw: object) -> str:
    if isinstance(raw, dt.datetime | dt.date):
        return raw.isoformat()
    return str(raw).strip()
