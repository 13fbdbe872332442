"""Technical QA on pictures and sound: black and frozen stretches, clipping, long silences.

The picture checks run on the shared small frames of the decode pass, with the same
defaults as FFmpeg's ``blackdetect`` (pixels darker than 10 %, 98 % of the picture) and
``freezedetect`` (pictures practically identical — a held frame, not a still shot with
grain or noise — for 2 s); the sound checks on the decoded samples,
like ``silencedetect`` (below -60 dBFS for 2 s).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from reelwise.media.base import AudioF32, Frame, StreamInfo

BLACK_PIXEL = 0.10  # fraction of full scale under which a pixel is black
BLACK_SHARE = 0.98  # share of black pixels for a black picture
MIN_BLACK_S = 0.5
FREEZE_DIFF = 0.02  # mean absolute change (of 255) under which a picture did not change at all
MIN_FROZEN_S = 2.0
SILENCE_DBFS = -60.0
MIN_SILENCE_S = 2.0
CLIP_LEVEL = 0.999  # |sample| at or above: at full scale
CLIP_RUN = 3  # consecutive full-scale samples that count as a clipping event


@dataclass(frozen=True)
class Stretch:
    start_s: float
    end_s: float

    @property
    def duration_s(self) -> float:
        return self.end_s - self.start_s

    def to_dict(self) -> dict[str, float]:
        return {
            "start_s": round(self.start_s, 3),
            "end_s": round(self.end_s, 3),
            "duration_s": round(self.duration_s, 3),
        }


@dataclass(frozen=True)
class PictureQuality:
    black: list[Stretch]
    frozen: list[Stretch]

    def to_dict(self) -> dict[str, Any]:
        return {"black": [s.to_dict() for s in self.black], "frozen": [s.to_dict() for s in self.frozen]}


class _Run:
    """Tracks one on/off condition over time and yields the stretches it was on."""

    def __init__(self, min_s: float) -> None:
        self.min_s = min_s
        self.start: float | None = None
        self.found: list[Stretch] = []

    def step(self, on: bool, time_s: float) -> None:
        if on and self.start is None:
            self.start = time_s
        elif not on and self.start is not None:
            self._close(time_s)

    def _close(self, end_s: float) -> None:
        if self.start is not None and end_s - self.start >= self.min_s - 1e-6:
            self.found.append(Stretch(self.start, end_s))
        self.start = None

    def finish(self, end_s: float) -> list[Stretch]:
        self._close(end_s)
        return self.found


class PictureQualityAnalyser:
    """Frame analyser: black pictures and pictures that do not change (on the small copy)."""

    id = "picture_quality"

    def __init__(self, min_black_s: float = MIN_BLACK_S, min_frozen_s: float = MIN_FROZEN_S) -> None:
        self._black = _Run(min_black_s)
        self._frozen = _Run(min_frozen_s)
        self._previous: np.ndarray[Any, np.dtype[np.uint8]] | None = None
        self._frame_s = 1 / 30
        self._end = 0.0
        self._freeze_from: float | None = None

    def start(self, info: StreamInfo) -> None:
        self._frame_s = 1 / info.fps if info.fps > 0 else 1 / 30

    def wants(self, index: int, time_s: float) -> bool:
        return True

    def process(self, frame: Frame) -> None:
        import cv2

        gray: np.ndarray[Any, np.dtype[np.uint8]] = np.asarray(cv2.cvtColor(frame.small(), cv2.COLOR_BGR2GRAY))
        t = frame.time_s
        black = float(np.count_nonzero(gray <= BLACK_PIXEL * 255)) >= BLACK_SHARE * gray.size
        self._black.step(black, t)
        if self._previous is not None and self._previous.shape == gray.shape:
            still = float(cv2.mean(cv2.absdiff(gray, self._previous))[0]) < FREEZE_DIFF and not black
            # A frozen stretch starts at the first of the identical pictures.
            if still and self._frozen.start is None:
                self._frozen.start = self._freeze_from if self._freeze_from is not None else t
            elif not still:
                self._frozen.step(False, t)
        self._freeze_from = t
        self._previous = gray
        self._end = t + self._frame_s

    def finish(self) -> PictureQuality:
        return PictureQuality(black=self._black.finish(self._end), frozen=self._frozen.finish(self._end))


@dataclass(frozen=True)
class SoundQuality:
    peak_dbfs: float | None
    clipped_samples: int
    clipping_events: int
    clipping_times_s: list[float]
    silences: list[Stretch]
    silent: bool  # the whole track is below the silence level

    def to_dict(self) -> dict[str, Any]:
        return {
            "peak_dbfs": None if self.peak_dbfs is None else round(self.peak_dbfs, 2),
            "clipped_samples": self.clipped_samples,
            "clipping_events": self.clipping_events,
            "clipping_times_s": [round(t, 3) for t in self.clipping_times_s[:20]],
            "silences": [s.to_dict() for s in self.silences],
            "silent": self.silent,
        }


def _db(value: float) -> float | None:
    return 20 * math.log10(value) if value > 0 else None


def clipping(channels: AudioF32, sample_rate: int) -> tuple[int, list[float]]:
    """Samples in runs of ``CLIP_RUN``+ at full scale, and the start time of each run."""
    total = 0
    times: list[float] = []
    for channel in np.atleast_2d(channels):
        hot = np.abs(channel) >= CLIP_LEVEL
        if not hot.any():
            continue
        padded = np.concatenate(([False], hot, [False])).astype(np.int8)
        edges = np.diff(padded)
        starts = np.flatnonzero(edges == 1)
        ends = np.flatnonzero(edges == -1)
        long = (ends - starts) >= CLIP_RUN
        total += int((ends - starts)[long].sum())
        times.extend((starts[long] / sample_rate).tolist())
    return total, sorted(times)


def silences(
    mono: AudioF32,
    sample_rate: int,
    level_dbfs: float = SILENCE_DBFS,
    min_s: float = MIN_SILENCE_S,
    window_s: float = 0.05,
) -> list[Stretch]:
    """Stretches of at least ``min_s`` whose RMS (in ``window_s`` windows) is below ``level_dbfs``."""
    n = max(1, int(sample_rate * window_s))
    count = mono.size // n
    if count == 0:
        return []
    blocks = mono[: count * n].reshape(count, n)
    mean_square = np.einsum("ij,ij->i", blocks, blocks, dtype=np.float64) / n
    quiet = mean_square < 10 ** (level_dbfs / 10)  # the RMS below the level
    run = _Run(min_s)
    for i, q in enumerate(quiet):
        run.step(bool(q), i * window_s)
    return run.finish(mono.size / sample_rate)


class SoundQualityAnalyser:
    """Audio analyser: peak level, clipping and long silences."""

    id = "sound_quality"

    def analyse(self, mono: AudioF32, sample_rate: int, channels: AudioF32 | None = None) -> SoundQuality:
        chans = channels if channels is not None else mono[np.newaxis, :]
        peak = max(float(chans.max()), -float(chans.min())) if chans.size else 0.0
        # nothing reaches full scale below the clipping level: no run to look for
        clipped, times = clipping(chans, sample_rate) if peak >= CLIP_LEVEL else (0, [])
        events = len(times)
        quiet = silences(mono, sample_rate)
        duration = mono.size / sample_rate if sample_rate else 0.0
        silent = bool(quiet) and len(quiet) == 1 and quiet[0].duration_s >= duration - 0.1
        if duration > 0 and duration < MIN_SILENCE_S:
            silent = peak < 10 ** (SILENCE_DBFS / 20)
        return SoundQuality(
            peak_dbfs=_db(peak),
            clipped_samples=clipped,
            clipping_events=events,
            clipping_times_s=times,
            silences=quiet,
            silent=silent,
        )
