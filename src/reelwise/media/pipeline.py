"""The analysis pipeline: feeds every frame analyser from the one decode pass, then every
audio analyser from the one decoded sound track, and collects what they found into a
:class:`VideoAnalysis` that the video checks read.

The pipeline does no I/O: the service gives it to the decoder as two callbacks
(:meth:`Pipeline.start`, :meth:`Pipeline.feed`) and hands it the sound afterwards
(:meth:`Pipeline.finish`). It times every analyser, for the report and the benchmark.
"""

from __future__ import annotations

import contextlib
import os
import queue
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from reelwise.domain.catalogues import Platform
from reelwise.media.base import AudioAnalyser, AudioF32, Frame, FrameAnalyser, ImageU8, StreamInfo, TimedText
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

# Analysers that do seconds of work on a few frames (OCR, logo search, face detection) run
# on their own thread, so that their work overlaps the decoding instead of adding to it.
THREADED = frozenset({"text", "logo", "faces"})
QUEUE_FRAMES = 32  # frames waiting for a threaded analyser (bounded: memory stays flat)
BACKGROUND_NICE = 19  # the analyser threads' priority (Linux nice value) while they run


def _behind_the_decoder() -> None:
    """Give the calling analyser thread the lowest priority (Linux, this thread only).

    The video decoder's own threads then take a core whenever they can use one, and the
    analysers fill the time they leave: a decode by frame threads leaves about a quarter of
    two cores idle, waiting on frames still being decoded. The analysers cannot fall behind
    for long, as their queues are bounded: when one is full the decode waits, and the cores
    are the analysers'. Measured: a check about 3 % faster in wall-clock time (docs/performance.md).
    The thread ends with its check, so the priority goes with it; elsewhere (macOS, Windows,
    where a thread's priority is set differently) threads keep the process's priority.
    """
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(OSError):  # not allowed (a restricted container): keep the priority
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), BACKGROUND_NICE)


class _Worker:
    """Runs one analyser's ``process`` on a thread, in frame order.

    The decode loop asks ``wants`` and hands over the frames it wants; the worker asks again
    before processing (the analyser's schedule may have moved on meanwhile), unless the
    analyser ``claims`` the frames it says yes to, so each analyser sees exactly the frames
    it would have seen without the thread. For an analyser that
    keeps a ``history`` (see :class:`~reelwise.media.base.FrameAnalyser`), the small copies
    of the frames in between travel with the next frame handed over: the thread wakes for
    the frames the analyser works on, not for every frame.
    """

    def __init__(self, analyser: FrameAnalyser) -> None:
        self.analyser = analyser
        self.seconds = 0.0
        self.error: BaseException | None = None
        self.history = bool(getattr(analyser, "history", False))
        self.claims = bool(getattr(analyser, "claims", False))  # its first answer stands
        self._pending: list[tuple[int, float, ImageU8]] = []
        self._queue: queue.Queue[tuple[Frame | None, list[tuple[int, float, ImageU8]]]] = queue.Queue(
            maxsize=QUEUE_FRAMES
        )
        self._thread = threading.Thread(target=self._run, name=f"reelwise-{analyser.id}", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        _behind_the_decoder()
        clock = time.perf_counter
        while True:
            frame, history = self._queue.get()
            if self.error is None:
                started = clock()
                try:
                    self._handle(frame, history)
                except BaseException as exc:  # re-raised in the decode thread by close()
                    self.error = exc
                self.seconds += clock() - started
            if frame is None:
                return

    def _handle(self, frame: Frame | None, history: list[tuple[int, float, ImageU8]]) -> None:
        remember = getattr(self.analyser, "remember", None)
        if remember is not None:
            for index, time_s, small in history:
                remember(index, time_s, small)
        if frame is None:
            return
        if self.claims or self.analyser.wants(frame.index, frame.time_s):
            self.analyser.process(frame)
        elif remember is not None:
            remember(frame.index, frame.time_s, frame.small())

    def remember(self, frame: Frame) -> None:
        """Keep the small copy of a frame the analyser did not ask for (decode thread)."""
        self._pending.append((frame.index, frame.time_s, frame.small()))

    def submit(self, frame: Frame) -> None:
        history, self._pending = self._pending, []
        self._queue.put((frame, history))

    def close(self) -> None:
        history, self._pending = self._pending, []
        self._queue.put((None, history))
        self._thread.join()
        if self.error is not None:
            raise self.error


class _AudioStream:
    """Hands the pieces of sound, in order, to the audio analysers that take them as they
    come. An analyser whose ``feed`` fails is left out from then on (its ``analyse`` still
    runs at the end on the whole sound, and reports the problem there if it has one)."""

    def __init__(self, analysers: list[AudioAnalyser]) -> None:
        self.analysers = analysers
        self.seconds: dict[str, float] = {a.id: 0.0 for a in analysers}
        self._failed: set[str] = set()
        self._queue: queue.Queue[tuple[AudioF32, int, AudioF32 | None] | None] = queue.Queue(maxsize=256)
        self._thread = threading.Thread(target=self._run, name="reelwise-audio-stream", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        _behind_the_decoder()
        clock = time.perf_counter
        while True:
            item = self._queue.get()
            if item is None:
                return
            mono, rate, channels = item
            for analyser in self.analysers:
                if analyser.id in self._failed:
                    continue
                started = clock()
                try:
                    analyser.feed(mono, rate, channels)  # type: ignore[attr-defined]
                except Exception:
                    self._failed.add(analyser.id)
                self.seconds[analyser.id] += clock() - started

    def submit(self, mono: AudioF32, sample_rate: int, channels: AudioF32 | None) -> None:
        self._queue.put((mono, sample_rate, channels))

    def close(self) -> None:
        self._queue.put(None)
        self._thread.join()


class Pipeline:
    """Wires analysers to one decode pass. Frame analysers are called in order for each
    frame they want; audio analysers once; ``post`` steps (text → CTA, transcripts …) after."""

    def __init__(
        self,
        frame_analysers: Sequence[FrameAnalyser],
        audio_analysers: Sequence[AudioAnalyser] = (),
        post: Sequence[tuple[str, PostStep]] = (),
        threaded: frozenset[str] = THREADED,
    ) -> None:
        self.frame_analysers = list(frame_analysers)
        self.threaded = threaded
        self._workers: dict[str, _Worker] = {}
        self.audio_analysers = list(audio_analysers)
        self.post = list(post)
        self.timings: dict[str, float] = {a.id: 0.0 for a in self.frame_analysers}
        self.probe: VideoProbe | None = None
        self._audio_stream: _AudioStream | None = None
        self.frames = 0
        self._clock = time.perf_counter

    def start(self, probe: VideoProbe, info: StreamInfo) -> None:
        self.probe = probe
        for analyser in self.frame_analysers:
            t = self._clock()
            analyser.start(info)
            self.timings[analyser.id] += self._clock() - t
            if analyser.id in self.threaded:
                self._workers[analyser.id] = _Worker(analyser)

    def feed(self, frame: Frame) -> None:
        self.frames += 1
        clock = self._clock
        for analyser in self.frame_analysers:
            t = clock()
            worker = self._workers.get(analyser.id)
            if analyser.wants(frame.index, frame.time_s):
                if worker is None:
                    analyser.process(frame)
                else:
                    frame.small()  # made here: the shared scaler belongs to the decode thread
                    worker.submit(frame)
            elif worker is not None and worker.history:
                worker.remember(frame)
            elif worker is None and getattr(analyser, "history", False):
                analyser.remember(frame.index, frame.time_s, frame.small())  # type: ignore[attr-defined]
            self.timings[analyser.id] += clock() - t

    def feed_audio(self, mono: AudioF32, sample_rate: int, channels: AudioF32 | None = None) -> None:
        """A piece of the sound as it is decoded (mono, and the channels it was mixed from):
        audio analysers that work as the sound comes (``feed``) get it on a thread of their
        own, so their work overlaps the decoding instead of coming after it."""
        if self._audio_stream is None:
            streaming = [a for a in self.audio_analysers if callable(getattr(a, "feed", None))]
            if not streaming:
                return
            self._audio_stream = _AudioStream(streaming)
        self._audio_stream.submit(mono, sample_rate, channels)

    def _close_audio_stream(self) -> None:
        stream, self._audio_stream = self._audio_stream, None
        if stream is not None:
            stream.close()
            for analyser_id, seconds in stream.seconds.items():
                self.timings[analyser_id] = self.timings.get(analyser_id, 0.0) + seconds

    def close(self) -> None:
        """Wait for the threaded analysers (also on errors, so no thread is left running)."""
        self._close_audio_stream()
        workers, self._workers = self._workers, {}
        errors = []
        for analyser_id, worker in workers.items():
            try:
                worker.close()
            except BaseException as exc:
                errors.append(exc)
            self.timings[analyser_id] = self.timings.get(analyser_id, 0.0) + worker.seconds
        if errors:
            raise errors[0]

    def finish(
        self,
        probe: VideoProbe,
        context: CheckContext,
        audio: tuple[AudioF32, AudioF32, int] | None,
    ) -> VideoAnalysis:
        analysis = VideoAnalysis(file=probe.file, probe=probe, context=context)
        # The sound is analysed on a thread while the threaded frame analysers finish their
        # last frames: the two overlap instead of adding up.
        audio_results: dict[str, Any] = {}
        audio_errors: list[BaseException] = []

        def analyse_audio() -> None:
            if audio is None:
                return
            mono, channels, rate = audio
            for audio_analyser in self.audio_analysers:
                t = self._clock()
                try:
                    audio_results[audio_analyser.id] = audio_analyser.analyse(mono, rate, channels)
                except BaseException as exc:
                    audio_errors.append(exc)
                    return
                finally:
                    self.timings[audio_analyser.id] = self.timings.get(audio_analyser.id, 0.0) + self._clock() - t

        self._close_audio_stream()  # what was fed during the decoding is complete before analysing
        sound = threading.Thread(target=analyse_audio, name="reelwise-audio", daemon=True)
        sound.start()
        try:
            self.close()
            for analyser in self.frame_analysers:
                t = self._clock()
                analysis.results[analyser.id] = analyser.finish()
                self.timings[analyser.id] += self._clock() - t
        finally:
            sound.join()
        if audio_errors:
            raise audio_errors[0]
        analysis.results.update(audio_results)
        for name, step in self.post:
            t = self._clock()
            step(analysis)
            self.timings[name] = self.timings.get(name, 0.0) + self._clock() - t
        analysis.timings = dict(self.timings)
        return analysis
