"""Point 2 — call to action: every video asks for something that fits its stage, and it is in the cut."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Final, Literal

from reelwise.domain.catalogues import CtaType
from reelwise.domain.findings import Finding, Severity
from reelwise.domain.plan import Video
from reelwise.i18n import Msg, Num
from reelwise.strategy.base import AuditContext, finding, rule
from reelwise.strategy.journey import canonical_stage, is_tagged, on_social

POINT: Final = 2

Fit = Literal["good", "ok", "poor"]

# Stage × CTA fit. "poor" is reported. The logic: See reaches strangers — ask for a small
# step (follow, watch the next video), never a purchase; Think helps people compare — send
# them to information; Do converts — ask for the action itself; Care keeps customers —
# invite them to stay in touch or come back. docs/audit.md prints this table.
STAGE_CTA_FIT: Final[Mapping[str, Mapping[CtaType, Fit]]] = {
    "see": {
        CtaType.FOLLOW: "good",
        CtaType.WATCH_NEXT: "good",
        CtaType.VISIT: "ok",
        CtaType.DOWNLOAD: "ok",
        CtaType.SIGN_UP: "poor",
        CtaType.CONTACT: "poor",
        CtaType.BUY: "poor",
        CtaType.VISIT_STORE: "poor",
    },
    "think": {
        CtaType.VISIT: "good",
        CtaType.WATCH_NEXT: "good",
        CtaType.DOWNLOAD: "good",
        CtaType.SIGN_UP: "ok",
        CtaType.CONTACT: "ok",
        CtaType.FOLLOW: "ok",
        CtaType.VISIT_STORE: "ok",
        CtaType.BUY: "poor",
    },
    "do": {
        CtaType.BUY: "good",
        CtaType.SIGN_UP: "good",
        CtaType.CONTACT: "good",
        CtaType.VISIT_STORE: "good",
        CtaType.VISIT: "ok",
        CtaType.DOWNLOAD: "ok",
        CtaType.WATCH_NEXT: "poor",
        CtaType.FOLLOW: "poor",
    },
    "care": {
        CtaType.FOLLOW: "good",
        CtaType.CONTACT: "good",
        CtaType.SIGN_UP: "good",
        CtaType.WATCH_NEXT: "good",
        CtaType.VISIT: "ok",
        CtaType.DOWNLOAD: "ok",
        CtaType.BUY: "ok",
        CtaType.VISIT_STORE: "ok",
    },
}

# CTAs that ask for the conversion itself (what the Do stage is for).
ACTION_CTAS: Final = frozenset(
    {CtaType.BUY, CtaType.SIGN_UP, CtaType.CONTACT, CtaType.VISIT_STORE, CtaType.VISIT, CtaType.DOWNLOAD}
)
# On-screen text longer than this is hard to read in the few seconds a CTA is shown.
MAX_CTA_WORDS: Final = 10


def _path(ctx: AuditContext, video: Video) -> str:
    return f"videos[{ctx.plan.videos.index(video)}]"


@rule(
    id="cta.missing",
    point=POINT,
    title=Msg("Every video has a call to action"),
    why=Msg("A viewer who liked the video needs to be told what to do next; without a CTA most simply scroll on."),
    fix=Msg("Give the video a CTA (type, text, URL, moment), or mark it branded_content: true on purpose."),
)
def missing(ctx: AuditContext) -> Iterator[Finding]:
    for video in ctx.plan.videos:
        if video.cta is None and not video.branded_content:
            yield finding(
                "cta.missing",
                POINT,
                Severity.PROBLEM,
                Msg("Video {video} has no call to action and is not marked branded content", video=video.id),
                Msg("Give the video a CTA (type, text, URL, moment), or mark it branded_content: true on purpose."),
                video=video.id,
                field=f"{_path(ctx, video)}.cta",
            )


@rule(
    id="cta.no_url",
    point=POINT,
    title=Msg("Click CTAs have a URL"),
    why=Msg("A CTA that asks for a click but has no address loses everyone who wanted to act."),
    fix=Msg("Add the URL of the page the CTA sends people to."),
)
def no_url(ctx: AuditContext) -> Iterator[Finding]:
    for video in ctx.plan.videos:
        if video.cta is not None and video.cta.type.needs_url and not video.cta.url:
            yield finding(
                "cta.no_url",
                POINT,
                Severity.PROBLEM,
                Msg(
                    "The CTA of video {video} asks for a click ({type}) but has no URL",
                    video=video.id,
                    type=video.cta.type.value,
                ),
                Msg("Add the URL of the page the CTA sends people to."),
                video=video.id,
                field=f"{_path(ctx, video)}.cta.url",
            )


@rule(
    id="cta.stage_fit",
    point=POINT,
    title=Msg("The CTA fits the video's funnel stage"),
    why=Msg(
        "Asking strangers to buy (See) or customers ready to buy only to follow (Do) wastes the moment: "
        "the ask must match how far the viewer is."
    ),
    fix=Msg("Choose a CTA that fits the stage (see the stage × CTA table in the audit documentation)."),
)
def stage_fit(ctx: AuditContext) -> Iterator[Finding]:
    for video in ctx.plan.videos:
        stage = canonical_stage(video.stage)
        if video.cta is None or stage is None:
            continue
        if STAGE_CTA_FIT[stage][video.cta.type] == "poor":
            yield finding(
                "cta.stage_fit",
                POINT,
                Severity.WARNING,
                Msg(
                    "Video {video} asks viewers to {type} in the {stage} stage, where that ask rarely fits",
                    video=video.id,
                    type=video.cta.type.value,
                    stage=video.stage,
                ),
                Msg("Choose a CTA that fits the stage (see the stage × CTA table in the audit documentation)."),
                video=video.id,
                stage=video.stage,
                cta_type=video.cta.type.value,
                field=f"{_path(ctx, video)}.cta.type",
            )


@rule(
    id="cta.do_without_action",
    point=POINT,
    title=Msg("The Do stage asks for the action"),
    why=Msg("The Do stage exists to convert: if its videos only ask to follow or watch more, nobody is asked to buy."),
    fix=Msg("Give at least one Do video a CTA that asks for the conversion: buy, sign up, contact or visit the store."),
)
def do_without_action(ctx: AuditContext) -> Iterator[Finding]:
    do_videos = [v for v in ctx.plan.videos if canonical_stage(v.stage) == "do"]
    with_cta = [v for v in do_videos if v.cta is not None]
    if with_cta and not any(v.cta is not None and v.cta.type in ACTION_CTAS for v in with_cta):
        yield finding(
            "cta.do_without_action",
            POINT,
            Severity.PROBLEM,
            Msg(
                "No video in the Do stage asks for the conversion; their CTAs are: {types}",
                types=", ".join(sorted({v.cta.type.value for v in with_cta if v.cta is not None})),
            ),
            Msg(
                "Give at least one Do video a CTA that asks for the conversion: "
                "buy, sign up, contact or visit the store."
            ),
            videos=[v.id for v in with_cta],
        )


@rule(
    id="cta.untagged_link",
    point=POINT,
    title=Msg("CTA links carry campaign tagging"),
    why=Msg(
        "Without UTM tags the clicks a video brings in land in the analytics as 'direct' or 'referral', "
        "and the campaign cannot be credited."
    ),
    fix=Msg("Add utm_source, utm_medium and utm_campaign to the link (one utm_content per video helps too)."),
)
def untagged_link(ctx: AuditContext) -> Iterator[Finding]:
    for video in ctx.plan.videos:
        if video.cta is not None and video.cta.url and not is_tagged(video.cta.url) and not on_social(video.cta.url):
            yield finding(
                "cta.untagged_link",
                POINT,
                Severity.WARNING,
                Msg("The CTA link of video {video} has no campaign tagging (UTM)", video=video.id),
                Msg("Add utm_source, utm_medium and utm_campaign to the link (one utm_content per video helps too)."),
                video=video.id,
                url=video.cta.url,
                field=f"{_path(ctx, video)}.cta.url",
            )


@rule(
    id="cta.same_everywhere",
    point=POINT,
    title=Msg("CTAs differ across the funnel"),
    why=Msg("One CTA on every video ignores where each viewer is in the journey; the stages need different asks."),
    fix=Msg("Give each stage its own CTA (see the stage × CTA table)."),
)
def same_everywhere(ctx: AuditContext) -> Iterator[Finding]:
    with_cta = [v for v in ctx.plan.videos if v.cta is not None]
    stages = {v.stage.lower() for v in with_cta}
    keys = {(v.cta.type, v.cta.text.strip().lower()) for v in with_cta if v.cta is not None}
    if len(with_cta) >= 2 and len(stages) >= 2 and len(keys) == 1:
        cta = with_cta[0].cta
        assert cta is not None
        yield finding(
            "cta.same_everywhere",
            POINT,
            Severity.WARNING,
            Msg(
                "All {count} videos end with the same CTA ({text}) across {stages} stages",
                count=len(with_cta),
                text=cta.text,
                stages=len(stages),
            ),
            Msg("Give each stage its own CTA (see the stage × CTA table)."),
            videos=[v.id for v in with_cta],
            text=cta.text,
        )


@rule(
    id="cta.after_end",
    point=POINT,
    title=Msg("The CTA comes before the video ends"),
    why=Msg("A CTA planned after the last second of the video is never seen."),
    fix=Msg("Move the CTA moment inside the video (ideally before most viewers have dropped off)."),
)
def after_end(ctx: AuditContext) -> Iterator[Finding]:
    for video in ctx.plan.videos:
        cta = video.cta
        if cta is None or cta.moment_s is None or video.duration_target_s is None:
            continue
        if cta.moment_s >= video.duration_target_s:
            yield finding(
                "cta.after_end",
                POINT,
                Severity.PROBLEM,
                Msg(
                    "The CTA of video {video} is planned at {moment} s, but the video lasts {duration} s",
                    video=video.id,
                    moment=Num(cta.moment_s, 2),
                    duration=Num(video.duration_target_s, 2),
                ),
                Msg("Move the CTA moment inside the video (ideally before most viewers have dropped off)."),
                video=video.id,
                moment_s=cta.moment_s,
                duration_s=video.duration_target_s,
                field=f"{_path(ctx, video)}.cta.moment_s",
            )


@rule(
    id="cta.text_too_long",
    point=POINT,
    title=Msg("The CTA text is short enough to read"),
    why=Msg("A CTA is on screen for a few seconds: more than about ten words is not read, let alone acted on."),
    fix=Msg("Shorten the CTA to one clear instruction of at most ten words."),
)
def text_too_long(ctx: AuditContext) -> Iterator[Finding]:
    for video in ctx.plan.videos:
        if video.cta is not None and len(video.cta.text.split()) > MAX_CTA_WORDS:
            yield finding(
                "cta.text_too_long",
                POINT,
                Severity.WARNING,
                Msg("The CTA of video {video} has {words} words", video=video.id, words=len(video.cta.text.split())),
                Msg("Shorten the CTA to one clear instruction of at most ten words."),
                video=video.id,
                words=len(video.cta.text.split()),
                field=f"{_path(ctx, video)}.cta.text",
            )


@rule(
    id="cta.in_cut",
    point=POINT,
    title=Msg("The CTA is really in the video"),
    why=Msg("A CTA in the plan that never made it into the edit does nothing; only the cut counts."),
    fix=Msg("Run reelwise check on the video file, and add the CTA on screen and in the voice-over."),
)
def in_cut(ctx: AuditContext) -> Iterator[Finding]:
    """Reads the video check report (``ctx.video_reports[video_id]["cta"]``) when there is one."""
    unmeasured: list[str] = []
    for video in ctx.plan.videos:
        if video.cta is None:
            continue
        report = ctx.video_reports.get(video.id)
        cta = report.get("cta") if report else None
        if not isinstance(cta, Mapping):
            unmeasured.append(video.id)
        elif not cta.get("found"):
            yield finding(
                "cta.in_cut",
                POINT,
                Severity.PROBLEM,
                Msg("No CTA was found in the cut of video {video}, neither spoken nor on screen", video=video.id),
                Msg("Add the CTA on screen and in the voice-over, then check the video again."),
                video=video.id,
                measured=True,
            )
        elif cta.get("matches_plan") is False:
            yield finding(
                "cta.in_cut",
                POINT,
                Severity.WARNING,
                Msg("The CTA in the cut of video {video} differs from the planned CTA", video=video.id),
                Msg("Make the CTA in the video say what the plan says (text and URL), or update the plan."),
                video=video.id,
                measured=True,
                first_s=cta.get("first_s"),
            )
    if unmeasured:
        yield finding(
            "cta.in_cut",
            POINT,
            Severity.INFO,
            Msg("The CTA is not verified in the cut yet for: {videos}", videos=", ".join(unmeasured)),
            Msg("Run reelwise check on the video files, and add the CTA on screen and in the voice-over."),
            videos=unmeasured,
            measured=False,
        )
