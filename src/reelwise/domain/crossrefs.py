"""Links between the parts of a plan: every reference must name something that exists."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from reelwise.domain.catalogues import MetricKind
from reelwise.domain.plan import Plan
from reelwise.i18n import Msg

PathT = tuple[str | int, ...]
Problem = tuple[PathT, Msg]


def _duplicates(items: list[Any], attr: str, base: PathT) -> Iterator[Problem]:
    seen: set[str] = set()
    for i, item in enumerate(items):
        value = getattr(item, attr)
        if value is None:
            continue
        if value in seen:
            yield (*base, i, attr), Msg("id {id} is used twice", id=value)
        seen.add(value)


def check_references(plan: Plan, file_exists: Callable[[str], bool] | None = None) -> list[Problem]:
    """Every broken link in the plan, located by its path in the document."""
    problems: list[Problem] = []
    add = problems.extend

    add(_duplicates(plan.personas, "id", ("personas",)))
    add(_duplicates(plan.goals, "id", ("goals",)))
    add(_duplicates(plan.videos, "id", ("videos",)))
    add(_duplicates(plan.assets, "id", ("assets",)))
    add(_duplicates(plan.pr.outlets, "id", ("pr", "outlets")))
    add(_duplicates(plan.distribution.posts, "id", ("distribution", "posts")))
    for vi, video in enumerate(plan.videos):
        add(_duplicates(video.variants, "id", ("videos", vi, "variants")))

    stages = {s.lower() for s in plan.campaign.stages}
    stage_list = ", ".join(plan.campaign.stages)
    video_ids = {v.id for v in plan.videos}
    step_ids = video_ids | {a.id for a in plan.assets}
    goal_ids = {g.id for g in plan.goals}
    persona_ids = {p.id for p in plan.personas}
    outlet_ids = {o.id for o in plan.pr.outlets}

    def stage(path: PathT, value: str | None) -> None:
        if value is not None and value.lower() not in stages:
            problems.append(
                (
                    path,
                    Msg("stage {stage} is not one of the campaign's stages ({stages})", stage=value, stages=stage_list),
                )
            )

    def ref(path: PathT, value: str | None, known: set[str], what: Msg) -> None:
        if value is not None and value not in known:
            problems.append((path, Msg("{what} {id} does not exist in this plan", what=what, id=value)))

    c = plan.campaign
    if c.launch is not None and not (c.start <= c.launch <= c.end):
        problems.append((("campaign", "launch"), Msg("the launch date lies outside the campaign")))

    for gi, goal in enumerate(plan.goals):
        stage(("goals", gi, "stage"), goal.stage)
        ref(("goals", gi, "serves"), goal.serves, goal_ids, Msg("goal"))
        if goal.serves is not None:
            if goal.serves == goal.id:
                problems.append((("goals", gi, "serves"), Msg("a goal cannot serve itself")))
            else:
                target = plan.goal(goal.serves)
                if target is not None and target.metric.kind is not MetricKind.OUTCOME:
                    problems.append(
                        (
                            ("goals", gi, "serves"),
                            Msg("goal {id} is not an outcome goal (leads, sales, revenue …)", id=target.id),
                        )
                    )
            if goal.awareness_only:
                problems.append(
                    (
                        ("goals", gi, "awareness_only"),
                        Msg("a goal cannot both serve an outcome goal and be awareness-only"),
                    )
                )

    for vi, video in enumerate(plan.videos):
        stage(("videos", vi, "stage"), video.stage)
        for si, step in enumerate(video.next_step):
            ref(("videos", vi, "next_step", si), step, step_ids, Msg("next step"))

    for ai, asset in enumerate(plan.assets):
        stage(("assets", ai, "stage"), asset.stage)

    for pi, post in enumerate(plan.distribution.posts):
        base: PathT = ("distribution", "posts", pi)
        ref((*base, "video"), post.video, video_ids, Msg("video"))
        ref((*base, "persona"), post.persona, persona_ids, Msg("persona"))
        posted = plan.video(post.video)
        if posted is not None and post.variant is not None and post.variant not in {v.id for v in posted.variants}:
            problems.append(
                (
                    (*base, "variant"),
                    Msg("video {video} has no variant {variant}", video=posted.id, variant=post.variant),
                )
            )

    for ci, channel in enumerate(plan.channels):
        ref(("channels", ci, "pinned_video"), channel.pinned_video, video_ids, Msg("video"))

    for pi, pitch in enumerate(plan.pr.pitches):
        ref(("pr", "pitches", pi, "outlet"), pitch.outlet, outlet_ids, Msg("outlet"))
        ref(("pr", "pitches", pi, "video"), pitch.video, video_ids, Msg("video"))
    for bi, blog in enumerate(plan.pr.blog_posts):
        ref(("pr", "blog_posts", bi, "outlet"), blog.outlet, outlet_ids, Msg("outlet"))

    for ki, kpi in enumerate(plan.measurement.kpis):
        ref(("measurement", "kpis", ki, "goal"), kpi.goal, goal_ids, Msg("goal"))
    for ai, alert in enumerate(plan.measurement.alerts):
        ref(("measurement", "alerts", ai, "goal"), alert.goal, goal_ids, Msg("goal"))

    if file_exists is not None:
        for path, value in _files(plan):
            if not file_exists(value):
                problems.append((path, Msg("file {file} not found (paths are relative to the plan)", file=value)))
    return problems


def _files(plan: Plan) -> Iterator[tuple[PathT, str]]:
    if plan.brand.logo:
        yield ("brand", "logo"), plan.brand.logo
    for vi, video in enumerate(plan.videos):
        if video.file:
            yield ("videos", vi, "file"), video.file
        for wi, variant in enumerate(video.variants):
            if variant.file:
                yield ("videos", vi, "variants", wi, "file"), variant.file
    for ai, asset in enumerate(plan.assets):
        if asset.image:
            yield ("assets", ai, "image"), asset.image
    for ci, channel in enumerate(plan.channels):
        for attr in ("profile_image", "cover_image"):
            value = getattr(channel, attr)
            if value:
                yield ("channels", ci, attr), value
