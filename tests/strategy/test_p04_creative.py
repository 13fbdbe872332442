"""Point 4 rules: each fires on a plan with the flaw and stays quiet on the good baseline."""

from __future__ import annotations

import pytest
from tests.strategy.plans import baseline, run_rule

from reelwise.domain.findings import Severity

RULES = (
    "creative.no_concept",
    "creative.no_format",
    "creative.one_format",
    "creative.keywords_absent",
    "creative.format_stage_fit",
)


@pytest.mark.parametrize("rule_id", RULES)
def test_good_baseline_passes(rule_id: str) -> None:
    assert run_rule(rule_id) == []


def test_video_without_keywords_or_ideas() -> None:
    plan = baseline()
    plan["videos"][1]["concept"]["keywords"] = []
    plan["videos"][1]["concept"]["ideas"] = []
    [f] = run_rule("creative.no_concept", plan)
    assert f.evidence["video"] == "v-think"
    plan["videos"][1]["concept"]["ideas"] = ["drie broden naast elkaar"]
    assert run_rule("creative.no_concept", plan) == []


def test_video_without_format() -> None:
    plan = baseline()
    del plan["videos"][0]["concept"]["format"]
    [f] = run_rule("creative.no_format", plan)
    assert f.evidence["field"] == "videos[0].concept.format"


def test_authenticity_checklist_not_filled_in() -> None:
    plan = baseline()
    plan["videos"][0]["concept"]["authenticity"] = {}
    found = [f for f in run_rule("creative.authenticity_unchecked", plan) if f.evidence["video"] == "v-see"]
    assert [f.severity for f in found] == [Severity.WARNING]
    assert "real_people" in found[0].evidence["unchecked"]


def test_authenticity_mostly_unchecked_is_a_warning_a_few_open_items_a_note() -> None:
    plan = baseline()
    plan["videos"][0]["concept"]["authenticity"] = {"real_people": False, "honest_claims": True}
    by_video = {f.evidence["video"]: f for f in run_rule("creative.authenticity_unchecked", plan)}
    assert by_video["v-see"].severity is Severity.WARNING
    assert by_video["v-do"].severity is Severity.INFO  # two of six items left open
    for v in plan["videos"]:
        v["concept"]["authenticity"] = dict.fromkeys(
            ["real_people", "real_place", "own_voice", "honest_claims", "no_stock_footage", "shows_the_product_in_use"],
            True,
        )
    assert run_rule("creative.authenticity_unchecked", plan) == []


def test_every_video_in_one_format() -> None:
    plan = baseline()
    for v in plan["videos"]:
        v["concept"]["format"] = "testimonial"
    [f] = run_rule("creative.one_format", plan)
    assert f.evidence["format"] == "testimonial"


def test_concept_keywords_absent_from_title_and_captions() -> None:
    plan = baseline()
    plan["videos"][2]["concept"]["keywords"] = ["ambacht", "desem"]
    [f] = run_rule("creative.keywords_absent", plan)
    assert f.evidence["video"] == "v-do"
    # a caption that uses the keyword is enough
    plan["distribution"]["posts"][4]["caption"] = "Ambachtelijk brood, bestel nu"
    assert run_rule("creative.keywords_absent", plan) == []


def test_dutch_plural_matches_the_keyword() -> None:
    plan = baseline()  # "Drie lentebroden vergeleken" carries the keyword "lentebrood"
    assert not [f for f in run_rule("creative.keywords_absent", plan) if f.evidence["video"] == "v-think"]


def test_brand_film_in_the_do_stage() -> None:
    plan = baseline()
    plan["videos"][2]["concept"]["format"] = "brand_film"
    [f] = run_rule("creative.format_stage_fit", plan)
    assert f.evidence["format"] == "brand_film"


def test_hook_not_measured_without_report_and_checked_with_one() -> None:
    [info] = run_rule("creative.hook")
    assert info.severity is Severity.INFO
    reports = {
        "v-see": {"hook": {"dynamic_start": False, "first_cut_s": 4.8}},
        "v-do": {"hook": {"dynamic_start": True}},
    }
    found = run_rule("creative.hook", video_reports=reports)
    warning = [f for f in found if f.severity is Severity.WARNING]
    assert [f.evidence["video"] for f in warning] == ["v-see"]
    assert warning[0].evidence["first_cut_s"] == 4.8
    [rest] = [f for f in found if f.severity is Severity.INFO]
    assert rest.evidence["videos"] == ["v-think", "v-care"]
