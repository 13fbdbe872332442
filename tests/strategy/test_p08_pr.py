"""Point 8 rules: each fires on a plan with one flaw and stays quiet on the good baseline."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from tests.strategy.plans import baseline, run_rule

import reelwise.strategy.p08_pr  # noqa: F401  (registers the rules)
from reelwise.domain.findings import Severity
from reelwise.domain.registry import REGISTRY

Data = dict[str, Any]
MEASURED: dict[str, Any] = {"metrics": {"placements": []}}


def outlet(index: int, **values: Any) -> Callable[[Data], None]:
    def mutate(d: Data) -> None:
        d["pr"]["outlets"][index].update(values)
        for key in [k for k, v in values.items() if v is None]:
            del d["pr"]["outlets"][index][key]

    return mutate


def pitch(index: int, **values: Any) -> Callable[[Data], None]:
    def mutate(d: Data) -> None:
        d["pr"]["pitches"][index].update(values)

    return mutate


def video_production(index: int, **values: Any) -> Callable[[Data], None]:
    def mutate(d: Data) -> None:
        production = d["videos"][index]["production"]
        production.update(values)
        for key in [k for k, v in values.items() if v is None]:
            del production[key]

    return mutate


def both(*mutations: Callable[[Data], None]) -> Callable[[Data], None]:
    def mutate(d: Data) -> None:
        for m in mutations:
            m(d)

    return mutate


CASES: list[Any] = [
    ("pr.no_outlets", lambda d: d.update(pr={}), Severity.PROBLEM, 1, {}),
    ("pr.outlet_incomplete", outlet(0, niche=None), Severity.WARNING, 1, {}),
    ("pr.outlet_incomplete", outlet(1, contact=None, lead_time_days=None), Severity.WARNING, 1, {}),
    ("pr.no_pitches", lambda d: d["pr"].update(pitches=[]), Severity.PROBLEM, 1, {}),
    ("pr.outlet_without_pitch", lambda d: d["pr"]["pitches"].pop(1), Severity.WARNING, 1, {}),
    ("pr.pitch_too_late", pitch(0, date="2027-02-20"), Severity.WARNING, 1, {}),
    (
        "pr.pitches_only_after_launch",
        both(pitch(0, date="2027-03-20"), pitch(1, date="2027-03-16")),
        Severity.PROBLEM,
        1,
        {},
    ),
    ("pr.no_blog_for_niche", lambda d: d["pr"]["blog_posts"].pop(0), Severity.WARNING, 1, {}),
    ("pr.pitch_video_not_ready", video_production(0, approved_on="2027-02-05"), Severity.INFO, 1, {}),
    ("pr.pitch_video_not_ready", video_production(0, approved_on="2027-03-20"), Severity.WARNING, 1, {}),
    (
        "pr.pitch_video_not_ready",
        video_production(0, status="edit", approved_on=None, delivery=None),
        Severity.WARNING,
        1,
        {},
    ),
    ("pr.pitch_overdue", lambda d: None, Severity.WARNING, 1, {"today": dt.date(2027, 2, 10)}),
    ("pr.placements", lambda d: None, Severity.INFO, 1, {}),
]


@pytest.mark.parametrize(("rule_id", "mutate", "severity", "count", "ctx"), CASES, ids=[c[0] for c in CASES])
def test_rule_fires_on_the_flaw(
    rule_id: str, mutate: Callable[[Data], None], severity: Severity, count: int, ctx: dict[str, Any]
) -> None:
    data = baseline()
    mutate(data)
    found = run_rule(rule_id, data, **ctx)
    assert len(found) == count, [f.message.render("en") for f in found]
    for f in found:
        assert (f.id, f.point, f.severity) == (rule_id, 8, severity)
        assert f.message.render("nl") != f.message.render("en")


RULES = sorted(c.id for c in REGISTRY if c.id.startswith("pr."))


@pytest.mark.parametrize("rule_id", RULES)
def test_good_plan_passes(rule_id: str) -> None:
    assert run_rule(rule_id, **MEASURED) == []


def test_every_rule_of_the_point_has_a_case() -> None:
    assert {c[0] for c in CASES} == set(RULES)
    assert len(RULES) >= 5


def test_lead_time_counts_back_from_the_launch_day() -> None:
    data = baseline()  # launch 2027-03-15, Bakkerswereld needs 30 days: pitch by 2027-02-13
    pitch(0, date="2027-02-13")(data)
    assert run_rule("pr.pitch_too_late", data) == []
    pitch(0, date="2027-02-14")(data)
    (f,) = run_rule("pr.pitch_too_late", data)
    assert f.evidence == {
        "outlet": "o-trade",
        "date": "2027-02-14",
        "lead_time_days": 30,
        "latest": "2027-02-13",
        "launch": "2027-03-15",
        "field": "pr.pitches[0].date",
    }
    assert "uiterlijk 2027-02-13" in f.message.render("nl")


def test_without_a_launch_date_the_campaign_start_is_the_launch() -> None:
    data = baseline()
    del data["campaign"]["launch"]  # the start, 2027-03-01, is now the launch
    found = run_rule("pr.pitch_too_late", data)
    # Bakkerswereld (30 days) needed the pitch by 2027-01-30, Ouders in Utrecht (10 days) by 2027-02-19
    assert [(f.evidence["outlet"], f.evidence["latest"]) for f in found] == [
        ("o-trade", "2027-01-30"),
        ("o-parents", "2027-02-19"),
    ]


def test_one_pitch_before_launch_is_enough_to_avoid_the_problem() -> None:
    data = baseline()
    pitch(1, date="2027-03-20")(data)
    assert run_rule("pr.pitches_only_after_launch", data) == []


def test_niches_match_without_case_and_are_reported_once() -> None:
    data = baseline()
    data["pr"]["blog_posts"][0]["niche"] = "Bakkerij"
    assert run_rule("pr.no_blog_for_niche", data) == []
    data["pr"]["blog_posts"] = []
    data["pr"]["outlets"].append({"id": "o-3", "name": "Brood & Banket", "type": "magazine", "niche": "bakkerij"})
    assert sorted(f.evidence["niche"] for f in run_rule("pr.no_blog_for_niche", data)) == ["bakkerij", "ouderschap"]


def test_a_sent_pitch_is_not_overdue() -> None:
    data = baseline()
    pitch(0, status="sent")(data)
    assert run_rule("pr.pitch_overdue", data, today=dt.date(2027, 2, 10)) == []


def test_early_pitches_are_grouped_per_video() -> None:
    data = baseline()
    video_production(0, approved_on="2027-03-05")(data)  # both pitches are before approval, launch is 2027-03-15
    (f,) = run_rule("pr.pitch_video_not_ready", data)
    assert f.severity is Severity.INFO
    assert f.evidence["outlets"] == ["o-trade", "o-parents"]
    assert f.evidence["fields"] == ["pr.pitches[0]", "pr.pitches[1]"]
    assert f.message.render("nl") == (
        "Video v-see wordt vanaf 2027-02-01 gepitcht (Bakkerswereld, Ouders in Utrecht), "
        "maar is pas op 2027-03-05 klaar."
    )


def test_recorded_placements_are_summed_and_a_published_pitch_needs_one() -> None:
    data = baseline()
    data["pr"]["pitches"][0]["status"] = "published"
    data["pr"]["pitches"][1]["status"] = "published"
    placements = [
        {"outlet": "Bakkerswereld", "day": "2027-02-10", "reach": 12000},  # by name, any case: o-trade
        {"outlet": "Het Parool", "day": "2027-02-12", "reach": None},  # an outlet the plan does not know
    ]
    found = run_rule("pr.placements", data, metrics={"placements": placements})
    warnings = [f for f in found if f.severity is Severity.WARNING]
    assert [f.evidence["outlet"] for f in warnings] == ["o-parents"]  # published, nothing recorded from it
    assert "Ouders in Utrecht" in warnings[0].message.render("en")
    (summary,) = [f for f in found if f.severity is Severity.INFO]
    assert summary.evidence == summary.evidence | {"placements": 2, "reach": 12000, "without_reach": 1}
    assert summary.evidence["outlets"] == ["Het Parool", "o-trade"]
    assert "12.000" in summary.message.render("nl") and "12,000" in summary.message.render("en")
    assert summary.fix is not None  # one placement has no reach yet
