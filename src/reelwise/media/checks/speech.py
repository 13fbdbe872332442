"""Speech: a voice in the first seconds (point 4), and a clear note when the transcript could
not be made. Reads ``analysis.results["speech"]`` (:class:`reelwise.media.speech.SpeechTrack`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reelwise.domain.findings import Finding, Severity
from reelwise.domain.registry import CheckKind, check
from reelwise.i18n import Msg

if TYPE_CHECKING:
    from reelwise.media.pipeline import VideoAnalysis
    from reelwise.media.speech import SpeechTrack


def _speech(a: VideoAnalysis) -> SpeechTrack | None:
    from reelwise.media.speech import SpeechTrack

    value = a.results.get("speech")
    return value if isinstance(value, SpeechTrack) else None


@check(
    id="video.speech.early",
    point=4,
    kind=CheckKind.VIDEO,
    title=Msg("Voice or dialogue in the first 5 seconds"),
    why=Msg("A voice early on draws in the viewers who have the sound on and sets up the message."),
    fix=Msg("Start the voice-over or dialogue within the first 5 seconds."),
)
def speech_early(a: VideoAnalysis) -> list[Finding]:
    s = _speech(a)
    if s is None or not a.probe.has_audio or s.in_first_5s:
        return []
    first = s.first_speech_s
    return [
        Finding(
            "video.speech.early",
            4,
            Severity.INFO,
            Msg("Nobody speaks in the first 5 seconds")
            if first is None
            else Msg("The first words come at {time} s", time=round(first, 1)),
            {"first_speech_s": first},
            Msg("Start the voice-over or dialogue within the first 5 seconds."),
        )
    ]


@check(
    id="video.speech.not_measured",
    point=2,
    kind=CheckKind.VIDEO,
    title=Msg("What is said could be checked"),
    why=Msg("Without a transcript, spoken CTAs and brand mentions cannot be found."),
    fix=Msg(
        "Set REELWISE_WHISPER_MODEL to a folder with a faster-whisper (CTranslate2) model, or to a model "
        "name already in your cache (use small or larger for Dutch)."
    ),
)
def speech_not_measured(a: VideoAnalysis) -> list[Finding]:
    s = _speech(a)
    if s is None or s.measured or not a.context.speech_requested:
        return []
    voice = s.voice
    if voice is not None and not voice.segments:
        return []  # nobody speaks: nothing was missed
    return [
        Finding(
            "video.speech.not_measured",
            2,
            Severity.INFO,
            Msg("Speech was not transcribed: {reason}", reason=s.reason or Msg("no speech model")),
            {"speech_s": voice.speech_s if voice else None},
            Msg(
                "Set REELWISE_WHISPER_MODEL to a folder with a faster-whisper (CTranslate2) model, or to a "
                "model name already in your cache (use small or larger for Dutch)."
            ),
        )
    ]
