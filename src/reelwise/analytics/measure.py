"""Measure a plan's metrics in a workspace's event store (Ibis over DuckDB).

Which data belongs to a campaign: platform rows of the videos mapped to the plan's
videos in ``videos_map`` (all rows of the workspace when none is mapped yet); player
events of the plan's videos (the tracker sends the plan's video ids); conversions, survey responses and
adjustments tagged with the campaign (any of the names it goes by: the name asked for,
its slug, the plan's campaign name) or not tagged at all. Counts run from the
campaign's start to ``today``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Final

import numpy as np

from reelwise.analytics import metrics as vm
from reelwise.domain.catalogues import Metric
from reelwise.domain.plan import Plan

PLATFORM_COUNT: Final = {
    Metric.VIEWS: "views",
    Metric.IMPRESSIONS: "impressions",
    Metric.REACH: "reach",
    Metric.WATCH_TIME_HOURS: "watch_time_hours",
    Metric.SHARES: "shares",
    Metric.FOLLOWERS: "followers_gained",
}
CONVERSION_COUNT: Final = frozenset(
    {Metric.LEADS, Metric.SIGN_UPS, Metric.SALES, Metric.DOWNLOADS, Metric.STORE_VISITS}
)
LIFT_QUESTIONS: Final = {
    Metric.BRAND_RECALL_LIFT: ("brand_recall",),
    Metric.BRAND_AWARENESS_LIFT: ("awareness",),
    Metric.CONSIDERATION_LIFT: ("consideration",),
}


@dataclass(frozen=True)
class Measure:
    metric: str
    current: float | None
    daily: list[tuple[dt.date, float]] = field(default_factory=list)  # increments per day with data
    interval_90: tuple[float, float] | None = None
    source: str | None = None

    @property
    def increments(self) -> list[float]:
        return [v for _d, v in self.daily]


class Measurer:
    """Measures metrics of one campaign; results of the expensive queries are cached."""

    def __init__(self, backend: Any, plan: Plan, *, today: dt.date, campaigns: Sequence[str] | None = None) -> None:
        self.backend = backend
        self.plan = plan
        self.today = today
        self.start = plan.campaign.launch_date
        self.campaigns = list(campaigns) if campaigns else None

    # -- selections ----------------------------------------------------------------------
    @cached_property
    def platform_keys(self) -> list[tuple[str, str]] | None:
        """(platform, video_key) pairs of the plan's videos; None = no mapping, use all."""
        ids = [v.id for v in self.plan.videos]
        m = self.backend.table("videos_map")
        rows = m.filter(m.video_id.isin(ids)).select("platform", "video_key").to_pyarrow().to_pylist() if ids else []
        return [(r["platform"], r["video_key"]) for r in rows] or None

    @cached_property
    def player_video_ids(self) -> list[str]:
        """The tracker sends the plan's video ids: only those belong to the campaign."""
        return [v.id for v in self.plan.videos]

    def tagged(self, table: str) -> Any:
        t = self.backend.table(table)
        if self.campaigns is None:
            return t
        return t.filter(t.campaign.isnull() | t.campaign.isin(self.campaigns))

    def _platform_rows(self, metric: str, *, account: bool = False) -> Any:
        t = self.backend.table("platform_metrics")
        t = t.filter((t.metric == metric) & t.hour.isnull() & t.value.notnull())
        if not account:
            t = t.filter(t.video_key != "")
        keys = self.platform_keys
        if keys is not None and not account:
            t = t.filter(t.platform.concat("\x1f", t.video_key).isin([f"{p}\x1f{k}" for p, k in keys]))
        return t

    # -- cached metric lists -----------------------------------------------------------------
    @cached_property
    def platform_videos(self) -> list[vm.VideoMetrics]:
        rows = vm.platform_metrics(self.backend)
        keys = self.platform_keys
        return [r for r in rows if keys is None or (r.platform, r.video_key) in keys]

    @cached_property
    def player_videos(self) -> list[vm.VideoMetrics]:
        return vm.player_metrics(self.backend, video_ids=self.player_video_ids, by_variant=False)

    @cached_property
    def player_variants(self) -> list[vm.VideoMetrics]:
        return vm.player_metrics(self.backend, video_ids=self.player_video_ids, by_variant=True)

    # -- counts --------------------------------------------------------------------------------
    def platform_count(self, metric: str, *, account: bool = False) -> Measure:
        rows = self._platform_rows(metric, account=account)
        daily_rows = rows.filter(rows.day.notnull() & (rows.day >= self.start) & (rows.day <= self.today))
        per_day = daily_rows.group_by("day").aggregate(value=daily_rows.value.sum()).order_by("day")
        daily = [(r["day"], float(r["value"])) for r in per_day.to_pyarrow().to_pylist()]
        per_key = rows.group_by(["platform", "video_key"]).aggregate(
            has_daily=rows.day.notnull().cast("int64").sum(), lifetime=rows.value.max(where=rows.day.isnull())
        )
        lifetime_only = per_key.filter((per_key.has_daily == 0) & per_key.lifetime.notnull())
        extra = lifetime_only.lifetime.sum().to_pyarrow().as_py() or 0.0
        if not daily and not extra:
            return Measure(metric, None, source="platforms")
        return Measure(metric, sum(v for _d, v in daily) + float(extra), daily, source="platforms")

    def player_count(self, kind: str) -> Measure:
        ev = self.backend.table("player_events")
        ev = ev.filter(ev.video_id.isin(self.player_video_ids))
        ev = ev.filter((ev.type == kind) & ev.client_ts.notnull())
        ev = ev.mutate(day=ev.client_ts.date())
        ev = ev.filter((ev.day >= self.start) & (ev.day <= self.today))
        per_day = ev.group_by("day").aggregate(value=ev.session_id.nunique()).order_by("day")
        daily = [(r["day"], float(r["value"])) for r in per_day.to_pyarrow().to_pylist()]
        return Measure(kind, sum(v for _d, v in daily) if daily else None, daily, source="player")

    def conversion_count(self, *, revenue: bool = False) -> Measure:
        c = self.tagged("conversions")
        c = c.filter(c.ts.notnull()).mutate(day=lambda t: t.ts.date())
        c = c.filter((c.day >= self.start) & (c.day <= self.today))
        value = c.value_eur.coalesce(0.0).sum() if revenue else c.count()
        per_day = {
            r["day"]: float(r["value"]) for r in c.group_by("day").aggregate(value=value).to_pyarrow().to_pylist()
        }
        if not per_day:
            return Measure("revenue" if revenue else "conversions", None, source="conversions")
        days = (self.today - self.start).days + 1
        daily = [(self.start + dt.timedelta(d), per_day.get(self.start + dt.timedelta(d), 0.0)) for d in range(days)]
        return Measure("revenue" if revenue else "conversions", sum(per_day.values()), daily, source="conversions")

    # -- rates ---------------------------------------------------------------------------------
    def _weighted(self, attr: str, rows: Sequence[vm.VideoMetrics]) -> float | None:
        pairs = [(getattr(r, attr), r.views) for r in rows if getattr(r, attr) is not None and r.views]
        total = sum(w for _v, w in pairs)
        return sum(v * w for v, w in pairs) / total if total else None

    def lift(self, metric: Metric) -> Measure:
        from reelwise.analytics.brandlift import brand_lift

        counts = self.survey_counts(LIFT_QUESTIONS[metric])
        if counts is None:
            return Measure(metric.value, None, source="survey")
        result = brand_lift(*counts, np.random.default_rng(0))
        return Measure(metric.value, result.absolute.mean, interval_90=result.absolute.interval(0.9), source="survey")

    def survey_counts(self, questions: Sequence[str]) -> tuple[int, int, int, int] | None:
        s = self.tagged("survey_responses")
        s = s.filter(s.question.isin(list(questions)) & s.positive.notnull())
        agg = s.group_by("arm").aggregate(n=s.count(), pos=s.positive.cast("int64").sum()).to_pyarrow().to_pylist()
        arms = {r["arm"]: (int(r["pos"]), int(r["n"])) for r in agg}
        if "exposed" not in arms or "control" not in arms:
            return None
        return arms["exposed"][0], arms["exposed"][1], arms["control"][0], arms["control"][1]

    def measure(self, metric: Metric) -> Measure:
        """The current value (and daily increments for counts) of a plan metric."""
        from reelwise.analytics.stats import credible_interval

        if metric in PLATFORM_COUNT:
            m = self.platform_count(PLATFORM_COUNT[metric], account=metric == Metric.FOLLOWERS)
            player_kind = {Metric.VIEWS: "play", Metric.IMPRESSIONS: "impression"}.get(metric)
            if player_kind:
                m = _combine(m, self.player_count(player_kind))
            return Measure(metric.value, m.current, m.daily, source=m.source)
        if metric in CONVERSION_COUNT or metric == Metric.REVENUE:
            m = self.conversion_count(revenue=metric == Metric.REVENUE)
            return Measure(metric.value, m.current, m.daily, source=m.source)
        if metric in LIFT_QUESTIONS:
            return self.lift(metric)
        rows = self.platform_videos + self.player_videos
        if metric == Metric.CTR:
            clicks = shown = 0.0
            for r in rows:
                c = r.clicks if r.platform != "player" else r.cta_clicked
                n = r.impressions if r.platform != "player" else r.plays
                if c is not None and n:
                    clicks += float(c)
                    shown += float(n)
            if not shown:
                return Measure(metric.value, self._weighted("ctr", rows), source="platforms")
            return Measure(metric.value, clicks / shown, interval_90=credible_interval(clicks, shown), source="mixed")
        if metric == Metric.VIEW_THROUGH_RATE:
            player = [r for r in self.player_videos if r.plays]
            if player and not any(r.completion is not None for r in self.platform_videos):
                fin = sum(r.finishes or 0 for r in player)
                n = sum(r.plays or 0 for r in player)
                return Measure(metric.value, fin / n, interval_90=credible_interval(fin, n), source="player")
            return Measure(metric.value, self._weighted("completion", rows), source="mixed")
        if metric == Metric.AVERAGE_PERCENT_VIEWED:
            return Measure(metric.value, self._weighted("average_percent_viewed", rows), source="mixed")
        if metric == Metric.ENGAGEMENT_RATE:
            return Measure(metric.value, self._weighted("engagement_rate", rows), source="platforms")
        return Measure(metric.value, None)


def _combine(a: Measure, b: Measure) -> Measure:
    if a.current is None:
        return b
    if b.current is None:
        return a
    days: dict[dt.date, float] = {}
    for d, v in a.daily + b.daily:
        days[d] = days.get(d, 0.0) + v
    return Measure(a.metric, a.current + b.current, sorted(days.items()), source="platforms+player")
