"""The campaign report: what the videos delivered against the goals, and what to change.

``report(plan, workspace, data_dir, today)`` reads the workspace's event store once
(short connection), and returns goal progress with projections, the funnel by stage, the
top drop-off points, attribution (channel shares, self-reported ÷ platform ratios,
unmapped answers), brand recall lift per question, A/B read-outs, adjustment effects and
the advice findings.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from reelwise.analytics.store import EventStore, workspace_store_path
from reelwise.domain.catalogues import Metric
from reelwise.domain.findings import Finding
from reelwise.domain.plan import Plan

TOP_DROP_OFFS = 5
NETWORK_CHANNELS = {
    "instagram": "instagram",
    "tiktok": "tiktok",
    "youtube": "youtube",
    "facebook": "facebook",
    "linkedin": "linkedin",
    "x": "x",
    "website": "website",
}


@dataclass
class Report:
    campaign: str
    workspace: str
    today: dt.date
    has_data: bool
    goals: list[Any] = field(default_factory=list)  # GoalProgress
    funnel: list[Any] = field(default_factory=list)  # FunnelStage
    drop_offs: list[dict[str, Any]] = field(default_factory=list)
    curves: list[Any] = field(default_factory=list)  # RetentionCurve
    attribution: dict[str, Any] = field(default_factory=dict)
    recall: list[Any] = field(default_factory=list)  # LiftResult
    ab_tests: dict[str, Any] = field(default_factory=dict)  # video → ABResult
    effects: list[Any] = field(default_factory=list)  # Effect
    videos: list[Any] = field(default_factory=list)  # VideoMetrics
    findings: list[Finding] = field(default_factory=list)

    def to_dict(self, lang: str | None = None) -> dict[str, Any]:
        """Plain JSON data; floats rounded to 10 significant digits (sums over parallel
        scans differ in the last bits from run to run)."""
        data: dict[str, Any] = _tidy(self._data(lang))
        return data

    def _data(self, lang: str | None) -> dict[str, Any]:
        return {
            "campaign": self.campaign,
            "workspace": self.workspace,
            "today": self.today.isoformat(),
            "has_data": self.has_data,
            "goals": [g.to_dict() for g in self.goals],
            "funnel": [s.to_dict() for s in self.funnel],
            "drop_offs": self.drop_offs,
            "attribution": self.attribution,
            "recall": [r.to_dict() for r in self.recall],
            "ab_tests": {k: v.to_dict() for k, v in self.ab_tests.items()},
            "adjustments": [e.to_dict() for e in self.effects],
            "videos": [v.to_dict() for v in self.videos],
            "findings": [f.to_dict(lang) for f in self.findings],
        }


def _tidy(value: Any) -> Any:
    if isinstance(value, float):
        return float(f"{value:.10g}")
    if isinstance(value, dict):
        return {k: _tidy(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_tidy(v) for v in value]
    return value


def report(
    plan: Plan,
    workspace: str,
    data_dir: Path,
    today: dt.date,
    *,
    campaign: str | None = None,
    seed: int = 0,
) -> Report:
    """Build the report of one campaign from its workspace's event store.

    ``campaign`` is the name the campaign is stored under; data tagged with it, its slug
    or the plan's campaign name (or not tagged) counts.
    """
    from reelwise.analytics.advice import AdviceContext, run_advice
    from reelwise.analytics.goals import GoalProgress

    name = campaign or plan.campaign.name
    path = workspace_store_path(data_dir, workspace)
    out = Report(campaign=name, workspace=workspace, today=today, has_data=path.is_file())
    progress: list[GoalProgress]
    if not out.has_data:
        progress = [_progress(g, None, today, plan.campaign.end) for g in plan.goals]
        out.goals = progress
        out.funnel = _funnel(plan, progress, {})
        out.findings = run_advice(AdviceContext(plan=plan, today=today, goals=progress, seed=seed))
        return out
    with EventStore.open(path) as store:
        ctx = _gather(store.ibis(), plan, out, today, campaign_names(plan, campaign), seed)
        ctx = replace(ctx, comments=_comments(store, plan, today))
    out.findings = run_advice(ctx)
    return out


def _comments(store: EventStore, plan: Plan, today: dt.date) -> Any:
    """The comments against the plan's targets, overdue as of the start of ``today`` (or the
    newest comment, when that is later); None without comments."""
    from reelwise.services.comments import comment_report, owner_handles, stored_comments

    comments = stored_comments(store, owner_handles(plan))
    if not comments:
        return None
    as_of = max(dt.datetime.combine(today, dt.time()), max(c.ts for c in comments))
    return comment_report(store, plan, as_of=as_of)


def campaign_names(plan: Plan, campaign: str | None) -> list[str]:
    """The names data of this campaign may be tagged with: the stored name, the plan's, and their slugs."""
    from reelwise.errors import InputError
    from reelwise.services.workspaces import slugify

    names = [n for n in (campaign, plan.campaign.name) if n]
    for n in list(names):
        with contextlib.suppress(InputError):
            names.append(slugify(n))
    return sorted(set(names))


def _progress(goal: Any, measure: Any, today: dt.date, plan_end: dt.date) -> Any:
    from reelwise.analytics.goals import count_progress, rate_progress

    current = measure.current if measure is not None else None
    common = {
        "stage": goal.stage,
        "target": goal.target,
        "deadline": goal.deadline or plan_end,
        "today": today,
        "current": current,
        "source": measure.source if measure is not None else None,
    }
    if goal.metric.is_rate:
        return rate_progress(goal.id, goal.metric.value, interval_90=measure.interval_90 if measure else None, **common)
    return count_progress(goal.id, goal.metric.value, daily=measure.increments if measure else [], **common)


def _funnel(plan: Plan, progress: list[Any], values: dict[Metric, float | None]) -> list[Any]:
    from reelwise.analytics.funnel import funnel

    return funnel(plan, progress, values)


def _gather(backend: Any, plan: Plan, out: Report, today: dt.date, campaigns: list[str], seed: int) -> Any:
    import numpy as np

    from reelwise.analytics import retention
    from reelwise.analytics.advice import AdviceContext
    from reelwise.analytics.funnel import stage_metrics
    from reelwise.analytics.measure import Measurer

    rng = np.random.default_rng(seed)
    measurer = Measurer(backend, plan, today=today, campaigns=campaigns)
    wanted: list[Metric] = [g.metric for g in plan.goals]
    for stage in plan.campaign.stages:
        wanted += [m for m in stage_metrics(plan, stage) if m not in wanted]
    wanted += [a.metric for a in plan.measurement.alerts if a.metric not in wanted]
    measures = {m: measurer.measure(m) for m in wanted}
    progress = [_progress(g, measures[g.metric], today, plan.campaign.end) for g in plan.goals]
    out.goals = progress
    out.funnel = _funnel(plan, progress, {m: v.current for m, v in measures.items()})
    out.videos = measurer.platform_videos + measurer.player_variants

    curves = retention.curves(backend, video_ids=measurer.player_video_ids)
    out.curves = curves
    drops: list[dict[str, Any]] = [
        {
            "video": c.video_id,
            "t_s": d.t_s,
            "drop": d.drop,
            "retention_before": d.retention_before,
            "retention_after": d.retention_after,
            "plays": c.plays,
        }
        for c in curves
        for d in c.drop_offs()
    ]
    out.drop_offs = sorted(drops, key=lambda d: -float(d["drop"]))[:TOP_DROP_OFFS]

    out.attribution, unmapped, conversions_by_channel = _attribution(backend, measurer)
    out.recall = _recall(measurer, rng)
    out.ab_tests = _ab_tests(measurer, rng)
    out.effects = _effects(backend, measurer, today)

    from reelwise.analytics.advice import ChannelCost

    spend: dict[str, float] = {}
    for post in plan.distribution.posts:
        if post.paid_budget_eur:
            channel = NETWORK_CHANNELS.get(post.platform.network, post.platform.network)
            spend[channel] = spend.get(channel, 0.0) + post.paid_budget_eur
    channels = [ChannelCost(c, s, conversions_by_channel.get(c, 0.0)) for c, s in sorted(spend.items())]
    return AdviceContext(
        plan=plan,
        today=today,
        curves={c.video_id: c for c in curves},
        goals=progress,
        channels=channels,
        measures={m.value: v for m, v in measures.items()},
        effects=out.effects,
        ab_results=out.ab_tests,
        unmapped_answers=unmapped,
        seed=seed,
    )


def _attribution(backend: Any, measurer: Any) -> tuple[dict[str, Any], int, dict[str, float]]:
    from reelwise.analytics.attribution import channel_shares, count_channels, self_reported_ratio
    from reelwise.services.answers import answer_matches, synonym_table

    table = synonym_table(backend)
    answers = backend.table("attribution_answers").to_pyarrow().to_pylist()
    matches = answer_matches(answers, table)
    mapped = [m.channels for _a, m in matches if m.channels]
    unmapped = [a["answer_text"] for a, m in matches if not m.channels]
    fuzzy = [{"answer": a["answer_text"], "channels": list(m.channels)} for a, m in matches if m.how == "fuzzy"]
    counts = count_channels(mapped)
    shares = channel_shares(counts)
    conv = measurer.tagged("conversions")
    per_channel: dict[str, float] = {}
    for r in conv.group_by("channel").aggregate(n=conv.count()).to_pyarrow().to_pylist():
        match = table.match(r["channel"] or "")
        key = match.channels[0] if match.channels else (r["channel"] or "unknown")
        per_channel[key] = per_channel.get(key, 0.0) + float(r["n"])
    ratios = self_reported_ratio(counts, per_channel) if counts and per_channel else []
    unmapped_counts: dict[str, int] = {}
    for text in unmapped:
        unmapped_counts[text] = unmapped_counts.get(text, 0) + 1
    return (
        {
            "answers": len(answers),
            "mapped": len(mapped),
            "shares": [
                {"channel": s.channel, "answers": s.answers, "share": s.share, "interval_90": list(s.interval_90)}
                for s in shares
            ],
            "self_reported_vs_platform": [r.__dict__ for r in ratios],
            "unmapped": [{"answer": k, "count": v} for k, v in sorted(unmapped_counts.items(), key=lambda kv: -kv[1])],
            "fuzzy": fuzzy,
        },
        len(unmapped),
        per_channel,
    )


def _recall(measurer: Any, rng: Any) -> list[Any]:
    from reelwise.analytics.brandlift import brand_lift

    out = []
    for question in ("ad_recall", "brand_recall", "awareness", "consideration"):
        counts = measurer.survey_counts((question,))
        if counts is not None:
            ep, en, cp, cn = counts
            out.append(brand_lift(ep, en, cp, cn, rng, question=question))
    return out


def _ab_tests(measurer: Any, rng: Any) -> dict[str, Any]:
    from reelwise.analytics.abtest import Arm, compare

    by_video: dict[str, list[Any]] = {}
    for v in measurer.player_variants:
        if v.variant and v.plays:
            by_video.setdefault(v.video_id, []).append(Arm(v.variant, v.finishes or 0, v.plays))
    return {video: compare(arms, rng) for video, arms in sorted(by_video.items()) if len(arms) >= 2}


def _effects(backend: Any, measurer: Any, today: dt.date) -> list[Any]:
    from reelwise.analytics.adjustments import Adjustment, effect

    rows = measurer.tagged("adjustments").order_by("ts").to_pyarrow().to_pylist()
    out = []
    for r in rows:
        if r["ts"] is None:
            continue
        adj = Adjustment(
            r["adjustment_id"],
            r["ts"],
            r["hypothesis"] or "",
            r["change"] or "",
            r["metric"],
            r["video_id"],
            r["campaign"],
        )
        try:
            metric = Metric(r["metric"]) if r["metric"] else None
        except ValueError:
            metric = None
        daily = measurer.measure(metric).daily if metric is not None and not metric.is_rate else []
        out.append(effect(adj, daily, today=today))
    return out
