"""Point 6 — distribution: personas → platforms → moments → the right variant.

The rules follow the chain of the distribution plan: is every video posted, is every
persona reached on the networks it uses, does every post meet its audience (platform and
active hours), and does the cut that goes out fit the platform (aspect ratio, duration,
captions for sound-off feeds). Platforms are compared by network (``instagram_reels`` and
``instagram_feed`` are both Instagram) where the question is "is the audience there".
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any, Final

from reelwise.domain.catalogues import Platform
from reelwise.domain.findings import Finding, Severity
from reelwise.domain.plan import Persona, Plan, Post, Variant, Video
from reelwise.domain.platforms import SPECS, accepted_shapes, aspect_fits, duration_fits
from reelwise.i18n import Msg
from reelwise.strategy.base import AuditContext, finding, rule
from reelwise.strategy.fieldpath import field_path
from reelwise.strategy.numbers import num
from reelwise.strategy.timing import clock, in_ranges, local_moment, zone

POINT: Final = 6
OWN_SITE: Final = Platform.WEBSITE.network

# Feeds that autoplay without sound: a cut without captions loses most viewers there.
# Sources: Digiday (2016), "85 percent of Facebook video is watched without sound";
# LinkedIn Marketing Solutions, "79% of LinkedIn video ads are watched with sound off"
# (video ads guide). Instagram's and X's feeds autoplay muted as well.
SOUND_OFF_FEEDS: Final = frozenset({Platform.INSTAGRAM_FEED, Platform.FACEBOOK, Platform.LINKEDIN, Platform.X})


def _post_label(post: Post, index: int) -> str:
    return post.id or f"#{index + 1}"


def _networks(personas: Iterable[Persona]) -> set[str]:
    return {p.network for persona in personas for p in persona.platforms}


def _audience(plan: Plan, post: Post) -> list[Persona]:
    """The personas a post is meant for: its own persona, else everyone on its network."""
    if post.persona is not None:
        persona = plan.persona(post.persona)
        return [persona] if persona is not None else []
    return [p for p in plan.personas if post.platform.network in {q.network for q in p.platforms}]


def post_variant(video: Video, post: Post) -> Variant | None:
    """The cut a post publishes: the named variant, or the video's only variant."""
    if post.variant is not None:
        return next((v for v in video.variants if v.id == post.variant), None)
    return video.variants[0] if len(video.variants) == 1 else None


def _indexed_posts(plan: Plan) -> Iterator[tuple[int, Post, Video]]:
    for index, post in enumerate(plan.distribution.posts):
        video = plan.video(post.video)
        if video is not None:
            yield index, post, video


# --- the plan has a distribution at all ----------------------------------------------------


@rule(
    id="distribution.no_personas",
    point=POINT,
    title=Msg("No audience personas"),
    why=Msg(
        "Distribution starts with the audience: who they are, which platforms they use and when they are online. "
        "Without personas, platforms and moments are guesses."
    ),
    fix=Msg("Describe one to three personas with their platforms and active hours."),
)
def no_personas(ctx: AuditContext) -> Iterable[Finding]:
    if ctx.plan.videos and not ctx.plan.personas:
        yield finding(
            "distribution.no_personas",
            POINT,
            Severity.WARNING,
            Msg(
                "The plan describes no audience personas, so platforms and moments cannot be checked "
                "against the audience."
            ),
            Msg("Add personas with their platforms and active hours."),
            field="personas",
        )


@rule(
    id="distribution.no_posts",
    point=POINT,
    title=Msg("No posts planned"),
    why=Msg(
        "A video nobody sees cannot reach any goal. The distribution plan says where and when each video goes out."
    ),
    fix=Msg("Plan posts: platform, persona, moment and variant for each video."),
)
def no_posts(ctx: AuditContext) -> Iterable[Finding]:
    if ctx.plan.videos and not ctx.plan.distribution.posts:
        yield finding(
            "distribution.no_posts",
            POINT,
            Severity.PROBLEM,
            Msg("None of the videos is posted: the plan has no posts at all."),
            Msg("Plan at least one post per video under distribution.posts."),
            field="distribution.posts",
            videos=[v.id for v in ctx.plan.videos],
        )


@rule(
    id="distribution.video_without_posts",
    point=POINT,
    title=Msg("Video without posts"),
    why=Msg("A video that is never posted spends the production budget without reaching anyone."),
    fix=Msg("Plan at least one post for the video, or remove it from the plan."),
)
def video_without_posts(ctx: AuditContext) -> Iterable[Finding]:
    posted = {p.video for p in ctx.plan.distribution.posts}
    if not posted:
        return  # distribution.no_posts says it once for the whole plan
    for index, video in enumerate(ctx.plan.videos):
        if video.id not in posted:
            yield finding(
                "distribution.video_without_posts",
                POINT,
                Severity.PROBLEM,
                Msg("Video {video} ({title}) is never posted.", video=video.id, title=video.title),
                Msg("Add a post for video {video}, or a website post if it only lives on your site.", video=video.id),
                video=video.id,
                field=field_path("videos", index),
            )


@rule(
    id="distribution.stage_without_posts",
    point=POINT,
    title=Msg("Funnel stage without posts"),
    why=Msg(
        "Each stage of the buyer journey needs content that actually goes out; a stage without posts is a gap "
        "where prospects drop out."
    ),
    fix=Msg("Post a video for the stage, or drop the stage from the campaign if it is not part of it."),
)
def stage_without_posts(ctx: AuditContext) -> Iterable[Finding]:
    plan = ctx.plan
    if not plan.distribution.posts:
        return
    posted_stages = {video.stage.lower() for _i, _p, video in _indexed_posts(plan)}
    for index, stage in enumerate(plan.campaign.stages):
        if stage.lower() in posted_stages:
            continue
        videos = [v.id for v in plan.videos if v.stage.lower() == stage.lower()]
        if videos:
            message = Msg(
                "Stage {stage} has videos ({videos}) but none of them is posted.", stage=stage, videos=", ".join(videos)
            )
        else:
            message = Msg("Nothing is posted for stage {stage}: the stage has no video.", stage=stage)
        yield finding(
            "distribution.stage_without_posts",
            POINT,
            Severity.WARNING,
            message,
            Msg("Plan posts for a video in stage {stage}.", stage=stage),
            stage=stage,
            videos=videos,
            field=field_path("campaign", "stages", index),
        )


# --- personas ↔ platforms -------------------------------------------------------------------


@rule(
    id="distribution.persona_unreached",
    point=POINT,
    title=Msg("Persona not reached on any of its platforms"),
    why=Msg(
        "Posts only reach an audience on the networks it uses. A persona with no post on any of its networks is "
        "not reached at all."
    ),
    fix=Msg("Post on at least one network the persona uses, or correct the persona's platforms."),
)
def persona_unreached(ctx: AuditContext) -> Iterable[Finding]:
    posted = {p.platform.network for p in ctx.plan.distribution.posts}
    if not ctx.plan.distribution.posts:
        return
    for index, persona in enumerate(ctx.plan.personas):
        networks = sorted({p.network for p in persona.platforms})
        if networks and not posted.intersection(networks):
            yield finding(
                "distribution.persona_unreached",
                POINT,
                Severity.PROBLEM,
                Msg(
                    "Persona {persona} uses {networks}, but no post goes out on any of them.",
                    persona=persona.name,
                    networks=", ".join(networks),
                ),
                Msg(
                    "Plan posts on {networks} for persona {persona}.",
                    persona=persona.name,
                    networks=", ".join(networks),
                ),
                persona=persona.id,
                networks=networks,
                posted_networks=sorted(posted),
                field=field_path("personas", index, "platforms"),
            )


@rule(
    id="distribution.persona_platform_uncovered",
    point=POINT,
    title=Msg("Persona platform without posts"),
    why=Msg("A network the audience uses but the campaign skips is reach left on the table."),
    fix=Msg(
        "Post on the network too (a variant in its format), or remove it from the persona if the audience is not "
        "really there."
    ),
)
def persona_platform_uncovered(ctx: AuditContext) -> Iterable[Finding]:
    posted = {p.platform.network for p in ctx.plan.distribution.posts}
    for index, persona in enumerate(ctx.plan.personas):
        networks = sorted({p.network for p in persona.platforms})
        if not posted.intersection(networks):
            continue  # distribution.persona_unreached reports the whole persona
        for network in networks:
            if network not in posted:
                yield finding(
                    "distribution.persona_platform_uncovered",
                    POINT,
                    Severity.WARNING,
                    Msg(
                        "Persona {persona} uses {network}, but no post goes out there.",
                        persona=persona.name,
                        network=network,
                    ),
                    Msg(
                        "Plan a post on {network}, or remove it from persona {persona}.",
                        network=network,
                        persona=persona.name,
                    ),
                    persona=persona.id,
                    network=network,
                    field=field_path("personas", index, "platforms"),
                )


@rule(
    id="distribution.post_platform_unused",
    point=POINT,
    title=Msg("Post on a platform its audience does not use"),
    why=Msg("A post where the intended audience is not spends effort and budget on people the campaign is not for."),
    fix=Msg(
        "Move the post to a network the persona uses, or add the network to the persona if the audience is "
        "really there."
    ),
)
def post_platform_unused(ctx: AuditContext) -> Iterable[Finding]:
    plan = ctx.plan
    if not plan.personas:
        return  # distribution.no_personas
    everyone = _networks(plan.personas)
    for index, post in enumerate(plan.distribution.posts):
        network = post.platform.network
        if network == OWN_SITE:
            continue  # the own website is where every persona lands
        label = _post_label(post, index)
        where = field_path("distribution", "posts", index, "platform")
        if post.persona is not None:
            persona = plan.persona(post.persona)
            if persona is not None and network not in _networks([persona]):
                yield finding(
                    "distribution.post_platform_unused",
                    POINT,
                    Severity.WARNING,
                    Msg(
                        "Post {post} goes out on {platform} for persona {persona}, who does not use {network}.",
                        post=label,
                        platform=post.platform.value,
                        persona=persona.name,
                        network=network,
                    ),
                    Msg(
                        "Post for {persona} on one of: {networks}.",
                        persona=persona.name,
                        networks=", ".join(sorted(_networks([persona]))) or "-",
                    ),
                    post=label,
                    platform=post.platform.value,
                    persona=persona.id,
                    field=where,
                )
        elif network not in everyone:
            yield finding(
                "distribution.post_platform_unused",
                POINT,
                Severity.WARNING,
                Msg(
                    "Post {post} goes out on {platform}, which none of the personas uses.",
                    post=label,
                    platform=post.platform.value,
                ),
                Msg("Post on one of: {networks}.", networks=", ".join(sorted(everyone)) or "-"),
                post=label,
                platform=post.platform.value,
                persona_networks=sorted(everyone),
                field=where,
            )


# --- moments --------------------------------------------------------------------------------


@rule(
    id="distribution.unknown_timezone",
    point=POINT,
    title=Msg("Unknown time zone"),
    why=Msg("Post moments and active hours are local times; with an unknown zone they cannot be compared."),
    fix=Msg("Use an IANA time zone name such as Europe/Amsterdam."),
)
def unknown_timezone(ctx: AuditContext) -> Iterable[Finding]:
    name = ctx.plan.distribution.timezone
    if zone(name) is None:
        yield finding(
            "distribution.unknown_timezone",
            POINT,
            Severity.PROBLEM,
            Msg("Time zone {zone} is unknown, so post moments cannot be checked.", zone=name),
            Msg("Set distribution.timezone to an IANA name such as Europe/Amsterdam."),
            timezone=name,
            field="distribution.timezone",
        )


@rule(
    id="distribution.active_hours_missing",
    point=POINT,
    title=Msg("Persona without active hours"),
    why=Msg("A post reaches most people when they are online. Without active hours the moments cannot be checked."),
    fix=Msg("Add the persona's active hours (local time), e.g. 07:00-09:00 and 19:30-22:00."),
)
def active_hours_missing(ctx: AuditContext) -> Iterable[Finding]:
    for index, persona in enumerate(ctx.plan.personas):
        if persona.platforms and not persona.active_hours:
            yield finding(
                "distribution.active_hours_missing",
                POINT,
                Severity.INFO,
                Msg(
                    "Persona {persona} has no active hours, so post moments for this persona are not checked.",
                    persona=persona.name,
                ),
                Msg("Add active hours to persona {persona}.", persona=persona.name),
                persona=persona.id,
                field=field_path("personas", index, "active_hours"),
            )


@rule(
    id="distribution.moment_outside_active_hours",
    point=POINT,
    title=Msg("Post moment outside the audience's active hours"),
    why=Msg(
        "Platforms show a new post first to people who are online; a post that goes out while its audience "
        "sleeps or works gets less early engagement and less reach."
    ),
    fix=Msg("Move the post into the persona's active hours."),
)
def moment_outside_active_hours(ctx: AuditContext) -> Iterable[Finding]:
    tz = zone(ctx.plan.distribution.timezone)
    if tz is None:
        return  # distribution.unknown_timezone
    for index, post in enumerate(ctx.plan.distribution.posts):
        audience = [p for p in _audience(ctx.plan, post) if p.active_hours]
        if not audience:
            continue
        local = local_moment(post.moment, tz)
        if any(in_ranges(local, p.active_hours) for p in audience):
            continue
        hours = sorted({h for p in audience for h in p.active_hours})
        label = _post_label(post, index)
        yield finding(
            "distribution.moment_outside_active_hours",
            POINT,
            Severity.WARNING,
            Msg(
                "Post {post} goes out at {moment}, outside the active hours of {personas} ({hours}).",
                post=label,
                moment=clock(local),
                personas=", ".join(p.name for p in audience),
                hours=", ".join(hours),
            ),
            Msg("Move post {post} to one of these times: {hours}.", post=label, hours=", ".join(hours)),
            post=label,
            moment=local.isoformat(timespec="minutes"),
            timezone=ctx.plan.distribution.timezone,
            personas=[p.id for p in audience],
            active_hours=hours,
            field=field_path("distribution", "posts", index, "moment"),
        )


def _best_hours(metrics: Mapping[str, Any] | None) -> Mapping[str, list[str]] | None:
    if metrics is None:
        return None
    value = metrics.get("best_hours")
    return value if isinstance(value, Mapping) else None


@rule(
    id="distribution.best_times",
    point=POINT,
    title=Msg("Post moments against the account's own best times"),
    why=Msg(
        "The best moment to post is when your own followers respond most, which the account's history shows "
        "better than any general rule."
    ),
    fix=Msg("Import the platforms' exports so the best times can be computed, and plan posts in them."),
)
def best_times(ctx: AuditContext) -> Iterable[Finding]:
    plan = ctx.plan
    if not plan.distribution.posts:
        return
    best = _best_hours(ctx.metrics)
    if best is None:
        yield finding(
            "distribution.best_times",
            POINT,
            Severity.INFO,
            Msg("Best posting times from your own account history: not measured yet."),
            Msg(
                "Import the platforms' exports (YouTube Studio, TikTok, Meta, LinkedIn) to compare the "
                "planned moments with your own best times."
            ),
            measured=False,
        )
        return
    tz = zone(plan.distribution.timezone)
    if tz is None:
        return
    for index, post in enumerate(plan.distribution.posts):
        hours = best.get(post.platform.network)
        if not hours:
            continue
        local = local_moment(post.moment, tz)
        if not in_ranges(local, list(hours)):
            label = _post_label(post, index)
            yield finding(
                "distribution.best_times",
                POINT,
                Severity.WARNING,
                Msg(
                    "Post {post} goes out at {moment}, outside your best times on {network} ({hours}).",
                    post=label,
                    moment=clock(local),
                    network=post.platform.network,
                    hours=", ".join(hours),
                ),
                Msg("Move post {post} to one of these times: {hours}.", post=label, hours=", ".join(hours)),
                post=label,
                moment=local.isoformat(timespec="minutes"),
                best_hours=list(hours),
                measured=True,
                field=field_path("distribution", "posts", index, "moment"),
            )


@rule(
    id="distribution.post_outside_campaign",
    point=POINT,
    title=Msg("Post outside the campaign period"),
    why=Msg(
        "A post before the start or after the end of the campaign misses the budget, the other assets and the "
        "measurement window."
    ),
    fix=Msg("Move the post into the campaign period, or change the campaign dates."),
)
def post_outside_campaign(ctx: AuditContext) -> Iterable[Finding]:
    c = ctx.plan.campaign
    for index, post in enumerate(ctx.plan.distribution.posts):
        day = post.moment.date()
        if not (c.start <= day <= c.end):
            label = _post_label(post, index)
            yield finding(
                "distribution.post_outside_campaign",
                POINT,
                Severity.WARNING,
                Msg(
                    "Post {post} on {date} lies outside the campaign ({start} to {end}).",
                    post=label,
                    date=day.isoformat(),
                    start=c.start.isoformat(),
                    end=c.end.isoformat(),
                ),
                Msg(
                    "Move post {post} between {start} and {end}.",
                    post=label,
                    start=c.start.isoformat(),
                    end=c.end.isoformat(),
                ),
                post=label,
                date=day.isoformat(),
                campaign_start=c.start.isoformat(),
                campaign_end=c.end.isoformat(),
                field=field_path("distribution", "posts", index, "moment"),
            )


# --- the cut that goes out ------------------------------------------------------------------


@rule(
    id="distribution.post_without_variant",
    point=POINT,
    title=Msg("Post without a chosen variant"),
    why=Msg(
        "When a video has several cuts (9:16, 16:9, with captions …), a post that does not say which one goes "
        "out risks the wrong shape on the platform."
    ),
    fix=Msg("Name the variant for the post."),
)
def post_without_variant(ctx: AuditContext) -> Iterable[Finding]:
    for index, post, video in _indexed_posts(ctx.plan):
        if post.variant is None and len(video.variants) > 1:
            label = _post_label(post, index)
            yield finding(
                "distribution.post_without_variant",
                POINT,
                Severity.WARNING,
                Msg(
                    "Post {post} on {platform} does not say which of the {count} variants of video {video} goes out.",
                    post=label,
                    platform=post.platform.value,
                    count=len(video.variants),
                    video=video.id,
                ),
                Msg("Choose one of: {variants}.", variants=", ".join(v.id for v in video.variants)),
                post=label,
                video=video.id,
                variants=[v.id for v in video.variants],
                field=field_path("distribution", "posts", index, "variant"),
            )


def _spec_evidence(platform: Platform) -> dict[str, Any]:
    spec = SPECS[platform]
    return {"spec_sources": list(spec.sources), "spec_checked": spec.checked.isoformat()}


def _shape(aspect: str) -> tuple[int, int]:
    w, h = aspect.split(":", 1)
    return int(w), int(h)


@rule(
    id="distribution.variant_aspect_misfit",
    point=POINT,
    title=Msg("Variant shape does not fit the platform"),
    why=Msg(
        "A cut in the wrong aspect ratio is cropped or shown with black bars, and looks like it was made for "
        "another platform."
    ),
    fix=Msg("Post a variant in an aspect ratio the platform accepts (reelwise can render one)."),
)
def variant_aspect_misfit(ctx: AuditContext) -> Iterable[Finding]:
    for index, post, video in _indexed_posts(ctx.plan):
        variant = post_variant(video, post)
        spec = SPECS.get(post.platform)
        if variant is None or spec is None:
            continue
        if not aspect_fits(spec, *_shape(variant.aspect_ratio)):
            label = _post_label(post, index)
            shapes = accepted_shapes(spec)
            yield finding(
                "distribution.variant_aspect_misfit",
                POINT,
                Severity.WARNING,
                Msg(
                    "Post {post} puts variant {variant} ({aspect}) on {platform}, which expects {accepted}.",
                    post=label,
                    variant=variant.id,
                    aspect=variant.aspect_ratio,
                    platform=post.platform.value,
                    accepted=shapes,
                ),
                Msg(
                    "Render a {accepted} variant of video {video} for {platform}.",
                    accepted=shapes,
                    video=video.id,
                    platform=post.platform.value,
                ),
                post=label,
                video=video.id,
                variant=variant.id,
                aspect_ratio=variant.aspect_ratio,
                accepted=shapes,
                platform=post.platform.value,
                field=field_path("distribution", "posts", index, "variant"),
                **_spec_evidence(post.platform),
            )


def _limits(low: float | None, high: float | None) -> str:
    if low is not None and high is not None:
        return f"{low:g}–{high:g}"
    return f"≤ {high:g}" if high is not None else f"≥ {low or 0:g}"


@rule(
    id="distribution.variant_duration_misfit",
    point=POINT,
    title=Msg("Variant length does not fit the platform"),
    why=Msg("A platform refuses or cuts a video that is longer (or shorter) than it allows."),
    fix=Msg("Post a cut of a length the platform accepts."),
)
def variant_duration_misfit(ctx: AuditContext) -> Iterable[Finding]:
    for index, post, video in _indexed_posts(ctx.plan):
        variant = post_variant(video, post)
        spec = SPECS.get(post.platform)
        seconds = (variant.duration_s if variant is not None else None) or video.duration_target_s
        if spec is None or seconds is None or duration_fits(spec, seconds):
            continue
        label = _post_label(post, index)
        limits = _limits(spec.min_duration_s, spec.max_duration_s)
        yield finding(
            "distribution.variant_duration_misfit",
            POINT,
            Severity.PROBLEM,
            Msg(
                "Post {post} puts a {seconds} s cut of video {video} on {platform}, which accepts {limits} s.",
                post=label,
                seconds=num(seconds),
                video=video.id,
                platform=post.platform.value,
                limits=limits,
            ),
            Msg("Make a cut of {limits} s for {platform}.", limits=limits, platform=post.platform.value),
            post=label,
            video=video.id,
            variant=variant.id if variant else None,
            duration_s=seconds,
            min_duration_s=spec.min_duration_s,
            max_duration_s=spec.max_duration_s,
            platform=post.platform.value,
            field=field_path("distribution", "posts", index),
            **_spec_evidence(post.platform),
        )


@rule(
    id="distribution.no_captions_sound_off",
    point=POINT,
    title=Msg("No captions on a sound-off feed"),
    why=Msg(
        "Instagram, Facebook, LinkedIn and X feeds play video without sound; most viewers there never hear it. "
        "Without captions the message is lost."
    ),
    fix=Msg("Post a variant with burned-in captions on these feeds."),
)
def no_captions_sound_off(ctx: AuditContext) -> Iterable[Finding]:
    for index, post, video in _indexed_posts(ctx.plan):
        if post.platform not in SOUND_OFF_FEEDS:
            continue
        variant = post_variant(video, post)
        if variant is not None and variant.captions:
            continue
        if variant is None and any(v.captions for v in video.variants):
            continue  # distribution.post_without_variant asks which cut goes out
        label = _post_label(post, index)
        yield finding(
            "distribution.no_captions_sound_off",
            POINT,
            Severity.WARNING,
            Msg(
                "Post {post} on {platform} has no captioned cut of video {video}, on a feed that plays without sound.",
                post=label,
                platform=post.platform.value,
                video=video.id,
            ),
            Msg("Add a variant with captions: true for video {video} and post that one.", video=video.id),
            post=label,
            video=video.id,
            variant=variant.id if variant else None,
            platform=post.platform.value,
            field=field_path("distribution", "posts", index, "variant"),
        )
