"""Scores per point and overall, from the findings' severities.

The formula (docs/audit.md prints it):

* a point starts at 100; every **problem** takes 25 off, every **warning** 10, an **info**
  nothing; the score never goes below 0;
* one rule counts at most :data:`MAX_COUNTED_PER_RULE` times per point (its most severe
  findings), so one omission repeated on ten videos cannot alone empty a point that is
  otherwise sound — the findings are all still listed;
* a point has **nothing to judge** when its rules returned no findings at all *and* the plan
  holds no data for that point (see :func:`has_data`); its score is ``None``, never 100;
* the overall score is the mean of the judged points, rounded.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from typing import Final

from reelwise.domain.findings import Finding, Severity
from reelwise.domain.plan import Plan

PENALTY: Final[Mapping[Severity, int]] = {Severity.PROBLEM: 25, Severity.WARNING: 10, Severity.INFO: 0}
MAX_COUNTED_PER_RULE: Final = 3

# What counts as "the plan has data for this point".
_DATA: Final[Mapping[int, Callable[[Plan], bool]]] = {
    1: lambda p: bool(p.goals) or p.campaign.expectations is not None,
    2: lambda p: bool(p.videos),
    3: lambda p: bool(p.videos or p.assets),
    4: lambda p: bool(p.videos),
    5: lambda p: bool(p.videos),
    6: lambda p: bool(p.distribution.posts or p.personas),
    7: lambda p: bool(p.channels),
    8: lambda p: bool(p.pr.outlets or p.pr.pitches or p.pr.blog_posts),
    9: lambda p: True,  # the brand kit is required in every plan
    10: lambda p: bool(
        p.measurement.kpis
        or p.measurement.alerts
        or p.measurement.review_cadence
        or p.measurement.attribution_question
        or p.measurement.brand_lift
    ),
}


def has_data(plan: Plan, point: int) -> bool:
    return _DATA[point](plan)


def point_score(findings: Iterable[Finding]) -> int:
    by_rule: dict[str, list[int]] = defaultdict(list)
    for f in findings:
        by_rule[f.id].append(PENALTY[f.severity])
    penalty = sum(sum(sorted(p, reverse=True)[:MAX_COUNTED_PER_RULE]) for p in by_rule.values())
    return max(0, 100 - penalty)


def judged(plan: Plan, point: int, findings: list[Finding]) -> bool:
    return bool(findings) or has_data(plan, point)


def overall_score(scores: Iterable[int | None]) -> int:
    values = [s for s in scores if s is not None]
    return round(sum(values) / len(values)) if values else 0
