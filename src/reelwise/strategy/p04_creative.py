"""Point 4 — creative: a concept with keywords and ideas, a chosen format, authenticity, a hook."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Final

from reelwise.domain.catalogues import AuthenticityItem, CreativeFormat
from reelwise.domain.findings import Finding, Severity
from reelwise.domain.plan import Video
from reelwise.i18n import Msg
from reelwise.strategy.base import AuditContext, finding, rule
from reelwise.strategy.journey import canonical_stage, mentions, posts_of

POINT: Final = 4
# With this many videos or more, one single format is a missed chance to test what works.
MIN_VIDEOS_FOR_VARIETY: Final = 3
# Formats that tell a story but give no reason to act now: a poor fit for the Do stage.
NOT_FOR_DO: Final = frozenset({CreativeFormat.BRAND_FILM, CreativeFormat.BEHIND_THE_SCENES, CreativeFormat.EVENT_RECAP})


def _path(ctx: AuditContext, video: Video) -> str:
    return f"videos[{ctx.plan.videos.index(video)}]"


@rule(
    id="creative.no_concept",
    point=POINT,
    title=Msg("Every video starts from a concept"),
    why=Msg(
        "Without keywords and ideas the video is made from the first idea that comes up, and nothing ties it "
        "to the campaign's message."
    ),
    fix=Msg("Brainstorm keywords and ideas for the video (concept.keywords, concept.ideas) before production."),
)
def no_concept(ctx: AuditContext) -> Iterator[Finding]:
    for video in ctx.plan.videos:
        c = video.concept
        if not c.keywords and not c.ideas:
            yield finding(
                "creative.no_concept",
                POINT,
                Severity.PROBLEM,
                Msg("Video {video} has no concept keywords or ideas", video=video.id),
                Msg("Brainstorm keywords and ideas for the video (concept.keywords, concept.ideas) before production."),
                video=video.id,
                field=f"{_path(ctx, video)}.concept",
            )


@rule(
    id="creative.no_format",
    point=POINT,
    title=Msg("Every video has a creative format"),
    why=Msg(
        "The format (testimonial, how-to, demo …) decides script, cast, length and cost; leaving it open "
        "leaves everything open."
    ),
    fix=Msg("Choose a format in concept.format."),
)
def no_format(ctx: AuditContext) -> Iterator[Finding]:
    for video in ctx.plan.videos:
        if video.concept.format is None:
            yield finding(
                "creative.no_format",
                POINT,
                Severity.WARNING,
                Msg("Video {video} has no creative format", video=video.id),
                Msg("Choose a format in concept.format."),
                video=video.id,
                field=f"{_path(ctx, video)}.concept.format",
            )


@rule(
    id="creative.authenticity_unchecked",
    point=POINT,
    title=Msg("The authenticity checklist is done"),
    why=Msg(
        "Viewers skip what looks staged: real people, the real place, the brand's own voice and honest "
        "claims are what make a small brand credible."
    ),
    fix=Msg("Go through the authenticity checklist (concept.authenticity) and tick every item that holds."),
)
def authenticity_unchecked(ctx: AuditContext) -> Iterator[Finding]:
    for video in ctx.plan.videos:
        answers = video.concept.authenticity
        unchecked = [item.value for item in AuthenticityItem if not answers.get(item, False)]
        if not answers:
            yield finding(
                "creative.authenticity_unchecked",
                POINT,
                Severity.WARNING,
                Msg("The authenticity checklist of video {video} is not filled in", video=video.id),
                Msg("Go through the authenticity checklist (concept.authenticity) and tick every item that holds."),
                video=video.id,
                unchecked=unchecked,
                field=f"{_path(ctx, video)}.concept.authenticity",
            )
        elif unchecked:
            yield finding(
                "creative.authenticity_unchecked",
                POINT,
                Severity.WARNING if len(unchecked) > len(AuthenticityItem) // 2 else Severity.INFO,
                Msg(
                    "Video {video} leaves authenticity items unchecked: {items}",
                    video=video.id,
                    items=", ".join(unchecked),
                ),
                Msg("Go through the authenticity checklist (concept.authenticity) and tick every item that holds."),
                video=video.id,
                unchecked=unchecked,
                field=f"{_path(ctx, video)}.concept.authenticity",
            )


@rule(
    id="creative.one_format",
    point=POINT,
    title=Msg("The campaign mixes formats"),
    why=Msg("Different stages ask for different formats, and a mix shows which format works for this audience."),
    fix=Msg("Vary the formats across the stages, for example a behind-the-scenes in See and a testimonial in Do."),
)
def one_format(ctx: AuditContext) -> Iterator[Finding]:
    formats = [v.concept.format for v in ctx.plan.videos if v.concept.format is not None]
    if len(formats) >= MIN_VIDEOS_FOR_VARIETY and len(set(formats)) == 1:
        yield finding(
            "creative.one_format",
            POINT,
            Severity.WARNING,
            Msg("All {count} videos use the same format ({format})", count=len(formats), format=formats[0].value),
            Msg("Vary the formats across the stages, for example a behind-the-scenes in See and a testimonial in Do."),
            format=formats[0].value,
            videos=[v.id for v in ctx.plan.videos],
        )


@rule(
    id="creative.keywords_absent",
    point=POINT,
    title=Msg("Concept keywords reach the title and captions"),
    why=Msg("Keywords that stay in the concept never help people find the video, nor tie it to the campaign."),
    fix=Msg("Use the most important concept keywords in the video title and the post captions."),
)
def keywords_absent(ctx: AuditContext) -> Iterator[Finding]:
    for video in ctx.plan.videos:
        keywords = video.concept.keywords
        if not keywords:
            continue
        text = " ".join([video.title, *(p.caption or "" for p in posts_of(ctx.plan, video.id))])
        if not any(mentions(text, k) for k in keywords):
            yield finding(
                "creative.keywords_absent",
                POINT,
                Severity.WARNING,
                Msg(
                    "None of the concept keywords of video {video} appears in its title or captions ({keywords})",
                    video=video.id,
                    keywords=", ".join(keywords[:6]),
                ),
                Msg("Use the most important concept keywords in the video title and the post captions."),
                video=video.id,
                keywords=list(keywords),
                field=f"{_path(ctx, video)}.title",
            )


@rule(
    id="creative.format_stage_fit",
    point=POINT,
    title=Msg("The format fits the stage"),
    why=Msg(
        "A brand film, behind-the-scenes or event recap builds sympathy but gives no reason to act now, "
        "which is what the Do stage needs."
    ),
    fix=Msg("Use a testimonial, product demo or offer announcement in the Do stage."),
)
def format_stage_fit(ctx: AuditContext) -> Iterator[Finding]:
    for video in ctx.plan.videos:
        fmt = video.concept.format
        if fmt in NOT_FOR_DO and canonical_stage(video.stage) == "do":
            assert fmt is not None
            yield finding(
                "creative.format_stage_fit",
                POINT,
                Severity.WARNING,
                Msg("Video {video} is a {format} in the Do stage", video=video.id, format=fmt.value),
                Msg("Use a testimonial, product demo or offer announcement in the Do stage."),
                video=video.id,
                format=fmt.value,
                field=f"{_path(ctx, video)}.concept.format",
            )


@rule(
    id="creative.hook",
    point=POINT,
    title=Msg("The video hooks in the first seconds"),
    why=Msg("Most viewers decide in the first 3 seconds; a dynamic start (first cut within 3 s) keeps them watching."),
    fix=Msg("Open with movement, a face or the product, and cut within the first 3 seconds."),
)
def hook(ctx: AuditContext) -> Iterator[Finding]:
    """Reads ``ctx.video_reports[video_id]["hook"]`` (from ``reelwise check``) when there is one."""
    unmeasured: list[str] = []
    for video in ctx.plan.videos:
        report = ctx.video_reports.get(video.id)
        data = report.get("hook") if report else None
        if not isinstance(data, Mapping):
            unmeasured.append(video.id)
        elif data.get("dynamic_start") is False:
            yield finding(
                "creative.hook",
                POINT,
                Severity.WARNING,
                Msg("Video {video} has no cut in its first 3 seconds", video=video.id),
                Msg("Open with movement, a face or the product, and cut within the first 3 seconds."),
                video=video.id,
                first_cut_s=data.get("first_cut_s"),
                measured=True,
            )
    if unmeasured:
        yield finding(
            "creative.hook",
            POINT,
            Severity.INFO,
            Msg("The opening seconds are not measured yet for: {videos}", videos=", ".join(unmeasured)),
            Msg("Run reelwise check on the video files to measure their hook and pacing."),
            videos=unmeasured,
            measured=False,
        )
