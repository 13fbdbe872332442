"""Point 9 rules: each fires on a plan with one flaw and stays quiet on the good baseline."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from tests.strategy.plans import GOOD_REPORTS, baseline, run_rule

import reelwise.strategy.p09_brand  # noqa: F401  (registers the rules)
from reelwise.domain.findings import Severity
from reelwise.domain.registry import REGISTRY

Data = dict[str, Any]
MEASURED: dict[str, Any] = {"video_reports": GOOD_REPORTS}


def brand(**values: Any) -> Callable[[Data], None]:
    def mutate(d: Data) -> None:
        for key, value in values.items():
            if value is None:
                d["brand"].pop(key, None)
            else:
                d["brand"][key] = value

    return mutate


def video(index: int, **values: Any) -> Callable[[Data], None]:
    def mutate(d: Data) -> None:
        for key, value in values.items():
            if value is None:
                d["videos"][index].pop(key, None)
            else:
                d["videos"][index][key] = value

    return mutate


def no_recall(d: Data) -> None:
    del d["measurement"]["brand_lift"]
    d["goals"] = [g for g in d["goals"] if g["id"] != "g-recall"]
    d["measurement"]["kpis"] = [k for k in d["measurement"]["kpis"] if k["goal"] != "g-recall"]


def report(video_id: str, **brand_values: Any) -> dict[str, Any]:
    reports = {k: dict(v) for k, v in GOOD_REPORTS.items()}
    reports[video_id] = {"brand": brand_values}
    return {"video_reports": reports}


CASES: list[Any] = [
    ("brand.kit_incomplete", brand(colours=None, logo=None), Severity.WARNING, 1, {}),
    ("brand.kit_incomplete", brand(fonts=[]), Severity.WARNING, 1, {}),
    ("brand.no_name_variants", brand(name_variants=None), Severity.INFO, 1, {}),
    ("brand.no_recall_measurement", no_recall, Severity.WARNING, 1, {}),
    (
        "brand.recall_questions",
        lambda d: d["measurement"]["brand_lift"].update(questions=["awareness"]),
        Severity.WARNING,
        1,
        {},
    ),
    ("brand.late_brand_moment", video(2, brand_moment_s=12), Severity.WARNING, 1, {}),
    ("brand.brand_moment_unplanned", video(0, brand_moment_s=None), Severity.INFO, 1, {"video_reports": {}}),
    ("brand.presence_in_cut", lambda d: None, Severity.INFO, 1, {"video_reports": {}}),
    ("brand.presence_in_cut", lambda d: None, Severity.WARNING, 2, report("v-do", logo_first_s=7.5, name_first_s=9)),
    ("brand.presence_in_cut", lambda d: None, Severity.WARNING, 1, report("v-do", logo_first_s=None, name_first_s=1)),
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
        assert (f.id, f.point, f.severity) == (rule_id, 9, severity)
        assert f.message.render("nl") != f.message.render("en")


RULES = sorted(c.id for c in REGISTRY if c.id.startswith("brand."))


@pytest.mark.parametrize("rule_id", RULES)
def test_good_plan_passes(rule_id: str) -> None:
    assert run_rule(rule_id, **MEASURED) == []


def test_every_rule_of_the_point_has_a_case() -> None:
    assert {c[0] for c in CASES} == set(RULES)
    assert len(RULES) >= 5


def test_a_brand_moment_at_exactly_five_seconds_is_in_time() -> None:
    data = baseline()
    video(0, brand_moment_s=5)(data)
    assert run_rule("brand.late_brand_moment", data) == []
    video(0, brand_moment_s=5.5)(data)
    (f,) = run_rule("brand.late_brand_moment", data)
    assert f.evidence["field"] == "videos[0].brand_moment_s"
    assert f.message.render("nl") == "Video v-see plant het eerste merkmoment op 5.5 s, na de eerste 5 s."


def test_measured_timing_names_logo_and_name_separately() -> None:
    found = run_rule("brand.presence_in_cut", **report("v-do", logo_first_s=7.46, name_first_s=None))
    assert [(f.evidence["measure"], f.evidence["value"]) for f in found] == [
        ("logo_first_s", 7.46),
        ("name_first_s", None),
    ]
    assert found[0].message.render("en") == "The logo first appears at 7.5 s in video v-do, after the first 5 s."
    assert found[1].message.render("nl") == (
        "De merknaam is in video v-do niet te zien en niet te horen (gecontroleerd in de montage)."
    )


def test_flat_report_keys_are_read_too() -> None:
    reports = {k: dict(v) for k, v in GOOD_REPORTS.items()}
    reports["v-see"] = {"brand.logo_first_s": 6.0}
    reports["v-do"] = {"logo_first_s": 0.4, "name_first_s": 8.0, "cta": {}}
    found = run_rule("brand.presence_in_cut", video_reports=reports)
    assert [(f.evidence["video"], f.evidence["measure"]) for f in found] == [
        ("v-see", "logo_first_s"),
        ("v-do", "name_first_s"),
    ]


def test_unmeasured_videos_are_listed_in_one_info() -> None:
    reports = {"v-see": GOOD_REPORTS["v-see"]}
    (f,) = run_rule("brand.presence_in_cut", video_reports=reports)
    assert f.severity is Severity.INFO
    assert f.evidence == {"videos": ["v-think", "v-do", "v-care"], "measured": False}
    assert "nog niet gemeten" in f.message.render("nl")


def test_a_measured_video_needs_no_planned_moment() -> None:
    data = baseline()
    video(0, brand_moment_s=None)(data)
    assert run_rule("brand.brand_moment_unplanned", data, **MEASURED) == []


def test_a_brand_goal_counts_as_planned_recall_measurement() -> None:
    data = baseline()
    del data["measurement"]["brand_lift"]
    assert run_rule("brand.no_recall_measurement", data) == []
