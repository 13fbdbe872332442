"""Read a CSV export into a :class:`RawTable`: encodings, BOM, delimiters, quoted multi-line fields."""

from __future__ import annotations

import csv
import io
from typing import Final

from reelwise.analytics.imports.base import RawRow, RawTable, located
from reelwise.i18n import Msg

MAX_FIELD: Final = 1_000_000
_DELIMITERS: Final = (",", ";", "\t")


def decode(data: bytes, file: str) -> str:
    """Text of an export: UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252."""
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise located(Msg("this is not a text file (it contains NUL bytes)"), file)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise located(Msg("the file claims UTF-16 but cannot be decoded"), file) from exc
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise located(Msg("the file's text encoding is not UTF-8, UTF-16 or Windows-1252"), file) from exc


def _delimiter(text: str) -> str:
    """The delimiter of the header line, counting only characters outside quotes."""
    counts = dict.fromkeys(_DELIMITERS, 0)
    quoted = False
    for ch in text:
        if ch == '"':
            quoted = not quoted
        elif ch == "\n" and not quoted:
            break
        elif not quoted and ch in counts:
            counts[ch] += 1
    best = max(_DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def read_csv(data: bytes, file: str) -> RawTable:
    """Parse a CSV export. Rows keep the line number they start on; blank lines are skipped."""
    text = decode(data, file)
    if "\x00" in text:
        raise located(Msg("this is not a text file (it contains NUL bytes)"), file)
    if not text.strip():
        raise located(Msg("the file is empty"), file)
    # Excel's "sep=;" hint line
    first_line_end = text.find("\n")
    first = text[: first_line_end if first_line_end >= 0 else len(text)].strip()
    line_offset = 0
    if first.lower().startswith("sep=") and len(first) == 5:
        delimiter = first[4]
        text = text[first_line_end + 1 :]
        line_offset = 1
    else:
        delimiter = _delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    records: list[RawRow] = []
    start = 1
    try:
        for cells in reader:
            line = start + line_offset
            start = reader.line_num + 1
            if not any(c.strip() for c in cells):
                continue
            if any(len(c) > MAX_FIELD for c in cells):
                raise located(Msg("a field is longer than {limit} characters", limit=MAX_FIELD), file, line)
            records.append(RawRow(line=line, cells=[c.replace("\r\n", "\n") for c in cells]))
    except csv.Error as exc:
        raise located(Msg("the CSV cannot be read: {reason}", reason=str(exc)), file, start + line_offset) from exc
    if not records:
        raise located(Msg("the file is empty"), file)
    header = records[0]
    names = [str(c).strip().strip("\ufeff").strip() for c in header.cells]
    while names and not names[-1]:
        names.pop()
    if not names:
        raise located(Msg("the first line holds no column names"), file, header.line)
    rows = records[1:]
    width = len(names)
    for row in rows:
        extra = row.cells[width:]
        if any(str(c).strip() for c in extra):
            raise located(
                Msg("this row has {found} fields but the header has {expected}", found=len(row.cells), expected=width),
                file,
                row.line,
            )
        row.cells = row.cells[:width] + [""] * (width - len(row.cells))
    return RawTable(file=file, header=names, rows=rows, header_line=header.line)
