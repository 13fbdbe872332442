"""Point 1 rules: each fires on a plan with the flaw and stays quiet on the good baseline."""

from __future__ import annotations

from tests.strategy.plans import baseline, run_rule

from reelwise.domain.findings import Severity


def test_good_baseline_passes_every_goal_rule() -> None:
    for rule_id in (
        "goals.no_goals",
        "goals.no_target",
        "goals.no_deadline",
        "goals.no_stage",
        "goals.rate_as_percent",
        "goals.attention_unlinked",
        "goals.no_do_goal",
        "goals.unreachable_target",
        "goals.no_expectations",
        "goals.deadline_outside_campaign",
    ):
        assert run_rule(rule_id) == [], rule_id


def test_no_goals() -> None:
    plan = baseline()
    plan["goals"] = []
    plan["measurement"]["kpis"] = []
    plan["measurement"]["alerts"] = []
    [f] = run_rule("goals.no_goals", plan)
    assert f.severity is Severity.PROBLEM
    assert f.message.render("nl") == "Het plan heeft geen doelen"


def test_goal_without_target_deadline_or_stage() -> None:
    plan = baseline()
    for key in ("target", "deadline", "stage"):
        del plan["goals"][0][key]
    assert [f.evidence["goal"] for f in run_rule("goals.no_target", plan)] == ["g-sales"]
    [deadline] = run_rule("goals.no_deadline", plan)
    assert deadline.evidence["field"] == "goals[0].deadline"
    [stage] = run_rule("goals.no_stage", plan)
    assert stage.severity is Severity.WARNING


def test_rate_written_as_percent() -> None:
    plan = baseline()
    plan["goals"][2]["target"] = 3  # meant 3 %, wrote 3 (= 300 %)
    [f] = run_rule("goals.rate_as_percent", plan)
    assert f.evidence["goal"] == "g-recall"
    assert "100 %" in f.message.render("en")


def test_attention_goal_not_linked() -> None:
    plan = baseline()
    del plan["goals"][1]["serves"]
    [f] = run_rule("goals.attention_unlinked", plan)
    assert f.evidence == {"goal": "g-reach", "metric": "reach", "field": "goals[1].serves"}
    plan["goals"][1]["awareness_only"] = True
    assert run_rule("goals.attention_unlinked", plan) == []


def test_selling_campaign_without_do_goal() -> None:
    plan = baseline()
    plan["goals"][0]["stage"] = "Think"
    [f] = run_rule("goals.no_do_goal", plan)
    assert f.severity is Severity.PROBLEM
    plan["campaign"]["sells"] = False
    assert run_rule("goals.no_do_goal", plan) == []


def test_do_goal_with_own_stage_names_accepts_any_outcome_goal() -> None:
    plan = baseline()
    plan["campaign"]["stages"] = ["Aandacht", "Actie"]
    for g in plan["goals"]:
        g["stage"] = "Actie"
    for v in plan["videos"]:
        v["stage"] = "Actie"
    for a in plan["assets"]:
        a["stage"] = "Actie"
    assert run_rule("goals.no_do_goal", plan) == []


def test_target_beyond_the_plans_own_reach() -> None:
    plan = baseline()
    plan["goals"][0]["target"] = 5000  # 50,000 reached × 2 % = 1,000 at most
    [f] = run_rule("goals.unreachable_target", plan)
    assert f.severity is Severity.PROBLEM
    assert f.evidence["ceiling"] == 1000
    assert f.evidence["conversion_rate_stated"] is True
    assert "1,000" in f.message.render("en")
    assert "hooguit 1.000 op" in f.message.render("nl")  # numbers written the Dutch way
    assert "2%" in f.message.render("nl")


def test_reachability_uses_default_ceiling_without_stated_rate() -> None:
    plan = baseline()
    del plan["campaign"]["expectations"]["conversion_rate"]
    plan["goals"][0]["target"] = 2400  # 50,000 × 5 % = 2,500: fine
    assert run_rule("goals.unreachable_target", plan) == []
    plan["goals"][0]["target"] = 2600
    [f] = run_rule("goals.unreachable_target", plan)
    assert f.evidence["conversion_rate"] == 0.05
    assert f.evidence["conversion_rate_stated"] is False


def test_reachability_not_checkable_without_reach_goal_is_said() -> None:
    plan = baseline()
    plan["goals"] = [g for g in plan["goals"] if g["id"] != "g-reach"]
    plan["measurement"]["kpis"] = [k for k in plan["measurement"]["kpis"] if k["goal"] != "g-reach"]
    plan["measurement"]["alerts"] = [a for a in plan["measurement"]["alerts"] if a.get("goal") != "g-reach"]
    [f] = run_rule("goals.unreachable_target", plan)
    assert f.severity is Severity.INFO


def test_no_expectations() -> None:
    plan = baseline()
    del plan["campaign"]["expectations"]
    [f] = run_rule("goals.no_expectations", plan)
    assert f.severity is Severity.WARNING
    plan["campaign"]["expectations"] = {"touchpoints": 4}
    [partial] = run_rule("goals.no_expectations", plan)
    assert partial.severity is Severity.INFO
    assert partial.evidence["missing"] == ["days_to_conversion", "conversion_rate"]


def test_deadline_outside_campaign() -> None:
    plan = baseline()
    plan["goals"][1]["deadline"] = "2027-06-30"
    [f] = run_rule("goals.deadline_outside_campaign", plan)
    assert f.evidence["deadline"] == "2027-06-30"
    assert "2027-04-30" in f.message.render("en")


def test_progress_not_measured_is_info_never_silent() -> None:
    [f] = run_rule("goals.progress")
    assert f.severity is Severity.INFO
    assert f.evidence["measured"] is False
    assert f.evidence["goals"] == ["g-sales", "g-reach", "g-recall"]


def test_progress_missed_target_after_deadline() -> None:
    import datetime as dt

    metrics = {"goals": {"g-sales": 120, "g-reach": 61000, "g-recall": 0.04}}
    found = run_rule("goals.progress", metrics=metrics, today=dt.date(2027, 5, 2))
    assert [f.evidence["goal"] for f in found] == ["g-sales"]
    assert found[0].severity is Severity.PROBLEM
    assert run_rule("goals.progress", metrics=metrics, today=dt.date(2027, 4, 1)) == []
