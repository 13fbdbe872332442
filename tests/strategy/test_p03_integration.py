"""Point 3 rules: each fires on a plan with the flaw and stays quiet on the good baseline."""

from __future__ import annotations

from typing import Any

import pytest
from tests.strategy.plans import TODAY, baseline, plan_of, run_rule

from reelwise.domain.findings import Finding, Severity
from reelwise.domain.registry import REGISTRY, load_all
from reelwise.strategy.base import AuditContext

RULES = (
    "integration.stage_without_video",
    "integration.no_next_step",
    "integration.next_step_backwards",
    "integration.offline_untracked",
    "integration.no_shared_message",
    "integration.no_landing_page",
    "integration.off_brand_colours",
    "integration.asset_outside_campaign",
)


@pytest.mark.parametrize("rule_id", RULES)
def test_good_baseline_passes(rule_id: str) -> None:
    assert run_rule(rule_id) == []


def colour_findings(plan: dict[str, Any], colours: dict[str, list[str]]) -> list[Finding]:
    load_all()
    ctx = AuditContext(plan=plan_of(plan), today=TODAY, image_colours=colours)
    return list(REGISTRY.get("integration.off_brand_colours").func(ctx))


def test_stage_without_video() -> None:
    plan = baseline()
    plan["videos"] = [v for v in plan["videos"] if v["stage"] != "Care"]
    plan["distribution"]["posts"] = [p for p in plan["distribution"]["posts"] if p["video"] != "v-care"]
    [f] = run_rule("integration.stage_without_video", plan)
    assert f.evidence == {"stage": "Care", "has_goal": False}
    assert f.severity is Severity.WARNING


def test_stage_with_a_goal_but_no_video_is_a_problem() -> None:
    plan = baseline()
    plan["videos"] = [v for v in plan["videos"] if v["stage"] != "Do"]
    plan["distribution"]["posts"] = [p for p in plan["distribution"]["posts"] if p["video"] != "v-do"]
    [f] = run_rule("integration.stage_without_video", plan)
    assert f.severity is Severity.PROBLEM
    assert f.message.render("en") == "Stage Do has a goal but no video to reach it"


def test_plan_without_videos() -> None:
    plan = baseline()
    plan["videos"] = []
    plan["distribution"]["posts"] = []
    plan["channels"] = [{k: v for k, v in c.items() if k != "pinned_video"} for c in plan["channels"]]
    plan["pr"]["pitches"] = [{k: v for k, v in p.items() if k != "video"} for p in plan["pr"]["pitches"]]
    [f] = run_rule("integration.stage_without_video", plan)
    assert f.message.render("nl") == "Het plan heeft geen video's"


def test_video_that_leads_nowhere() -> None:
    plan = baseline()
    plan["campaign"]["stages"] = ["See", "Think", "Do", "Care"]
    plan["videos"] = [plan["videos"][0]]  # only See, nothing after it
    plan["assets"] = [plan["assets"][0]]  # the See poster
    plan["distribution"]["posts"] = [p for p in plan["distribution"]["posts"] if p["video"] == "v-see"]
    plan["pr"]["pitches"] = [p for p in plan["pr"]["pitches"] if p.get("video") == "v-see"]
    [f] = run_rule("integration.no_next_step", plan)
    assert f.evidence["video"] == "v-see"
    plan["videos"][0]["next_step"] = ["a-poster"]
    assert run_rule("integration.no_next_step", plan) == []


def test_next_step_back_in_the_funnel() -> None:
    plan = baseline()
    plan["videos"][2]["next_step"] = ["a-poster"]  # Do → a See poster
    [f] = run_rule("integration.next_step_backwards", plan)
    assert f.evidence["next_step"] == "a-poster"


def test_offline_asset_without_qr_or_link() -> None:
    plan = baseline()
    del plan["assets"][0]["qr_target"]
    [f] = run_rule("integration.offline_untracked", plan)
    assert f.severity is Severity.PROBLEM


def test_offline_asset_with_untagged_qr() -> None:
    plan = baseline()
    plan["assets"][0]["qr_target"] = "https://bakkerij.example/lente"
    [f] = run_rule("integration.offline_untracked", plan)
    assert f.severity is Severity.WARNING
    # online assets are tracked by other means and are not judged here
    plan["assets"][0]["kind"] = "email"
    assert run_rule("integration.offline_untracked", plan) == []


def test_asset_sharing_no_keyword_with_the_videos() -> None:
    plan = baseline()
    plan["assets"][2]["keywords"] = ["kerst"]
    plan["assets"][2]["message"] = "Fijne feestdagen"
    plan["assets"][2]["title"] = "Kerstmail"
    [f] = run_rule("integration.no_shared_message", plan)
    assert f.evidence["asset"] == "a-mail"
    assert "lentebrood" in f.evidence["video_keywords"]


def test_asset_without_message_or_keywords() -> None:
    plan = baseline()
    del plan["assets"][1]["message"]
    plan["assets"][1]["keywords"] = []
    [f] = run_rule("integration.no_shared_message", plan)
    assert f.message.render("en") == "Asset a-landing has no message and no keywords"


def test_click_ctas_without_landing_page() -> None:
    plan = baseline()
    plan["assets"] = [a for a in plan["assets"] if a["kind"] != "landing_page"]
    [f] = run_rule("integration.no_landing_page", plan)
    assert f.evidence["videos"] == ["v-think", "v-do", "v-care"]  # watch_next asks for no click


def test_poster_far_from_the_brand_colours() -> None:
    plan = baseline()  # brand: saddle brown #8B4513 and wheat #F5DEB3
    plan["assets"][0]["image"] = "poster.png"
    [f] = colour_findings(plan, {"a-poster": ["#FFFFFF", "#1E90FF", "#00C853"]})
    assert f.severity is Severity.WARNING
    assert f.evidence["delta_e00"]["#1E90FF"] > 20
    assert f.evidence["measured"] is True


def test_poster_in_house_colours_passes() -> None:
    plan = baseline()
    plan["assets"][0]["image"] = "poster.png"
    assert colour_findings(plan, {"a-poster": ["#FFFFFF", "#8E4A18", "#000000"]}) == []
    # black, white and grey only: nothing clashes
    assert colour_findings(plan, {"a-poster": ["#FFFFFF", "#111111", "#808080"]}) == []


def test_poster_colours_not_measured_is_said() -> None:
    plan = baseline()
    plan["assets"][0]["image"] = "poster.png"
    [f] = colour_findings(plan, {})
    assert f.severity is Severity.INFO
    assert f.evidence["measured"] is False


def test_asset_dated_outside_the_campaign() -> None:
    plan = baseline()
    plan["assets"][0]["date"] = "2027-06-01"
    [f] = run_rule("integration.asset_outside_campaign", plan)
    assert f.evidence["asset"] == "a-poster"
