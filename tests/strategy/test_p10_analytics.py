"""Point 10 rules: each fires on a plan with one flaw and stays quiet on the good baseline."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from tests.strategy.plans import baseline, run_rule

import reelwise.strategy.p10_analytics  # noqa: F401  (registers the rules)
from reelwise.domain.findings import Severity
from reelwise.domain.registry import REGISTRY

Data = dict[str, Any]
MEASURED: dict[str, Any] = {"metrics": {}}


def measurement(**values: Any) -> Callable[[Data], None]:
    def mutate(d: Data) -> None:
        for key, value in values.items():
            if value is None:
                d["measurement"].pop(key, None)
            else:
                d["measurement"][key] = value

    return mutate


def kpi(goal: str, **values: Any) -> Callable[[Data], None]:
    def mutate(d: Data) -> None:
        next(k for k in d["measurement"]["kpis"] if k["goal"] == goal).update(values)

    return mutate


def lift(**values: Any) -> Callable[[Data], None]:
    def mutate(d: Data) -> None:
        for key, value in values.items():
            if value is None:
                d["measurement"]["brand_lift"].pop(key, None)
            else:
                d["measurement"]["brand_lift"][key] = value

    return mutate


def options(*names: str) -> Callable[[Data], None]:
    def mutate(d: Data) -> None:
        d["measurement"]["attribution_question"]["options"] = list(names)

    return mutate


def untracked_poster(d: Data) -> None:
    del d["assets"][0]["qr_target"]


CASES: list[Any] = [
    ("analytics.goal_without_kpi", lambda d: d["measurement"]["kpis"].pop(0), Severity.PROBLEM, 1, {}),
    ("analytics.kpi_source_mismatch", kpi("g-sales", source="meta"), Severity.PROBLEM, 1, {}),
    ("analytics.kpi_source_mismatch", kpi("g-recall", source="youtube_studio"), Severity.PROBLEM, 1, {}),
    ("analytics.brand_goal_without_survey", measurement(brand_lift=None), Severity.PROBLEM, 1, {}),
    ("analytics.brand_lift_size", lift(responses_per_arm=2000), Severity.PROBLEM, 1, {}),
    ("analytics.brand_lift_size", lift(minimum_lift=None), Severity.WARNING, 1, {}),
    ("analytics.no_attribution_question", measurement(attribution_question=None), Severity.WARNING, 1, {}),
    (
        "analytics.attribution_options",
        options("Instagram", "Via vrienden", "Poster", "Anders"),
        Severity.WARNING,
        1,
        {},
    ),
    ("analytics.attribution_options", options("Instagram", "YouTube", "LinkedIn"), Severity.WARNING, 1, {}),
    ("analytics.no_review_cadence", measurement(review_cadence=None), Severity.WARNING, 1, {}),
    ("analytics.review_too_rare", measurement(review_cadence="monthly"), Severity.WARNING, 1, {}),
    ("analytics.no_alerts", measurement(alerts=[]), Severity.WARNING, 1, {}),
    (
        "analytics.offline_untracked",
        lambda d: (untracked_poster(d), options("Instagram", "YouTube", "LinkedIn", "Vrienden", "Anders")(d)),
        Severity.WARNING,
        1,
        {},
    ),
    ("analytics.goal_progress", lambda d: None, Severity.INFO, 1, {"metrics": None}),
]


@pytest.mark.parametrize(("rule_id", "mutate", "severity", "count", "ctx"), CASES, ids=[c[0] for c in CASES])
def test_rule_fires_on_the_flaw(
    rule_id: str, mutate: Callable[[Data], None], severity: Severity, count: int, ctx: dict[str, Any]
) -> None:
    data = baseline()
    mutate(data)
    found = run_rule(rule_id, data, **{**MEASURED, **ctx})
    assert len(found) == count, [f.message.render("en") for f in found]
    for f in found:
        assert (f.id, f.point, f.severity) == (rule_id, 10, severity)
        assert f.message.render("nl") != f.message.render("en")


RULES = sorted(c.id for c in REGISTRY if c.id.startswith("analytics.") and c.point == 10 and c.kind.value == "audit")


@pytest.mark.parametrize("rule_id", RULES)
def test_good_plan_passes(rule_id: str) -> None:
    assert run_rule(rule_id, **MEASURED) == []


def test_every_rule_of_the_point_has_a_case() -> None:
    assert {c[0] for c in CASES} == set(RULES)
    assert len(RULES) >= 5


def test_underpowered_survey_says_how_many_responses_are_needed() -> None:
    data = baseline()
    lift(responses_per_arm=2000, minimum_lift=0.02)(data)
    (f,) = run_rule("analytics.brand_lift_size", data)
    assert (f.evidence["needed_exposed"], f.evidence["needed_control"]) == (7728, 7728)
    assert f.evidence["planned_total"] == 4000
    assert f.message.render("en") == (
        "To detect a lift of 2 points the survey needs about 15456 responses (7728 exposed, 7728 control); "
        "4000 are planned."
    )
    # a lift of 5 points needs far fewer: 2,000 per group is then enough
    lift(minimum_lift=0.05)(data)
    assert run_rule("analytics.brand_lift_size", data) == []


def test_attribution_options_are_matched_as_words_in_either_language() -> None:
    data = baseline()
    options("Via Insta", "YouTube-filmpje", "Linkedin", "Anders")(data)
    assert run_rule("analytics.attribution_options", data) == []
    options("Instagram", "YouTube", "Vrienden", "Anders")(data)
    (f,) = run_rule("analytics.attribution_options", data)
    assert f.evidence["missing_networks"] == ["linkedin"]


def test_offline_asset_is_tied_by_qr_tagged_link_or_answer_option() -> None:
    data = baseline()
    untracked_poster(data)  # the attribution question still offers "Poster in de winkel"
    assert run_rule("analytics.offline_untracked", data) == []
    options("Instagram", "YouTube", "LinkedIn", "Anders")(data)
    assert len(run_rule("analytics.offline_untracked", data)) == 1
    data["assets"][0]["link"] = "https://bakkerij.example/lente?utm_source=poster&utm_campaign=lente"
    assert run_rule("analytics.offline_untracked", data) == []


def test_weekly_review_of_a_short_campaign_is_enough() -> None:
    data = baseline()
    data["campaign"].update(start="2027-03-01", end="2027-03-21", launch="2027-03-01")
    assert run_rule("analytics.review_too_rare", data) == []  # three weekly reviews in 21 days
    measurement(review_cadence="biweekly")(data)
    (f,) = run_rule("analytics.review_too_rare", data)
    assert f.evidence["reviews"] == 1 and f.evidence["campaign_days"] == 21
