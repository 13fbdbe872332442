"""Point 7 rules: each fires on a plan with one flaw and stays quiet on the good baseline."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from tests.strategy.plans import baseline, plan_of, run_rule

import reelwise.strategy.p07_social as p07
from reelwise.domain.findings import Severity
from reelwise.domain.registry import REGISTRY

Data = dict[str, Any]
MEASURED: dict[str, Any] = {"metrics": {"comment_response_hours": {"instagram": 2.5, "youtube": 10.0, "linkedin": 6}}}


def channel(index: int, **values: Any) -> Callable[[Data], None]:
    def mutate(d: Data) -> None:
        d["channels"][index].update(values)
        for key in [k for k, v in values.items() if v is None]:
            del d["channels"][index][key]

    return mutate


def all_channels(**values: Any) -> Callable[[Data], None]:
    def mutate(d: Data) -> None:
        for i in range(len(d["channels"])):
            channel(i, **values)(d)

    return mutate


CASES: list[Any] = [
    ("social.no_channels", lambda d: d.update(channels=[]), Severity.PROBLEM, 1, {}),
    ("social.platform_without_channel", lambda d: d["channels"].pop(2), Severity.WARNING, 1, {}),
    ("social.channel_incomplete", channel(0, description=None, link=None), Severity.WARNING, 1, {}),
    ("social.channel_incomplete", channel(1, cover_image=None), Severity.WARNING, 1, {}),
    ("social.description_too_long", channel(0, description="Vers brood " * 20), Severity.WARNING, 1, {}),
    ("social.no_comment_owner", channel(2, comment_owner=None), Severity.WARNING, 1, {}),
    ("social.no_comment_owner", all_channels(comment_owner=None), Severity.PROBLEM, 1, {}),
    ("social.no_response_target", channel(2, response_time_hours=None), Severity.WARNING, 1, {}),
    ("social.slow_response_target", channel(1, response_time_hours=48), Severity.WARNING, 1, {}),
    ("social.pinned_video_missing", channel(0, pinned_video=None), Severity.WARNING, 1, {}),
    ("social.pinned_video_not_posted", channel(1, pinned_video="v-do"), Severity.WARNING, 1, {}),
    ("social.response_times", lambda d: None, Severity.INFO, 1, {}),
    (
        "social.response_times",
        lambda d: None,
        Severity.WARNING,
        1,
        {"metrics": {"comment_response_hours": {"instagram": 30.0, "linkedin": 1.0}}},
    ),
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
        assert (f.id, f.point, f.severity) == (rule_id, 7, severity)
        assert f.message.render("nl") != f.message.render("en")


RULES = sorted(c.id for c in REGISTRY if c.id.startswith("social."))


@pytest.mark.parametrize("rule_id", RULES)
def test_good_plan_passes(rule_id: str) -> None:
    assert run_rule(rule_id, **MEASURED) == []


def test_every_rule_of_the_point_has_a_case() -> None:
    assert {c[0] for c in CASES} == set(RULES)
    assert len(RULES) >= 5


def test_missing_fields_are_named_and_cover_only_where_the_network_has_one() -> None:
    data = baseline()
    channel(0, description=None, profile_image=None)(data)  # Instagram has no cover image
    (f,) = run_rule("social.channel_incomplete", data)
    assert f.evidence["missing"] == ["description", "profile_image"]
    assert f.evidence["field"] == "channels[0]"
    assert f.message.render("nl") == "Het instagram-profiel @bakkerijvandijk mist: description, profile_image."


def test_response_target_of_exactly_a_day_is_fine() -> None:
    data = baseline()
    channel(1, response_time_hours=24)(data)
    assert run_rule("social.slow_response_target", data) == []
    channel(1, response_time_hours=24.5)(data)
    (f,) = run_rule("social.slow_response_target", data)
    assert f.evidence["norm_hours"] == 24 and "24.5" in f.message.render("en")


def test_posts_and_channels_match_by_network() -> None:
    data = baseline()
    data["channels"][0]["platform"] = "instagram_feed"  # the Reels posts still land on this profile
    assert run_rule("social.platform_without_channel", data) == []
    assert run_rule("social.pinned_video_not_posted", data) == []


def test_main_channel_is_the_network_with_most_posts() -> None:
    plan = plan_of(baseline())
    main = p07.main_channel(plan)
    assert main is not None and main[1].platform.network == "instagram"
    data = baseline()
    channel(2, pinned_video=None)(data)  # LinkedIn is not the main channel
    assert run_rule("social.pinned_video_missing", data) == []
