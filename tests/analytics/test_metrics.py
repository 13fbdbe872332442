"""Metrics per video and platform, normalised across platforms, and for our own player."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest
from tests.analytics.eventdata import Events, open_store

from reelwise.analytics import metrics
from reelwise.analytics.store import EventStore

YOUTUBE_TABLE = Path("exports/youtube-studio-shorts-channel/Table data.csv")


@pytest.fixture
def store(tmp_path: Path) -> Iterator[EventStore]:
    s = open_store(tmp_path)
    yield s
    s.close()


def rows(platform: str, key: str, day: dt.date | None, **values: float) -> list[dict[str, Any]]:
    return [
        {
            "platform": platform,
            "video_key": key,
            "video_title": f"{platform} {key}",
            "day": day,
            "hour": None,
            "period_key": day.isoformat() if day else "lifetime",
            "metric": m,
            "value": v,
        }
        for m, v in values.items()
    ]


def load(store: EventStore, records: list[dict[str, Any]]) -> None:
    store.load_arrow(
        "platform_metrics", pa.Table.from_pylist(records), ["platform", "video_key", "period_key", "metric"]
    )


def test_platform_metrics_are_normalised_to_one_shape(store: EventStore) -> None:
    d1, d2 = dt.date(2026, 3, 1), dt.date(2026, 3, 2)
    load(
        store,
        rows(
            "youtube",
            "yt1",
            None,
            views=1000,
            average_view_duration_s=20,
            duration_s=40,
            likes=30,
            comments=10,
            impressions=5000,
            impressions_ctr=4.0,
        )
        + rows("youtube", "yt1", d1, views=400)  # a lifetime row wins over daily rows
        + rows("tiktok", "tt1", d1, views=100, likes=5, shares=5, completion_rate=30.0)
        + rows("tiktok", "tt1", d2, views=300, likes=15, completion_rate=20.0)
        + rows("instagram", "ig1", None, views=200, reach=150, watch_time_hours=2.0, saves=4)
        + rows("tiktok", "", d1, views=99999),  # account level: not a video
    )
    store.load_arrow(
        "videos_map",
        pa.table({"platform": ["youtube"], "video_key": ["yt1"], "video_id": ["launch"]}),
        ["platform", "video_key"],
    )
    by_key = {m.video_key: m for m in metrics.platform_metrics(store.ibis())}
    assert set(by_key) == {"yt1", "tt1", "ig1"}
    yt = by_key["yt1"]
    assert yt.video_id == "launch"
    assert yt.views == 1000
    assert yt.watch_time_hours == pytest.approx(1000 * 20 / 3600)
    assert yt.average_percent_viewed == pytest.approx(0.5)
    assert yt.ctr == pytest.approx(0.04)  # stored as a percentage, reported as a fraction
    assert yt.engagement_rate == pytest.approx(40 / 1000)
    tt = by_key["tt1"]
    assert tt.views == 400  # daily rows summed
    assert tt.completion == pytest.approx(0.25)  # daily rates averaged
    assert tt.engagement_rate == pytest.approx((20 + 5) / 400)
    ig = by_key["ig1"]
    assert ig.average_view_duration_s == pytest.approx(2.0 * 3600 / 200)
    assert ig.reach == 150
    assert ig.engagement_rate == pytest.approx(4 / 200)


def test_a_date_range_uses_daily_rows_only(store: EventStore) -> None:
    load(
        store,
        rows("tiktok", "tt1", dt.date(2026, 3, 1), views=100)
        + rows("tiktok", "tt1", dt.date(2026, 3, 5), views=7)
        + rows("tiktok", "tt1", None, views=5000),
    )
    (m,) = metrics.platform_metrics(store.ibis(), since=dt.date(2026, 3, 2), until=dt.date(2026, 3, 31))
    assert m.views == 7


def test_real_youtube_export_totals_survive_the_trip(shared_data: Path, tmp_path: Path) -> None:
    from reelwise.services.imports import import_files

    import_files([shared_data / YOUTUBE_TABLE], "default", tmp_path, 2025)
    with EventStore.for_workspace(tmp_path) as s:
        videos = [m for m in metrics.platform_metrics(s.ibis()) if m.platform == "youtube"]
    with (shared_data / YOUTUBE_TABLE).open(encoding="utf-8-sig", newline="") as handle:
        table = list(csv.reader(handle))[2:]  # header, then the Total row (which also counts other content)
    assert len(videos) == len(table) == 442
    assert sum(m.views or 0 for m in videos) == pytest.approx(sum(float(r[4]) for r in table))
    assert sum(m.watch_time_hours or 0 for m in videos) == pytest.approx(sum(float(r[5]) for r in table))
    first = next(m for m in videos if m.video_key == "UWQNrpakgcA")
    assert first.ctr == pytest.approx(0.0351)
    assert first.average_view_duration_s == pytest.approx(45.8772 * 3600 / 30331)


def test_own_player_play_rate_finish_rate_time_to_play_and_ctr(store: EventStore) -> None:
    ev = Events()
    ev.session().impression().play().watch_to(10).end()  # 1 s from impression to play
    s = ev.session().impression()
    s.clock += 4.0
    s.play().watch_to(5).cta_shown().cta_clicked().pause()  # 5 s to play
    ev.session().impression()  # seen, never played
    ev.session().impression().play().watch_to(8.5).pause()  # finish: within 2 s of the end
    ev.load(store)
    (m,) = metrics.player_metrics(store.ibis(), by_variant=False)
    assert m.platform == "player"
    assert (m.impressions, m.plays, m.finishes) == (4, 3, 2)
    assert m.play_rate == pytest.approx(3 / 4)
    assert m.finish_rate == pytest.approx(2 / 3)
    assert m.time_to_play_s == pytest.approx(1.0, abs=0.01)  # the median of 1, 5 and 1
    assert m.cta_shown == m.cta_clicked == 1
    assert m.ctr == pytest.approx(1 / 3)
    assert m.watch_time_hours == pytest.approx((10 + 5 + 10) / 3600)  # the finish counts to the end
    assert m.average_percent_viewed == pytest.approx((1.0 + 0.5 + 1.0) / 3)


def test_own_player_per_variant(store: EventStore) -> None:
    ev = Events()
    ev.session(variant="a").impression().play().watch_to(10).end()
    ev.session(variant="b").impression().play().watch_to(1).pause()
    ev.session(variant="b").impression()
    ev.load(store)
    by_variant = {m.variant: m for m in metrics.player_metrics(store.ibis())}
    assert by_variant["a"].finish_rate == 1.0
    assert by_variant["b"].play_rate == 0.5
    assert by_variant["b"].finish_rate == 0.0
