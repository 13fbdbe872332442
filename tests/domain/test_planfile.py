"""Plan files: every problem located by file, line and path; fuzzing never gives a traceback."""

from __future__ import annotations

import copy
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.domain.plans import BASE, plan_data

from reelwise.domain.plan import Plan
from reelwise.domain.planfile import dump_plan, load_plan, parse_yaml
from reelwise.errors import PlanError


def to_yaml(data: Any) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


def problems(text: str, file_exists: Any = None) -> list[tuple[int | None, str, str]]:
    with pytest.raises(PlanError) as info:
        load_plan(text, "plan.yaml", file_exists)
    assert info.value.issues, "a plan error always carries located issues"
    return [(i.location.line, i.location.path, i.message.render("en")) for i in info.value.issues]


def line_of(text: str, needle: str) -> int:
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in text")


def mutate(path: list[Any], value: Any) -> dict[str, Any]:
    data = copy.deepcopy(BASE)
    target: Any = data
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value
    return data


# (what breaks, path to change, new value, expected path, words in the message, text on the reported line)
BROKEN: list[tuple[str, list[Any], Any, str, str, str]] = [
    ("bad url", ["videos", 0, "cta", "url"], "kb.example", "videos[0].cta.url", "not a URL", "url: kb.example"),
    ("bad colour", ["brand", "colours"], ["#12"], "brand.colours[0]", "hex colour", "'#12'"),
    ("unknown metric", ["goals", 0, "metric"], "likes", "goals[0].metric", "expected one of", "metric: likes"),
    ("end before start", ["campaign", "end"], "2027-01-01", "campaign.end", "ends before", "end: '2027-01-01'"),
    ("bad date", ["goals", 0, "deadline"], "31-05-2027", "goals[0].deadline", "expected a date", "deadline: 31-05"),
    ("negative budget", ["campaign", "budget_eur"], -5, "campaign.budget_eur", "at least 0", "budget_eur: -5"),
    (
        "text for a number",
        ["videos", 0, "duration_target_s"],
        "long",
        "videos[0].duration_target_s",
        "number",
        "duration_target_s: long",
    ),
    (
        "unknown platform",
        ["personas", 0, "platforms"],
        ["myspace"],
        "personas[0].platforms[0]",
        "expected one of",
        "- myspace",
    ),
    ("bad hours", ["personas", 0, "active_hours"], ["noon"], "personas[0].active_hours[0]", "hour range", "- noon"),
    ("unknown field", ["videos", 0, "mood"], "happy", "videos[0].mood", "unknown field", "mood: happy"),
    ("missing brand name", ["brand"], {"colours": ["#112233"]}, "brand.name", "required", "brand:"),
    ("cta and branded", ["videos", 0, "branded_content"], True, "videos[0]", "choose one", "- id: v1"),
    (
        "bad aspect",
        ["videos", 0, "variants", 0, "aspect_ratio"],
        "tall",
        "videos[0].variants[0].aspect_ratio",
        "aspect ratio",
        "aspect_ratio: tall",
    ),
    ("list expected", ["goals"], "sales", "goals", "expected a list", "goals: sales"),
    ("bad cta type", ["videos", 0, "cta", "type"], "like", "videos[0].cta.type", "expected one of", "type: like"),
    ("bad outlet type", ["pr", "outlets", 0, "type"], "tv", "pr.outlets[0].type", "expected one of", "type: tv"),
    (
        "too few answer options",
        ["measurement", "attribution_question", "options"],
        ["Alleen"],
        "measurement.attribution_question.options",
        "too few",
        "options:",
    ),
    ("bad id", ["videos", 0, "id"], "video één!", "videos[0].id", "not a valid id", "video één!"),
    (
        "bad language",
        ["videos", 0, "language"],
        "Nederlands",
        "videos[0].language",
        "language code",
        "language: Nederlands",
    ),
]


@pytest.mark.parametrize(
    ("what", "path", "value", "expected_path", "words", "on_line"), BROKEN, ids=[b[0] for b in BROKEN]
)
def test_broken_plans_are_located(
    what: str, path: list[Any], value: Any, expected_path: str, words: str, on_line: str
) -> None:
    text = to_yaml(mutate(path, value))
    found = problems(text)
    matching = [p for p in found if p[1] == expected_path]
    assert matching, f"{what}: no problem at {expected_path}: {found}"
    line, _path, message = matching[0]
    assert words in message
    assert line == line_of(text, on_line)


# cross-references: (what, change, expected path, words)
CROSS: list[tuple[str, list[Any], Any, str, str]] = [
    (
        "post names a missing video",
        ["distribution", "posts", 0, "video"],
        "v9",
        "distribution.posts[0].video",
        "video v9 does not exist",
    ),
    (
        "post names a missing persona",
        ["distribution", "posts", 0, "persona"],
        "ouders",
        "distribution.posts[0].persona",
        "persona ouders does not exist",
    ),
    (
        "post names a missing variant",
        ["distribution", "posts", 0, "variant"],
        "square",
        "distribution.posts[0].variant",
        "no variant square",
    ),
    ("goal serves a missing goal", ["goals", 1, "serves"], "omzet", "goals[1].serves", "goal omzet does not exist"),
    ("goal serves an attention goal", ["goals", 0, "serves"], "bereik", "goals[0].serves", "not an outcome goal"),
    ("undefined stage", ["videos", 0, "stage"], "Later", "videos[0].stage", "not one of the campaign's stages"),
    (
        "pitch to a missing outlet",
        ["pr", "pitches", 0, "outlet"],
        "tv",
        "pr.pitches[0].outlet",
        "outlet tv does not exist",
    ),
    (
        "kpi for a missing goal",
        ["measurement", "kpis", 0, "goal"],
        "x",
        "measurement.kpis[0].goal",
        "goal x does not exist",
    ),
    ("pinned video missing", ["channels", 0, "pinned_video"], "v7", "channels[0].pinned_video", "video v7"),
    ("duplicate video id", ["videos"], [BASE["videos"][0], BASE["videos"][0]], "videos[1].id", "used twice"),
    ("launch outside campaign", ["campaign", "launch"], "2028-01-01", "campaign.launch", "outside the campaign"),
]


@pytest.mark.parametrize(("what", "path", "value", "expected_path", "words"), CROSS, ids=[c[0] for c in CROSS])
def test_cross_references_are_checked(what: str, path: list[Any], value: Any, expected_path: str, words: str) -> None:
    found = problems(to_yaml(mutate(path, value)))
    assert any(p[1] == expected_path and words in p[2] for p in found), found


def test_every_problem_is_reported_at_once() -> None:
    data = mutate(["videos", 0, "cta", "url"], "nope")
    data["brand"]["colours"] = ["blue"]
    data["goals"][0]["metric"] = "likes"
    paths = {p[1] for p in problems(to_yaml(data))}
    assert {"videos[0].cta.url", "brand.colours[0]", "goals[0].metric"} <= paths


def test_files_are_checked_relative_to_the_plan() -> None:
    data = mutate(["brand", "logo"], "media/logo.png")
    data["assets"][0]["image"] = "media/poster.png"
    text = to_yaml(data)
    found = problems(text, file_exists=lambda rel: rel == "media/logo.png")
    assert [(p[1], p[0]) for p in found] == [("assets[0].image", line_of(text, "image: media/poster.png"))]
    load_plan(text, "plan.yaml", lambda rel: True)


@pytest.mark.parametrize(
    ("text", "words", "line"),
    [
        ("brand: {name: x\ncampaign: [", "not valid YAML", 2),
        ("- just\n- a list\n", "must be a mapping", 1),
        ("", "must be a mapping", 1),
        ("brand:\n  name: a\n  name: b\n", "appears twice", 3),
        ("brand: &a [*a]\n", "", None),
        ("\tbrand: x\n", "not valid YAML", 1),
    ],
)
def test_not_a_plan_at_all(text: str, words: str, line: int | None) -> None:
    found = problems(text)
    assert words in found[0][2]
    if line is not None:
        assert found[0][0] == line


def test_alias_bombs_are_refused_quickly() -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
    for i in range(1, 10):
        prev = chr(ord("a") + i - 1)
        cur = chr(ord("a") + i)
        bomb += f"{cur}: &{cur} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"
    assert "too large" in problems(bomb)[0][2]


def test_round_trip_is_exact() -> None:
    plan = Plan.model_validate(BASE)
    again = load_plan(dump_plan(plan))
    assert again == plan
    assert dump_plan(again) == dump_plan(plan)


def test_the_line_map_knows_every_value() -> None:
    _data, lines = parse_yaml("brand:\n  name: x\n  colours:\n    - '#fff'\n    - '#000'\n")
    assert lines.line_of(("brand", "colours", 1)) == 5
    assert lines.line_of(("brand", "colours", 7, "deep")) == 3


yaml_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=12), st.dates().map(str)
)
yaml_values = st.recursive(
    yaml_scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.sampled_from([*list(BASE), "name", "id", "x"]), children, max_size=4),
    ),
    max_leaves=20,
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300))
def test_fuzzed_text_never_crashes(text: str) -> None:
    try:
        load_plan(text, "fuzz.yaml")
    except PlanError as exc:
        assert exc.issues and all(i.location.file == "fuzz.yaml" for i in exc.issues)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.sampled_from(list(BASE)), yaml_values, max_size=6))
def test_fuzzed_documents_never_crash(doc: dict[str, Any]) -> None:
    try:
        text = to_yaml(doc)
    except yaml.YAMLError:
        return
    try:
        load_plan(text, "fuzz.yaml")
    except PlanError as exc:
        assert exc.issues
        for issue in exc.issues:
            assert issue.location.line is None or issue.location.line >= 1
            assert issue.message.render("nl") and issue.message.render("en")


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(sorted(BASE)), yaml_values)
def test_fuzzing_one_part_of_a_good_plan_is_located_there(part: str, value: Any) -> None:
    data = plan_data(**{part: value})
    try:
        load_plan(to_yaml(data), "fuzz.yaml")
    except PlanError as exc:
        assert exc.issues
        assert any(
            i.location.path.startswith(part)
            or i.location.path == ""
            or "." in i.location.path
            or "[" in i.location.path
            for i in exc.issues
        )
