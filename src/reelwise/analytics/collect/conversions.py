"""Conversions posted to ``POST /conversions``: a JSON array or a CSV file, validated.

A request is all or nothing: when any row is bad, nothing is stored and every problem is
reported with its row (the sender fixes the file and posts it again; conversion ids make
that safe). Conversions come from servers and spreadsheets, not from beacons, so the sender
can always retry.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Annotated, Any, Final

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError, field_validator

from reelwise.analytics.collect.events import Reason, reasons_of

MAX_CONVERSIONS_PER_REQUEST: Final = 10_000
COLUMNS: Final = ("conversion_id", "ts", "channel", "campaign", "video_id", "value_eur", "source")
# Column names people actually use (English and Dutch) for the contract's columns.
ALIASES: Final = {
    "id": "conversion_id",
    "order_id": "conversion_id",
    "ordernummer": "conversion_id",
    "conversie_id": "conversion_id",
    "timestamp": "ts",
    "time": "ts",
    "date": "ts",
    "datum": "ts",
    "tijdstip": "ts",
    "kanaal": "channel",
    "campagne": "campaign",
    "video": "video_id",
    "value": "value_eur",
    "amount": "value_eur",
    "waarde": "value_eur",
    "bedrag": "value_eur",
    "bron": "source",
}

Label = Annotated[str, Field(min_length=1, max_length=128)]


class Conversion(BaseModel):
    """One conversion (a lead, a sale, a sign-up)."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    conversion_id: Label = Field(description="Your id for this conversion; posting it again changes nothing.")
    ts: datetime = Field(description="When it happened: ISO 8601 date or date-time (UTC when no offset is given).")
    channel: Label | None = None
    campaign: Label | None = None
    video_id: Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")] | None = None
    value_eur: Annotated[float, Field(ge=0, le=1e12, allow_inf_nan=False)] | None = None
    source: Label | None = None

    @field_validator("ts", mode="before")
    @classmethod
    def _date_or_datetime(cls, value: Any) -> Any:
        if isinstance(value, str) and len(value.strip()) == 10:
            try:
                return datetime.combine(date.fromisoformat(value.strip()), time())
            except ValueError:
                return value
        return value

    @field_validator("ts")
    @classmethod
    def _utc(cls, value: datetime) -> datetime:
        if value.tzinfo is not None:
            value = value.astimezone(UTC).replace(tzinfo=None)
        return value

    @field_validator("value_eur", mode="before")
    @classmethod
    def _decimal_comma(cls, value: Any) -> Any:
        if isinstance(value, str):
            text = value.strip().replace("€", "").replace(" ", "")
            if not text:
                return None
            if "," in text and "." in text:  # 1.234,50 or 1,234.50: the last separator is the decimal one
                text = (
                    text.replace(".", "").replace(",", ".")
                    if text.rfind(",") > text.rfind(".")
                    else text.replace(",", "")
                )
            else:
                text = text.replace(",", ".")
            return text
        return value


_ONE = TypeAdapter(Conversion)


@dataclass(frozen=True)
class RowProblem:
    """A bad row: its 1-based row number (CSV: the line in the file) and every reason."""

    row: int
    reasons: tuple[Reason, ...]

    def as_json(self) -> dict[str, Any]:
        return {"row": self.row, "reasons": [r.as_json() for r in self.reasons]}


@dataclass(frozen=True)
class ParsedConversions:
    conversions: list[Conversion]
    problems: list[RowProblem]
    ignored_columns: list[str]


def _validate_rows(rows: list[tuple[int, Any]], default_source: str) -> ParsedConversions:
    good: list[Conversion] = []
    problems: list[RowProblem] = []
    for row_no, raw in rows:
        if isinstance(raw, dict) and not raw.get("source"):
            raw = {**raw, "source": default_source}
        try:
            good.append(_ONE.validate_python(raw))
        except ValidationError as exc:
            problems.append(RowProblem(row=row_no, reasons=tuple(reasons_of(exc, "(row)"))))
    return ParsedConversions(good, problems, [])


def parse_json(body: bytes) -> ParsedConversions:
    """A JSON array of conversion objects (or ``{"conversions": [...]}``)."""
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ValueError(f"not valid JSON: {exc}") from None
    if isinstance(data, dict) and isinstance(data.get("conversions"), list):
        data = data["conversions"]
    if not isinstance(data, list):
        raise ValueError("expected a JSON array of conversions")
    if len(data) > MAX_CONVERSIONS_PER_REQUEST:
        raise ValueError(f"too many conversions in one request (at most {MAX_CONVERSIONS_PER_REQUEST})")
    return _validate_rows([(i + 1, item) for i, item in enumerate(data)], "api")


def parse_csv(body: bytes) -> ParsedConversions:
    """A CSV file with a header row; ``,`` or ``;`` separated; English or Dutch column names."""
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValueError(f"the CSV is not UTF-8 text: {exc}") from None
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ("\t" if "\t" in first else ",")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        raise ValueError("the CSV is empty") from None
    except csv.Error as exc:
        raise ValueError(f"the CSV cannot be read: {exc}") from None
    names = [h.strip().lower().replace(" ", "_") for h in header]
    mapped = [ALIASES.get(n, n) for n in names]
    if "conversion_id" not in mapped or "ts" not in mapped:
        raise ValueError("the CSV needs the columns conversion_id and ts (see docs/tracking.md)")
    ignored = [header[i] for i, m in enumerate(mapped) if m not in COLUMNS]
    rows: list[tuple[int, Any]] = []
    try:
        for record in reader:
            if not any(cell.strip() for cell in record):
                continue
            if len(rows) >= MAX_CONVERSIONS_PER_REQUEST:
                raise ValueError(f"too many conversions in one request (at most {MAX_CONVERSIONS_PER_REQUEST})")
            values = {m: (record[i].strip() or None) if i < len(record) else None for i, m in enumerate(mapped)}
            rows.append((reader.line_num, {k: v for k, v in values.items() if k in COLUMNS}))
    except csv.Error as exc:
        raise ValueError(f"the CSV cannot be read at line {reader.line_num}: {exc}") from None
    parsed = _validate_rows(rows, "csv")
    return ParsedConversions(parsed.conversions, parsed.problems, ignored)
