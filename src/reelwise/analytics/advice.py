"""Analytics advice: findings from measured data, registered in the shared check registry.

Every check is a pure function ``(ctx: AdviceContext) -> Iterable[Finding]``; the report
service (:mod:`reelwise.services.report`) measures the workspace's data and builds the
context. This module must stay cheap to import (the registry imports it to list checks):
NumPy, SciPy, DuckDB and Ibis are imported inside functions only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final

from reelwise.domain.findings import Finding, Severity
from reelwise.domain.plan import Plan
from reelwise.domain.registry import REGISTRY, CheckKind, check
from reelwise.i18n import Msg

if TYPE_CHECKING:
    from reelwise.analytics.abtest import ABResult
    from reelwise.analytics.adjustments import Effect
    from reelwise.analytics.comments import CommentReport
    from reelwise.analytics.goals import GoalProgress
    from reelwise.analytics.measure import Measure
    from reelwise.analytics.retention import RetentionCurve

MOST_GONE: Final = 0.5  # "most viewers are gone": retention below one half
DROP_WINDOW_DAYS: Final = 7
BUDGET_RATIO: Final = 0.5  # flag a channel that converts at half the best rate per euro or less
BUDGET_CONFIDENCE: Final = 0.9


@dataclass(frozen=True)
class ChannelCost:
    channel: str
    spend_eur: float
    conversions: float


@dataclass(frozen=True)
class AdviceContext:
    plan: Plan
    today: dt.date
    curves: Mapping[str, RetentionCurve] = field(default_factory=dict)  # video id → per-second curve
    brand_moments: Mapping[str, float] = field(default_factory=dict)  # measured first brand moment (s)
    goals: Sequence[GoalProgress] = ()
    channels: Sequence[ChannelCost] = ()
    measures: Mapping[str, Measure] = field(default_factory=dict)  # metric value → measure
    effects: Sequence[Effect] = ()
    ab_results: Mapping[str, ABResult] = field(default_factory=dict)  # video id → finish-rate comparison
    unmapped_answers: int = 0
    comments: CommentReport | None = None  # triaged comments with their response times
    seed: int = 0


def clock(seconds: float) -> str:
    """0:07, 1:25 — how a viewer reads a position in a video."""
    total = max(0, round(seconds))
    return f"{total // 60}:{total % 60:02d}"


def pct(share: float) -> str:
    return f"{share * 100:.0f}%"


def run_advice(ctx: AdviceContext) -> list[Finding]:
    """Run every analytics check on the context; worst findings first."""
    out: list[Finding] = []
    for info in REGISTRY.of_kind(CheckKind.ANALYTICS):
        out.extend(info.func(ctx))
    return sorted(out, key=lambda f: (-f.severity.rank, f.point, f.id))


# --- point 2: the CTA comes after the viewers left ------------------------------------------------


@check(
    id="analytics.cta_after_viewers_left",
    point=2,
    kind=CheckKind.ANALYTICS,
    title=Msg("The call to action comes after most viewers left"),
    why=Msg("A CTA that comes when most viewers have stopped watching is seen by few."),
    fix=Msg("Move the CTA earlier, before most viewers leave, or add an early one."),
)
def cta_after_viewers_left(ctx: AdviceContext) -> Iterable[Finding]:
    for video in ctx.plan.videos:
        curve = ctx.curves.get(video.id)
        if curve is None or video.cta is None or video.cta.moment_s is None or not curve.plays:
            continue
        moment = video.cta.moment_s
        share = curve.at(moment)
        gone = curve.time_below(MOST_GONE)
        if gone is None or share >= MOST_GONE:
            continue
        yield Finding(
            id="analytics.cta_after_viewers_left",
            point=2,
            severity=Severity.PROBLEM if share < 0.25 else Severity.WARNING,
            message=Msg(
                "Most viewers of {video} are gone at {gone}, the CTA comes at {cta} (then {share} are still watching)",
                video=video.id,
                gone=clock(gone),
                cta=clock(moment),
                share=pct(share),
            ),
            evidence={
                "video": video.id,
                "most_gone_s": gone,
                "cta_s": moment,
                "retention_at_cta": share,
                "plays": curve.plays,
            },
            fix=Msg("Bring the CTA forward to before {gone}, or add an early one.", gone=clock(gone)),
        )


# --- point 9: the brand comes after the viewers left -------------------------------------------------


@check(
    id="analytics.brand_after_viewers_left",
    point=9,
    kind=CheckKind.ANALYTICS,
    title=Msg("The brand first appears after many viewers left"),
    why=Msg("Viewers who leave before the brand appears cannot remember who the video was from."),
    fix=Msg("Show and say the brand in the first seconds."),
)
def brand_after_viewers_left(ctx: AdviceContext) -> Iterable[Finding]:
    for video in ctx.plan.videos:
        curve = ctx.curves.get(video.id)
        moment = ctx.brand_moments.get(video.id, video.brand_moment_s)
        if curve is None or moment is None or not curve.plays:
            continue
        left = 1.0 - curve.at(moment)
        if left < MOST_GONE:
            continue
        yield Finding(
            id="analytics.brand_after_viewers_left",
            point=9,
            severity=Severity.PROBLEM if left >= 0.75 else Severity.WARNING,
            message=Msg(
                "The brand first appears at {brand} in {video}, after {share} of viewers left",
                brand=clock(moment),
                video=video.id,
                share=pct(left),
            ),
            evidence={"video": video.id, "brand_s": moment, "left_before_brand": left, "plays": curve.plays},
            fix=Msg("Show the brand before {time}: in the first 5 seconds if you can.", time=clock(moment)),
        )


# --- point 6: budget per euro --------------------------------------------------------------------


@check(
    id="analytics.budget_per_euro",
    point=6,
    kind=CheckKind.ANALYTICS,
    title=Msg("A channel converts far worse per euro than another"),
    why=Msg("Budget spent where it converts worst buys fewer results."),
    fix=Msg("Move budget towards the channel that converts best per euro (Thompson sampling shares)."),
)
def budget_per_euro(ctx: AdviceContext) -> Iterable[Finding]:
    paid = [c for c in ctx.channels if c.spend_eur > 0]
    if len(paid) < 2:
        return
    import numpy as np

    from reelwise.analytics.bandit import CostArm, thompson_shares

    rng = np.random.default_rng(ctx.seed)
    arms = [CostArm(c.channel, c.spend_eur, c.conversions) for c in paid]
    rates = [(c.conversions + 1.0) / c.spend_eur for c in paid]
    best = int(np.argmax(rates))
    shares = thompson_shares(arms, rng)
    for i, c in enumerate(paid):
        if i == best:
            continue
        ratio = rates[i] / rates[best]
        pair = thompson_shares([arms[best], arms[i]], rng)
        if ratio > BUDGET_RATIO or pair[0] < BUDGET_CONFIDENCE:
            continue
        yield Finding(
            id="analytics.budget_per_euro",
            point=6,
            severity=Severity.WARNING,
            message=Msg(
                "{worse} converts at {ratio} of {better}'s rate per euro: move budget",
                worse=c.channel,
                better=paid[best].channel,
                ratio=pct(ratio),
            ),
            evidence={
                "channels": {a.name: {"spend_eur": a.spend_eur, "conversions": a.conversions} for a in arms},
                "ratio": ratio,
                "prob_better": float(pair[0]),
                "thompson_shares": {a.name: float(s) for a, s in zip(arms, shares, strict=True)},
            },
            fix=Msg(
                "Shift budget from {worse} to {better}; Thompson sampling suggests {share} for {better}.",
                worse=c.channel,
                better=paid[best].channel,
                share=pct(float(shares[best])),
            ),
        )


# --- point 1: goals off pace --------------------------------------------------------------------------


@check(
    id="analytics.goal_off_pace",
    point=1,
    kind=CheckKind.ANALYTICS,
    title=Msg("A goal will miss its deadline at the current pace"),
    why=Msg("Seeing it early leaves time to adjust the campaign."),
    fix=Msg("Adjust budget, creative or distribution now, or reset the goal with the team."),
)
def goal_off_pace(ctx: AdviceContext) -> Iterable[Finding]:
    from reelwise.analytics.goals import Status

    for g in ctx.goals:
        if g.status not in (Status.OFF_TRACK, Status.AT_RISK, Status.MISSED) or g.target is None:
            continue
        evidence: dict[str, Any] = {
            "goal": g.goal_id,
            "metric": g.metric,
            "current": g.current,
            "target": g.target,
            "status": g.status.value,
        }
        if g.status == Status.MISSED:
            message = Msg(
                "Goal {goal} missed its deadline: {current} of {target}",
                goal=g.goal_id,
                current=_num(g.current, g.is_rate),
                target=_num(g.target, g.is_rate),
            )
        elif g.projection is not None and g.deadline is not None:
            p = g.projection
            evidence.update(expected=p.expected, interval_90=list(p.interval_90), prob_reach=p.prob_reach)
            message = Msg(
                "Goal {goal} will miss its deadline {deadline} at the current pace: {expected} expected of {target} "
                "(chance to make it {chance})",
                goal=g.goal_id,
                deadline=g.deadline.isoformat(),
                expected=_num(p.expected, g.is_rate),
                target=_num(g.target, g.is_rate),
                chance=pct(p.prob_reach),
            )
        else:
            message = Msg(
                "Goal {goal} is below its target: {current} of {target}",
                goal=g.goal_id,
                current=_num(g.current, g.is_rate),
                target=_num(g.target, g.is_rate),
            )
        yield Finding(
            id="analytics.goal_off_pace",
            point=1,
            severity=Severity.PROBLEM if g.status in (Status.OFF_TRACK, Status.MISSED) else Severity.WARNING,
            message=message,
            evidence=evidence,
        )


def _num(value: float | None, rate: bool = False) -> str:
    if value is None:
        return "–"
    if rate:
        return f"{value * 100:.1f}%"
    if abs(value) < 1:
        return f"{value:.3f}".rstrip("0").rstrip(".")
    return f"{value:,.0f}"


# --- point 10: alerts, adjustments, A/B, unmapped answers ---------------------------------------------


@check(
    id="analytics.alert",
    point=10,
    kind=CheckKind.ANALYTICS,
    title=Msg("An alert of the measurement plan fired"),
    why=Msg("The measurement plan asked to be told when this happens."),
    fix=Msg("Look at what changed and adjust; log the adjustment so its effect is measured."),
)
def alerts(ctx: AdviceContext) -> Iterable[Finding]:
    from reelwise.analytics.goals import Status
    from reelwise.domain.catalogues import AlertKind

    for alert in ctx.plan.measurement.alerts:
        metric = alert.metric.value
        if alert.goal is not None:
            goal = next((g for g in ctx.goals if g.goal_id == alert.goal), None)
            if goal is not None and goal.status in (Status.OFF_TRACK, Status.MISSED):
                yield _alert(
                    Msg("Alert: goal {goal} went off track", goal=alert.goal),
                    metric,
                    goal=alert.goal,
                    status=goal.status.value,
                )
        m = ctx.measures.get(metric)
        if m is None or m.current is None:
            continue
        if alert.kind == AlertKind.BELOW and m.current < alert.threshold:
            yield _alert(
                Msg(
                    "Alert: {metric} is {value}, below {threshold}",
                    metric=metric,
                    value=_num(m.current, alert.metric.is_rate),
                    threshold=_num(alert.threshold, alert.metric.is_rate),
                ),
                metric,
                value=m.current,
                threshold=alert.threshold,
            )
        elif alert.kind == AlertKind.ABOVE and m.current > alert.threshold:
            yield _alert(
                Msg(
                    "Alert: {metric} is {value}, above {threshold}",
                    metric=metric,
                    value=_num(m.current, alert.metric.is_rate),
                    threshold=_num(alert.threshold, alert.metric.is_rate),
                ),
                metric,
                value=m.current,
                threshold=alert.threshold,
            )
        elif alert.kind == AlertKind.DROP_PERCENT:
            drop = period_drop(m.daily, ctx.today)
            if drop is not None and drop * 100 > alert.threshold:
                yield _alert(
                    Msg(
                        "Alert: {metric} fell {drop} in the last {days} days against the {days} before",
                        metric=metric,
                        drop=pct(drop),
                        days=DROP_WINDOW_DAYS,
                    ),
                    metric,
                    drop=drop,
                    threshold_percent=alert.threshold,
                )


def period_drop(daily: Sequence[tuple[dt.date, float]], today: dt.date, days: int = DROP_WINDOW_DAYS) -> float | None:
    """Relative fall of the last ``days`` days against the ``days`` before (0.3 = fell 30 %)."""
    last = sum(v for d, v in daily if today - dt.timedelta(days=days) < d <= today)
    prev = sum(v for d, v in daily if today - dt.timedelta(days=2 * days) < d <= today - dt.timedelta(days=days))
    if prev <= 0:
        return None
    return (prev - last) / prev


def _alert(message: Msg, metric: str, **evidence: Any) -> Finding:
    return Finding(
        id="analytics.alert",
        point=10,
        severity=Severity.WARNING,
        message=message,
        evidence={"metric": metric, **evidence},
    )


@check(
    id="analytics.adjustment_effect",
    point=10,
    kind=CheckKind.ANALYTICS,
    title=Msg("The measured effect of a logged adjustment"),
    why=Msg("An adjustment is a hypothesis: its effect should be measured, not assumed."),
    fix=Msg("Keep what worked; undo what did not."),
)
def adjustment_effect(ctx: AdviceContext) -> Iterable[Finding]:
    for e in ctx.effects:
        a = e.adjustment
        if e.before_per_day is None or e.after_per_day is None:
            yield Finding(
                id="analytics.adjustment_effect",
                point=10,
                severity=Severity.INFO,
                message=Msg(
                    "Adjustment {change} ({date}) cannot be measured yet: no data on both sides",
                    change=a.change,
                    date=a.ts.date().isoformat(),
                ),
                evidence=e.to_dict(),
            )
            continue
        yield Finding(
            id="analytics.adjustment_effect",
            point=10,
            severity=Severity.INFO,
            message=Msg(
                "Adjustment {change} ({date}): {metric} went from {before} to {after} per day "
                "(chance it increased: {chance})",
                change=a.change,
                date=a.ts.date().isoformat(),
                metric=a.metric or "",
                before=_num(e.before_per_day),
                after=_num(e.after_per_day),
                chance=pct(e.prob_increase or 0.0),
            ),
            evidence=e.to_dict(),
        )


@check(
    id="analytics.ab_winner",
    point=10,
    kind=CheckKind.ANALYTICS,
    title=Msg("A/B test of variants: a winner or still running"),
    why=Msg("Choosing the variant that keeps viewers to the end makes every euro work harder."),
    fix=Msg("Use the winning variant; stop the others."),
)
def ab_winner(ctx: AdviceContext) -> Iterable[Finding]:
    from reelwise.analytics.abtest import Decision

    for video, result in ctx.ab_results.items():
        leader = next(a for a in result.arms if a.name == result.leader)
        evidence = {"video": video, **result.to_dict()}
        if result.decision == Decision.WINNER:
            yield Finding(
                id="analytics.ab_winner",
                point=10,
                severity=Severity.INFO,
                message=Msg(
                    "Variant {variant} of {video} finishes best ({rate}, chance to be best {chance}): use it",
                    variant=leader.name,
                    video=video,
                    rate=pct(leader.rate),
                    chance=pct(leader.prob_best),
                ),
                evidence=evidence,
            )
        elif result.decision == Decision.TOO_EARLY:
            yield Finding(
                id="analytics.ab_winner",
                point=10,
                severity=Severity.INFO,
                message=Msg(
                    "A/B test of {video}: too early to read; {missing} more plays needed per variant",
                    video=video,
                    missing=result.missing_trials,
                ),
                evidence=evidence,
            )


@check(
    id="analytics.unmapped_answers",
    point=10,
    kind=CheckKind.ANALYTICS,
    title=Msg('Answers to "how did you hear about us?" that are not mapped to a channel'),
    why=Msg("Unmapped answers are left out of the channel shares."),
    fix=Msg("Map them once with: reelwise answers map PHRASE CHANNEL"),
)
def unmapped_answers(ctx: AdviceContext) -> Iterable[Finding]:
    if ctx.unmapped_answers:
        yield Finding(
            id="analytics.unmapped_answers",
            point=10,
            severity=Severity.INFO,
            message=Msg("{count} answers could not be mapped to a channel", count=ctx.unmapped_answers),
            evidence={"count": ctx.unmapped_answers},
            fix=Msg("Map them once with: reelwise answers map PHRASE CHANNEL"),
        )


# --- point 7: questions and complaints that wait too long for an answer -------------------------


@check(
    id="analytics.comments_overdue",
    point=7,
    kind=CheckKind.ANALYTICS,
    title=Msg("Questions and complaints waiting past the response-time target"),
    why=Msg(
        "An unanswered question is a lost customer, and an unanswered complaint is read by everyone who comes after."
    ),
    fix=Msg("Answer them today; reelwise comments report lists them, oldest first."),
)
def comments_overdue(ctx: AdviceContext) -> Iterable[Finding]:
    if ctx.comments is None:
        return
    overdue = ctx.comments.overdue
    if not overdue:
        return
    oldest = overdue[0]
    complaints = sum(1 for a in overdue if a.kind.value == "complaint")
    yield Finding(
        id="analytics.comments_overdue",
        point=7,
        severity=Severity.PROBLEM if complaints else Severity.WARNING,
        message=Msg(
            "{count} questions and complaints wait longer than the target for an answer (complaints: {complaints}); "
            "the oldest, from {author} on {network}, is {hours} hours past it",
            count=len(overdue),
            complaints=complaints,
            author=oldest.comment.author or "?",
            network=oldest.comment.platform,
            hours=round(oldest.overdue_hours or 0.0),
        ),
        evidence={
            "overdue": len(overdue),
            "complaints": complaints,
            "oldest": {
                "comment_id": oldest.comment.comment_id,
                "platform": oldest.comment.platform,
                "ts": oldest.comment.ts.isoformat(),
                "hours_past_target": round(oldest.overdue_hours or 0.0, 1),
            },
        },
        fix=Msg("Answer them today; reelwise comments report lists them, oldest first."),
    )
