"""The funnel by stage (See / Think / Do / Care): each stage's KPIs, goals and videos.

A stage's KPIs are the metrics of its goals plus the standard KPIs of the stage when it
has one of the standard names (English or Dutch): See → reach, impressions, views;
Think → average % viewed, view-through rate, watch time, engagement rate; Do → CTR and
revenue (conversions carry no kind, so leads, sign-ups and sales appear only where the
plan has a goal for them); Care → followers, shares. The Do stage also reports its
step rate: conversions (sales, else leads, else sign-ups) ÷ views (else reach, else
impressions) of the See stage, when both are measured.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from reelwise.analytics.goals import GoalProgress, Status
from reelwise.domain.catalogues import Metric
from reelwise.domain.plan import Plan

STANDARD: Final[dict[str, tuple[Metric, ...]]] = {
    "see": (Metric.REACH, Metric.IMPRESSIONS, Metric.VIEWS),
    "think": (Metric.AVERAGE_PERCENT_VIEWED, Metric.VIEW_THROUGH_RATE, Metric.WATCH_TIME_HOURS, Metric.ENGAGEMENT_RATE),
    "do": (Metric.CTR, Metric.REVENUE),
    "care": (Metric.FOLLOWERS, Metric.SHARES),
}
ALIASES: Final = {"zien": "see", "denken": "think", "doen": "do", "zorgen": "care", "zorg": "care"}
HEADLINE: Final[dict[str, tuple[Metric, ...]]] = {
    "see": (Metric.VIEWS, Metric.REACH, Metric.IMPRESSIONS),
    "do": (Metric.SALES, Metric.LEADS, Metric.SIGN_UPS),
}
_STATUS_ORDER: Final = (
    Status.MISSED,
    Status.OFF_TRACK,
    Status.AT_RISK,
    Status.OPEN,
    Status.ON_TRACK,
    Status.ACHIEVED,
    Status.NO_DATA,
    Status.NO_TARGET,
)


def standard_stage(name: str) -> str | None:
    key = name.strip().lower()
    key = ALIASES.get(key, key)
    return key if key in STANDARD else None


@dataclass(frozen=True)
class FunnelStage:
    stage: str
    kpis: dict[str, float | None]
    goals: list[GoalProgress] = field(default_factory=list)
    videos: list[str] = field(default_factory=list)
    status: Status | None = None  # the worst goal status of the stage
    step_rate: float | None = None  # headline KPI ÷ the previous stage's headline KPI

    def to_dict(self) -> dict[str, Any]:
        return {
            "stage": self.stage,
            "kpis": self.kpis,
            "goals": [g.goal_id for g in self.goals],
            "videos": self.videos,
            "status": self.status.value if self.status else None,
            "step_rate": self.step_rate,
        }


def stage_metrics(plan: Plan, stage: str) -> list[Metric]:
    wanted = [g.metric for g in plan.goals if (g.stage or "").lower() == stage.lower()]
    std = standard_stage(stage)
    for metric in STANDARD.get(std or "", ()):
        if metric not in wanted:
            wanted.append(metric)
    return wanted


def funnel(plan: Plan, progress: Sequence[GoalProgress], values: Mapping[Metric, float | None]) -> list[FunnelStage]:
    """One row per stage of the campaign, in the plan's order."""
    out: list[FunnelStage] = []
    previous_headline: float | None = None
    for stage in plan.campaign.stages:
        goals = [p for p in progress if (p.stage or "").lower() == stage.lower()]
        kpis = {m.value: values.get(m) for m in stage_metrics(plan, stage)}
        videos = [v.id for v in plan.videos if v.stage.lower() == stage.lower()]
        statuses = [g.status for g in goals]
        worst = min(statuses, key=_STATUS_ORDER.index) if statuses else None
        headline = next(
            (values[m] for m in HEADLINE.get(standard_stage(stage) or "", ()) if values.get(m) is not None), None
        )
        step = headline / previous_headline if headline is not None and previous_headline else None
        out.append(FunnelStage(stage, kpis, goals, videos, worst, step))
        if headline is not None:
            previous_headline = headline
    return out
