"""Import platform exports into a workspace's event store: detect, parse, upsert, log."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final, Literal

from reelwise.analytics.imports import ImportContext, ParsedExport, parse_file
from reelwise.analytics.imports.base import located
from reelwise.analytics.store import DEFAULT_WORKSPACE, EventStore, workspace_store_path
from reelwise.errors import DataImportError, ReelwiseError
from reelwise.i18n import Msg

MAX_FILE_BYTES: Final = 256 * 1024 * 1024
METRIC_KEY: Final = ("platform", "video_key", "period_key", "metric")
COMPARED: Final = ("value", "text_value", "video_title")

Status = Literal["imported", "already_imported", "failed"]


@dataclass
class FileResult:
    """What happened to one file of the batch."""

    path: Path
    status: Status
    kind: str | None = None
    rows_read: int = 0
    rows_new: int = 0
    rows_updated: int = 0
    unknown_columns: list[str] = field(default_factory=list)
    totals: dict[str, float] = field(default_factory=dict)
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    error: ReelwiseError | None = None

    def as_json(self, lang: str | None = None) -> dict[str, Any]:
        return {
            "file": str(self.path),
            "status": self.status,
            "kind": self.kind,
            "rows_read": self.rows_read,
            "rows_new": self.rows_new,
            "rows_updated": self.rows_updated,
            "columns_not_understood": self.unknown_columns,
            "totals": self.totals,
            "period_start": self.period_start.isoformat() if self.period_start else None,
            "period_end": self.period_end.isoformat() if self.period_end else None,
            "error": self.error.render(lang) if self.error else None,
        }


@dataclass
class ImportSummary:
    workspace: str
    store_path: Path
    files: list[FileResult] = field(default_factory=list)

    @property
    def failed(self) -> list[FileResult]:
        return [f for f in self.files if f.status == "failed"]

    def totals(self) -> dict[str, int]:
        return {
            "files": len(self.files),
            "imported": sum(f.status == "imported" for f in self.files),
            "already_imported": sum(f.status == "already_imported" for f in self.files),
            "failed": len(self.failed),
            "rows_read": sum(f.rows_read for f in self.files),
            "rows_new": sum(f.rows_new for f in self.files),
            "rows_updated": sum(f.rows_updated for f in self.files),
        }


def metrics_table(parsed: ParsedExport, source_file: str, imported_at: dt.datetime) -> Any:
    """The parsed records as an Arrow table shaped like ``platform_metrics``."""
    import pyarrow as pa

    rec = parsed.records
    n = len(rec)
    return pa.table(
        {
            "platform": pa.array(rec.platform, pa.string()),
            "video_key": pa.array(rec.video_key, pa.string()),
            "video_title": pa.array(rec.video_title, pa.string()),
            "day": pa.array(rec.day, pa.date32()),
            "hour": pa.array(rec.hour, pa.int16()),
            "period_key": pa.array(rec.period_key, pa.string()),
            "period_start": pa.array([parsed.period_start] * n, pa.date32()),
            "period_end": pa.array([parsed.period_end] * n, pa.date32()),
            "metric": pa.array(rec.metric, pa.string()),
            "value": pa.array(rec.value, pa.float64()),
            "text_value": pa.array(rec.text_value, pa.string()),
            "source_file": pa.array([source_file] * n, pa.string()),
            "imported_at": pa.array([imported_at] * n, pa.timestamp("us")),
        }
    )


def _read(path: Path) -> bytes:
    name = str(path)
    try:
        if path.is_dir():
            raise located(Msg("this is a folder, not an export file"), name)
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise located(Msg("the file is larger than {limit} MB", limit=MAX_FILE_BYTES // (1024 * 1024)), name)
        return path.read_bytes()
    except FileNotFoundError as exc:
        raise located(Msg("the file does not exist"), name) from exc
    except OSError as exc:
        raise located(Msg("the file cannot be read: {reason}", reason=exc.strerror or str(exc)), name) from exc


def import_one(
    path: Path, store_path: Path, ctx: ImportContext, now: dt.datetime, *, lock_timeout_s: float = 10.0
) -> FileResult:
    """Import one file. Problems come back in the result, never as an exception."""
    try:
        data = _read(path)
        parsed = parse_file(data, path.name, ctx)
    except DataImportError as exc:
        return FileResult(path=path, status="failed", error=exc)
    except Exception as exc:  # a reader bug must not stop the batch; the message says what broke
        reason = type(exc).__name__ + ": " + str(exc)
        error = located(Msg("unexpected problem reading this file: {error}", error=reason), str(path))
        return FileResult(path=path, status="failed", error=error)
    result = FileResult(
        path=path,
        status="imported",
        kind=parsed.kind,
        rows_read=parsed.rows_read,
        unknown_columns=parsed.unknown_columns,
        totals=parsed.totals(),
        period_start=parsed.period_start,
        period_end=parsed.period_end,
    )
    digest = hashlib.sha256(data).hexdigest()
    try:
        with EventStore.open(store_path, lock_timeout_s=lock_timeout_s) as store:
            con = store.connection
            if con.execute("SELECT 1 FROM import_log WHERE file_hash = ?", [digest]).fetchone():
                result.status = "already_imported"
                return result
            with store.transaction():
                loaded = store.load_arrow(
                    "platform_metrics", metrics_table(parsed, path.name, now), METRIC_KEY, compare_cols=COMPARED
                )
                con.execute(
                    "INSERT INTO import_log VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [digest, path.name, parsed.kind, now, parsed.rows_read, loaded.new, loaded.updated],
                )
            result.rows_new, result.rows_updated = loaded.new, loaded.updated
    except ReelwiseError as exc:
        result.status = "failed"
        result.error = exc
    return result


def import_files(
    paths: Sequence[Path],
    workspace: str = DEFAULT_WORKSPACE,
    data_dir: Path | None = None,
    year: int | None = None,
    *,
    today: dt.date | None = None,
    now: dt.datetime | None = None,
    on_file: Callable[[FileResult], None] | None = None,
) -> ImportSummary:
    """Import every file into ``workspace``; a bad file is reported and the batch goes on.

    ``year`` is the year of the last date in exports whose dates carry none; without it,
    ``today`` decides (the latest such date that is not in the future).
    """
    if data_dir is None:
        raise ValueError("data_dir is required")
    store_path = workspace_store_path(data_dir, workspace)
    moment = now or dt.datetime.now(dt.UTC).replace(tzinfo=None)
    ctx = ImportContext(year=year, today=today or moment.date())
    summary = ImportSummary(workspace=workspace, store_path=store_path)
    for path in paths:
        result = import_one(Path(path), store_path, ctx, moment)
        summary.files.append(result)
        if on_file is not None:
            on_file(result)
    return summary
