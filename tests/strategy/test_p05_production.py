"""Point 5 rules: each fires on a plan with the flaw and stays quiet on the good baseline."""

from __future__ import annotations

import datetime as dt

import pytest
from tests.strategy.plans import baseline, run_rule

from reelwise.domain.catalogues import CreativeFormat, ProductionMode
from reelwise.domain.findings import Severity
from reelwise.strategy.floors import CREW_DAYS_PER_MINUTE, billed_minutes, floor_per_minute

RULES = (
    "production.no_mode",
    "production.no_budget",
    "production.budget_below_floor",
    "production.publish_before_approval",
    "production.schedule_at_risk",
    "production.delivery_after_post",
    "production.make_or_buy",
    "production.over_campaign_budget",
)


@pytest.mark.parametrize("rule_id", RULES)
def test_good_baseline_passes(rule_id: str) -> None:
    assert run_rule(rule_id) == []


def test_no_mode_and_no_budget() -> None:
    plan = baseline()
    del plan["videos"][0]["production"]["mode"]
    del plan["videos"][0]["production"]["budget_eur"]
    assert [f.evidence["video"] for f in run_rule("production.no_mode", plan)] == ["v-see"]
    assert [f.evidence["video"] for f in run_rule("production.no_budget", plan)] == ["v-see"]


def test_every_format_and_mode_has_a_floor() -> None:
    assert set(CREW_DAYS_PER_MINUTE) == set(CreativeFormat)
    for fmt in CreativeFormat:
        assert floor_per_minute(fmt, ProductionMode.IN_HOUSE) < floor_per_minute(fmt, ProductionMode.AGENCY)
    assert floor_per_minute(CreativeFormat.ANIMATION, ProductionMode.AGENCY) == 5400
    assert billed_minutes(15) == 0.5  # short videos still carry the fixed costs of a shoot


def test_budget_far_below_the_floor_is_a_problem() -> None:
    plan = baseline()
    plan["videos"][2]["production"]["budget_eur"] = 200  # product demo, freelance: floor 1000 per minute
    [f] = run_rule("production.budget_below_floor", plan)
    assert f.severity is Severity.PROBLEM
    assert f.evidence["per_minute_eur"] == 400
    assert f.evidence["floor_eur"] == 1000
    assert "1,000" in f.message.render("en")


def test_budget_a_little_below_the_floor_is_a_warning() -> None:
    plan = baseline()
    plan["videos"][2]["production"]["budget_eur"] = 400  # 800 per minute against 1000
    [f] = run_rule("production.budget_below_floor", plan)
    assert f.severity is Severity.WARNING


def test_published_before_approval() -> None:
    plan = baseline()
    plan["videos"][0]["production"]["approved_on"] = "2027-03-20"  # first post 2027-03-15
    [f] = run_rule("production.publish_before_approval", plan)
    assert f.evidence == {"video": "v-see", "first_post": "2027-03-15", "approved_on": "2027-03-20"}


def test_post_date_passed_while_not_approved() -> None:
    plan = baseline()
    plan["videos"][0]["production"].update(status="edit")
    del plan["videos"][0]["production"]["approved_on"]
    [f] = run_rule("production.publish_before_approval", plan, today=dt.date(2027, 3, 16))
    assert f.evidence["status"] == "edit"
    assert run_rule("production.publish_before_approval", plan, today=dt.date(2027, 3, 1)) == []


def test_schedule_at_risk() -> None:
    plan = baseline()
    plan["videos"][0]["production"].update(status="script")
    del plan["videos"][0]["production"]["approved_on"]
    [f] = run_rule("production.schedule_at_risk", plan, today=dt.date(2027, 3, 10))  # 5 days, needs ~14
    assert f.evidence["days_left"] == 5
    assert f.evidence["days_needed"] == 14
    assert run_rule("production.schedule_at_risk", plan, today=dt.date(2027, 2, 1)) == []


def test_delivery_after_first_post() -> None:
    plan = baseline()
    plan["videos"][3]["production"]["delivery"] = "2027-04-25"  # first post 2027-04-20
    [f] = run_rule("production.delivery_after_post", plan)
    assert f.evidence["first_post"] == "2027-04-20"


def test_complex_format_in_house_on_a_small_budget() -> None:
    plan = baseline()
    plan["videos"][2]["concept"]["format"] = "animation"
    plan["videos"][2]["production"].update(mode="in_house", budget_eur=300)
    [f] = run_rule("production.make_or_buy", plan)
    assert f.severity is Severity.WARNING
    assert f.evidence["specialist_floor_eur"] == 1500  # 6 days × 500 × 0.5 min


def test_authentic_format_bought_from_an_agency_is_a_hint() -> None:
    plan = baseline()
    plan["videos"][0]["production"]["mode"] = "agency"
    [f] = run_rule("production.make_or_buy", plan)
    assert f.severity is Severity.INFO


def test_spending_beyond_the_campaign_budget() -> None:
    plan = baseline()
    plan["campaign"]["budget_eur"] = 8000  # 4 × 2500 production
    [f] = run_rule("production.over_campaign_budget", plan)
    assert f.evidence["production_eur"] == 10000


def test_technical_qa_from_video_reports() -> None:
    [info] = run_rule("production.technical_qa")  # approved videos without a report
    assert info.severity is Severity.INFO
    reports = {
        "v-see": {"findings": [{"id": "qa.loudness", "point": 5, "severity": "problem"}]},
        "v-think": {"findings": [{"id": "hook.dynamic_start", "point": 4, "severity": "warning"}]},
    }
    found = run_rule("production.technical_qa", video_reports=reports)
    [problem] = [f for f in found if f.severity is Severity.PROBLEM]
    assert problem.evidence["checks"] == ["qa.loudness"]
    assert not [f for f in found if f.evidence.get("video") == "v-think"]
