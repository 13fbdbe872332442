"""Reading small user CSV files (answers, survey responses) with located, per-row errors.

A file is UTF-8 (a byte order mark is fine) with a header row; the delimiter is a comma,
a semicolon (Dutch Excel) or a tab. Column names are matched case-insensitively against
English and Dutch aliases. Bad rows are reported with file, line and column, and the
rest of the file is still read.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reelwise.errors import DataImportError, Issue, Location
from reelwise.i18n import Msg

MAX_BYTES = 50 * 1024 * 1024
_DAY_FIRST = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$")


@dataclass
class RowImport:
    """What importing one file did: rows read, new and updated, and the rows skipped (issues)."""

    file: str
    rows_read: int = 0
    rows_new: int = 0
    rows_updated: int = 0
    issues: list[Issue] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "rows_read": self.rows_read,
            "rows_new": self.rows_new,
            "rows_updated": self.rows_updated,
            "issues": [i.render() for i in self.issues],
        }


def read_file(path: Path) -> bytes:
    """The bytes of an input file, or :class:`DataImportError` naming it (missing, unreadable, over 50 MB)."""
    name = str(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DataImportError(
            Msg("file {file} not found", file=name), [Issue(Location(name), Msg("file not found"))]
        ) from None
    except OSError as exc:
        raise DataImportError(
            Msg("cannot read {file}: {reason}", file=name, reason=exc.strerror or str(exc)),
            [Issue(Location(name), Msg("cannot read the file"))],
        ) from None
    if len(raw) > MAX_BYTES:
        raise DataImportError(Msg("{file} is larger than 50 MB", file=name), [Issue(Location(name), Msg("too large"))])
    return raw


@dataclass
class Table:
    file: str
    columns: dict[str, int]  # our name → column index
    rows: list[tuple[int, list[str]]]  # (line, cells)
    issues: list[Issue] = field(default_factory=list)

    def cell(self, row: list[str], name: str) -> str:
        index = self.columns.get(name)
        return row[index].strip() if index is not None and index < len(row) else ""

    def bad(self, line: int, column: str, message: Msg) -> None:
        self.issues.append(Issue(Location(self.file, line, f"[{column}]"), message))


def read_table(path: Path, aliases: Mapping[str, Sequence[str]], required: Sequence[str]) -> Table:
    """Read ``path``; ``aliases`` maps our column names to the headers that mean them."""
    name = str(path)
    raw = read_file(path)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DataImportError(
            Msg("{file} is not UTF-8 text", file=name), [Issue(Location(name, line), Msg("not UTF-8 text"))]
        ) from None
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        raise DataImportError(
            Msg("{file} is empty", file=name), [Issue(Location(name, 1), Msg("empty file"))]
        ) from None
    lookup = {alias.strip().lower(): ours for ours, names in aliases.items() for alias in (ours, *names)}
    columns: dict[str, int] = {}
    for index, head in enumerate(header):
        ours = lookup.get(head.strip().lower())
        if ours is not None and ours not in columns:
            columns[ours] = index
    missing = [c for c in required if c not in columns]
    if missing:
        raise DataImportError(
            Msg("{file} has no column {column}", file=name, column=", ".join(missing)),
            [Issue(Location(name, 1), Msg("missing column {column}", column=", ".join(missing)))],
        )
    rows: list[tuple[int, list[str]]] = []
    try:
        for cells in reader:
            if any(c.strip() for c in cells):
                rows.append((reader.line_num, cells))
    except csv.Error as exc:
        raise DataImportError(
            Msg("{file} is not a valid CSV file: {reason}", file=name, reason=str(exc)),
            [Issue(Location(name, reader.line_num), Msg("not valid CSV"))],
        ) from None
    return Table(name, columns, rows)


def parse_when(text: str) -> dt.datetime:
    """ISO dates and times, or day-first dates (``31-12-2026``, ``31/12/2026 14:05``)."""
    value = text.strip()
    match = _DAY_FIRST.match(value)
    if match:
        day, month, year = int(match[1]), int(match[2]), int(match[3])
        hour, minute, second = (int(match[i]) if match[i] else 0 for i in (4, 5, 6))
        return dt.datetime(year, month, day, hour, minute, second)
    parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(dt.UTC).replace(tzinfo=None)
    return parsed


def stable_ids(keys: Sequence[str], prefix: str) -> Iterator[str]:
    """Ids that stay the same when the same file is imported again (repeats numbered)."""
    seen: dict[str, int] = {}
    for key in keys:
        n = seen.get(key, 0)
        seen[key] = n + 1
        yield prefix + hashlib.sha1(f"{key}\x1f{n}".encode()).hexdigest()[:20]
