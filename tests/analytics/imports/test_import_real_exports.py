"""The real exports in the shared data, read in place; numbers checked by hand against the files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from reelwise.analytics.imports import ImportContext, ParsedExport, parse_file

CTX = ImportContext(year=2026)


def parse(shared_data: Path, folder: str, name: str, ctx: ImportContext = CTX) -> ParsedExport:
    path = shared_data / "exports" / folder / name
    return parse_file(path.read_bytes(), name, ctx)


def value(
    parsed: ParsedExport, key: str, metric: str, day: dt.date | None = None, hour: int | None = None
) -> float | None:
    rec = parsed.records
    for k, d, h, m, v in zip(rec.video_key, rec.day, rec.hour, rec.metric, rec.value, strict=True):
        if k == key and d == day and h == hour and m == metric:
            return v
    raise AssertionError(f"no {metric} for {key!r} on {day}")


def text_value(parsed: ParsedExport, key: str, metric: str) -> str | None:
    rec = parsed.records
    for k, d, m, t in zip(rec.video_key, rec.day, rec.metric, rec.text_value, strict=True):
        if k == key and d is None and m == metric:
            return t
    raise AssertionError(f"no {metric} for {key!r}")


YT = "youtube-studio-shorts-channel"
TT = "tiktok-creator"


def test_youtube_table_data(shared_data: Path) -> None:
    parsed = parse(shared_data, YT, "Table data.csv")
    assert parsed.kind == "youtube_table"
    assert parsed.rows_read == 443  # the Total row and 442 videos
    videos = {k for k in parsed.records.video_key if k}
    assert len(videos) == 442
    # the Total row: the channel's totals
    assert parsed.totals() == {"views": 181588.0, "watch_time_hours": 243.645, "impressions": 50929.0,
                               "subscribers_net": 97.0}  # fmt: skip
    assert value(parsed, "UWQNrpakgcA", "views") == 30331
    assert value(parsed, "UWQNrpakgcA", "watch_time_hours") == pytest.approx(45.8772)
    assert value(parsed, "UWQNrpakgcA", "impressions_ctr") == pytest.approx(3.51)
    assert text_value(parsed, "UWQNrpakgcA", "published") == "2025-08-28"
    # an id written with a leading space
    assert value(parsed, "-i5vAKwX_bY", "views") == 634
    assert " -i5vAKwX_bY" not in videos
    assert parsed.unknown_columns == []


def test_youtube_chart_data_and_totals_agree(shared_data: Path) -> None:
    chart = parse(shared_data, YT, "Chart data.csv")
    assert chart.kind == "youtube_chart"
    assert len({k for k in chart.records.video_key}) == 5
    assert (chart.period_start, chart.period_end) == (dt.date(2025, 6, 13), dt.date(2026, 6, 12))
    assert value(chart, "2imBUt8eZaI", "views", dt.date(2025, 6, 13)) == 0
    assert value(chart, "2imBUt8eZaI", "duration_s") == 5  # a property of the video: its lifetime row
    totals = parse(shared_data, YT, "Totals.csv")
    assert totals.kind == "youtube_totals"
    assert value(totals, "", "views", dt.date(2025, 6, 13)) == 1224  # 13-06-2025: day first
    assert value(totals, "", "views", dt.date(2025, 7, 1)) == 3
    assert totals.totals()["views"] == 181588  # the same as the Table data's Total row


def test_tiktok_overview_dates_without_a_year(shared_data: Path) -> None:
    parsed = parse(shared_data, TT, "Overview.csv")
    assert parsed.kind == "tiktok_overview"
    assert (parsed.period_start, parsed.period_end) == (dt.date(2025, 2, 28), dt.date(2026, 2, 27))
    assert value(parsed, "", "views", dt.date(2025, 3, 26)) == 848
    assert value(parsed, "", "comments", dt.date(2025, 8, 12)) == -1  # negative corrections are kept
    assert value(parsed, "", "views", dt.date(2026, 2, 25)) == 25574


def test_tiktok_year_from_today_when_not_given(shared_data: Path) -> None:
    parsed = parse(shared_data, TT, "Overview.csv", ImportContext(today=dt.date(2026, 2, 28)))
    assert parsed.period_end == dt.date(2026, 2, 27)
    parsed = parse(shared_data, TT, "Overview.csv", ImportContext(today=dt.date(2026, 2, 26)))
    assert parsed.period_end == dt.date(2025, 2, 27)  # Feb 27 2026 would be in the future


def test_tiktok_viewers_skip_undefined(shared_data: Path) -> None:
    parsed = parse(shared_data, TT, "Viewers.csv")
    assert parsed.kind == "tiktok_viewers"
    rec = parsed.records
    assert sum(m == "viewers" for m in rec.metric) == 365 - 25  # 25 days say "undefined"
    assert value(parsed, "", "viewers", dt.date(2026, 2, 27)) == 15752
    assert value(parsed, "", "new_viewers", dt.date(2025, 3, 1)) == 0


def test_tiktok_content_and_follower_activity(shared_data: Path) -> None:
    content = parse(shared_data, TT, "Content.csv")
    assert content.kind == "tiktok_content"
    assert content.period_end == dt.date(2026, 2, 28)
    assert value(content, "7527623000473079054", "views") == 191265
    assert text_value(content, "7527623000473079054", "published") == "2025-07-16"
    assert text_value(content, "7602008805399940407", "published") == "2026-02-01"
    assert len(set(content.records.video_key)) == 13
    activity = parse(shared_data, TT, "FollowerActivity.csv")
    assert activity.kind == "tiktok_follower_activity"
    assert value(activity, "", "active_followers", dt.date(2026, 2, 21), hour=0) == 491
    assert len(activity.records) == 168


def test_detection_does_not_use_the_file_name(shared_data: Path) -> None:
    path = shared_data / "exports" / YT / "Table data.csv"
    assert parse_file(path.read_bytes(), "export (3).csv", CTX).kind == "youtube_table"
