"""Point 9 — brand identification and recall.

Viewers remember who a video was from when the brand shows early (Google's ABCD rubric:
brand in the first 5 s), looks the same everywhere (a complete brand kit) and is
measured (a brand-lift survey that asks "what was it about" and "who was it from"
separately). The planned brand moment is judged from the plan; the real one from the
video check's report (``ctx.video_reports[video_id]["brand"]``: ``logo_first_s``,
``name_first_s``; a key present with ``None`` means the check did not find it).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Final

from reelwise.domain.catalogues import MetricKind, SurveyQuestion
from reelwise.domain.findings import Finding, Severity
from reelwise.domain.plan import Video
from reelwise.i18n import Msg
from reelwise.strategy.base import AuditContext, finding, rule
from reelwise.strategy.fieldpath import field_path
from reelwise.strategy.numbers import num

POINT: Final = 9
# ABCD rubric (Google): brand and product within the first 5 seconds.
BRAND_WITHIN_S: Final = 5.0
BRAND_KEYS: Final = ("logo_first_s", "name_first_s")


def brand_report(reports: Mapping[str, Mapping[str, Any]], video: Video) -> Mapping[str, Any] | None:
    """The brand timings of a video's check report, or None when it has none.

    Read from a ``brand`` section (``{"brand": {"logo_first_s": 1.2, ...}}``), flat
    ``brand.logo_first_s`` keys, or top-level ``logo_first_s``/``name_first_s`` keys.
    """
    report = reports.get(video.id)
    if not isinstance(report, Mapping):
        return None
    nested = report.get("brand")
    if isinstance(nested, Mapping):
        return nested
    found = {k.split(".", 1)[1]: v for k, v in report.items() if isinstance(k, str) and k.startswith("brand.")}
    found.update({k: report[k] for k in BRAND_KEYS if k in report})
    return found or None


@rule(
    id="brand.kit_incomplete",
    point=POINT,
    title=Msg("Brand kit incomplete"),
    why=Msg(
        "Colours, logo and fonts make every video, variant and end card recognisably yours, and let reelwise "
        "check the cut for them."
    ),
    fix=Msg("Add the house colours (hex), the logo file and the fonts to the brand kit."),
)
def kit_incomplete(ctx: AuditContext) -> Iterable[Finding]:
    kit = ctx.plan.brand
    missing = [name for name in ("colours", "logo", "fonts") if not getattr(kit, name)]
    if missing:
        yield finding(
            "brand.kit_incomplete",
            POINT,
            Severity.WARNING,
            Msg("The brand kit of {brand} lacks: {missing}.", brand=kit.name, missing=", ".join(missing)),
            Msg("Complete the brand kit: {missing}.", missing=", ".join(missing)),
            missing=missing,
            field="brand",
        )


@rule(
    id="brand.no_name_variants",
    point=POINT,
    title=Msg("No brand name variants"),
    why=Msg(
        "People write and say a brand in several ways; without the variants, mentions in speech, on screen and "
        "in survey answers are missed."
    ),
    fix=Msg("List the other spellings and short forms of the brand name."),
)
def no_name_variants(ctx: AuditContext) -> Iterable[Finding]:
    if not ctx.plan.brand.name_variants:
        yield finding(
            "brand.no_name_variants",
            POINT,
            Severity.INFO,
            Msg("The brand kit lists no name variants for {brand}.", brand=ctx.plan.brand.name),
            Msg("Add name_variants: short forms, other spellings, the name without the legal form."),
            field="brand.name_variants",
        )


@rule(
    id="brand.no_recall_measurement",
    point=POINT,
    title=Msg("No brand-recall measurement planned"),
    why=Msg(
        "Views say nothing about whether people remember who the video was from. Only a brand-lift survey "
        "(exposed vs control) measures recall."
    ),
    fix=Msg("Plan a brand-lift survey under measurement.brand_lift, or a brand-recall goal."),
)
def no_recall_measurement(ctx: AuditContext) -> Iterable[Finding]:
    plan = ctx.plan
    brand_goals = [g for g in plan.goals if g.metric.kind is MetricKind.BRAND]
    if plan.videos and plan.measurement.brand_lift is None and not brand_goals:
        yield finding(
            "brand.no_recall_measurement",
            POINT,
            Severity.WARNING,
            Msg("The plan does not measure brand recall: no brand-lift survey and no brand goal."),
            Msg("Add a brand-lift survey (ad recall and brand recall) under measurement.brand_lift."),
            field="measurement.brand_lift",
        )


@rule(
    id="brand.recall_questions",
    point=POINT,
    title=Msg("Survey does not ask ad recall and brand recall separately"),
    why=Msg(
        "Remembering the video and remembering who it was from are different results; a survey that asks only "
        "one cannot tell a memorable video with a forgettable brand."
    ),
    fix=Msg("Ask both questions: what was the video about (ad_recall) and who was it from (brand_recall)."),
)
def recall_questions(ctx: AuditContext) -> Iterable[Finding]:
    lift = ctx.plan.measurement.brand_lift
    if lift is None:
        return
    needed = [SurveyQuestion.AD_RECALL, SurveyQuestion.BRAND_RECALL]
    missing = [q.value for q in needed if q not in lift.questions]
    if missing:
        yield finding(
            "brand.recall_questions",
            POINT,
            Severity.WARNING,
            Msg("The brand-lift survey does not ask: {missing}.", missing=", ".join(missing)),
            Msg("Add {missing} to measurement.brand_lift.questions.", missing=", ".join(missing)),
            missing=missing,
            asked=[q.value for q in lift.questions],
            field="measurement.brand_lift.questions",
        )


@rule(
    id="brand.late_brand_moment",
    point=POINT,
    title=Msg("Brand planned after the first 5 seconds"),
    why=Msg(
        "Most viewers are gone within seconds; a brand that only shows after 5 s is missed by them "
        "(Google's ABCD: brand in the first 5 s)."
    ),
    fix=Msg("Show the logo or say the brand name within the first 5 seconds."),
)
def late_brand_moment(ctx: AuditContext) -> Iterable[Finding]:
    for index, video in enumerate(ctx.plan.videos):
        moment = video.brand_moment_s
        if moment is not None and moment > BRAND_WITHIN_S:
            yield finding(
                "brand.late_brand_moment",
                POINT,
                Severity.WARNING,
                Msg(
                    "Video {video} plans its first brand moment at {moment} s, after the first {limit} s.",
                    video=video.id,
                    moment=num(moment),
                    limit=num(BRAND_WITHIN_S),
                ),
                Msg(
                    "Bring the brand in video {video} forward to the first {limit} s.",
                    video=video.id,
                    limit=num(BRAND_WITHIN_S),
                ),
                video=video.id,
                brand_moment_s=moment,
                limit_s=BRAND_WITHIN_S,
                field=field_path("videos", index, "brand_moment_s"),
            )


@rule(
    id="brand.brand_moment_unplanned",
    point=POINT,
    title=Msg("Brand moment not planned"),
    why=Msg(
        "When the script does not say when the brand appears, it tends to end up in the end card, after most "
        "viewers have left."
    ),
    fix=Msg("Set brand_moment_s for each video: the second the logo or name first appears (5 or less)."),
)
def brand_moment_unplanned(ctx: AuditContext) -> Iterable[Finding]:
    videos = [v for v in ctx.plan.videos if v.brand_moment_s is None and brand_report(ctx.video_reports, v) is None]
    if videos:
        yield finding(
            "brand.brand_moment_unplanned",
            POINT,
            Severity.INFO,
            Msg("No brand moment is planned for: {videos}.", videos=", ".join(v.id for v in videos)),
            Msg("Set brand_moment_s (5 s or earlier) for these videos."),
            videos=[v.id for v in videos],
            field="videos",
        )


@rule(
    id="brand.presence_in_cut",
    point=POINT,
    title=Msg("Brand presence in the cut"),
    why=Msg("What counts is when the logo and name really appear in the finished video, not what the script says."),
    fix=Msg("Run the video check on the finished cuts; move the logo or name into the first 5 seconds."),
)
def presence_in_cut(ctx: AuditContext) -> Iterable[Finding]:
    unmeasured: list[str] = []
    for index, video in enumerate(ctx.plan.videos):
        report = brand_report(ctx.video_reports, video)
        if report is None or not (set(BRAND_KEYS) & set(report)):
            unmeasured.append(video.id)
            continue
        for key in BRAND_KEYS:
            if key not in report:
                continue
            first = report[key]
            limit = num(BRAND_WITHIN_S)
            where = field_path("videos", index)
            if first is None:
                if key == "logo_first_s":
                    message = Msg("The logo does not appear in video {video} (checked in the cut).", video=video.id)
                    fix = Msg("Show the logo in video {video} within the first {limit} s.", video=video.id, limit=limit)
                else:
                    message = Msg(
                        "The brand name is neither seen nor heard in video {video} (checked in the cut).",
                        video=video.id,
                    )
                    fix = Msg(
                        "Say or show the brand name in video {video} within the first {limit} s.",
                        video=video.id,
                        limit=limit,
                    )
                yield finding(
                    "brand.presence_in_cut",
                    POINT,
                    Severity.WARNING,
                    message,
                    fix,
                    video=video.id,
                    measure=key,
                    value=None,
                    measured=True,
                    field=where,
                )
            elif isinstance(first, int | float) and first > BRAND_WITHIN_S:
                shown = num(first)
                if key == "logo_first_s":
                    message = Msg(
                        "The logo first appears at {first} s in video {video}, after the first {limit} s.",
                        first=shown,
                        video=video.id,
                        limit=limit,
                    )
                    fix = Msg("Show the logo in video {video} within the first {limit} s.", video=video.id, limit=limit)
                else:
                    message = Msg(
                        "The brand name first appears at {first} s in video {video}, after the first {limit} s.",
                        first=shown,
                        video=video.id,
                        limit=limit,
                    )
                    fix = Msg(
                        "Say or show the brand name in video {video} within the first {limit} s.",
                        video=video.id,
                        limit=limit,
                    )
                yield finding(
                    "brand.presence_in_cut",
                    POINT,
                    Severity.WARNING,
                    message,
                    fix,
                    video=video.id,
                    measure=key,
                    value=float(first),
                    limit_s=BRAND_WITHIN_S,
                    measured=True,
                    field=where,
                )
    if unmeasured:
        yield finding(
            "brand.presence_in_cut",
            POINT,
            Severity.INFO,
            Msg("Brand presence in the cut: not measured yet for {videos}.", videos=", ".join(unmeasured)),
            Msg("Run the video check on these videos to see when logo and name first appear."),
            videos=unmeasured,
            measured=False,
        )
