"""Point 2 rules: each fires on a plan with the flaw and stays quiet on the good baseline."""

from __future__ import annotations

import pytest
from tests.strategy.plans import baseline, run_rule

from reelwise.domain.catalogues import CtaType
from reelwise.domain.findings import Severity
from reelwise.strategy.p02_cta import STAGE_CTA_FIT

RULES = (
    "cta.missing",
    "cta.no_url",
    "cta.stage_fit",
    "cta.do_without_action",
    "cta.untagged_link",
    "cta.same_everywhere",
    "cta.after_end",
    "cta.text_too_long",
)


@pytest.mark.parametrize("rule_id", RULES)
def test_good_baseline_passes(rule_id: str) -> None:
    assert run_rule(rule_id) == []


def test_video_without_cta() -> None:
    plan = baseline()
    del plan["videos"][1]["cta"]
    [f] = run_rule("cta.missing", plan)
    assert f.evidence["video"] == "v-think"
    assert f.severity is Severity.PROBLEM
    plan["videos"][1]["branded_content"] = True
    assert run_rule("cta.missing", plan) == []


def test_click_cta_without_url() -> None:
    plan = baseline()
    del plan["videos"][2]["cta"]["url"]
    [f] = run_rule("cta.no_url", plan)
    assert f.evidence["field"] == "videos[2].cta.url"
    plan["videos"][2]["cta"]["type"] = "visit_store"  # no click needed
    assert run_rule("cta.no_url", plan) == []


def test_buy_in_see_does_not_fit() -> None:
    plan = baseline()
    plan["videos"][0]["cta"]["type"] = "buy"
    [f] = run_rule("cta.stage_fit", plan)
    assert f.evidence == {"video": "v-see", "stage": "See", "cta_type": "buy", "field": "videos[0].cta.type"}
    assert "See" in f.message.render("nl")


def test_stage_fit_skips_plans_with_their_own_stage_names() -> None:
    plan = baseline()
    plan["campaign"]["stages"] = ["Zien", "Denken", "Doen", "Blijven"]
    mapping = {"See": "Zien", "Think": "Denken", "Do": "Doen", "Care": "Blijven"}
    for part in (*plan["videos"], *plan["assets"], *plan["goals"]):
        part["stage"] = mapping[part["stage"]]
    plan["videos"][0]["cta"]["type"] = "buy"
    assert run_rule("cta.stage_fit", plan) == []


def test_stage_table_covers_every_cta_type_in_every_stage() -> None:
    for stage, row in STAGE_CTA_FIT.items():
        assert set(row) == set(CtaType), stage
    assert STAGE_CTA_FIT["see"][CtaType.BUY] == "poor"
    assert STAGE_CTA_FIT["do"][CtaType.FOLLOW] == "poor"


def test_follow_as_the_only_cta_in_do() -> None:
    plan = baseline()
    plan["videos"][2]["cta"] = {"type": "follow", "text": "Volg ons", "url": "https://instagram.com/bakkerij"}
    [f] = run_rule("cta.do_without_action", plan)
    assert f.severity is Severity.PROBLEM
    assert f.evidence["videos"] == ["v-do"]
    assert "follow" in f.message.render("en")


def test_untagged_cta_link() -> None:
    plan = baseline()
    plan["videos"][1]["cta"]["url"] = "https://bakkerij.example/lente"
    [f] = run_rule("cta.untagged_link", plan)
    assert f.evidence["url"] == "https://bakkerij.example/lente"
    # a half-tagged link is not enough: the campaign name is what credits the click
    plan["videos"][1]["cta"]["url"] = "https://bakkerij.example/lente?utm_source=video"
    assert len(run_rule("cta.untagged_link", plan)) == 1


def test_link_to_a_social_profile_needs_no_utm() -> None:
    plan = baseline()
    plan["videos"][0]["cta"] = {"type": "follow", "text": "Volg ons", "url": "https://www.instagram.com/bakkerij"}
    assert run_rule("cta.untagged_link", plan) == []


def test_same_cta_on_every_video() -> None:
    plan = baseline()
    for v in plan["videos"]:
        v["cta"] = {
            "type": "visit",
            "text": "Kijk op onze site",
            "url": "https://bakkerij.example/?utm_source=v&utm_campaign=l",
        }
    [f] = run_rule("cta.same_everywhere", plan)
    assert f.evidence["text"] == "Kijk op onze site"
    assert "4" in f.message.render("en")


def test_cta_after_the_end_of_the_video() -> None:
    plan = baseline()
    plan["videos"][3]["cta"]["moment_s"] = 31
    [f] = run_rule("cta.after_end", plan)
    assert f.evidence["moment_s"] == 31
    assert f.evidence["duration_s"] == 30


def test_cta_text_too_long() -> None:
    plan = baseline()
    plan["videos"][3]["cta"]["text"] = "Meld je nu aan voor onze wekelijkse broodbrief met recepten, acties en nieuws"
    [f] = run_rule("cta.text_too_long", plan)
    assert f.evidence["words"] == 13


def test_cta_not_verified_without_video_report() -> None:
    [f] = run_rule("cta.in_cut")
    assert f.severity is Severity.INFO
    assert f.evidence["videos"] == ["v-see", "v-think", "v-do", "v-care"]


def test_cta_checked_against_the_video_report() -> None:
    reports = {
        "v-see": {"cta": {"found": True, "first_s": 24.2, "matches_plan": True}},
        "v-think": {"cta": {"found": False, "first_s": None, "matches_plan": None}},
        "v-do": {"cta": {"found": True, "first_s": 20.0, "matches_plan": False}},
        "v-care": {"cta": {"found": True, "first_s": 22.0, "matches_plan": None}},
    }
    found = {f.evidence["video"]: f.severity for f in run_rule("cta.in_cut", video_reports=reports)}
    assert found == {"v-think": Severity.PROBLEM, "v-do": Severity.WARNING}
