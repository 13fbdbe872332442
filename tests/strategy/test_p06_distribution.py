"""Point 6 rules: each fires on a plan with one flaw and stays quiet on the good baseline."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from tests.strategy.plans import GOOD_REPORTS, baseline, run_rule

import reelwise.strategy.p06_distribution as p06
from reelwise.domain.findings import Severity
from reelwise.domain.registry import REGISTRY

Data = dict[str, Any]
MEASURED: dict[str, Any] = {
    "video_reports": GOOD_REPORTS,
    "metrics": {"best_hours": {"instagram": ["07:00-09:00", "19:00-22:00"], "linkedin": ["12:00-13:00"]}},
}


def post(data: Data, post_id: str) -> dict[str, Any]:
    return next(p for p in data["distribution"]["posts"] if p["id"] == post_id)


def variant(data: Data, variant_id: str) -> dict[str, Any]:
    return next(w for v in data["videos"] for w in v["variants"] if w["id"] == variant_id)


def drop_personas(d: Data) -> None:
    d["personas"] = []
    for p in d["distribution"]["posts"]:
        p.pop("persona", None)


def drop_post(post_id: str) -> Callable[[Data], None]:
    def mutate(d: Data) -> None:
        d["distribution"]["posts"] = [p for p in d["distribution"]["posts"] if p["id"] != post_id]

    return mutate


def setp(post_id: str, **values: Any) -> Callable[[Data], None]:
    def mutate(d: Data) -> None:
        post(d, post_id).update(values)

    return mutate


def setv(variant_id: str, **values: Any) -> Callable[[Data], None]:
    def mutate(d: Data) -> None:
        variant(d, variant_id).update(values)

    return mutate


def persona(index: int, **values: Any) -> Callable[[Data], None]:
    def mutate(d: Data) -> None:
        d["personas"][index].update(values)

    return mutate


# (rule id, mutation of the baseline, expected severity, expected number of findings, ctx)
CASES: list[Any] = [
    ("distribution.no_personas", drop_personas, Severity.WARNING, 1, {}),
    ("distribution.no_posts", lambda d: d["distribution"].update(posts=[]), Severity.PROBLEM, 1, {}),
    ("distribution.video_without_posts", drop_post("p7"), Severity.PROBLEM, 1, {}),
    ("distribution.stage_without_posts", drop_post("p7"), Severity.WARNING, 1, {}),
    (
        "distribution.stage_without_posts",
        lambda d: d["campaign"].update(stages=["See", "Think", "Do", "Care", "Loyalty"]),
        Severity.WARNING,
        1,
        {},
    ),
    ("distribution.persona_unreached", persona(1, platforms=["tiktok"]), Severity.PROBLEM, 1, {}),
    (
        "distribution.persona_platform_uncovered",
        persona(0, platforms=["instagram_reels", "youtube", "tiktok"]),
        Severity.WARNING,
        1,
        {},
    ),
    ("distribution.post_platform_unused", setp("p2", persona="office"), Severity.WARNING, 1, {}),
    ("distribution.post_platform_unused", setp("p2", persona=None, platform="tiktok"), Severity.WARNING, 1, {}),
    (
        "distribution.unknown_timezone",
        lambda d: d["distribution"].update(timezone="Mars/Olympus"),
        Severity.PROBLEM,
        1,
        {},
    ),
    ("distribution.active_hours_missing", persona(0, active_hours=[]), Severity.INFO, 1, {}),
    ("distribution.moment_outside_active_hours", setp("p1", moment="2027-03-15T03:00:00"), Severity.WARNING, 1, {}),
    # 08:30 UTC is 09:30 in Amsterdam (CET): after the persona's 07:00-09:00 window
    (
        "distribution.moment_outside_active_hours",
        setp("p1", moment="2027-03-15T08:30:00+00:00"),
        Severity.WARNING,
        1,
        {},
    ),
    ("distribution.best_times", lambda d: None, Severity.INFO, 1, {}),
    (
        "distribution.best_times",
        lambda d: None,
        Severity.WARNING,
        4,
        {"metrics": {"best_hours": {"instagram": ["17:00-19:00"]}}},
    ),
    ("distribution.post_outside_campaign", setp("p7", moment="2027-05-20T20:00:00"), Severity.WARNING, 1, {}),
    ("distribution.post_without_variant", setp("p1", variant=None), Severity.WARNING, 1, {}),
    ("distribution.variant_aspect_misfit", setp("p2", variant="vs-916"), Severity.WARNING, 1, {}),
    ("distribution.variant_duration_misfit", setp("p1", platform="youtube_shorts"), Severity.PROBLEM, 0, {}),
    (
        "distribution.variant_duration_misfit",
        lambda d: (setp("p1", platform="youtube_shorts")(d), setv("vs-916", duration_s=200)(d)),
        Severity.PROBLEM,
        1,
        {},
    ),
    ("distribution.variant_duration_misfit", setv("vt-11", duration_s=2), Severity.PROBLEM, 1, {}),
    ("distribution.no_captions_sound_off", setv("vt-11", captions=False), Severity.WARNING, 2, {}),
]


def case_id(case: Any) -> str:
    return case[0].split(".", 1)[1]


@pytest.mark.parametrize(("rule_id", "mutate", "severity", "count", "ctx"), CASES, ids=[case_id(c) for c in CASES])
def test_rule_fires_on_the_flaw(
    rule_id: str, mutate: Callable[[Data], None], severity: Severity, count: int, ctx: dict[str, Any]
) -> None:
    data = baseline()
    mutate(data)
    found = run_rule(rule_id, data, **ctx)
    assert len(found) == count, [f.message.render("en") for f in found]
    for f in found:
        assert (f.id, f.point, f.severity) == (rule_id, 6, severity)
        assert f.message.render("nl") != f.message.render("en")
        assert f.fix is not None and f.fix.render("nl")


RULES = sorted(c.id for c in REGISTRY if c.id.startswith("distribution."))


@pytest.mark.parametrize("rule_id", RULES)
def test_good_plan_passes(rule_id: str) -> None:
    assert run_rule(rule_id, **MEASURED) == []


def test_every_rule_of_the_point_has_a_case() -> None:
    assert {c[0] for c in CASES} == set(RULES)
    assert len(RULES) >= 5
    assert {c.point for c in REGISTRY if c.id.startswith("distribution.")} == {6}


def test_evidence_points_at_the_post_and_cites_the_spec() -> None:
    data = baseline()
    setp("p2", variant="vs-916")(data)
    (f,) = run_rule("distribution.variant_aspect_misfit", data)
    assert f.evidence["field"] == "distribution.posts[1].variant"
    assert f.evidence["aspect_ratio"] == "9:16" and "16:9" in f.evidence["accepted"]
    assert f.evidence["spec_sources"][0].startswith("https://support.google.com/youtube")
    assert f.evidence["spec_checked"] == "2026-12-01"
    assert "youtube" in f.message.render("en") and "youtube" in f.message.render("nl")


def test_moment_is_judged_in_the_plan_time_zone() -> None:
    data = baseline()
    setp("p1", moment="2027-03-15T08:30:00+00:00")(data)
    (f,) = run_rule("distribution.moment_outside_active_hours", data)
    assert f.evidence["moment"] == "2027-03-15T09:30"
    assert f.evidence["active_hours"] == ["07:00-09:00", "19:00-22:00"]
    # the same wall-clock time written without a zone is local, and inside the window
    setp("p1", moment="2027-03-15T08:30:00")(data)
    assert run_rule("distribution.moment_outside_active_hours", data) == []
    # the end of a window is exclusive
    setp("p1", moment="2027-03-15T09:00:00")(data)
    assert len(run_rule("distribution.moment_outside_active_hours", data)) == 1


def test_post_without_persona_is_judged_by_everyone_on_its_network() -> None:
    data = baseline()
    setp("p4", persona=None, moment="2027-03-23T17:30:00")(data)  # office: 17:00-18:30
    assert run_rule("distribution.moment_outside_active_hours", data) == []
    setp("p4", moment="2027-03-23T21:00:00")(data)  # only parents are online then, and they are not on LinkedIn
    assert len(run_rule("distribution.moment_outside_active_hours", data)) == 1


def test_a_single_variant_needs_no_choice() -> None:
    data = baseline()
    setp("p3", variant=None)(data)  # v-think has one variant
    assert run_rule("distribution.post_without_variant", data) == []
    assert run_rule("distribution.no_captions_sound_off", data) == []
    assert run_rule("distribution.variant_aspect_misfit", data) == []


def test_website_posts_need_no_persona_platform() -> None:
    data = baseline()
    data["distribution"]["posts"].append(
        {"id": "p8", "platform": "website", "video": "v-do", "variant": "vd-169", "moment": "2027-03-15T10:00:00"}
    )
    assert run_rule("distribution.post_platform_unused", data) == []
    assert run_rule("distribution.moment_outside_active_hours", data) == []


def test_no_posts_is_said_once_not_per_video() -> None:
    data = baseline()
    data["distribution"]["posts"] = []
    assert run_rule("distribution.video_without_posts", data) == []
    assert run_rule("distribution.stage_without_posts", data) == []
    (f,) = run_rule("distribution.no_posts", data)
    assert f.evidence["videos"] == ["v-see", "v-think", "v-do", "v-care"]
    assert f.message.render("nl") == "Geen van de video's wordt gepost: het plan bevat helemaal geen posts."


def test_the_only_variant_of_a_video_is_what_a_post_publishes() -> None:
    plan_video = p06.Video.model_validate(baseline()["videos"][1])
    post_model = p06.Post.model_validate({"platform": "linkedin", "video": "v-think", "moment": "2027-03-01T12:00"})
    chosen = p06.post_variant(plan_video, post_model)
    assert chosen is not None and chosen.id == "vt-11"
