"""Point 5 — production: who makes it, for how much, approved and delivered before it goes out."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Final

from reelwise.domain.catalogues import ProductionMode, ProductionStatus
from reelwise.domain.findings import Finding, Severity
from reelwise.domain.plan import Video
from reelwise.i18n import Msg, Num
from reelwise.strategy.base import AuditContext, finding, rule
from reelwise.strategy.floors import (
    AUTHENTIC_FORMATS,
    COMPLEX_FORMATS,
    FAR_BELOW,
    billed_minutes,
    floor_per_minute,
)
from reelwise.strategy.journey import first_post

POINT: Final = 5

# Days a video usually still needs from each status until it is approved (brief → approved).
DAYS_TO_APPROVAL: Final[Mapping[ProductionStatus, int]] = {
    ProductionStatus.BRIEF: 21,
    ProductionStatus.SCRIPT: 14,
    ProductionStatus.SHOOT: 10,
    ProductionStatus.EDIT: 5,
    ProductionStatus.REVIEW: 2,
    ProductionStatus.APPROVED: 0,
}


def _path(ctx: AuditContext, video: Video) -> str:
    return f"videos[{ctx.plan.videos.index(video)}]"


@rule(
    id="production.no_mode",
    point=POINT,
    title=Msg("Every video says who makes it"),
    why=Msg("In-house, freelance or agency decides budget, timeline and quality; leaving it open delays everything."),
    fix=Msg("Set production.mode: in_house, freelance or agency."),
)
def no_mode(ctx: AuditContext) -> Iterator[Finding]:
    for video in ctx.plan.videos:
        if video.production.mode is None:
            yield finding(
                "production.no_mode",
                POINT,
                Severity.WARNING,
                Msg("Video {video} does not say who makes it (in-house, freelance or agency)", video=video.id),
                Msg("Set production.mode: in_house, freelance or agency."),
                video=video.id,
                field=f"{_path(ctx, video)}.production.mode",
            )


@rule(
    id="production.no_budget",
    point=POINT,
    title=Msg("Every video has a production budget"),
    why=Msg("Without a budget nobody can judge whether the concept can be made, or decide between making and buying."),
    fix=Msg("Set production.budget_eur, staff time included for in-house work."),
)
def no_budget(ctx: AuditContext) -> Iterator[Finding]:
    for video in ctx.plan.videos:
        if video.production.budget_eur is None:
            yield finding(
                "production.no_budget",
                POINT,
                Severity.WARNING,
                Msg("Video {video} has no production budget", video=video.id),
                Msg("Set production.budget_eur, staff time included for in-house work."),
                video=video.id,
                field=f"{_path(ctx, video)}.production.budget_eur",
            )


@rule(
    id="production.budget_below_floor",
    point=POINT,
    title=Msg("The budget is above the floor for the format"),
    why=Msg(
        "Cheap is expensive: a video made below the floor for its format looks thin, and a thin video costs "
        "the brand more than the money saved."
    ),
    fix=Msg("Raise the budget, shorten the video, or choose a simpler format or production mode."),
)
def budget_below_floor(ctx: AuditContext) -> Iterator[Finding]:
    for video in ctx.plan.videos:
        p = video.production
        fmt = video.concept.format
        if p.budget_eur is None or p.mode is None or fmt is None or video.duration_target_s is None:
            continue
        minutes = billed_minutes(video.duration_target_s)
        per_minute = p.budget_eur / minutes
        floor = floor_per_minute(fmt, p.mode)
        if per_minute >= floor:
            continue
        far = per_minute < floor * FAR_BELOW
        yield finding(
            "production.budget_below_floor",
            POINT,
            Severity.PROBLEM if far else Severity.WARNING,
            Msg(
                "Video {video} has EUR {budget} per finished minute, below the floor of EUR {floor} for a {format} "
                "made {mode}",
                video=video.id,
                budget=Num(per_minute),
                floor=Num(floor),
                format=fmt.value,
                mode=p.mode.value,
            ),
            Msg("Raise the budget, shorten the video, or choose a simpler format or production mode."),
            video=video.id,
            budget_eur=p.budget_eur,
            minutes=round(minutes, 2),
            per_minute_eur=round(per_minute),
            floor_eur=round(floor),
            field=f"{_path(ctx, video)}.production.budget_eur",
        )


@rule(
    id="production.publish_before_approval",
    point=POINT,
    title=Msg("No video is published before it is approved"),
    why=Msg("A post scheduled before approval either goes out unchecked or is missed; both cost the campaign."),
    fix=Msg("Approve the video first, or move its first post after the approval date."),
)
def publish_before_approval(ctx: AuditContext) -> Iterator[Finding]:
    for video in ctx.plan.videos:
        post = first_post(ctx.plan, video.id)
        if post is None:
            continue
        posted = post.moment.date()
        p = video.production
        approved = p.status is ProductionStatus.APPROVED
        if p.approved_on is not None and posted < p.approved_on:
            yield finding(
                "production.publish_before_approval",
                POINT,
                Severity.PROBLEM,
                Msg(
                    "Video {video} is first posted on {posted}, before its approval on {approved}",
                    video=video.id,
                    posted=posted.isoformat(),
                    approved=p.approved_on.isoformat(),
                ),
                Msg("Approve the video first, or move its first post after the approval date."),
                video=video.id,
                first_post=posted.isoformat(),
                approved_on=p.approved_on.isoformat(),
            )
        elif not approved and p.approved_on is None and posted <= ctx.today:
            yield finding(
                "production.publish_before_approval",
                POINT,
                Severity.PROBLEM,
                Msg(
                    "Video {video} was due to be posted on {posted} but is still at {status}",
                    video=video.id,
                    posted=posted.isoformat(),
                    status=p.status.value,
                ),
                Msg("Approve the video first, or move its first post after the approval date."),
                video=video.id,
                first_post=posted.isoformat(),
                status=p.status.value,
            )


@rule(
    id="production.schedule_at_risk",
    point=POINT,
    title=Msg("There is time left to finish each video"),
    why=Msg("A video still in brief or script a few days before its first post will be rushed or late."),
    fix=Msg("Move the first post, or speed up production (a simpler format, more hands)."),
)
def schedule_at_risk(ctx: AuditContext) -> Iterator[Finding]:
    for video in ctx.plan.videos:
        post = first_post(ctx.plan, video.id)
        p = video.production
        if post is None or p.status is ProductionStatus.APPROVED or p.approved_on is not None:
            continue
        days_left = (post.moment.date() - ctx.today).days
        needed = DAYS_TO_APPROVAL[p.status]
        if 0 < days_left < needed:
            yield finding(
                "production.schedule_at_risk",
                POINT,
                Severity.WARNING,
                Msg(
                    "Video {video} is at {status} with {days} days to its first post; it usually needs about {needed}",
                    video=video.id,
                    status=p.status.value,
                    days=days_left,
                    needed=needed,
                ),
                Msg("Move the first post, or speed up production (a simpler format, more hands)."),
                video=video.id,
                status=p.status.value,
                days_left=days_left,
                days_needed=needed,
            )


@rule(
    id="production.delivery_after_post",
    point=POINT,
    title=Msg("Delivery comes before the first post"),
    why=Msg("A final cut delivered after the first planned post means that post goes out without it."),
    fix=Msg("Agree an earlier delivery date, or move the first post."),
)
def delivery_after_post(ctx: AuditContext) -> Iterator[Finding]:
    for video in ctx.plan.videos:
        post = first_post(ctx.plan, video.id)
        delivery = video.production.delivery
        if post is None or delivery is None:
            continue
        if delivery > post.moment.date():
            yield finding(
                "production.delivery_after_post",
                POINT,
                Severity.PROBLEM,
                Msg(
                    "Video {video} is delivered on {delivery}, after its first post on {posted}",
                    video=video.id,
                    delivery=delivery.isoformat(),
                    posted=post.moment.date().isoformat(),
                ),
                Msg("Agree an earlier delivery date, or move the first post."),
                video=video.id,
                delivery=delivery.isoformat(),
                first_post=post.moment.date().isoformat(),
                field=f"{_path(ctx, video)}.production.delivery",
            )


@rule(
    id="production.make_or_buy",
    point=POINT,
    title=Msg("Making or buying fits the format"),
    why=Msg(
        "Complex formats made in-house on a small budget look amateurish; authentic formats bought from an "
        "agency lose what makes them work and cost more."
    ),
    fix=Msg("Hire a specialist for complex formats, and consider making authentic formats in-house."),
)
def make_or_buy(ctx: AuditContext) -> Iterator[Finding]:
    for video in ctx.plan.videos:
        p = video.production
        fmt = video.concept.format
        if fmt is None or p.mode is None:
            continue
        if fmt in COMPLEX_FORMATS and p.mode is ProductionMode.IN_HOUSE:
            minutes = billed_minutes(video.duration_target_s or 60.0)
            specialist = floor_per_minute(fmt, ProductionMode.FREELANCE) * minutes
            if p.budget_eur is None or p.budget_eur < specialist:
                yield finding(
                    "production.make_or_buy",
                    POINT,
                    Severity.WARNING,
                    Msg(
                        "Video {video} is a {format} made in-house on a small budget; this format needs specialist "
                        "skills",
                        video=video.id,
                        format=fmt.value,
                    ),
                    Msg("Hire a freelance specialist for this video, or choose a format your team can make well."),
                    video=video.id,
                    format=fmt.value,
                    mode=p.mode.value,
                    budget_eur=p.budget_eur,
                    specialist_floor_eur=round(specialist),
                )
        elif fmt in AUTHENTIC_FORMATS and p.mode is ProductionMode.AGENCY:
            yield finding(
                "production.make_or_buy",
                POINT,
                Severity.INFO,
                Msg(
                    "Video {video} is a {format} bought from an agency; made in-house it is often more authentic "
                    "and cheaper",
                    video=video.id,
                    format=fmt.value,
                ),
                Msg("Consider making this video in-house with a phone and a simple brief."),
                video=video.id,
                format=fmt.value,
                mode=p.mode.value,
            )


@rule(
    id="production.over_campaign_budget",
    point=POINT,
    title=Msg("Production and paid posts fit the campaign budget"),
    why=Msg("A plan that spends more than its budget is cut somewhere later, usually in distribution."),
    fix=Msg("Bring the production budgets and paid posts within the campaign budget, or raise it."),
)
def over_campaign_budget(ctx: AuditContext) -> Iterator[Finding]:
    plan = ctx.plan
    total = plan.campaign.budget_eur
    if total is None:
        return
    production = sum(v.production.budget_eur or 0.0 for v in plan.videos)
    paid = sum(p.paid_budget_eur or 0.0 for p in plan.distribution.posts)
    if production + paid > total:
        yield finding(
            "production.over_campaign_budget",
            POINT,
            Severity.PROBLEM,
            Msg(
                "Production (EUR {production}) and paid posts (EUR {paid}) exceed the campaign budget of EUR {budget}",
                production=Num(production),
                paid=Num(paid),
                budget=Num(total),
            ),
            Msg("Bring the production budgets and paid posts within the campaign budget, or raise it."),
            production_eur=production,
            paid_eur=paid,
            budget_eur=total,
            field="campaign.budget_eur",
        )


@rule(
    id="production.technical_qa",
    point=POINT,
    title=Msg("Delivered files pass technical QA"),
    why=Msg("Bad loudness, black frames or a low resolution make viewers leave and platforms demote the video."),
    fix=Msg("Run reelwise check on every delivered file and fix what it reports before approval."),
)
def technical_qa(ctx: AuditContext) -> Iterator[Finding]:
    """Counts the point-5 findings in ``ctx.video_reports[video_id]["findings"]`` when there is a report."""
    unmeasured: list[str] = []
    for video in ctx.plan.videos:
        report = ctx.video_reports.get(video.id)
        if not report:
            if video.file or video.production.status is ProductionStatus.APPROVED:
                unmeasured.append(video.id)
            continue
        found = [f for f in report.get("findings") or [] if isinstance(f, Mapping) and f.get("point") == POINT]
        problems = [f for f in found if f.get("severity") == "problem"]
        warnings = [f for f in found if f.get("severity") == "warning"]
        if problems or warnings:
            yield finding(
                "production.technical_qa",
                POINT,
                Severity.PROBLEM if problems else Severity.WARNING,
                Msg(
                    "The file of video {video} has {problems} technical problems and {warnings} warnings",
                    video=video.id,
                    problems=len(problems),
                    warnings=len(warnings),
                ),
                Msg("Run reelwise check on every delivered file and fix what it reports before approval."),
                video=video.id,
                checks=sorted({str(f.get("id")) for f in found}),
                measured=True,
            )
    if unmeasured:
        yield finding(
            "production.technical_qa",
            POINT,
            Severity.INFO,
            Msg("Technical QA is not measured yet for: {videos}", videos=", ".join(unmeasured)),
            Msg("Run reelwise check on every delivered file and fix what it reports before approval."),
            videos=unmeasured,
            measured=False,
        )
