"""Point 10 — analytics, realtime feedback and adjustment: the measurement plan.

Every goal needs a KPI and a data source that can actually measure its metric (a brand
lift needs a survey, sales need conversions or a CRM). New customers are asked "how did
you hear about us?", with options for each channel of the campaign, so that offline
assets and word of mouth show up in the data too. A review cadence and alert thresholds
make sure someone looks and acts while the campaign runs. A brand-lift survey must be big
enough to see the lift it is after (:mod:`reelwise.strategy.samplesize`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Final

from reelwise.domain.catalogues import AssetKind, Cadence, DataSource, Metric, MetricKind
from reelwise.domain.findings import Finding, Severity
from reelwise.domain.plan import Plan
from reelwise.i18n import Msg
from reelwise.strategy.base import AuditContext, finding, rule
from reelwise.strategy.fieldpath import field_path
from reelwise.strategy.journey import is_tagged
from reelwise.strategy.numbers import num
from reelwise.strategy.samplesize import ALPHA, POWER, responses_needed

POINT: Final = 10

_PLATFORM_SOURCES: Final = frozenset(
    {
        DataSource.YOUTUBE_STUDIO,
        DataSource.TIKTOK,
        DataSource.META,
        DataSource.LINKEDIN,
        DataSource.PLAYER,
        DataSource.WEB_ANALYTICS,
        DataSource.OTHER,
    }
)
_OUTCOME_SOURCES: Final = frozenset(
    {DataSource.CONVERSIONS, DataSource.CRM, DataSource.WEB_ANALYTICS, DataSource.OTHER}
)

# Which data sources can measure a metric. "other" is trusted for everything except the
# survey-only brand metrics: a lift in recall is only measured by asking people.
SOURCES_FOR: Final[Mapping[Metric, frozenset[DataSource]]] = {
    **{m: _PLATFORM_SOURCES for m in Metric if m.kind in (MetricKind.ATTENTION, MetricKind.ENGAGEMENT)},
    Metric.LEADS: _OUTCOME_SOURCES,
    Metric.SIGN_UPS: _OUTCOME_SOURCES,
    Metric.SALES: _OUTCOME_SOURCES,
    Metric.REVENUE: _OUTCOME_SOURCES,
    Metric.DOWNLOADS: _OUTCOME_SOURCES,
    Metric.STORE_VISITS: frozenset(
        {DataSource.CONVERSIONS, DataSource.CRM, DataSource.SURVEY, DataSource.META, DataSource.OTHER}
    ),
    **{m: frozenset({DataSource.SURVEY}) for m in Metric if m.kind is MetricKind.BRAND},
}

CADENCE_DAYS: Final[Mapping[Cadence, int]] = {
    Cadence.DAILY: 1,
    Cadence.WEEKLY: 7,
    Cadence.BIWEEKLY: 14,
    Cadence.MONTHLY: 30,
}
MIN_REVIEWS: Final = 3  # fewer reviews in a campaign leaves no time to adjust
MIN_ATTRIBUTION_OPTIONS: Final = 4  # a few channels + word of mouth + other

# Words in an answer option that name a network (Dutch and English answers alike).
NETWORK_WORDS: Final[Mapping[str, tuple[str, ...]]] = {
    "youtube": ("youtube", "yt"),
    "instagram": ("instagram", "insta", "ig"),
    "tiktok": ("tiktok", "tik tok"),
    "facebook": ("facebook", "fb", "meta"),
    "linkedin": ("linkedin",),
    "x": ("x", "twitter"),
}
# Words that name an offline asset or offline contact.
OFFLINE_WORDS: Final[Mapping[AssetKind, tuple[str, ...]]] = {
    AssetKind.POSTER: ("poster", "posters", "affiche", "affiches", "raambiljet"),
    AssetKind.FLYER: ("flyer", "flyers", "folder", "folders", "brochure", "huis-aan-huis"),
    AssetKind.EVENT: ("event", "events", "evenement", "evenementen", "beurs", "markt", "fair", "festival"),
}
GENERIC_OFFLINE_WORDS: Final = (
    "offline",
    "in de winkel",
    "in the shop",
    "in store",
    "in-store",
    "etalage",
    "shop window",
    "print",
    "drukwerk",
)


def _says(text: str, word: str) -> bool:
    return re.search(r"(?<!\w)" + re.escape(word) + r"(?!\w)", text.lower()) is not None


def _option_names(options: list[str], words: Iterable[str]) -> bool:
    return any(_says(option, word) for option in options for word in words)


def _posted_networks(plan: Plan) -> list[str]:
    return sorted({p.platform.network for p in plan.distribution.posts if p.platform.network in NETWORK_WORDS})


@rule(
    id="analytics.goal_without_kpi",
    point=POINT,
    title=Msg("Goal without KPI and data source"),
    why=Msg(
        "A goal that nobody measures cannot be steered; at the end of the campaign nobody knows whether it was reached."
    ),
    fix=Msg("Add a KPI for the goal under measurement.kpis, with the data source it comes from."),
)
def goal_without_kpi(ctx: AuditContext) -> Iterable[Finding]:
    measured = {k.goal for k in ctx.plan.measurement.kpis}
    for index, goal in enumerate(ctx.plan.goals):
        if goal.id not in measured:
            yield finding(
                "analytics.goal_without_kpi",
                POINT,
                Severity.PROBLEM,
                Msg("Goal {goal} ({metric}) has no KPI and no data source.", goal=goal.id, metric=goal.metric.value),
                Msg("Add a KPI for goal {goal} under measurement.kpis.", goal=goal.id),
                goal=goal.id,
                metric=goal.metric.value,
                field=field_path("goals", index),
            )


@rule(
    id="analytics.kpi_source_mismatch",
    point=POINT,
    title=Msg("Data source cannot measure the goal's metric"),
    why=Msg(
        "Platform statistics count views and clicks, not sales; only a survey measures a lift in recall. A goal "
        "tracked from the wrong source is never really measured."
    ),
    fix=Msg("Choose a data source that records the metric (conversions or CRM for sales, a survey for brand lift)."),
)
def kpi_source_mismatch(ctx: AuditContext) -> Iterable[Finding]:
    for index, kpi in enumerate(ctx.plan.measurement.kpis):
        goal = ctx.plan.goal(kpi.goal)
        if goal is None:
            continue
        allowed = SOURCES_FOR.get(goal.metric)
        if allowed is not None and kpi.source not in allowed:
            options = ", ".join(sorted(s.value for s in allowed))
            yield finding(
                "analytics.kpi_source_mismatch",
                POINT,
                Severity.PROBLEM,
                Msg(
                    "Goal {goal} measures {metric}, which {source} does not record.",
                    goal=goal.id,
                    metric=goal.metric.value,
                    source=kpi.source.value,
                ),
                Msg("Take the KPI for goal {goal} from one of: {sources}.", goal=goal.id, sources=options),
                goal=goal.id,
                metric=goal.metric.value,
                source=kpi.source.value,
                suitable_sources=sorted(s.value for s in allowed),
                field=field_path("measurement", "kpis", index, "source"),
            )


@rule(
    id="analytics.brand_goal_without_survey",
    point=POINT,
    title=Msg("Brand goal without a brand-lift survey"),
    why=Msg(
        "Recall, awareness and consideration lifts only exist as the difference between an exposed and a control "
        "group in a survey; without the survey the goal cannot be measured."
    ),
    fix=Msg("Plan a brand-lift survey under measurement.brand_lift."),
)
def brand_goal_without_survey(ctx: AuditContext) -> Iterable[Finding]:
    if ctx.plan.measurement.brand_lift is not None:
        return
    for index, goal in enumerate(ctx.plan.goals):
        if goal.metric.kind is MetricKind.BRAND:
            yield finding(
                "analytics.brand_goal_without_survey",
                POINT,
                Severity.PROBLEM,
                Msg(
                    "Goal {goal} ({metric}) needs a brand-lift survey, and none is planned.",
                    goal=goal.id,
                    metric=goal.metric.value,
                ),
                Msg("Add measurement.brand_lift with an exposed and a control group."),
                goal=goal.id,
                metric=goal.metric.value,
                field=field_path("goals", index, "metric"),
            )


@rule(
    id="analytics.brand_lift_size",
    point=POINT,
    title=Msg("Brand-lift survey too small for the lift it looks for"),
    why=Msg(
        "A small lift needs many responses: detecting 2 points takes thousands of people per group. A survey "
        "that is too small ends without an answer."
    ),
    fix=Msg("Collect more responses, or look for a bigger minimum lift."),
)
def brand_lift_size(ctx: AuditContext) -> Iterable[Finding]:
    lift = ctx.plan.measurement.brand_lift
    if lift is None:
        return
    if lift.minimum_lift is None or lift.responses_per_arm is None:
        missing = [n for n in ("minimum_lift", "responses_per_arm") if getattr(lift, n) is None]
        yield finding(
            "analytics.brand_lift_size",
            POINT,
            Severity.WARNING,
            Msg(
                "The brand-lift survey does not state {missing}, so it is unknown whether it can detect a lift.",
                missing=" / ".join(missing),
            ),
            Msg("Set minimum_lift and responses_per_arm in measurement.brand_lift."),
            missing=missing,
            field="measurement.brand_lift",
        )
        return
    need = responses_needed(lift.minimum_lift, control_share=lift.control_share)
    planned_total = 2 * lift.responses_per_arm
    if planned_total < need.total:
        yield finding(
            "analytics.brand_lift_size",
            POINT,
            Severity.PROBLEM,
            Msg(
                "To detect a lift of {lift} points the survey needs about {need} responses ({exposed} exposed, "
                "{control} control); {planned} are planned.",
                lift=num(lift.minimum_lift * 100, 2),
                need=need.total,
                exposed=need.exposed,
                control=need.control,
                planned=planned_total,
            ),
            Msg(
                "Plan at least {per_arm} responses per group, or raise minimum_lift.",
                per_arm=max(need.exposed, need.control),
            ),
            minimum_lift=lift.minimum_lift,
            planned_total=planned_total,
            needed_total=need.total,
            needed_exposed=need.exposed,
            needed_control=need.control,
            assumed_p_control=need.p_control,
            alpha=ALPHA,
            power=POWER,
            test="two-proportion z-test (Fleiss)",
            field="measurement.brand_lift.responses_per_arm",
        )


@rule(
    id="analytics.no_attribution_question",
    point=POINT,
    title=Msg('No "how did you hear about us?" question'),
    why=Msg(
        "Platform data misses word of mouth, posters and the second device. Asking new customers how they heard "
        "of you fills that gap and ties sales to channels."
    ),
    fix=Msg("Add an attribution question with an option per channel of the campaign."),
)
def no_attribution_question(ctx: AuditContext) -> Iterable[Finding]:
    if ctx.plan.videos and ctx.plan.measurement.attribution_question is None:
        yield finding(
            "analytics.no_attribution_question",
            POINT,
            Severity.WARNING,
            Msg("New customers are not asked how they heard about you."),
            Msg('Add measurement.attribution_question, e.g. "How did you hear about us?" with an option per channel.'),
            field="measurement.attribution_question",
        )


@rule(
    id="analytics.attribution_options",
    point=POINT,
    title=Msg("Attribution question misses channels"),
    why=Msg(
        'People can only name a channel the question offers; a missing option sends their answer to "other" '
        "and the channel looks weaker than it is."
    ),
    fix=Msg("Offer an option for every network the campaign posts on, plus word of mouth and other."),
)
def attribution_options(ctx: AuditContext) -> Iterable[Finding]:
    question = ctx.plan.measurement.attribution_question
    if question is None:
        return
    where = "measurement.attribution_question.options"
    missing = [n for n in _posted_networks(ctx.plan) if not _option_names(question.options, NETWORK_WORDS[n])]
    if missing:
        yield finding(
            "analytics.attribution_options",
            POINT,
            Severity.WARNING,
            Msg(
                "The attribution question has no option for {networks}, where the campaign posts.",
                networks=", ".join(missing),
            ),
            Msg("Add options for: {networks}.", networks=", ".join(missing)),
            missing_networks=missing,
            options=list(question.options),
            field=where,
        )
    if len(question.options) < MIN_ATTRIBUTION_OPTIONS:
        yield finding(
            "analytics.attribution_options",
            POINT,
            Severity.WARNING,
            Msg("The attribution question offers only {count} options.", count=len(question.options)),
            Msg(
                "Offer at least {min} options: the campaign's channels, word of mouth and other.",
                min=MIN_ATTRIBUTION_OPTIONS,
            ),
            options=list(question.options),
            minimum=MIN_ATTRIBUTION_OPTIONS,
            field=where,
        )


@rule(
    id="analytics.no_review_cadence",
    point=POINT,
    title=Msg("No review cadence"),
    why=Msg(
        "Adjusting a campaign while it runs needs a fixed moment to look at the numbers; without it the data is "
        "read when the budget is gone."
    ),
    fix=Msg("Set a review cadence (weekly suits most campaigns)."),
)
def no_review_cadence(ctx: AuditContext) -> Iterable[Finding]:
    if ctx.plan.goals and ctx.plan.measurement.review_cadence is None:
        yield finding(
            "analytics.no_review_cadence",
            POINT,
            Severity.WARNING,
            Msg("No review cadence is set: nobody is scheduled to look at the results."),
            Msg("Set measurement.review_cadence, e.g. weekly."),
            field="measurement.review_cadence",
        )


@rule(
    id="analytics.review_too_rare",
    point=POINT,
    title=Msg("Too few reviews during the campaign"),
    why=Msg("With fewer than three looks at the numbers there is no time left to act on what they show."),
    fix=Msg("Review more often, e.g. weekly."),
)
def review_too_rare(ctx: AuditContext) -> Iterable[Finding]:
    cadence = ctx.plan.measurement.review_cadence
    if cadence is None:
        return
    c = ctx.plan.campaign
    days = (c.end - c.start).days + 1
    reviews = days // CADENCE_DAYS[cadence]
    if reviews < MIN_REVIEWS:
        yield finding(
            "analytics.review_too_rare",
            POINT,
            Severity.WARNING,
            Msg(
                "A campaign of {days} days reviewed every {every} days is looked at fewer than {min} times.",
                every=CADENCE_DAYS[cadence],
                min=MIN_REVIEWS,
                days=days,
            ),
            Msg("Review at least every {every} days.", every=max(1, days // MIN_REVIEWS)),
            cadence=cadence.value,
            reviews=reviews,
            campaign_days=days,
            minimum=MIN_REVIEWS,
            field="measurement.review_cadence",
        )


@rule(
    id="analytics.no_alerts",
    point=POINT,
    title=Msg("No alert thresholds"),
    why=Msg(
        "An alert says when a goal goes off track between reviews, while there is still budget and time to adjust."
    ),
    fix=Msg("Add alerts for the main goals, e.g. reach below the weekly pace."),
)
def no_alerts(ctx: AuditContext) -> Iterable[Finding]:
    if ctx.plan.goals and not ctx.plan.measurement.alerts:
        yield finding(
            "analytics.no_alerts",
            POINT,
            Severity.WARNING,
            Msg("No alert thresholds are set: a goal that goes off track is only noticed at the next review."),
            Msg("Add measurement.alerts for the outcome goal and its main attention goal."),
            field="measurement.alerts",
        )


@rule(
    id="analytics.offline_untracked",
    point=POINT,
    title=Msg("Offline asset cannot be tied to the data"),
    why=Msg(
        "Posters, flyers and events work offline; without a QR code, a tagged link or an answer option in the "
        "attribution question, their effect is invisible in the data."
    ),
    fix=Msg("Give the asset a QR code or tagged link, or add it as an option to the attribution question."),
)
def offline_untracked(ctx: AuditContext) -> Iterable[Finding]:
    question = ctx.plan.measurement.attribution_question
    options = list(question.options) if question is not None else []
    for index, asset in enumerate(ctx.plan.assets):
        if not asset.kind.offline or asset.qr_target is not None or is_tagged(asset.link):
            continue
        words = OFFLINE_WORDS.get(asset.kind, ()) + GENERIC_OFFLINE_WORDS
        if _option_names(options, words):
            continue
        yield finding(
            "analytics.offline_untracked",
            POINT,
            Severity.WARNING,
            Msg(
                "The {kind} {asset} has no QR code or tagged link, and the attribution question does not "
                "ask about it: its effect cannot be measured.",
                kind=asset.kind.value,
                asset=asset.title,
            ),
            Msg("Print a QR code with a tagged link on {asset}, or add it as an answer option.", asset=asset.title),
            asset=asset.id,
            kind=asset.kind.value,
            field=field_path("assets", index),
        )


@rule(
    id="analytics.goal_progress",
    point=POINT,
    title=Msg("Goal progress against real data"),
    why=Msg("The plan is only as good as what it delivers; progress is tracked against imported data."),
    fix=Msg("Import the platforms' exports and conversions to track the goals."),
)
def goal_progress(ctx: AuditContext) -> Iterable[Finding]:
    if ctx.plan.goals and ctx.metrics is None:
        yield finding(
            "analytics.goal_progress",
            POINT,
            Severity.INFO,
            Msg("Goal progress: not measured yet (no data imported)."),
            Msg("Import platform exports, player events or conversions to see progress against the goals."),
            goals=[g.id for g in ctx.plan.goals],
            measured=False,
        )
