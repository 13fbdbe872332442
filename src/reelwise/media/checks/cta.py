"""Point 2, call to action: is there a CTA in the cut, can a viewer act on it, is it the
planned one? Reads ``analysis.results["cta"]`` (:class:`reelwise.media.cta.CtaResult`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reelwise.domain.findings import Finding, Severity
from reelwise.domain.registry import CheckKind, check
from reelwise.i18n import Msg

if TYPE_CHECKING:
    from reelwise.media.cta import CtaResult
    from reelwise.media.pipeline import VideoAnalysis

POINT = 2


def _cta(a: VideoAnalysis) -> CtaResult | None:
    from reelwise.media.cta import CtaResult

    value = a.results.get("cta")
    return value if isinstance(value, CtaResult) else None


@check(
    id="video.cta.present",
    point=POINT,
    kind=CheckKind.VIDEO,
    title=Msg("The video asks the viewer to do something"),
    why=Msg("A video without a call to action leaves interested viewers without a next step."),
    fix=Msg('Add a clear call to action on screen and in the voice-over, e.g. "Order now at example.nl".'),
)
def cta_present(a: VideoAnalysis) -> list[Finding]:
    cta = _cta(a)
    if cta is None or cta.found or a.context.branded_content:
        return []
    fix = Msg('Add a clear call to action on screen and in the voice-over, e.g. "Order now at example.nl".')
    if not cta.speech_measured:
        return [
            Finding(
                "video.cta.present",
                POINT,
                Severity.WARNING,
                Msg("No call to action on screen; what is said was not checked (no speech model)"),
                {"found": False, "speech_measured": False},
                fix,
            )
        ]
    return [
        Finding(
            "video.cta.present",
            POINT,
            Severity.PROBLEM,
            Msg("No call to action found, on screen or in speech"),
            {"found": False},
            fix,
        )
    ]


@check(
    id="video.cta.sound_off",
    point=POINT,
    kind=CheckKind.VIDEO,
    title=Msg("The call to action is on screen, not only spoken"),
    why=Msg("Most feed video plays without sound: a spoken-only CTA is missed by most viewers."),
    fix=Msg("Show the call to action as text (with the web address) while it is spoken."),
)
def cta_sound_off(a: VideoAnalysis) -> list[Finding]:
    cta = _cta(a)
    if cta is None or not cta.found:
        return []
    out: list[Finding] = []
    if cta.sources == ["speech"]:
        out.append(
            Finding(
                "video.cta.sound_off",
                POINT,
                Severity.WARNING,
                Msg("The call to action is only spoken (first at {time} s), never shown on screen", time=cta.first_s),
                {"first_s": cta.first_s, "sources": cta.sources},
                Msg("Show the call to action as text (with the web address) while it is spoken."),
            )
        )
    elif (
        cta.sources == ["text"]
        and cta.speech_measured
        and any(s.text for s in getattr(a.results.get("speech"), "segments", []) or [])
    ):
        out.append(
            Finding(
                "video.cta.sound_off",
                POINT,
                Severity.INFO,
                Msg("The call to action is only on screen; saying it as well helps viewers with sound on"),
                {"first_s": cta.first_s, "sources": cta.sources},
                Msg("Let the voice-over say the call to action too."),
            )
        )
    return out


@check(
    id="video.cta.url_legible",
    point=POINT,
    kind=CheckKind.VIDEO,
    title=Msg("The web address stays on screen long enough to read"),
    why=Msg("A viewer needs about two seconds to read and remember a web address."),
    fix=Msg("Keep the web address on screen for at least 2 seconds, in large type."),
)
def cta_url_legible(a: VideoAnalysis) -> list[Finding]:
    cta = _cta(a)
    if cta is None or cta.url_legible_2s is not False:
        return []
    return [
        Finding(
            "video.cta.url_legible",
            POINT,
            Severity.WARNING,
            Msg(
                "The web address is on screen for only {seconds} s (or too small to read)", seconds=cta.url_on_screen_s
            ),
            {"url_on_screen_s": cta.url_on_screen_s, "urls": cta.values("url")},
            Msg("Keep the web address on screen for at least 2 seconds, in large type."),
        )
    ]


@check(
    id="video.cta.matches_plan",
    point=POINT,
    kind=CheckKind.VIDEO,
    title=Msg("The call to action in the cut is the planned one"),
    why=Msg("The planned CTA and address are what the campaign measures; a different one breaks the funnel."),
    fix=Msg("Use the planned call to action text and web address in the video."),
)
def cta_matches_plan(a: VideoAnalysis) -> list[Finding]:
    cta = _cta(a)
    if cta is None or cta.matches_plan is not False:
        return []
    evidence = {
        "planned_text": a.context.cta_text,
        "planned_url": a.context.cta_url,
        "plan_text_found": cta.plan_text_found,
        "plan_url_found": cta.plan_url_found,
        "found": cta.values("phrase") + cta.values("url"),
    }
    fix = Msg("Use the planned call to action text and web address in the video.")
    if cta.plan_url_found is False:
        return [
            Finding(
                "video.cta.matches_plan",
                POINT,
                Severity.WARNING,
                Msg("The planned web address {url} does not appear in the video", url=a.context.cta_url or ""),
                evidence,
                fix,
            )
        ]
    return [
        Finding(
            "video.cta.matches_plan",
            POINT,
            Severity.WARNING,
            Msg('The planned call to action "{text}" is not in the video', text=a.context.cta_text or ""),
            evidence,
            fix,
        )
    ]
