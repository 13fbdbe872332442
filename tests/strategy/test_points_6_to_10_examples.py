"""Points 6–10 on whole plans: the bundled examples and a bare minimum plan."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import pytest
from tests.conftest import EXAMPLES

from reelwise.domain.findings import Finding, Severity
from reelwise.domain.plan import Plan
from reelwise.domain.registry import CheckKind, load_all
from reelwise.services.plans import read_plan
from reelwise.strategy.base import AuditContext

POINTS = range(6, 11)


def findings_by_point(plan: Plan) -> dict[int, list[Finding]]:
    ctx = AuditContext(plan=plan, today=dt.date(2026, 12, 1))
    found: dict[int, list[Finding]] = defaultdict(list)
    for info in load_all().of_kind(CheckKind.AUDIT):
        if info.point in POINTS:
            found[info.point].extend(info.func(ctx))
    return found


def test_the_weak_example_fails_every_point_from_6_to_10() -> None:
    found = findings_by_point(read_plan(EXAMPLES / "weak" / "plan.yaml", check_files=False))
    for point in POINTS:
        assert any(f.severity is not Severity.INFO for f in found[point]), point


@pytest.mark.parametrize("name", ["plan.nl.yaml", "plan.en.yaml"])
def test_the_realistic_example_gets_a_few_honest_findings(name: str) -> None:
    found = findings_by_point(read_plan(EXAMPLES / "bakkerij" / name, check_files=False))
    everything = [f for point in POINTS for f in found[point]]
    assert not [f.id for f in everything if f.severity is Severity.PROBLEM]
    assert len([f for f in everything if f.severity is Severity.WARNING]) <= 3
    for f in everything:
        assert f.message.render("nl") and f.message.render("en")


def test_a_bare_plan_gets_findings_without_crashing() -> None:
    plan = Plan.model_validate(
        {
            "brand": {"name": "Kaal"},
            "campaign": {"name": "Kaal", "start": "2027-01-01", "end": "2027-01-31"},
            "videos": [{"id": "v1", "title": "Een video", "stage": "See"}],
        }
    )
    found = findings_by_point(plan)
    ids = {f.id for point in POINTS for f in found[point]}
    assert {
        "distribution.no_posts",
        "pr.no_outlets",
        "brand.kit_incomplete",
        "analytics.no_attribution_question",
        "distribution.no_personas",
    } <= ids
