"""Point 8 — PR support: outlets, a pitch timeline that starts early enough, blog topics.

Earned media works on the outlets' clock, not the campaign's: a magazine plans months
ahead, a trade journal weeks. The rules check that every outlet is known well enough to
pitch (niche, contact, lead time), that pitches go out before the outlet's lead time runs
out before launch (``campaign.launch``, or the start when no launch date is set), and that
the video a pitch is about is finished by then.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Final

from reelwise.domain.catalogues import PitchStatus, ProductionStatus
from reelwise.domain.findings import Finding, Severity
from reelwise.domain.plan import Pitch, Plan, Video
from reelwise.i18n import Msg, Num
from reelwise.strategy.base import AuditContext, finding, rule
from reelwise.strategy.fieldpath import field_path

POINT: Final = 8


def _niche(text: str | None) -> str:
    return (text or "").strip().lower()


def ready_on(video: Video) -> dt.date | None:
    """The day the video is (planned to be) approved; None when unknown."""
    production = video.production
    if production.approved_on is not None:
        return production.approved_on
    return production.delivery


def _outlet_name(plan: Plan, pitch: Pitch) -> str:
    outlet = next((o for o in plan.pr.outlets if o.id == pitch.outlet), None)
    return outlet.name if outlet is not None else pitch.outlet


@rule(
    id="pr.no_outlets",
    point=POINT,
    title=Msg("No PR outlets"),
    why=Msg(
        "Trade journals, online newspapers, magazines and niche blogs bring the videos to audiences the channels "
        "do not reach, with the credibility of a third party."
    ),
    fix=Msg("List the outlets that reach the personas: name, type, niche, lead time and contact."),
)
def no_outlets(ctx: AuditContext) -> Iterable[Finding]:
    if ctx.plan.videos and not ctx.plan.pr.outlets:
        yield finding(
            "pr.no_outlets",
            POINT,
            Severity.PROBLEM,
            Msg("The plan lists no PR outlets: the campaign gets no earned media."),
            Msg("Add two to five outlets under pr.outlets that reach the personas."),
            field="pr.outlets",
        )


@rule(
    id="pr.outlet_incomplete",
    point=POINT,
    title=Msg("Outlet without niche, contact or lead time"),
    why=Msg(
        "A pitch lands when it fits the outlet's niche, reaches a person and arrives within the outlet's lead "
        "time. Without these, the pitch is sent blind or too late."
    ),
    fix=Msg("Fill in the outlet's niche, contact and lead time in days."),
)
def outlet_incomplete(ctx: AuditContext) -> Iterable[Finding]:
    for index, outlet in enumerate(ctx.plan.pr.outlets):
        missing = [name for name in ("niche", "contact", "lead_time_days") if getattr(outlet, name) in (None, "")]
        if missing:
            yield finding(
                "pr.outlet_incomplete",
                POINT,
                Severity.WARNING,
                Msg("Outlet {outlet} lacks: {missing}.", outlet=outlet.name, missing=", ".join(missing)),
                Msg("Complete outlet {outlet}: {missing}.", outlet=outlet.name, missing=", ".join(missing)),
                outlet=outlet.id,
                missing=missing,
                field=field_path("pr", "outlets", index),
            )


@rule(
    id="pr.no_pitches",
    point=POINT,
    title=Msg("Outlets but no pitches"),
    why=Msg("An outlet list without a pitch timeline stays a list: nobody is approached."),
    fix=Msg("Plan a pitch per outlet, dated before the outlet's lead time runs out."),
)
def no_pitches(ctx: AuditContext) -> Iterable[Finding]:
    if ctx.plan.pr.outlets and not ctx.plan.pr.pitches:
        yield finding(
            "pr.no_pitches",
            POINT,
            Severity.PROBLEM,
            Msg("The plan lists outlets but no pitch to any of them."),
            Msg("Add pitches under pr.pitches: outlet, video and date."),
            field="pr.pitches",
        )


@rule(
    id="pr.outlet_without_pitch",
    point=POINT,
    title=Msg("Outlet that is never pitched"),
    why=Msg("An outlet in the plan that nobody pitches brings nothing."),
    fix=Msg("Plan a pitch for the outlet, or remove it."),
)
def outlet_without_pitch(ctx: AuditContext) -> Iterable[Finding]:
    pitched = {p.outlet for p in ctx.plan.pr.pitches}
    if not pitched:
        return  # pr.no_pitches
    for index, outlet in enumerate(ctx.plan.pr.outlets):
        if outlet.id not in pitched:
            yield finding(
                "pr.outlet_without_pitch",
                POINT,
                Severity.WARNING,
                Msg("Outlet {outlet} is never pitched.", outlet=outlet.name),
                Msg("Plan a pitch to {outlet}.", outlet=outlet.name),
                outlet=outlet.id,
                field=field_path("pr", "outlets", index),
            )


@rule(
    id="pr.pitch_too_late",
    point=POINT,
    title=Msg("Pitch later than the outlet's lead time"),
    why=Msg(
        "Outlets plan their issues ahead; a pitch that arrives after their lead time misses the launch and "
        "appears late or not at all."
    ),
    fix=Msg("Send the pitch at least the outlet's lead time before launch."),
)
def pitch_too_late(ctx: AuditContext) -> Iterable[Finding]:
    launch = ctx.plan.campaign.launch_date
    outlets = {o.id: o for o in ctx.plan.pr.outlets}
    for index, pitch in enumerate(ctx.plan.pr.pitches):
        outlet = outlets.get(pitch.outlet)
        if outlet is None or outlet.lead_time_days is None:
            continue
        latest = launch - dt.timedelta(days=outlet.lead_time_days)
        if pitch.date > latest:
            yield finding(
                "pr.pitch_too_late",
                POINT,
                Severity.WARNING,
                Msg(
                    "The pitch to {outlet} goes out on {date}; with a lead time of {days} days it should go "
                    "out by {latest} for the launch on {launch}.",
                    outlet=outlet.name,
                    date=pitch.date.isoformat(),
                    days=outlet.lead_time_days,
                    latest=latest.isoformat(),
                    launch=launch.isoformat(),
                ),
                Msg(
                    "Move the pitch to {outlet} to {latest} or earlier.", outlet=outlet.name, latest=latest.isoformat()
                ),
                outlet=outlet.id,
                date=pitch.date.isoformat(),
                lead_time_days=outlet.lead_time_days,
                latest=latest.isoformat(),
                launch=launch.isoformat(),
                field=field_path("pr", "pitches", index, "date"),
            )


@rule(
    id="pr.pitches_only_after_launch",
    point=POINT,
    title=Msg("All pitches after launch"),
    why=Msg(
        "Coverage that starts after the launch misses the moment the campaign is news and the peak of the "
        "paid and social push."
    ),
    fix=Msg("Pitch before launch, so coverage appears around the launch."),
)
def pitches_only_after_launch(ctx: AuditContext) -> Iterable[Finding]:
    pitches = ctx.plan.pr.pitches
    launch = ctx.plan.campaign.launch_date
    if pitches and all(p.date > launch for p in pitches):
        first = min(p.date for p in pitches)
        yield finding(
            "pr.pitches_only_after_launch",
            POINT,
            Severity.PROBLEM,
            Msg(
                "Every pitch goes out after the launch on {launch}; the first on {first}.",
                launch=launch.isoformat(),
                first=first.isoformat(),
            ),
            Msg("Plan the pitches before {launch}.", launch=launch.isoformat()),
            launch=launch.isoformat(),
            first_pitch=first.isoformat(),
            field="pr.pitches",
        )


@rule(
    id="pr.no_blog_for_niche",
    point=POINT,
    title=Msg("Targeted niche without a blog post"),
    why=Msg(
        "A blog post per niche gives the outlet's readers (and search engines) something to find, and gives "
        "the pitch a story to point to."
    ),
    fix=Msg("Plan a blog post for the niche."),
)
def no_blog_for_niche(ctx: AuditContext) -> Iterable[Finding]:
    covered = {_niche(b.niche) for b in ctx.plan.pr.blog_posts}
    seen: set[str] = set()
    for index, outlet in enumerate(ctx.plan.pr.outlets):
        niche = _niche(outlet.niche)
        if not niche or niche in covered or niche in seen:
            continue
        seen.add(niche)
        yield finding(
            "pr.no_blog_for_niche",
            POINT,
            Severity.WARNING,
            Msg(
                "No blog post is planned for the niche {niche} (outlet {outlet}).",
                niche=outlet.niche or "",
                outlet=outlet.name,
            ),
            Msg("Add a blog post on {niche} under pr.blog_posts.", niche=outlet.niche or ""),
            niche=outlet.niche,
            outlet=outlet.id,
            field=field_path("pr", "outlets", index, "niche"),
        )


@rule(
    id="pr.pitch_video_not_ready",
    point=POINT,
    title=Msg("Pitch for a video that is not finished by then"),
    why=Msg(
        "A journalist who gets a pitch wants to see the video. A video that is only finished after the launch "
        "cannot be shown when the outlet publishes; one finished between pitch and launch needs a preview."
    ),
    fix=Msg("Have the video approved before launch, and send a preview (stills, rough cut) with early pitches."),
)
def pitch_video_not_ready(ctx: AuditContext) -> Iterable[Finding]:
    launch = ctx.plan.campaign.launch_date
    early: dict[str, list[tuple[int, Pitch]]] = {}
    videos: dict[str, Video] = {}
    for index, pitch in enumerate(ctx.plan.pr.pitches):
        video = ctx.plan.video(pitch.video) if pitch.video else None
        if video is None:
            continue
        ready = ready_on(video)
        if ready is None and video.production.status is ProductionStatus.APPROVED:
            continue  # approved, date not recorded
        if ready is None or ready > pitch.date:
            early.setdefault(video.id, []).append((index, pitch))
            videos[video.id] = video
    for video_id, pitches in early.items():
        video = videos[video_id]
        ready = ready_on(video)
        outlets = ", ".join(_outlet_name(ctx.plan, p) for _i, p in pitches)
        first = min(p.date for _i, p in pitches)
        evidence = {
            "video": video_id,
            "outlets": [p.outlet for _i, p in pitches],
            "pitch_dates": [p.date.isoformat() for _i, p in pitches],
            "ready": ready.isoformat() if ready else None,
            "launch": launch.isoformat(),
            "status": video.production.status.value,
            "fields": [field_path("pr", "pitches", i) for i, _p in pitches],
        }
        if ready is None:
            yield finding(
                "pr.pitch_video_not_ready",
                POINT,
                Severity.WARNING,
                Msg(
                    "Video {video} is pitched ({outlets}) but has no approval or delivery date.",
                    video=video_id,
                    outlets=outlets,
                ),
                Msg(
                    "Plan the delivery and approval of video {video} before {date}.",
                    video=video_id,
                    date=first.isoformat(),
                ),
                **evidence,
            )
        elif ready > launch:
            yield finding(
                "pr.pitch_video_not_ready",
                POINT,
                Severity.WARNING,
                Msg(
                    "Video {video} is pitched ({outlets}) but is only ready on {ready}, after the launch on {launch}.",
                    video=video_id,
                    outlets=outlets,
                    ready=ready.isoformat(),
                    launch=launch.isoformat(),
                ),
                Msg(
                    "Bring the approval of video {video} forward to before {launch}, or pitch it later.",
                    video=video_id,
                    launch=launch.isoformat(),
                ),
                **evidence,
            )
        else:
            yield finding(
                "pr.pitch_video_not_ready",
                POINT,
                Severity.INFO,
                Msg(
                    "Video {video} is pitched ({outlets}) from {first}, but is only ready on {ready}.",
                    video=video_id,
                    outlets=outlets,
                    first=first.isoformat(),
                    ready=ready.isoformat(),
                ),
                Msg(
                    "Send stills or a rough cut with the pitch, and the final video on {ready}.",
                    ready=ready.isoformat(),
                ),
                **evidence,
            )


@rule(
    id="pr.pitch_overdue",
    point=POINT,
    title=Msg("Planned pitch date has passed"),
    why=Msg(
        "A pitch still marked planned after its date was probably not sent, and the outlet's lead time is running out."
    ),
    fix=Msg("Send the pitch now and mark it sent, or plan a new date."),
)
def pitch_overdue(ctx: AuditContext) -> Iterable[Finding]:
    for index, pitch in enumerate(ctx.plan.pr.pitches):
        if pitch.status is PitchStatus.PLANNED and pitch.date < ctx.today:
            outlet = _outlet_name(ctx.plan, pitch)
            yield finding(
                "pr.pitch_overdue",
                POINT,
                Severity.WARNING,
                Msg(
                    "The pitch to {outlet} was planned for {date} and is still not marked sent.",
                    outlet=outlet,
                    date=pitch.date.isoformat(),
                ),
                Msg("Send the pitch to {outlet} and set its status to sent.", outlet=outlet),
                outlet=pitch.outlet,
                date=pitch.date.isoformat(),
                today=ctx.today.isoformat(),
                field=field_path("pr", "pitches", index, "status"),
            )


@rule(
    id="pr.placements",
    point=POINT,
    title=Msg("Earned placements and their reach"),
    why=Msg("PR counts when the placements and their reach are recorded next to the paid and owned results."),
    fix=Msg("Record each earned placement with its reach."),
)
def placements(ctx: AuditContext) -> Iterable[Finding]:
    if not ctx.plan.pr.pitches:
        return
    if ctx.metrics is None or "placements" not in ctx.metrics:
        yield finding(
            "pr.placements",
            POINT,
            Severity.INFO,
            Msg("Earned placements and their reach: not measured yet."),
            Msg("Record the placements (outlet, date, reach) when coverage appears."),
            measured=False,
        )
        return
    recorded = [p for p in ctx.metrics["placements"] if isinstance(p, dict)]
    by_outlet: dict[str, list[dict[str, object]]] = {}
    for placement in recorded:
        by_outlet.setdefault(_outlet_key(ctx.plan, str(placement.get("outlet") or "")), []).append(placement)
    for index, pitch in enumerate(ctx.plan.pr.pitches):
        if pitch.status is PitchStatus.PUBLISHED and pitch.outlet not in by_outlet:
            yield finding(
                "pr.placements",
                POINT,
                Severity.WARNING,
                Msg(
                    "The pitch to {outlet} is published, but no placement from it is recorded.",
                    outlet=_outlet_name(ctx.plan, pitch),
                ),
                Msg("Record the placement with its date and reach (reelwise placements add)."),
                outlet=pitch.outlet,
                measured=True,
                field=field_path("pr", "pitches", index, "status"),
            )
    if recorded:
        reach = [p.get("reach") for p in recorded]
        known = [int(r) for r in reach if isinstance(r, int | float)]
        yield finding(
            "pr.placements",
            POINT,
            Severity.INFO,
            Msg(
                "{count} earned placements recorded, with a known reach of {reach} in total.",
                count=len(recorded),
                reach=Num(sum(known)),
            ),
            None
            if len(known) == len(recorded)
            else Msg("Add the reach of the placements that have none, so PR can be weighed against the rest."),
            placements=len(recorded),
            reach=sum(known),
            without_reach=len(recorded) - len(known),
            outlets=sorted(by_outlet),
            measured=True,
        )


def _outlet_key(plan: Plan, name: str) -> str:
    """The plan's outlet id for a placement's outlet (by id or name, case ignored), else the name itself."""
    wanted = name.strip().lower()
    for outlet in plan.pr.outlets:
        if wanted in (outlet.id.lower(), outlet.name.strip().lower()):
            return outlet.id
    return name.strip()
