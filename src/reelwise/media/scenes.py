"""Scene cuts and pacing.

Cuts are those of PySceneDetect's ``ContentDetector`` with its default settings
(``scenedetect detect-content``: threshold 27, minimum scene length 15 frames, weights
(1, 1, 1, 0), flash filter in merge mode), computed here without importing
``scenedetect`` (its package import alone costs more than scoring a minute of video):

* **Score.** Every frame's small copy (256 px wide: the size PySceneDetect's automatic
  downscale gives, made by the decoder in the one decode pass) is converted to HSV; the
  score is the mean absolute difference of hue, saturation and value with the previous
  frame, averaged over the three channels. One ``absdiff`` and one exact integer sum per
  channel give the same numbers, in the same order, as PySceneDetect's split channels
  subtracted in int32, so the scores are equal to the last bit. The first frame (and a
  frame whose size differs from the one before) scores 0.
* **Minimum scene length.** A frame scoring at or above the threshold starts a new shot,
  filtered as PySceneDetect's ``FlashFilter`` does in its default merge mode: a cut
  comes at least ``min_scene_len`` frames after the last frame above the threshold;
  after the first cut, a burst of frames above the threshold closer together than that
  (flashes, very short shots, fast fades) is merged into one cut at its last frame above
  the threshold, emitted once ``min_scene_len`` frames have passed below the threshold
  and the burst itself lasted that long; a burst still open when the video ends gives no
  cut (the detector has no end-of-video step).
* **Frames and time.** Times are the decoder's, in whole microseconds, as PySceneDetect
  sees them when handed ``FrameTimecode(Timecode(pts, 1/1000000), fps)``; the number of
  frames between two times is ``round(seconds * fps)`` with the stream's nominal rate,
  so on a variable-frame-rate clip the minimum length is counted in nominal frames, as
  PySceneDetect counts it for the same timecodes. A cut's time is the time of the frame
  that starts the new shot.

The tests compare these cuts with ``ContentDetector`` fed the same frames through its own
API, and with the ``scenedetect`` command line on generated and real footage.

Pacing follows the ABCD creative checks: a dynamic start (first cut within 3 s), quick
pacing (5 or more shots within 5 s) and the average shot length.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, cast

from reelwise.media.base import Frame, ImageU8, StreamInfo

DYNAMIC_START_S = 3.0
QUICK_WINDOW_S = 5.0
QUICK_SHOTS = 5
FAST_AVERAGE_SHOT_S = 2.0


@dataclass(frozen=True)
class Shot:
    start_s: float
    end_s: float

    @property
    def length_s(self) -> float:
        return self.end_s - self.start_s


@dataclass(frozen=True)
class Pacing:
    first_cut_s: float | None
    dynamic_start: bool
    shots: int
    average_shot_s: float | None
    shortest_shot_s: float | None
    longest_shot_s: float | None
    max_shots_in_5s: int
    quick_pacing: bool  # 5+ shots within some 5 s window
    shots_in_first_5s: int
    quick_pacing_first_5s: bool
    fast_overall: bool  # average shot <= 2 s

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class SceneResult:
    cuts: list[float]  # times (s) at which a new shot starts
    shots: list[Shot]
    pacing: Pacing
    thumbnails: dict[float, bytes] = field(default_factory=dict)  # shot start → small JPEG


def shots_from_cuts(cuts: list[float], duration_s: float) -> list[Shot]:
    edges = [0.0, *sorted(c for c in cuts if 0 < c < duration_s), duration_s]
    return [Shot(a, b) for a, b in itertools.pairwise(edges) if b > a]


def pacing(cuts: list[float], duration_s: float) -> Pacing:
    shots = shots_from_cuts(cuts, duration_s)
    lengths = [s.length_s for s in shots]
    inner = sorted(c for c in cuts if 0 < c < duration_s)
    first_cut = inner[0] if inner else None
    # Shots seen within a window [t, t + 5): one for the shot running at t, plus each cut inside.
    best = 1 if shots else 0
    for start in [0.0, *inner]:
        inside = sum(1 for c in inner if start < c < start + QUICK_WINDOW_S)
        best = max(best, inside + 1)
    first_5 = (sum(1 for c in inner if c < QUICK_WINDOW_S) + 1) if shots else 0
    average = sum(lengths) / len(lengths) if lengths else None
    return Pacing(
        first_cut_s=first_cut,
        dynamic_start=first_cut is not None and first_cut <= DYNAMIC_START_S,
        shots=len(shots),
        average_shot_s=average,
        shortest_shot_s=min(lengths) if lengths else None,
        longest_shot_s=max(lengths) if lengths else None,
        max_shots_in_5s=best,
        quick_pacing=best >= QUICK_SHOTS,
        shots_in_first_5s=first_5,
        quick_pacing_first_5s=first_5 >= QUICK_SHOTS,
        fast_overall=average is not None and average <= FAST_AVERAGE_SHOT_S,
    )


def _jpeg(image: ImageU8, quality: int = 80) -> bytes:
    import cv2

    ok, buf = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, quality])
    return bytes(buf) if ok else b""


class HsvChangeScorer:
    """The content score of each frame against the one before (0 for the first frame).

    Equal to the last bit to PySceneDetect's ``ContentDetector`` score with the default
    weights: the mean absolute hue, saturation and value differences are each the exact
    integer sum divided by the pixel count, then added and divided by three.
    """

    def __init__(self) -> None:
        self._last_hsv: ImageU8 | None = None

    def score(self, small: ImageU8) -> float:
        import cv2

        hsv = cast(ImageU8, cv2.cvtColor(small, cv2.COLOR_BGR2HSV))
        last, self._last_hsv = self._last_hsv, hsv
        if last is None or last.shape != hsv.shape:
            return 0.0
        pixels = float(hsv.shape[0] * hsv.shape[1])
        # sumElems adds uint8 values exactly (far below 2**53), as the int32 sums would.
        hue, sat, lum, _ = cv2.sumElems(cv2.absdiff(hsv, last))
        # The weighted mean with weights (1, 1, 1, 0): each product by 1.0 and the added
        # 0.0 leave the value unchanged, so this is the same sum in the same order.
        return (hue / pixels + sat / pixels + lum / pixels) / 3.0


class MinSceneLengthFilter:
    """Frames above the threshold → cuts, in PySceneDetect's ``FlashFilter`` merge mode.

    Times are whole microseconds; ``fps`` is the nominal rate that turns a time span into
    frames (``round(seconds * fps)``). ``push`` takes every frame in order and returns
    the time of a cut it settles, if any: the current frame, or (at the end of a merged
    burst) the burst's last frame above the threshold.
    """

    def __init__(self, min_frames: int, fps: float) -> None:
        self.min_frames = min_frames
        self.fps = fps
        self._last_above_us: int | None = None  # the first frame counts as above
        self._cut_seen = False  # merging starts only after the first cut
        self._merging = False
        self._merge_start_us = 0

    def _long_enough(self, from_us: int, to_us: int) -> bool:
        return round(max(0, to_us - from_us) / 1_000_000 * self.fps) >= self.min_frames

    def push(self, time_us: int, above: bool) -> int | None:
        if self.min_frames <= 0:
            return time_us if above else None
        if self._last_above_us is None:
            self._last_above_us = time_us
        long_enough = self._long_enough(self._last_above_us, time_us)
        if above:
            self._last_above_us = time_us
        if self._merging:
            if long_enough and not above and self._long_enough(self._merge_start_us, self._last_above_us):
                self._merging = False
                return self._last_above_us
            return None
        if not above:
            return None
        if long_enough:
            self._cut_seen = True
            return time_us
        if self._cut_seen:
            self._merging = True
            self._merge_start_us = time_us
        return None


class SceneAnalyser:
    """Frame analyser: every frame's small copy is scored and filtered into cuts.

    A small JPEG is kept of the first frame and of every frame whose score passes the
    threshold (the first frame of a new shot), for the report's timeline; a few KB each.
    """

    id = "scenes"

    def __init__(self, threshold: float = 27.0, min_scene_len: int = 15, thumbnails: bool = True) -> None:
        self.threshold = threshold
        self.min_scene_len = min_scene_len
        self.keep_thumbnails = thumbnails
        self._scorer = HsvChangeScorer()
        self._filter = MinSceneLengthFilter(min_scene_len, 30.0)
        self._frame_s = 1 / 30
        self._cuts_us: list[int] = []
        self._duration = 0.0
        self._thumbs: dict[float, bytes] = {}

    def start(self, info: StreamInfo) -> None:
        fps = Fraction(info.fps).limit_denominator(1001) if info.fps > 0 else Fraction(30)
        self._scorer = HsvChangeScorer()
        self._filter = MinSceneLengthFilter(self.min_scene_len, float(fps))
        self._frame_s = float(1 / fps)
        self._cuts_us = []
        self._duration = 0.0
        self._thumbs = {}

    def wants(self, index: int, time_s: float) -> bool:
        return True

    def process(self, frame: Frame) -> None:
        small = frame.small()
        score = self._scorer.score(small)
        above = score >= self.threshold
        cut = self._filter.push(round(frame.time_s * 1_000_000), above)
        if cut is not None:
            self._cuts_us.append(cut)
        if self.keep_thumbnails and (frame.index == 0 or above):
            self._thumbs[round(frame.time_s, 6)] = _jpeg(small)
        self._duration = max(self._duration, frame.time_s + self._frame_s)

    def finish(self) -> SceneResult:
        cuts = sorted({round(us / 1_000_000, 6) for us in self._cuts_us if us > 0})
        shots = shots_from_cuts(cuts, self._duration)
        thumbs: dict[float, bytes] = {}
        for shot in shots:
            if not self._thumbs:
                break
            key = min(self._thumbs, key=lambda t: abs(t - shot.start_s))
            thumbs[round(shot.start_s, 6)] = self._thumbs[key]
        self._thumbs.clear()
        return SceneResult(cuts=cuts, shots=shots, pacing=pacing(cuts, self._duration), thumbnails=thumbs)


def thumbnail_bytes(image: ImageU8) -> bytes:
    """A small JPEG of an image (for reports)."""
    return _jpeg(image)


__all__ = [
    "HsvChangeScorer",
    "MinSceneLengthFilter",
    "Pacing",
    "SceneAnalyser",
    "SceneResult",
    "Shot",
    "pacing",
    "shots_from_cuts",
    "thumbnail_bytes",
]
