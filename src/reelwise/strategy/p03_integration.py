"""Point 3 — integration with the wider campaign: the buyer journey, next steps, one message."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final

from reelwise.domain.catalogues import AssetKind
from reelwise.domain.findings import Finding, Severity
from reelwise.domain.plan import Asset
from reelwise.i18n import Msg, Num
from reelwise.strategy.base import AuditContext, finding, rule
from reelwise.strategy.colour import FAR_FROM_BRAND, NEUTRAL_CHROMA, chroma, hex_to_lab, nearest
from reelwise.strategy.journey import is_tagged, mentions

POINT: Final = 3
# How many of an image's dominant colours (most dominant first) are compared with the brand.
DOMINANT_COMPARED: Final = 3


def _asset_path(ctx: AuditContext, asset: Asset) -> str:
    return f"assets[{ctx.plan.assets.index(asset)}]"


@rule(
    id="integration.stage_without_video",
    point=POINT,
    title=Msg("Every funnel stage has a video"),
    why=Msg("A stage without a video is a gap in the buyer journey: people who reach it find nothing to move them on."),
    fix=Msg("Plan a video for the stage, or drop the stage from the campaign on purpose."),
)
def stage_without_video(ctx: AuditContext) -> Iterator[Finding]:
    plan = ctx.plan
    if not plan.videos:
        yield finding(
            "integration.stage_without_video",
            POINT,
            Severity.PROBLEM,
            Msg("The plan has no videos"),
            Msg("Plan at least one video per funnel stage."),
            field="videos",
        )
        return
    goal_stages = {g.stage.lower() for g in plan.goals if g.stage}
    for stage in plan.campaign.stages:
        if any(v.stage.lower() == stage.lower() for v in plan.videos):
            continue
        has_goal = stage.lower() in goal_stages
        yield finding(
            "integration.stage_without_video",
            POINT,
            Severity.PROBLEM if has_goal else Severity.WARNING,
            Msg("Stage {stage} has no video", stage=stage)
            if not has_goal
            else Msg("Stage {stage} has a goal but no video to reach it", stage=stage),
            Msg("Plan a video for the stage, or drop the stage from the campaign on purpose."),
            stage=stage,
            has_goal=has_goal,
        )


@rule(
    id="integration.no_next_step",
    point=POINT,
    title=Msg("Every video leads somewhere"),
    why=Msg(
        "A viewer who was moved by a video needs a next step (a page, a video, a flyer in the shop); "
        "a dead end wastes the attention the video won."
    ),
    fix=Msg("Name the asset or video that comes next in next_step, or plan one in the following stage."),
)
def no_next_step(ctx: AuditContext) -> Iterator[Finding]:
    plan = ctx.plan
    last = len(plan.campaign.stages) - 1
    for vi, video in enumerate(plan.videos):
        if video.next_step:
            continue
        index = plan.stage_index(video.stage)
        if index is None or index >= last:
            continue  # the last stage has nothing after it
        later = [a.id for a in plan.assets if (plan.stage_index(a.stage) or -1) > index]
        later += [v.id for v in plan.videos if (plan.stage_index(v.stage) or -1) > index]
        if not later:
            yield finding(
                "integration.no_next_step",
                POINT,
                Severity.WARNING,
                Msg(
                    "Video {video} ({stage}) leads nowhere: no next step and nothing planned in a later stage",
                    video=video.id,
                    stage=video.stage,
                ),
                Msg("Name the asset or video that comes next in next_step, or plan one in the following stage."),
                video=video.id,
                field=f"videos[{vi}].next_step",
            )


@rule(
    id="integration.next_step_backwards",
    point=POINT,
    title=Msg("Next steps move forward in the funnel"),
    why=Msg("A next step in an earlier stage sends a warm viewer back to the start of the journey."),
    fix=Msg("Point next_step at an asset or video in the same or a later stage."),
)
def next_step_backwards(ctx: AuditContext) -> Iterator[Finding]:
    plan = ctx.plan
    stages = {v.id: v.stage for v in plan.videos} | {a.id: a.stage for a in plan.assets}
    for vi, video in enumerate(plan.videos):
        here = plan.stage_index(video.stage)
        for step in video.next_step:
            there = plan.stage_index(stages.get(step, "")) if step in stages else None
            if here is not None and there is not None and there < here:
                yield finding(
                    "integration.next_step_backwards",
                    POINT,
                    Severity.WARNING,
                    Msg(
                        "Video {video} ({stage}) sends viewers back to {step} in the {step_stage} stage",
                        video=video.id,
                        stage=video.stage,
                        step=step,
                        step_stage=stages[step],
                    ),
                    Msg("Point next_step at an asset or video in the same or a later stage."),
                    video=video.id,
                    next_step=step,
                    field=f"videos[{vi}].next_step",
                )


@rule(
    id="integration.offline_untracked",
    point=POINT,
    title=Msg("Offline assets can be traced to the data"),
    why=Msg(
        "A poster or flyer without a QR code or tagged link brings people in invisibly: its effect can never "
        "be measured or credited."
    ),
    fix=Msg("Print a QR code (qr_target) with a UTM-tagged link that is unique to this asset."),
)
def offline_untracked(ctx: AuditContext) -> Iterator[Finding]:
    for asset in ctx.plan.assets:
        if not asset.kind.offline:
            continue
        links = [u for u in (asset.qr_target, asset.link) if u]
        if not links:
            yield finding(
                "integration.offline_untracked",
                POINT,
                Severity.PROBLEM,
                Msg("Offline asset {asset} has no QR code or link, so its effect cannot be measured", asset=asset.id),
                Msg("Print a QR code (qr_target) with a UTM-tagged link that is unique to this asset."),
                asset=asset.id,
                field=f"{_asset_path(ctx, asset)}.qr_target",
            )
        elif not any(is_tagged(u) for u in links):
            yield finding(
                "integration.offline_untracked",
                POINT,
                Severity.WARNING,
                Msg("The QR code or link of offline asset {asset} has no campaign tagging (UTM)", asset=asset.id),
                Msg("Add utm_source, utm_medium and utm_campaign to the QR target, unique to this asset."),
                asset=asset.id,
                url=links[0],
                field=f"{_asset_path(ctx, asset)}.qr_target",
            )


def _video_vocabulary(ctx: AuditContext) -> set[str]:
    vocab: set[str] = set()
    for video in ctx.plan.videos:
        vocab |= {k.strip().lower() for k in video.concept.keywords}
    return vocab


@rule(
    id="integration.no_shared_message",
    point=POINT,
    title=Msg("Assets and videos share the campaign's keywords"),
    why=Msg(
        "People meet the campaign in several places; only a message and keywords that recur make them "
        "recognise it as one story."
    ),
    fix=Msg("Use the concept keywords of the videos in the asset's keywords and message."),
)
def no_shared_message(ctx: AuditContext) -> Iterator[Finding]:
    vocab = _video_vocabulary(ctx)
    for asset in ctx.plan.assets:
        own = {k.strip().lower() for k in asset.keywords}
        if not own and not asset.message:
            yield finding(
                "integration.no_shared_message",
                POINT,
                Severity.WARNING,
                Msg("Asset {asset} has no message and no keywords", asset=asset.id),
                Msg("Write the asset's message and keywords, reusing the video concept keywords."),
                asset=asset.id,
                field=_asset_path(ctx, asset),
            )
            continue
        if not vocab:
            continue  # nothing to compare with; point 4 reports missing concept keywords
        text = " ".join([asset.title, asset.message or "", *asset.keywords])
        shared = sorted(k for k in vocab if k in own or mentions(text, k))
        if not shared:
            yield finding(
                "integration.no_shared_message",
                POINT,
                Severity.WARNING,
                Msg(
                    "Asset {asset} shares no keyword with the videos ({keywords})",
                    asset=asset.id,
                    keywords=", ".join(sorted(vocab)[:6]),
                ),
                Msg("Use the concept keywords of the videos in the asset's keywords and message."),
                asset=asset.id,
                video_keywords=sorted(vocab),
                field=f"{_asset_path(ctx, asset)}.keywords",
            )


@rule(
    id="integration.no_landing_page",
    point=POINT,
    title=Msg("Click CTAs land on a planned page"),
    why=Msg(
        "Videos that ask for a click need a landing page that continues their story; the home page loses "
        "most of the people the video sent."
    ),
    fix=Msg("Add a landing_page asset for the campaign and point the click CTAs at it."),
)
def no_landing_page(ctx: AuditContext) -> Iterator[Finding]:
    clicks = [v.id for v in ctx.plan.videos if v.cta is not None and v.cta.type.needs_url]
    if clicks and not any(a.kind is AssetKind.LANDING_PAGE for a in ctx.plan.assets):
        yield finding(
            "integration.no_landing_page",
            POINT,
            Severity.WARNING,
            Msg("The plan has no landing page for the click CTAs of: {videos}", videos=", ".join(clicks)),
            Msg("Add a landing_page asset for the campaign and point the click CTAs at it."),
            videos=clicks,
            field="assets",
        )


@rule(
    id="integration.off_brand_colours",
    point=POINT,
    title=Msg("Asset images carry the house colours"),
    why=Msg(
        "A poster in colours far from the brand's is not recognised as part of the campaign, and the "
        "recognition the videos built is lost."
    ),
    fix=Msg("Redesign the image around the brand colours (logo, background or accents)."),
)
def off_brand_colours(ctx: AuditContext) -> Iterator[Finding]:
    """Compares ``ctx.image_colours[asset_id]`` (dominant colours, most dominant first) with the brand colours.

    An image passes when one of its most dominant *chromatic* colours lies within ΔE00 20 of a
    brand colour. Neutral colours (white, grey, black) are left out: every design uses them.
    """
    brand = ctx.plan.brand.colours
    for asset in ctx.plan.assets:
        if not asset.image:
            continue
        colours = ctx.image_colours.get(asset.id)
        if not brand:
            continue  # point 9 reports a brand kit without colours
        if not colours:
            yield finding(
                "integration.off_brand_colours",
                POINT,
                Severity.INFO,
                Msg("The colours of the image of asset {asset} are not measured yet", asset=asset.id),
                Msg("Audit the plan file from its folder so the image can be read."),
                asset=asset.id,
                image=asset.image,
                measured=False,
            )
            continue
        chromatic = [c for c in colours if chroma(hex_to_lab(c)) >= NEUTRAL_CHROMA][:DOMINANT_COMPARED]
        if not chromatic:
            continue  # a black-and-white design: nothing to clash
        distances = {c: nearest(c, brand) for c in chromatic}
        best = min(distances.values(), key=lambda d: d[1])
        if best[1] > FAR_FROM_BRAND:
            yield finding(
                "integration.off_brand_colours",
                POINT,
                Severity.WARNING,
                Msg(
                    "The image of asset {asset} is dominated by colours far from the brand colours "
                    "(closest ΔE00 {distance})",
                    asset=asset.id,
                    distance=Num(best[1]),
                ),
                Msg("Redesign the image around the brand colours (logo, background or accents)."),
                asset=asset.id,
                image=asset.image,
                dominant=list(colours),
                brand=list(brand),
                delta_e00={c: round(d[1], 1) for c, d in distances.items()},
                threshold=FAR_FROM_BRAND,
                measured=True,
            )


@rule(
    id="integration.asset_outside_campaign",
    point=POINT,
    title=Msg("Assets are dated inside the campaign"),
    why=Msg("A poster or mailing that goes out before or after the campaign cannot carry people to its videos."),
    fix=Msg("Move the asset's date inside the campaign, or extend the campaign."),
)
def asset_outside_campaign(ctx: AuditContext) -> Iterator[Finding]:
    c = ctx.plan.campaign
    for asset in ctx.plan.assets:
        if asset.date is not None and not (c.start <= asset.date <= c.end):
            yield finding(
                "integration.asset_outside_campaign",
                POINT,
                Severity.WARNING,
                Msg(
                    "Asset {asset} is dated {date}, outside the campaign ({start} to {end})",
                    asset=asset.id,
                    date=asset.date.isoformat(),
                    start=c.start.isoformat(),
                    end=c.end.isoformat(),
                ),
                Msg("Move the asset's date inside the campaign, or extend the campaign."),
                asset=asset.id,
                field=f"{_asset_path(ctx, asset)}.date",
            )
