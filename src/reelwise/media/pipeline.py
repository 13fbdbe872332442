"""The analysis pipeline: feeds every frame analyser from the one decode pass, then every
audio analyser from the one decoded sound track, and collects what they found into a
:class:`VideoAnalysis` that the video checks read.

The pipeline does no I/O: the service gives it to the decoder as two callbacks
(:meth:`Pipeline.start`, :meth:`Pipeline.feed`) and hands it the sound afterwards
(:meth:`Pipeline.finish`). It times every analyser, for the report and the benchmark.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from reelwise.domain.catalogues import Platform
from reelwise.media.base import AudioAnalyser, AudioF32, Frame, FrameAnalyser, StreamInfo, TimedText
from reelwise.media.faces import FaceResult
from reelwise.media.loudness import Loudness
from reelwise.media.platform_fit import Fit
from reelwise.media.probe import VideoProbe
from reelwise.media.quality import PictureQuality, SoundQuality
from reelwise.media.scenes import SceneResult


@dataclass(frozen=True)
class CheckContext:
    """What the video is supposed to carry (from the flags or the plan)."""

    brand_names: tuple[str, ...] = ()
    brand_colours: tuple[str, ...] = ()
    logo: str | None = None  # path of the logo image, as given
    cta_text: str | None = None
    cta_url: str | None = None
    language: str | None = None  # spoken language hint: nl or en
    platforms: tuple[Platform, ...] = ()
    video_id: str | None = None  # the plan's video id, when checked against a plan
    branded_content: bool = False  # the plan says this video needs no CTA
    speech_requested: bool = True


@dataclass
class VideoAnalysis:
    """Everything measured on one file. ``results`` holds each analyser's result by its id
    (``scenes``, ``picture_quality``, ``faces``, ``loudness``, ``sound_quality``, and the
    text/speech/brand/CTA analysers' ids); the typed properties read the pipeline's own."""

    file: str
    probe: VideoProbe
    context: CheckContext
    results: dict[str, Any] = field(default_factory=dict)
    platforms: dict[str, Fit] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # what could not be measured, and why

    @property
    def duration_s(self) -> float:
        return self.probe.decoded_duration_s or self.probe.duration_s

    @property
    def scenes(self) -> SceneResult | None:
        value = self.results.get("scenes")
        return value if isinstance(value, SceneResult) else None

    @property
    def picture(self) -> PictureQuality | None:
        value = self.results.get("picture_quality")
        return value if isinstance(value, PictureQuality) else None

    @property
    def sound(self) -> SoundQuality | None:
        value = self.results.get("sound_quality")
        return value if isinstance(value, SoundQuality) else None

    @property
    def loudness(self) -> Loudness | None:
        value = self.results.get("loudness")
        return value if isinstance(value, Loudness) else None

    @property
    def faces(self) -> FaceResult | None:
        value = self.results.get("faces")
        return value if isinstance(value, FaceResult) else None

    def texts(self) -> list[TimedText]:
        """On-screen text found by the text analyser (empty when none ran)."""
        value = self.results.get("ocr", self.results.get("text"))
        items = getattr(value, "items", value)
        return [t for t in items if isinstance(t, TimedText)] if isinstance(items, list) else []


PostStep = Callable[[VideoAnalysis], None]


class Pipeline:
    """Wires analysers to one decode pass. Frame analysers are called in order for each
    frame they want; audio analysers once; ``post`` steps (text → CTA, transcripts …) after."""

    def __init__(
        self,
        frame_analysers: Sequence[FrameAnalyser],
        audio_analysers: Sequence[AudioAnalyser] = (),
        post: Sequence[tuple[str, PostStep]] = (),
    ) -> None:
        self.frame_analysers = list(frame_analysers)
        self.audio_analysers = list(audio_analysers)
        self.post = list(post)
        self.timings: dict[str, float] = {a.id: 0.0 for a in self.frame_analysers}
        self.probe: VideoProbe | None = None
        self.frames = 0
        self._clock = time.perf_counter

    def start(self, probe: VideoProbe, info: StreamInfo) -> None:
        self.probe = probe
        for analyser in self.frame_analysers:
            t = self._clock()
            analyser.start(info)
            self.timings[analyser.id] += self._clock() - t

    def feed(self, frame: Frame) -> None:
        self.frames += 1
        clock = self._clock
        for analyser in self.frame_analysers:
            t = clock()
            if analyser.wants(frame.index, frame.time_s):
                analyser.process(frame)
            self.timings[analyser.id] += clock() - t

    def finish(
        self,
        probe: VideoProbe,
        context: CheckContext,
        audio: tuple[AudioF32, AudioF32, int] | None,
    ) -> VideoAnalysis:
        analysis = VideoAnalysis(file=probe.file, probe=probe, context=context)
        for analyser in self.frame_analysers:
            t = self._clock()
            analysis.results[analyser.id] = analyser.finish()
            self.timings[analyser.id] += self._clock() - t
        if audio is not None:
            mono, channels, rate = audio
            for audio_analyser in self.audio_analysers:
                t = self._clock()
                analysis.results[audio_analyser.id] = audio_analyser.analyse(mono, rate, channels)
                self.timings[audio_analyser.id] = self.timings.get(audio_analyser.id, 0.0) + self._clock() - t
        for name, step in self.post:
            t = self._clock()
            step(analysis)
            self.timings[name] = self.timings.get(name, 0.0) + self._clock() - t
        analysis.timings = dict(self.timings)
        return analysis
