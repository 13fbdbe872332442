"""Point 1 — goals and expectations: SMART goals, views are not sales, stated expectations."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final

from reelwise.domain.catalogues import Metric, MetricKind
from reelwise.domain.findings import Finding, Severity
from reelwise.domain.plan import Goal
from reelwise.i18n import Msg, Num
from reelwise.strategy.base import AuditContext, finding, rule
from reelwise.strategy.journey import canonical_stage

POINT: Final = 1

# When the plan states no conversion rate, at most this share of the people reached is
# assumed to convert. Deliberately generous: typical e-commerce conversion is 2–3 % of
# *visitors* to a shop, and people reached by a video convert far less often than that.
DEFAULT_CONVERSION_CEILING: Final = 0.05

# Outcome metrics counted in people or actions (revenue is in euros and is not compared).
COUNTED_OUTCOMES: Final = frozenset(
    {Metric.LEADS, Metric.SIGN_UPS, Metric.SALES, Metric.DOWNLOADS, Metric.STORE_VISITS}
)
# Attention metrics that bound the number of people reached, best estimate first.
REACH_METRICS: Final = (Metric.REACH, Metric.VIEWS, Metric.IMPRESSIONS)


def _goal_path(ctx: AuditContext, goal: Goal) -> str:
    return f"goals[{ctx.plan.goals.index(goal)}]"


@rule(
    id="goals.no_goals",
    point=POINT,
    title=Msg("The plan has goals"),
    why=Msg(
        "Without goals nobody can say afterwards whether the videos worked, and every other choice lacks a yardstick."
    ),
    fix=Msg("Add at least one goal per funnel stage: a metric, a target, a deadline and a stage."),
)
def no_goals(ctx: AuditContext) -> Iterator[Finding]:
    if not ctx.plan.goals:
        yield finding(
            "goals.no_goals",
            POINT,
            Severity.PROBLEM,
            Msg("The plan has no goals"),
            Msg("Add goals with a metric, a target, a deadline and a funnel stage."),
            field="goals",
        )


@rule(
    id="goals.no_target",
    point=POINT,
    title=Msg("Every goal has a target"),
    why=Msg("A goal without a number cannot be missed, so it cannot be managed either."),
    fix=Msg("Give the goal a target; rates as fractions (0.3 = 30 %)."),
)
def no_target(ctx: AuditContext) -> Iterator[Finding]:
    for goal in ctx.plan.goals:
        if goal.target is None:
            yield finding(
                "goals.no_target",
                POINT,
                Severity.PROBLEM,
                Msg("Goal {goal} has no target", goal=goal.id),
                Msg("Give the goal a target; rates as fractions (0.3 = 30 %)."),
                goal=goal.id,
                field=f"{_goal_path(ctx, goal)}.target",
            )


@rule(
    id="goals.no_deadline",
    point=POINT,
    title=Msg("Every goal has a deadline"),
    why=Msg("Without a deadline a goal is a wish: progress cannot be projected and nobody knows when to adjust."),
    fix=Msg("Give the goal a deadline inside the campaign."),
)
def no_deadline(ctx: AuditContext) -> Iterator[Finding]:
    for goal in ctx.plan.goals:
        if goal.deadline is None:
            yield finding(
                "goals.no_deadline",
                POINT,
                Severity.WARNING,
                Msg("Goal {goal} has no deadline", goal=goal.id),
                Msg("Give the goal a deadline inside the campaign."),
                goal=goal.id,
                field=f"{_goal_path(ctx, goal)}.deadline",
            )


@rule(
    id="goals.no_stage",
    point=POINT,
    title=Msg("Every goal belongs to a funnel stage"),
    why=Msg("The stage decides which videos, CTAs and channels serve the goal; without it the goal floats."),
    fix=Msg("Set the goal's stage (See, Think, Do or Care)."),
)
def no_stage(ctx: AuditContext) -> Iterator[Finding]:
    for goal in ctx.plan.goals:
        if goal.stage is None:
            yield finding(
                "goals.no_stage",
                POINT,
                Severity.WARNING,
                Msg("Goal {goal} has no funnel stage", goal=goal.id),
                Msg("Set the goal's stage (See, Think, Do or Care)."),
                goal=goal.id,
                field=f"{_goal_path(ctx, goal)}.stage",
            )


@rule(
    id="goals.rate_as_percent",
    point=POINT,
    title=Msg("Rate targets are fractions"),
    why=Msg("Rates are fractions in a plan (0.3 = 30 %); a target above 1 can never be reached and hides a typo."),
    fix=Msg("Write the target as a fraction: 0.3 for 30 %."),
)
def rate_as_percent(ctx: AuditContext) -> Iterator[Finding]:
    for goal in ctx.plan.goals:
        if goal.metric.is_rate and goal.target is not None and goal.target > 1:
            yield finding(
                "goals.rate_as_percent",
                POINT,
                Severity.PROBLEM,
                Msg(
                    "Goal {goal} aims at a {metric} of {target}, more than 100 %",
                    goal=goal.id,
                    metric=goal.metric.value,
                    target=goal.target,
                ),
                Msg("Write the target as a fraction: 0.3 for 30 %."),
                goal=goal.id,
                target=goal.target,
                field=f"{_goal_path(ctx, goal)}.target",
            )


@rule(
    id="goals.attention_unlinked",
    point=POINT,
    title=Msg("Attention goals serve an outcome or are awareness-only"),
    why=Msg("Views do not equal sales: an attention goal that serves no outcome goal invites vanity metrics."),
    fix=Msg("Link the goal to the outcome goal it serves (serves:), or mark it awareness_only: true on purpose."),
)
def attention_unlinked(ctx: AuditContext) -> Iterator[Finding]:
    for goal in ctx.plan.goals:
        if goal.metric.kind is MetricKind.ATTENTION and goal.serves is None and not goal.awareness_only:
            yield finding(
                "goals.attention_unlinked",
                POINT,
                Severity.WARNING,
                Msg(
                    "Attention goal {goal} ({metric}) serves no outcome goal and is not marked awareness-only",
                    goal=goal.id,
                    metric=goal.metric.value,
                ),
                Msg(
                    "Link the goal to the outcome goal it serves (serves:), or mark it awareness_only: true on purpose."
                ),
                goal=goal.id,
                metric=goal.metric.value,
                field=f"{_goal_path(ctx, goal)}.serves",
            )


@rule(
    id="goals.no_do_goal",
    point=POINT,
    title=Msg("A selling campaign has a Do-stage outcome goal"),
    why=Msg(
        "A campaign that sells must say how many leads, sign-ups or sales it is after, or it will be judged on views."
    ),
    fix=Msg("Add an outcome goal (leads, sign-ups, sales, revenue …) in the Do stage."),
)
def no_do_goal(ctx: AuditContext) -> Iterator[Finding]:
    plan = ctx.plan
    if not plan.campaign.sells or not plan.goals:
        return
    has_do_names = any(canonical_stage(s) == "do" for s in plan.campaign.stages)
    outcome = [g for g in plan.goals if g.metric.kind is MetricKind.OUTCOME]
    if has_do_names:
        outcome = [g for g in outcome if canonical_stage(g.stage) == "do"]
    if not outcome:
        yield finding(
            "goals.no_do_goal",
            POINT,
            Severity.PROBLEM,
            Msg("The campaign sells, but no goal measures an outcome in the Do stage"),
            Msg("Add an outcome goal (leads, sign-ups, sales, revenue …) in the Do stage."),
            field="goals",
            sells=True,
        )


@rule(
    id="goals.unreachable_target",
    point=POINT,
    title=Msg("Outcome targets fit the planned reach"),
    why=Msg("If the plan's own reach times a realistic conversion rate stays below the target, the target is fiction."),
    fix=Msg("Raise the reach goal, lower the outcome target, or state the conversion rate you expect and why."),
)
def unreachable_target(ctx: AuditContext) -> Iterator[Finding]:
    plan = ctx.plan
    counted = [g for g in plan.goals if g.metric in COUNTED_OUTCOMES and g.target is not None]
    if not counted:
        return
    reach_goal = None
    for metric in REACH_METRICS:
        candidates = [g for g in plan.goals if g.metric is metric and g.target is not None]
        if candidates:
            reach_goal = max(candidates, key=lambda g: g.target or 0)
            break
    stated = plan.campaign.expectations.conversion_rate if plan.campaign.expectations else None
    base_rate = stated if stated is not None else DEFAULT_CONVERSION_CEILING
    final_stage = any(canonical_stage(s) == "do" for s in plan.campaign.stages)
    for goal in counted:
        # The stated rate is for the final conversion (Do, or any goal when the plan has no
        # Do stage); earlier outcomes such as trial sign-ups convert more often than that.
        is_final = not final_stage or goal.stage is None or canonical_stage(goal.stage) == "do"
        rate = base_rate if is_final else max(base_rate, DEFAULT_CONVERSION_CEILING)
        if reach_goal is None or reach_goal.target is None:
            yield finding(
                "goals.unreachable_target",
                POINT,
                Severity.INFO,
                Msg(
                    "Cannot check whether goal {goal} is reachable: the plan has no reach or views target", goal=goal.id
                ),
                Msg("Add a reach goal so the outcome target can be checked against it."),
                goal=goal.id,
            )
            continue
        ceiling = reach_goal.target * rate
        assert goal.target is not None
        if goal.target > ceiling:
            yield finding(
                "goals.unreachable_target",
                POINT,
                Severity.PROBLEM,
                Msg(
                    "Goal {goal} asks for {target} but the planned {metric} of {reach} at a conversion rate of "
                    "{rate} gives at most {ceiling}",
                    goal=goal.id,
                    target=_num(goal.target),
                    metric=reach_goal.metric.value,
                    reach=_num(reach_goal.target),
                    rate=Num(rate, 2, percent=True),
                    ceiling=_num(ceiling),
                ),
                Msg("Raise the reach goal, lower the outcome target, or state the conversion rate you expect and why."),
                goal=goal.id,
                target=goal.target,
                reach_goal=reach_goal.id,
                reach=reach_goal.target,
                conversion_rate=rate,
                conversion_rate_stated=stated is not None,
                ceiling=ceiling,
                field=f"{_goal_path(ctx, goal)}.target",
            )


def _num(value: float) -> Num:
    return Num(value, 0 if value >= 10 else 3)


@rule(
    id="goals.no_expectations",
    point=POINT,
    title=Msg("The plan states its expectations"),
    why=Msg(
        "People rarely buy after one video: stating the touchpoints and days before a conversion keeps "
        "the team from judging the campaign too early."
    ),
    fix=Msg("Fill in campaign.expectations: touchpoints, days_to_conversion and conversion_rate."),
)
def no_expectations(ctx: AuditContext) -> Iterator[Finding]:
    exp = ctx.plan.campaign.expectations
    missing = [
        name
        for name in ("touchpoints", "days_to_conversion", "conversion_rate")
        if exp is None or getattr(exp, name) is None
    ]
    if len(missing) == 3:
        yield finding(
            "goals.no_expectations",
            POINT,
            Severity.WARNING,
            Msg("The plan states no expectations (touchpoints, days to a conversion, conversion rate)"),
            Msg("Fill in campaign.expectations: touchpoints, days_to_conversion and conversion_rate."),
            field="campaign.expectations",
        )
    elif missing:
        yield finding(
            "goals.no_expectations",
            POINT,
            Severity.INFO,
            Msg("The expectations leave out: {fields}", fields=", ".join(missing)),
            Msg("Fill in campaign.expectations: touchpoints, days_to_conversion and conversion_rate."),
            field="campaign.expectations",
            missing=missing,
        )


@rule(
    id="goals.deadline_outside_campaign",
    point=POINT,
    title=Msg("Goal deadlines fall inside the campaign"),
    why=Msg("A deadline before the campaign starts or long after it ends cannot be steered by the campaign."),
    fix=Msg("Move the deadline between the campaign's start and end dates, or change the campaign dates."),
)
def deadline_outside(ctx: AuditContext) -> Iterator[Finding]:
    c = ctx.plan.campaign
    for goal in ctx.plan.goals:
        if goal.deadline is not None and not (c.start <= goal.deadline <= c.end):
            yield finding(
                "goals.deadline_outside_campaign",
                POINT,
                Severity.WARNING,
                Msg(
                    "Goal {goal} has its deadline on {deadline}, outside the campaign ({start} to {end})",
                    goal=goal.id,
                    deadline=goal.deadline.isoformat(),
                    start=c.start.isoformat(),
                    end=c.end.isoformat(),
                ),
                Msg("Move the deadline between the campaign's start and end dates, or change the campaign dates."),
                goal=goal.id,
                deadline=goal.deadline.isoformat(),
                field=f"{_goal_path(ctx, goal)}.deadline",
            )


@rule(
    id="goals.progress",
    point=POINT,
    title=Msg("Goals are tracked against real data"),
    why=Msg("A goal only steers the campaign when its progress is measured and compared with the target in time."),
    fix=Msg("Import the platform exports and conversions so progress can be measured."),
)
def progress(ctx: AuditContext) -> Iterator[Finding]:
    """Reads ``ctx.metrics["goals"][goal_id]`` (the value measured so far) when data is imported."""
    goals = [g for g in ctx.plan.goals if g.target is not None]
    if not goals:
        return
    measured = (ctx.metrics or {}).get("goals") or {}
    unmeasured: list[str] = []
    for goal in goals:
        value = measured.get(goal.id)
        if not isinstance(value, int | float):
            unmeasured.append(goal.id)
            continue
        assert goal.target is not None
        if goal.deadline is not None and goal.deadline < ctx.today and value < goal.target:
            yield finding(
                "goals.progress",
                POINT,
                Severity.PROBLEM,
                Msg(
                    "Goal {goal} missed its target: {value} of {target} by {deadline}",
                    goal=goal.id,
                    value=_num(float(value)),
                    target=_num(goal.target),
                    deadline=goal.deadline.isoformat(),
                ),
                Msg("Find out in which stage people drop out, and adjust the plan before the next campaign."),
                goal=goal.id,
                value=value,
                target=goal.target,
                measured=True,
            )
    if unmeasured:
        yield finding(
            "goals.progress",
            POINT,
            Severity.INFO,
            Msg("Progress is not measured yet for: {goals}", goals=", ".join(unmeasured)),
            Msg("Import the platform exports and conversions so progress can be measured."),
            goals=unmeasured,
            measured=False,
        )
