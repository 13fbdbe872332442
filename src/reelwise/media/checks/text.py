"""On-screen text: supers in the first seconds (point 4) and readiness for sound-off viewing
through captions (point 6). Reads ``analysis.results["text"]``
(:class:`reelwise.media.ocr.TextTrack`) and ``analysis.results["speech"]``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reelwise.domain.findings import Finding, Severity
from reelwise.domain.registry import CheckKind, check
from reelwise.i18n import Msg

if TYPE_CHECKING:
    from reelwise.media.ocr import TextTrack
    from reelwise.media.pipeline import VideoAnalysis

EARLY_S = 5.0


def _track(a: VideoAnalysis) -> TextTrack | None:
    from reelwise.media.ocr import TextTrack

    value = a.results.get("text")
    return value if isinstance(value, TextTrack) else None


@check(
    id="video.text.early",
    point=4,
    kind=CheckKind.VIDEO,
    title=Msg("A super (on-screen text) in the first 5 seconds"),
    why=Msg("Most people scroll past with the sound off; text in the first seconds tells them what this is."),
    fix=Msg("Put a short super with the message in the first 5 seconds."),
)
def text_early(a: VideoAnalysis) -> list[Finding]:
    track = _track(a)
    if track is None:
        return []
    first = track.first_s()
    if first is not None and first < EARLY_S:
        return []
    return [
        Finding(
            "video.text.early",
            4,
            Severity.INFO,
            Msg("No on-screen text in the first 5 seconds")
            if first is None
            else Msg("The first on-screen text comes at {time} s", time=round(first, 1)),
            {"first_text_s": first},
            Msg("Put a short super with the message in the first 5 seconds."),
        )
    ]


@check(
    id="video.captions.sound_off",
    point=6,
    kind=CheckKind.VIDEO,
    title=Msg("Speech is captioned for sound-off viewing"),
    why=Msg("Feeds autoplay without sound; what is said without captions is lost to most viewers."),
    fix=Msg("Add captions: a .srt file next to the video (uploaded with it) or burned-in subtitles."),
)
def captions_sound_off(a: VideoAnalysis) -> list[Finding]:
    track = _track(a)
    speech = a.results.get("speech")
    if speech is None:
        return []
    voice = getattr(speech, "voice", None)
    has_speech = bool(getattr(voice, "segments", None)) or bool(getattr(speech, "segments", None))
    if not has_speech or getattr(speech, "source", None) == "sidecar":
        return []
    if track is not None and track.captions_burned_in:
        return []
    return [
        Finding(
            "video.captions.sound_off",
            6,
            Severity.WARNING,
            Msg("People speak in this video, but there are no captions (no .srt/.vtt file, no burned-in subtitles)"),
            {
                "speech_s": getattr(voice, "speech_s", None),
                "burned_in": track.captions_burned_in if track else None,
                "sidecar": False,
            },
            Msg("Add captions: a .srt file next to the video (uploaded with it) or burned-in subtitles."),
        )
    ]
