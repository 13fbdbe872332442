"""Point 6, distribution: does the file fit the platforms it is meant for?"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reelwise.domain.findings import Finding, Severity
from reelwise.domain.registry import CheckKind, check
from reelwise.i18n import Msg

if TYPE_CHECKING:
    from reelwise.media.pipeline import VideoAnalysis

POINT = 6


def _label(name: str) -> str:
    """The platform's name as people know it ("Instagram Reels" for ``instagram_reels``)."""
    from reelwise.domain.catalogues import Platform

    try:
        return Platform(name).label
    except ValueError:
        return name


def _problem_message(name: str, p: dict[str, Any]) -> Msg:
    platform = _label(name)
    code = p.get("code")
    if code == "aspect_ratio":
        return Msg(
            "{platform}: the picture is {actual}; accepted shapes are {accepted}",
            platform=platform,
            actual=p["actual"],
            accepted=p["accepted"],
        )
    if code == "duration":
        if p.get("max_s") is not None and p["actual_s"] > p["max_s"]:
            return Msg(
                "{platform}: the video lasts {actual} s; the maximum is {limit} s",
                platform=platform,
                actual=p["actual_s"],
                limit=p["max_s"],
            )
        return Msg(
            "{platform}: the video lasts {actual} s; the minimum is {limit} s",
            platform=platform,
            actual=p["actual_s"],
            limit=p.get("min_s"),
        )
    if code == "resolution":
        return Msg(
            "{platform}: the picture is {actual}; the minimum is {minimum}",
            platform=platform,
            actual=p["actual"],
            minimum=p["minimum"],
        )
    if code == "file_size":
        return Msg(
            "{platform}: the file is {actual} MB; the maximum is {limit} MB",
            platform=platform,
            actual=p["actual_mb"],
            limit=p["max_mb"],
        )
    if code == "below_recommended_resolution":
        return Msg(
            "{platform}: {actual} is below the recommended {recommended}",
            platform=platform,
            actual=p["actual"],
            recommended=p["recommended"],
        )
    if code == "too_loud":
        return Msg(
            "{platform}: the mix ({lufs} LUFS) is louder than the player's {target} LUFS and will be turned down",
            platform=platform,
            lufs=p["integrated_lufs"],
            target=p["target_lufs"],
        )
    if code == "too_quiet":
        return Msg(
            "{platform}: the mix ({lufs} LUFS) is quieter than the player's {target} LUFS and will sound weak",
            platform=platform,
            lufs=p["integrated_lufs"],
            target=p["target_lufs"],
        )
    if code == "true_peak":
        return Msg(
            "{platform}: the true peak ({dbtp} dBTP) is above {limit} dBTP",
            platform=platform,
            dbtp=p["true_peak_dbtp"],
            limit=p["max_dbtp"],
        )
    if code == "text_in_unsafe_zone":
        return Msg(
            '{platform}: on-screen text "{text}" at {time} s sits where the app\'s buttons and captions cover it',
            platform=platform,
            text=p["text"],
            time=p["first_s"],
        )
    return Msg("{platform}: {problem}", platform=platform, problem=str(code))


FIX = Msg("Render a variant for this platform (aspect ratio, length, loudness) and keep text inside the safe zone.")


@check(
    id="video.platform.fit",
    point=POINT,
    kind=CheckKind.VIDEO,
    title=Msg("The file meets each planned platform's specification"),
    why=Msg("A file outside the platform's shape, length or size limits is cropped, cut or refused."),
    fix=FIX,
)
def platform_fit(a: VideoAnalysis) -> list[Finding]:
    chosen = [p.value for p in a.context.platforms]
    out: list[Finding] = []
    if not chosen:
        fitting = sorted(name for name, f in a.platforms.items() if f.fits)
        if a.platforms:
            out.append(
                Finding(
                    id="video.platform.fit",
                    point=POINT,
                    severity=Severity.INFO,
                    message=Msg(
                        "No platform chosen; the file fits: {platforms}",
                        platforms=", ".join(_label(n) for n in fitting) if fitting else "-",
                    ),
                    evidence={"fits": fitting},
                    fix=None,
                )
            )
        return out
    for name in chosen:
        fit = a.platforms.get(name)
        if fit is None:
            continue
        for problem in fit.problems:
            out.append(
                Finding(
                    id="video.platform.fit",
                    point=POINT,
                    severity=Severity.PROBLEM,
                    message=_problem_message(name, problem),
                    evidence={"platform": name, **problem},
                    fix=FIX,
                )
            )
        for warning in fit.warnings:
            out.append(
                Finding(
                    id="video.platform.fit",
                    point=POINT,
                    severity=Severity.WARNING,
                    message=_problem_message(name, warning),
                    evidence={"platform": name, **warning},
                    fix=FIX,
                )
            )
    return out
