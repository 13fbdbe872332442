"""Every part of the plan model: what it accepts, what it normalises, what it refuses."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from pydantic import ValidationError
from tests.domain.plans import BASE, plan_data

from reelwise.domain.catalogues import AssetKind, CtaType, Metric, MetricKind, Platform, ProductionStatus
from reelwise.domain.plan import (
    Asset,
    BrandKit,
    Campaign,
    Channel,
    Cta,
    Goal,
    Measurement,
    Persona,
    Plan,
    Post,
    Video,
)


def test_the_base_plan_covers_every_part() -> None:
    plan = Plan.model_validate(BASE)
    assert plan.brand.name == "Koffiebar Noord"
    assert plan.campaign.stages == ["See", "Think", "Do", "Care"]
    assert plan.campaign.launch_date == dt.date(2027, 3, 1)
    assert plan.personas[0].platforms == [Platform.TIKTOK, Platform.INSTAGRAM_REELS]
    assert plan.goals[1].serves == "verkoop"
    assert plan.videos[0].cta is not None and plan.videos[0].cta.type is CtaType.VISIT
    assert plan.videos[0].production.status is ProductionStatus.APPROVED
    assert plan.assets[0].kind is AssetKind.POSTER and plan.assets[0].kind.offline
    assert plan.distribution.posts[0].moment == dt.datetime(2027, 3, 2, 12, 30)
    assert plan.channels[0].response_time_hours == 6
    assert plan.pr.outlets[0].lead_time_days == 7
    assert plan.measurement.brand_lift is not None and plan.measurement.brand_lift.control_share == 0.5


def test_brand_colours_are_normalised_to_upper_six_digit_hex() -> None:
    assert BrandKit(name="x", colours=["#abc", "#a1b2c3"]).colours == ["#AABBCC", "#A1B2C3"]


@pytest.mark.parametrize("colour", ["abc", "#abcd", "#ggg000", "red", ""])
def test_bad_colours_are_refused(colour: str) -> None:
    with pytest.raises(ValidationError):
        BrandKit(name="x", colours=[colour])


def test_persona_age_range_and_hours() -> None:
    Persona(id="p", name="P", age={"min": 20, "max": 30}, active_hours=["07:00-09:00", "20:00-24:00"])
    with pytest.raises(ValidationError):
        Persona(id="p", name="P", age={"min": 40, "max": 30})
    for hours in ["9-17", "10:00-09:00", "25:00-26:00"]:
        with pytest.raises(ValidationError):
            Persona(id="p", name="P", active_hours=[hours])


def test_campaign_dates_stages_and_expectations() -> None:
    c = Campaign(name="c", start="2027-01-01", end="2027-02-01", stages=["Awareness", "Purchase"])
    assert c.stages == ["Awareness", "Purchase"]
    with pytest.raises(ValidationError):
        Campaign(name="c", start="2027-02-01", end="2027-01-01")
    with pytest.raises(ValidationError):
        Campaign(name="c", start="2027-01-01", end="2027-02-01", stages=["See", "see"])
    with pytest.raises(ValidationError):
        Campaign(name="c", start="2027-01-01", end="2027-02-01", expectations={"conversion_rate": 1.5})


def test_goal_metrics_come_from_the_catalogue() -> None:
    goal = Goal(id="g", metric="brand_recall_lift", target=0.05)
    assert goal.metric is Metric.BRAND_RECALL_LIFT and goal.metric.kind is MetricKind.BRAND and goal.metric.is_rate
    assert Metric.SALES.kind is MetricKind.OUTCOME and Metric.VIEWS.kind is MetricKind.ATTENTION
    with pytest.raises(ValidationError):
        Goal(id="g", metric="likes_per_minute")
    with pytest.raises(ValidationError):
        Goal(id="g", metric="views", target=-1)


def test_video_cta_or_branded_content() -> None:
    Video(id="v", title="t", stage="See", branded_content=True)
    Video(id="v", title="t", stage="See", cta={"type": "follow", "text": "Volg ons"})
    with pytest.raises(ValidationError):
        Video(id="v", title="t", stage="See", branded_content=True, cta={"type": "follow", "text": "Volg"})
    assert CtaType.BUY.needs_url and not CtaType.FOLLOW.needs_url


def test_cta_url_must_be_a_web_address() -> None:
    assert Cta(type="visit", text="t", url="https://a.example/x?y=1").url == "https://a.example/x?y=1"
    for url in ["a.example", "ftp://a.example", "https://", "http://exa mple.com"]:
        with pytest.raises(ValidationError):
            Cta(type="visit", text="t", url=url)


def test_variants_need_an_aspect_ratio() -> None:
    Video(id="v", title="t", stage="See", variants=[{"id": "sq", "aspect_ratio": "1:1"}])
    for ratio in ["square", "0:1", "16x9"]:
        with pytest.raises(ValidationError):
            Video(id="v", title="t", stage="See", variants=[{"id": "x", "aspect_ratio": ratio}])


def test_assets_posts_channels_and_measurement() -> None:
    assert not Asset(id="a", kind="email", title="t", stage="Care").kind.offline
    post = Post(platform="instagram_stories", video="v", moment="2027-01-01T08:00")
    assert post.platform.network == "instagram"
    with pytest.raises(ValidationError):
        Post(platform="myspace", video="v", moment="2027-01-01T08:00")
    with pytest.raises(ValidationError):
        Channel(platform="tiktok", handle="@x", response_time_hours=0)
    with pytest.raises(ValidationError):
        Measurement(attribution_question={"question": "Hoe?", "options": ["Alleen één"]})
    with pytest.raises(ValidationError):
        Measurement(brand_lift={"questions": []})


def test_unknown_fields_are_refused_everywhere() -> None:
    data: dict[str, Any] = plan_data()
    data["videos"][0]["concept"]["mood"] = "happy"
    with pytest.raises(ValidationError) as info:
        Plan.model_validate(data)
    assert info.value.errors()[0]["loc"] == ("videos", 0, "concept", "mood")


def test_numbers_are_accepted_where_text_is_expected() -> None:
    plan = Plan.model_validate(plan_data(brand={"name": 1962}))
    assert plan.brand.name == "1962"


def test_lookups() -> None:
    plan = Plan.model_validate(BASE)
    assert plan.video("v1") is plan.videos[0] and plan.video("nope") is None
    assert plan.goal("bereik") is plan.goals[1]
    assert plan.persona("studenten") is plan.personas[0]
    assert plan.stage_index("do") == 2 and plan.stage_index("Later") is None
