"""Point 7 — social media support: the channel profiles the videos land on, and comments.

A viewer who likes a video taps the profile next: it has to say who you are, link onward
and show your best video. Comments need an owner and a response-time target. Channels and
posts are matched by network (an ``instagram_reels`` post lands on the Instagram profile).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any, Final

from reelwise.domain.catalogues import Platform
from reelwise.domain.findings import Finding, Severity
from reelwise.domain.plan import Channel, Plan
from reelwise.i18n import Msg
from reelwise.strategy.base import AuditContext, finding, rule
from reelwise.strategy.fieldpath import field_path
from reelwise.strategy.numbers import num

POINT: Final = 7
OWN_SITE: Final = Platform.WEBSITE.network

# Networks whose profile page shows a cover (banner/header) image.
COVER_NETWORKS: Final = frozenset({"youtube", "facebook", "linkedin", "x"})

# Longest profile description each network shows (characters), from the networks' help
# pages on editing a profile: Instagram bio 150, TikTok bio 80, X bio 160, YouTube channel
# description 1,000. Networks change these; re-check when a network redesigns its profiles.
DESCRIPTION_LIMITS: Final[Mapping[str, int]] = {"instagram": 150, "tiktok": 80, "x": 160, "youtube": 1000}

# The slowest response-time target we accept. Consumers expect a reply on social media
# within hours: in the Sprout Social Index (Q2 2016) they expected one within 4 hours while
# brands took 10 on average; a target beyond a day means most questions go stale.
MAX_RESPONSE_HOURS: Final = 24.0


def _posted_networks(plan: Plan) -> Counter[str]:
    return Counter(p.platform.network for p in plan.distribution.posts if p.platform.network != OWN_SITE)


def main_channel(plan: Plan) -> tuple[int, Channel] | None:
    """The channel on the network with the most posts (first listed on a tie), or None."""
    counts = _posted_networks(plan)
    candidates = [
        (counts[c.platform.network], -i, i, c) for i, c in enumerate(plan.channels) if c.platform.network != OWN_SITE
    ]
    if not candidates:
        return None
    _count, _neg, index, channel = max(candidates, key=lambda t: (t[0], t[1]))
    return index, channel


@rule(
    id="social.no_channels",
    point=POINT,
    title=Msg("No channel profiles"),
    why=Msg(
        "Viewers who like a video visit the profile next. Without the channels in the plan nobody checks that "
        "they are ready for those visitors."
    ),
    fix=Msg("List every channel the campaign posts on, with handle, description, link and images."),
)
def no_channels(ctx: AuditContext) -> Iterable[Finding]:
    networks = sorted(_posted_networks(ctx.plan))
    if networks and not ctx.plan.channels:
        yield finding(
            "social.no_channels",
            POINT,
            Severity.PROBLEM,
            Msg(
                "The campaign posts on {networks}, but the plan lists no channel profiles.",
                networks=", ".join(networks),
            ),
            Msg("Add a channel entry for each of: {networks}.", networks=", ".join(networks)),
            networks=networks,
            field="channels",
        )


@rule(
    id="social.platform_without_channel",
    point=POINT,
    title=Msg("Network used without a channel entry"),
    why=Msg(
        "Every network the campaign posts on has a profile that visitors judge; one that is not in the plan is "
        "not audited and has no comment owner."
    ),
    fix=Msg("Add a channel entry for the network."),
)
def platform_without_channel(ctx: AuditContext) -> Iterable[Finding]:
    if not ctx.plan.channels:
        return  # social.no_channels
    have = {c.platform.network for c in ctx.plan.channels}
    for network, count in sorted(_posted_networks(ctx.plan).items()):
        if network not in have:
            yield finding(
                "social.platform_without_channel",
                POINT,
                Severity.WARNING,
                Msg(
                    "Posts go out on {network} ({count}), but there is no {network} channel in the plan.",
                    count=count,
                    network=network,
                ),
                Msg("Add the {network} channel under channels, with comment owner and response time.", network=network),
                network=network,
                posts=count,
                field="channels",
            )


@rule(
    id="social.channel_incomplete",
    point=POINT,
    title=Msg("Channel profile incomplete"),
    why=Msg(
        "A profile without a description, a link or proper images loses the visitors a video sends there: they "
        "cannot see who you are or where to go next."
    ),
    fix=Msg("Fill in the profile's description, link, profile image and (where the network has one) cover image."),
)
def channel_incomplete(ctx: AuditContext) -> Iterable[Finding]:
    for index, channel in enumerate(ctx.plan.channels):
        missing = [name for name in ("description", "link", "profile_image") if not getattr(channel, name)]
        if channel.platform.network in COVER_NETWORKS and not channel.cover_image:
            missing.append("cover_image")
        if missing:
            yield finding(
                "social.channel_incomplete",
                POINT,
                Severity.WARNING,
                Msg(
                    "The {network} profile {handle} lacks: {missing}.",
                    network=channel.platform.network,
                    handle=channel.handle,
                    missing=", ".join(missing),
                ),
                Msg(
                    "Complete the {network} profile: {missing}.",
                    network=channel.platform.network,
                    missing=", ".join(missing),
                ),
                handle=channel.handle,
                network=channel.platform.network,
                missing=missing,
                field=field_path("channels", index),
            )


@rule(
    id="social.description_too_long",
    point=POINT,
    title=Msg("Profile description too long for the network"),
    why=Msg(
        "Networks cut a profile description at a fixed length; the end of the text, often the call to action, "
        "disappears."
    ),
    fix=Msg("Shorten the description to the network's limit, most important words first."),
)
def description_too_long(ctx: AuditContext) -> Iterable[Finding]:
    for index, channel in enumerate(ctx.plan.channels):
        limit = DESCRIPTION_LIMITS.get(channel.platform.network)
        text = channel.description or ""
        if limit is not None and len(text) > limit:
            yield finding(
                "social.description_too_long",
                POINT,
                Severity.WARNING,
                Msg(
                    "The {network} description of {handle} has {length} characters; {network} shows {limit}.",
                    network=channel.platform.network,
                    handle=channel.handle,
                    length=len(text),
                    limit=limit,
                ),
                Msg("Shorten it to at most {limit} characters.", limit=limit),
                handle=channel.handle,
                length=len(text),
                limit=limit,
                field=field_path("channels", index, "description"),
            )


@rule(
    id="social.no_comment_owner",
    point=POINT,
    title=Msg("Nobody owns the comments"),
    why=Msg(
        "Questions and complaints under a video are buying signals and reputation risks. When nobody is "
        "responsible, they go unanswered."
    ),
    fix=Msg("Name a person (or team) who handles the comments of each channel."),
)
def no_comment_owner(ctx: AuditContext) -> Iterable[Finding]:
    channels = ctx.plan.channels
    if not channels:
        return
    if not any(c.comment_owner for c in channels):
        yield finding(
            "social.no_comment_owner",
            POINT,
            Severity.PROBLEM,
            Msg("No channel has a comment owner: nobody answers the comments."),
            Msg("Set comment_owner on every channel."),
            channels=[c.handle for c in channels],
            field="channels",
        )
        return
    for index, channel in enumerate(channels):
        if not channel.comment_owner:
            yield finding(
                "social.no_comment_owner",
                POINT,
                Severity.WARNING,
                Msg(
                    "Nobody owns the comments on the {network} channel {handle}.",
                    network=channel.platform.network,
                    handle=channel.handle,
                ),
                Msg("Set comment_owner for the {network} channel.", network=channel.platform.network),
                handle=channel.handle,
                field=field_path("channels", index, "comment_owner"),
            )


@rule(
    id="social.no_response_target",
    point=POINT,
    title=Msg("No response-time target"),
    why=Msg("Without a target nobody knows whether comments are answered in time, and it cannot be measured."),
    fix=Msg("Set a response-time target in hours for each channel (a few hours is what people expect)."),
)
def no_response_target(ctx: AuditContext) -> Iterable[Finding]:
    for index, channel in enumerate(ctx.plan.channels):
        if channel.response_time_hours is None:
            yield finding(
                "social.no_response_target",
                POINT,
                Severity.WARNING,
                Msg(
                    "The {network} channel {handle} has no response-time target.",
                    network=channel.platform.network,
                    handle=channel.handle,
                ),
                Msg(
                    "Set response_time_hours for the {network} channel, at most {max} hours.",
                    network=channel.platform.network,
                    max=num(MAX_RESPONSE_HOURS),
                ),
                handle=channel.handle,
                field=field_path("channels", index, "response_time_hours"),
            )


@rule(
    id="social.slow_response_target",
    point=POINT,
    title=Msg("Response-time target too slow"),
    why=Msg(
        "People expect a reply on social media within hours; after a day a question has gone stale and a "
        "complaint has grown."
    ),
    fix=Msg("Set the response-time target to 24 hours or less."),
)
def slow_response_target(ctx: AuditContext) -> Iterable[Finding]:
    for index, channel in enumerate(ctx.plan.channels):
        hours = channel.response_time_hours
        if hours is not None and hours > MAX_RESPONSE_HOURS:
            yield finding(
                "social.slow_response_target",
                POINT,
                Severity.WARNING,
                Msg(
                    "The {network} channel {handle} aims to answer within {hours} hours; people expect a "
                    "reply within {max}.",
                    network=channel.platform.network,
                    handle=channel.handle,
                    hours=num(hours),
                    max=num(MAX_RESPONSE_HOURS),
                ),
                Msg("Lower the target to at most {max} hours.", max=num(MAX_RESPONSE_HOURS)),
                handle=channel.handle,
                response_time_hours=hours,
                norm_hours=MAX_RESPONSE_HOURS,
                norm_source="Sprout Social Index, Q2 2016",
                field=field_path("channels", index, "response_time_hours"),
            )


@rule(
    id="social.pinned_video_missing",
    point=POINT,
    title=Msg("No pinned video on the main channel"),
    why=Msg(
        "Visitors of the profile see the pinned (featured) video first; without one they see whatever was posted last."
    ),
    fix=Msg("Pin the campaign's strongest video on the channel that gets most posts."),
)
def pinned_video_missing(ctx: AuditContext) -> Iterable[Finding]:
    main = main_channel(ctx.plan)
    if main is None or not ctx.plan.videos:
        return
    index, channel = main
    if channel.pinned_video is None:
        yield finding(
            "social.pinned_video_missing",
            POINT,
            Severity.WARNING,
            Msg(
                "The main channel ({network} {handle}) has no pinned video.",
                network=channel.platform.network,
                handle=channel.handle,
            ),
            Msg(
                "Pin one of the campaign videos on {network}, e.g. {video}.",
                network=channel.platform.network,
                video=ctx.plan.videos[0].id,
            ),
            handle=channel.handle,
            network=channel.platform.network,
            field=field_path("channels", index, "pinned_video"),
        )


@rule(
    id="social.pinned_video_not_posted",
    point=POINT,
    title=Msg("Pinned video is not posted on that channel"),
    why=Msg("A video can only be pinned on a profile where it has been posted."),
    fix=Msg("Post the pinned video on the channel's network, or pin one that is posted there."),
)
def pinned_video_not_posted(ctx: AuditContext) -> Iterable[Finding]:
    for index, channel in enumerate(ctx.plan.channels):
        video = channel.pinned_video
        if video is None or ctx.plan.video(video) is None:
            continue
        network = channel.platform.network
        if not any(p.video == video and p.platform.network == network for p in ctx.plan.distribution.posts):
            yield finding(
                "social.pinned_video_not_posted",
                POINT,
                Severity.WARNING,
                Msg(
                    "Video {video} is to be pinned on {network} {handle}, but no post puts it on {network}.",
                    video=video,
                    network=network,
                    handle=channel.handle,
                ),
                Msg("Plan a {network} post for video {video}.", network=network, video=video),
                handle=channel.handle,
                video=video,
                field=field_path("channels", index, "pinned_video"),
            )


def _measured_response(metrics: Mapping[str, Any] | None) -> Mapping[str, float] | None:
    if metrics is None:
        return None
    value = metrics.get("comment_response_hours")
    return value if isinstance(value, Mapping) else None


@rule(
    id="social.response_times",
    point=POINT,
    title=Msg("Measured comment response times"),
    why=Msg("A target only helps when the real response times are measured against it."),
    fix=Msg("Import the channels' comments so response times can be measured."),
)
def response_times(ctx: AuditContext) -> Iterable[Finding]:
    channels = ctx.plan.channels
    if not channels:
        return
    measured = _measured_response(ctx.metrics)
    if measured is None:
        yield finding(
            "social.response_times",
            POINT,
            Severity.INFO,
            Msg("Comment response times: not measured yet."),
            Msg("Import the channels' comments to measure how fast they are answered."),
            measured=False,
        )
        return
    for index, channel in enumerate(channels):
        actual = measured.get(channel.platform.network)
        target = channel.response_time_hours or MAX_RESPONSE_HOURS
        if actual is not None and actual > target:
            yield finding(
                "social.response_times",
                POINT,
                Severity.WARNING,
                Msg(
                    "Comments on {network} are answered in {actual} hours (median), slower than the target "
                    "of {target}.",
                    network=channel.platform.network,
                    actual=num(actual),
                    target=num(target),
                ),
                Msg(
                    "Plan more time for answering comments on {network}, or share the work among more people.",
                    network=channel.platform.network,
                ),
                handle=channel.handle,
                median_hours=actual,
                target_hours=target,
                measured=True,
                field=field_path("channels", index, "response_time_hours"),
            )
