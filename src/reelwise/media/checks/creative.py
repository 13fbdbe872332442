"""Point 4, creative: the hook, the pacing and people on screen (ABCD-style checks)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reelwise.domain.findings import Finding, Severity
from reelwise.domain.registry import CheckKind, check
from reelwise.i18n import Msg

if TYPE_CHECKING:
    from reelwise.media.pipeline import VideoAnalysis

POINT = 4


@check(
    id="video.hook.dynamic_start",
    point=POINT,
    kind=CheckKind.VIDEO,
    title=Msg("Dynamic start: the first cut comes within 3 seconds"),
    why=Msg("Viewers decide in the first seconds; a change of shot early holds attention."),
    fix=Msg("Open on movement and cut to a new shot within the first 3 seconds."),
)
def dynamic_start(a: VideoAnalysis) -> list[Finding]:
    scenes = a.scenes
    if scenes is None or scenes.pacing.dynamic_start or a.duration_s <= 3.0:
        return []
    first = scenes.pacing.first_cut_s
    message = (
        Msg("The first cut comes at {time} s (after the first 3 s)", time=round(first, 2))
        if first is not None
        else Msg("The video has no cuts: one shot of {duration} s", duration=round(a.duration_s, 1))
    )
    return [
        Finding(
            id="video.hook.dynamic_start",
            point=POINT,
            severity=Severity.WARNING,
            message=message,
            evidence={"first_cut_s": first},
            fix=Msg("Open on movement and cut to a new shot within the first 3 seconds."),
        )
    ]


@check(
    id="video.pacing",
    point=POINT,
    kind=CheckKind.VIDEO,
    title=Msg("Pacing: quick cuts early and shots of about 2 seconds on average"),
    why=Msg("Quick pacing (5 or more shots within 5 seconds) and short shots keep attention in feeds."),
    fix=Msg("Tighten the edit: shorter shots, especially in the first 5 seconds."),
)
def pacing(a: VideoAnalysis) -> list[Finding]:
    scenes = a.scenes
    if scenes is None or a.duration_s < 5.0:
        return []
    p = scenes.pacing
    out: list[Finding] = []
    fix = Msg("Tighten the edit: shorter shots, especially in the first 5 seconds.")
    if not p.quick_pacing:
        out.append(
            Finding(
                id="video.pacing",
                point=POINT,
                severity=Severity.INFO,
                message=Msg(
                    "At most {count} shots within any 5 seconds (quick pacing is 5 or more)", count=p.max_shots_in_5s
                ),
                evidence={"max_shots_in_5s": p.max_shots_in_5s, "shots_in_first_5s": p.shots_in_first_5s},
                fix=fix,
            )
        )
    if p.average_shot_s is not None and not p.fast_overall:
        out.append(
            Finding(
                id="video.pacing",
                point=POINT,
                severity=Severity.INFO,
                message=Msg(
                    "Shots last {average} s on average ({count} shots)",
                    average=round(p.average_shot_s, 1),
                    count=p.shots,
                ),
                evidence={"average_shot_s": round(p.average_shot_s, 3), "shots": p.shots},
                fix=fix,
            )
        )
    return out


@check(
    id="video.faces",
    point=POINT,
    kind=CheckKind.VIDEO,
    title=Msg("People: a face early, and a close-up"),
    why=Msg("Faces, and close-ups in particular, draw attention and build trust; early is best."),
    fix=Msg("Show a person's face in the first 5 seconds, with at least one close-up."),
)
def faces(a: VideoAnalysis) -> list[Finding]:
    result = a.faces
    fix = Msg("Show a person's face in the first 5 seconds, with at least one close-up.")
    if result is None:
        return []
    if not result.measured:
        return [
            Finding(
                id="video.faces",
                point=POINT,
                severity=Severity.INFO,
                message=Msg("Faces were not measured: no face detector is available in this installation"),
                evidence={"measured": False},
                fix=None,
            )
        ]
    if result.first_face_s is None:
        return [
            Finding(
                id="video.faces",
                point=POINT,
                severity=Severity.WARNING,
                message=Msg("No face was seen in the video"),
                evidence={"measured": True, "present": False},
                fix=fix,
            )
        ]
    out: list[Finding] = []
    if not result.in_first_5s:
        out.append(
            Finding(
                id="video.faces",
                point=POINT,
                severity=Severity.INFO,
                message=Msg("The first face appears at {time} s (after the first 5 s)", time=result.first_face_s),
                evidence={"first_s": result.first_face_s},
                fix=fix,
            )
        )
    if result.first_close_up_s is None:
        out.append(
            Finding(
                id="video.faces",
                point=POINT,
                severity=Severity.INFO,
                message=Msg(
                    "There is no close-up: the largest face covers {share} % of the picture",
                    share=round(result.largest_share * 100, 1),
                ),
                evidence={"largest_share": round(result.largest_share, 3)},
                fix=fix,
            )
        )
    return out
