"""The campaign report over a workspace's event store, end to end."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pyarrow as pa
import pytest
from tests.analytics.eventdata import T0, Events, make_plan

from reelwise.analytics.goals import Status
from reelwise.analytics.store import EventStore
from reelwise.services.adjustments import add_adjustment
from reelwise.services.report import report

TODAY = dt.date(2026, 3, 31)


def fill(store: EventStore) -> None:
    """Three weeks of a campaign: player events, platform days, conversions, answers, survey."""
    ev = Events()
    for i in range(40):  # v1 is 20 s long; most viewers are gone by 0:05, the CTA comes at 0:09
        day = T0 + dt.timedelta(days=i % 20)
        s = ev.session("v1", 20.0, variant="a" if i % 2 else "b", day=day).impression().play()
        leave = 20.0 if i % 8 == 0 else (3.0 if i % 3 else 12.0)
        s.watch_to(leave)
        s.end() if leave == 20.0 else s.pause()
    ev.session("winter-ad", 15.0).impression().play().watch_to(15).end()  # another campaign's video
    ev.load(store)
    metrics = []
    for d in range(1, 31):
        day = dt.date(2026, 3, d)
        metrics += [
            {
                "platform": "instagram",
                "video_key": "ig1",
                "video_title": "Brood",
                "day": day,
                "hour": None,
                "period_key": day.isoformat(),
                "metric": "views",
                "value": 300.0 if d < 24 else 100.0,
            },
            {
                "platform": "instagram",
                "video_key": "ig1",
                "video_title": "Brood",
                "day": day,
                "hour": None,
                "period_key": day.isoformat(),
                "metric": "impressions",
                "value": 3000.0,
            },
            {
                "platform": "instagram",
                "video_key": "ig1",
                "video_title": "Brood",
                "day": day,
                "hour": None,
                "period_key": day.isoformat(),
                "metric": "clicks",
                "value": 30.0,
            },
        ]
    store.load_arrow(
        "platform_metrics", pa.Table.from_pylist(metrics), ["platform", "video_key", "period_key", "metric"]
    )
    store.load_arrow(
        "videos_map",
        pa.table({"platform": ["instagram"], "video_key": ["ig1"], "video_id": ["v1"]}),
        ["platform", "video_key"],
    )
    conv = [
        {
            "conversion_id": f"c{i}",
            "ts": dt.datetime(2026, 3, 2 + i % 28, 12),
            "channel": "ig" if i % 4 else "tiktok",
            "campaign": "Lente",
            "video_id": "v1",
            "value_eur": 10.0,
            "source": "shop",
        }
        for i in range(60)
    ]
    conv.append(
        {
            "conversion_id": "other",
            "ts": dt.datetime(2026, 3, 5),
            "channel": "instagram",
            "campaign": "Winter",
            "video_id": None,
            "value_eur": 99.0,
            "source": "shop",
        }
    )
    store.load_arrow("conversions", pa.Table.from_pylist(conv), ["conversion_id"])
    answers = ["via Insta", "instagram", "instagarm", "een vriend", "bij de bakker", "bij de bakker", "TikTok", "IG"]
    store.load_arrow(
        "attribution_answers",
        pa.Table.from_pylist(
            [
                {"answer_id": f"a{i}", "ts": dt.datetime(2026, 3, 10), "answer_text": a, "channel": None, "lang": "nl"}
                for i, a in enumerate(answers)
            ]
        ),
        ["answer_id"],
    )
    survey = []
    for i in range(400):
        arm = "exposed" if i < 200 else "control"
        positive = (i % 200) < (90 if arm == "exposed" else 50)
        survey.append(
            {
                "response_id": f"r{i}",
                "ts": dt.datetime(2026, 3, 20),
                "arm": arm,
                "question": "brand_recall",
                "positive": positive,
                "campaign": "Lente",
            }
        )
    store.load_arrow("survey_responses", pa.Table.from_pylist(survey), ["response_id"])
    add_adjustment(
        store,
        hypothesis="A shorter intro keeps viewers",
        change="Intro cut to 2 s",
        when=dt.datetime(2026, 3, 24, 9),
        campaign="Lente",
        metric="views",
    )


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    with EventStore.for_workspace(tmp_path, "bakkerij") as store:
        fill(store)
    return tmp_path


def test_report_of_a_campaign_with_data(data_dir: Path) -> None:
    r = report(make_plan(), "bakkerij", data_dir, TODAY, campaign="Lente")
    assert r.has_data
    goals = {g.goal_id: g for g in r.goals}
    # views: platform days (23 × 300 + 7 × 100 = 7,600) plus 40 plays of v1 in our own player
    # (the other campaign's video does not count)
    assert goals["views"].current == 7_640
    assert goals["views"].projection is not None
    assert goals["sales"].current == 60  # the Winter conversion is not this campaign's
    assert goals["sales"].status in (Status.ON_TRACK, Status.AT_RISK, Status.OFF_TRACK)
    assert goals["ctr"].current == pytest.approx((30 * 30) / (30 * 3000 + 40), rel=0.01)
    assert goals["recall"].current == pytest.approx(0.2, abs=0.01)
    assert [s.stage for s in r.funnel] == ["See", "Think", "Do", "Care"]
    assert r.funnel[0].kpis["views"] == 7_640
    assert r.drop_offs and r.drop_offs[0]["video"] == "v1"
    assert r.drop_offs[0]["t_s"] == 3.0
    shares = {s["channel"]: s for s in r.attribution["shares"]}
    assert shares["instagram"]["answers"] == 4  # via Insta, instagram, the typo instagarm, IG
    assert r.attribution["unmapped"] == [{"answer": "bij de bakker", "count": 2}]
    ratios = {x["channel"]: x for x in r.attribution["self_reported_vs_platform"]}
    assert ratios["instagram"]["platform"] == 45 and ratios["tiktok"]["platform"] == 15
    (recall,) = r.recall
    assert recall.question == "brand_recall" and recall.absolute.prob_positive > 0.99
    assert set(r.ab_tests) == {"v1"}
    (effect,) = r.effects
    assert effect.before_per_day is not None and effect.after_per_day is not None
    assert effect.after_per_day < effect.before_per_day
    ids = {f.id for f in r.findings}
    assert {
        "analytics.cta_after_viewers_left",
        "analytics.brand_after_viewers_left",
        "analytics.alert",
        "analytics.adjustment_effect",
        "analytics.unmapped_answers",
        "analytics.budget_per_euro",
    } <= ids
    cta = next(f for f in r.findings if f.id == "analytics.cta_after_viewers_left")
    assert "0:09" in cta.message.render("en")
    data = r.to_dict("nl")
    json.dumps(data)
    assert data["findings"][0]["severity"] in ("problem", "warning")


def test_report_without_data_says_so(tmp_path: Path) -> None:
    r = report(make_plan(), "empty", tmp_path, TODAY)
    assert not r.has_data
    assert {g.status for g in r.goals} == {Status.NO_DATA}
    assert not (tmp_path / "workspaces" / "empty" / "events.duckdb").exists()
    assert r.to_dict()["findings"] == []


def test_report_is_reproducible(data_dir: Path) -> None:
    a = report(make_plan(), "bakkerij", data_dir, TODAY, campaign="Lente").to_dict()
    b = report(make_plan(), "bakkerij", data_dir, TODAY, campaign="Lente").to_dict()
    assert a == b
