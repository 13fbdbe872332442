"""The funnel by stage: KPIs, goals, videos and the See → Do step rate."""

from __future__ import annotations

import datetime as dt

from tests.analytics.eventdata import make_plan, plan_data

from reelwise.analytics.funnel import funnel, stage_metrics, standard_stage
from reelwise.analytics.goals import Status, count_progress
from reelwise.domain.catalogues import Metric

TODAY = dt.date(2026, 3, 31)


def test_stages_in_plan_order_with_their_kpis_goals_and_videos() -> None:
    plan = make_plan()
    views = count_progress(
        "views",
        "views",
        stage="See",
        target=10000.0,
        deadline=dt.date(2026, 4, 30),
        today=TODAY,
        current=1000.0,
        daily=[20.0] * 14,
    )
    sales = count_progress(
        "sales",
        "sales",
        stage="Do",
        target=100.0,
        deadline=dt.date(2026, 4, 30),
        today=TODAY,
        current=80.0,
        daily=[5.0] * 14,
    )
    values = {Metric.VIEWS: 1000.0, Metric.REACH: 800.0, Metric.SALES: 80.0, Metric.CTR: 0.03}
    stages = funnel(plan, [views, sales], values)
    assert [s.stage for s in stages] == ["See", "Think", "Do", "Care"]
    see, think, do, care = stages
    assert see.kpis["views"] == 1000.0 and see.kpis["reach"] == 800.0
    assert see.videos == ["v1"] and think.videos == ["v2"]
    assert see.status == Status.OFF_TRACK and do.status == Status.ON_TRACK
    assert [g.goal_id for g in see.goals] == ["views"]
    assert do.step_rate == 80.0 / 1000.0
    assert see.step_rate is None and care.goals == []
    assert do.to_dict()["kpis"]["ctr"] == 0.03


def test_dutch_stage_names_get_the_standard_kpis() -> None:
    data = plan_data()
    data["campaign"]["stages"] = ["Zien", "Denken", "Doen", "Zorgen"]
    for goal in data["goals"]:
        goal["stage"] = {"See": "Zien", "Do": "Doen"}[goal["stage"]]
    data["videos"][0]["stage"] = "Zien"
    data["videos"][1]["stage"] = "Denken"
    plan = make_plan(data)
    assert standard_stage("Doen") == "do"
    assert stage_metrics(plan, "Doen") == [Metric.SALES, Metric.CTR, Metric.REVENUE]
    assert stage_metrics(plan, "Zien")[:2] == [Metric.VIEWS, Metric.BRAND_RECALL_LIFT]
    stages = funnel(plan, [], {Metric.VIEWS: 50.0, Metric.SALES: 5.0})
    assert stages[2].step_rate == 0.1


def test_custom_stages_have_only_their_goals() -> None:
    data = plan_data()
    data["campaign"]["stages"] = ["Awareness", "Purchase"]
    for goal in data["goals"]:
        goal["stage"] = "Awareness"
    data["videos"][0]["stage"] = data["videos"][1]["stage"] = "Awareness"
    plan = make_plan(data)
    stages = funnel(plan, [], {})
    assert set(stages[0].kpis) == {"views", "sales", "ctr", "brand_recall_lift"}
    assert stages[1].kpis == {}
