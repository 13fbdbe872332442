"""Importing into a workspace: idempotent, updates instead of double counts, batches go on."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from reelwise.analytics.store import EventStore, workspace_store_path
from reelwise.services.imports import import_files

NOW = dt.datetime(2026, 6, 20, 12, 0)
TODAY = NOW.date()
YT = "exports/youtube-studio-shorts-channel"


def stored(data_dir: Path, sql: str) -> list[tuple[object, ...]]:
    with EventStore.open(workspace_store_path(data_dir, "acme")) as store:
        return store.connection.execute(sql).fetchall()


def test_real_exports_import_once(shared_data: Path, tmp_path: Path) -> None:
    files = sorted((shared_data / "exports").rglob("*.csv"))
    first = import_files(files, "acme", tmp_path, today=TODAY, now=NOW)
    assert [f.status for f in first.files] == ["imported"] * 7
    views = stored(tmp_path, "SELECT value FROM platform_metrics WHERE platform='youtube' AND video_key='UWQNrpakgcA' "
                              "AND metric='views' AND day IS NULL")  # fmt: skip
    assert views == [(30331.0,)]
    total = stored(tmp_path, "SELECT sum(value) FROM platform_metrics WHERE platform='youtube' AND video_key='' "
                             "AND metric='views' AND day IS NOT NULL")  # fmt: skip
    assert total == [(181588.0,)]
    before = stored(tmp_path, "SELECT count(*), sum(value) FROM platform_metrics")
    again = import_files(files, "acme", tmp_path, today=TODAY, now=NOW + dt.timedelta(days=1))
    assert [f.status for f in again.files] == ["already_imported"] * 7
    assert all(f.rows_new == f.rows_updated == 0 for f in again.files)
    assert stored(tmp_path, "SELECT count(*), sum(value) FROM platform_metrics") == before
    assert stored(tmp_path, "SELECT count(*) FROM import_log") == [(7,)]


def test_a_later_export_updates_and_never_double_counts(tmp_path: Path) -> None:
    early = tmp_path / "Totals.csv"
    early.write_text("Date,Views\n13-06-2025,10\n14-06-2025,20\n", encoding="utf-8")
    first = import_files([early], "acme", tmp_path, today=TODAY, now=NOW)
    assert (first.files[0].rows_new, first.files[0].rows_updated) == (2, 0)
    later = tmp_path / "Totals (1).csv"
    later.write_text("Date,Views\n13-06-2025,10\n14-06-2025,25\n15-06-2025,5\n", encoding="utf-8")
    second = import_files([later], "acme", tmp_path, today=TODAY, now=NOW)
    assert (second.files[0].rows_new, second.files[0].rows_updated) == (1, 1)
    assert stored(tmp_path, "SELECT sum(value) FROM platform_metrics WHERE metric='views'") == [(40.0,)]


def test_the_same_data_in_another_file_changes_nothing(tmp_path: Path) -> None:
    a = tmp_path / "a.csv"
    a.write_text("Date,Views\n13-06-2025,10\n", encoding="utf-8")
    b = tmp_path / "b.csv"
    b.write_text("Date,Views\r\n13-06-2025,10\r\n", encoding="utf-8")  # other bytes, same numbers
    summary = import_files([a, b], "acme", tmp_path, today=TODAY, now=NOW)
    assert [(f.status, f.rows_new, f.rows_updated) for f in summary.files] == [("imported", 1, 0), ("imported", 0, 0)]


def test_a_batch_goes_on_past_bad_files(shared_data: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("Content,Video title,Views\nabcdefghijk,x,lots\n", encoding="utf-8")
    good = shared_data / YT / "Totals.csv"
    summary = import_files([bad, tmp_path / "missing.csv", tmp_path, good], "acme", tmp_path, today=TODAY, now=NOW)
    assert [f.status for f in summary.files] == ["failed", "failed", "failed", "imported"]
    assert "bad.csv:2 [Views]" in (summary.files[0].error.render() if summary.files[0].error else "")
    assert summary.totals()["failed"] == 3
    assert stored(tmp_path, "SELECT count(*) FROM platform_metrics") == [(365,)]
    assert stored(tmp_path, "SELECT count(*) FROM import_log") == [(1,)]  # failed files leave no trace


def test_unknown_columns_are_kept_and_reported(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text('Content,Video title,Views,Remix score,Mood\nabcdefghijk,Hi,5,"1,5",happy\n', encoding="utf-8")
    summary = import_files([path], "acme", tmp_path, today=TODAY, now=NOW)
    assert summary.files[0].unknown_columns == ["Remix score", "Mood"]
    rows = stored(tmp_path, "SELECT metric, value, text_value FROM platform_metrics WHERE metric IN "
                            "('Remix score', 'Mood') ORDER BY 1")  # fmt: skip
    assert rows == [("Mood", None, "happy"), ("Remix score", 1.5, None)]
