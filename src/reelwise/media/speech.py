"""What is said in a video: a transcript with word times, and whether speech starts early.

Entry point: :class:`SpeechAnalyser` (an :class:`~reelwise.media.base.AudioAnalyser`)::

    analyser = SpeechAnalyser(engine=engine_or_None, sidecar=cues_or_None, language="nl",
                              not_measured_reason=msg_or_None)
    track = analyser.analyse(mono, sample_rate)       # -> SpeechTrack
    track.to_dict()  # {"measured", "segments": [{"start_s","end_s","text"}], "in_first_5s", ...}

Order of sources: sidecar captions (``.srt``/``.vtt`` beside the video, parsed by the
caller with ``reelwise.adapters.speech.read_sidecar``) are used first when present; else the
speech engine (faster-whisper, ``reelwise.adapters.speech.load_speech_engine``); else the
transcript is "not measured" with the reason (how to set ``REELWISE_WHISPER_MODEL``).
Voice activity detection (:mod:`reelwise.media.vad`) always runs, so ``in_first_5s`` and
``first_speech_s`` are known even without a model (``--no-speech``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from reelwise.i18n import Msg
from reelwise.media.base import AudioF32, TimedText
from reelwise.media.vad import EARLY_S, VoiceActivity, VoiceActivityAnalyser, to_16k


@dataclass
class SpeechTrack:
    measured: bool  # True when a transcript exists (sidecar or recognised)
    segments: list[TimedText] = field(default_factory=list)
    source: str | None = None  # "sidecar" | "whisper" | None
    voice: VoiceActivity | None = None
    language: str | None = None
    reason: Msg | None = None  # why the transcript is not measured

    @property
    def in_first_5s(self) -> bool:
        if self.voice is not None and self.voice.in_first_5s:
            return True
        return any(s.start_s < EARLY_S for s in self.segments if self.source == "whisper")

    @property
    def first_speech_s(self) -> float | None:
        """When the first words come: from voice activity (the more precise onset) when it
        heard speech, else from the recogniser's first word."""
        if self.voice is not None and self.voice.first_s is not None:
            return self.voice.first_s
        times = [s.start_s for s in self.segments if self.source == "whisper"]
        return round(min(times), 3) if times else None

    @property
    def text(self) -> str:
        return " ".join(s.text for s in self.segments)

    def to_dict(self, lang: str | None = None) -> dict[str, Any]:
        return {
            "measured": self.measured,
            "segments": [
                {
                    "start_s": round(s.start_s, 3),
                    "end_s": round(s.end_s, 3),
                    "text": s.text,
                    "words": [{"start_s": round(a, 3), "end_s": round(b, 3), "word": w} for a, b, w in s.words],
                }
                for s in self.segments
            ],
            "in_first_5s": self.in_first_5s,
            "first_speech_s": self.first_speech_s,
            "source": self.source,
            "language": self.language,
            "voice_activity": self.voice.to_dict() if self.voice else None,
            "not_measured_reason": self.reason.render(lang) if self.reason else None,
        }


class SpeechAnalyser:
    """Audio analyser combining sidecar captions, a speech engine and voice activity."""

    id = "speech"

    def __init__(
        self,
        engine: Any | None = None,
        *,
        sidecar: Sequence[TimedText] | None = None,
        language: str | None = None,
        not_measured_reason: Msg | None = None,
        vad: VoiceActivityAnalyser | None = None,
    ) -> None:
        self.engine = engine
        self.sidecar = list(sidecar) if sidecar is not None else None
        self.language = language
        self.reason = not_measured_reason
        self.vad = vad or VoiceActivityAnalyser()
        # told the share of the sound transcribed so far (set by the check that runs this)
        self.progress: Callable[[float], None] | None = None

    @property
    def transcribes(self) -> bool:
        """Whether ``analyse`` will run speech recognition (no sidecar captions, an engine)."""
        return self.sidecar is None and self.engine is not None

    def feed(self, mono: AudioF32, sample_rate: int, channels: AudioF32 | None = None) -> None:
        """A piece of the sound as it is decoded: voice activity is found as it comes."""
        self.vad.feed(mono, sample_rate)

    def analyse(self, mono: AudioF32, sample_rate: int, channels: AudioF32 | None = None) -> SpeechTrack:
        streamed = self.vad.streamed(mono, sample_rate)
        if streamed is not None:
            audio16, voice = streamed
        else:
            audio16 = to_16k(mono, sample_rate)
            voice = self.vad.analyse(audio16, 16000)
        if self.sidecar is not None:
            return SpeechTrack(True, list(self.sidecar), "sidecar", voice, self.language)
        if self.engine is None:
            reason = self.reason or Msg("speech recognition was switched off")
            return SpeechTrack(False, [], None, voice, self.language, reason)
        if not voice.segments:  # nothing to recognise: a measured, empty transcript
            return SpeechTrack(True, [], "whisper", voice, self.language)
        if self.progress is not None:
            segments = self.engine.transcribe(audio16, self.language, progress=self.progress)
        else:
            segments = self.engine.transcribe(audio16, self.language)
        language = self.language or getattr(self.engine, "detected_language", None)
        return SpeechTrack(True, segments, "whisper", voice, language)
