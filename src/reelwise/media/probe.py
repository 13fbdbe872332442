"""What a media file is: container, codecs, sizes, rates, rotation, and how regular its
frame timing really is (variable frame rate is measured from the decoded timestamps).

Pure data and arithmetic; the adapter (``reelwise.adapters.video``) fills these in.
"""

from __future__ import annotations

import math
from array import array
from dataclasses import asdict, dataclass, replace
from typing import Any

from reelwise.media.base import StreamInfo

# Scene detection works on frames of this width, like PySceneDetect's automatic downscale
# (``DEFAULT_MIN_WIDTH``), so that the cuts match ``scenedetect detect-content``.
SMALL_WIDTH = 256


def display_size(width: int, height: int, rotation: int) -> tuple[int, int]:
    """The size a player shows: stored width and height swapped for a quarter turn."""
    return (height, width) if rotation % 180 == 90 else (width, height)


def normalise_rotation(degrees: float | None) -> int:
    """Any angle → 0, 90, 180 or 270 (counter-clockwise, as FFmpeg's display matrix)."""
    if degrees is None or not math.isfinite(degrees):
        return 0
    return round(degrees / 90.0) % 4 * 90


def small_size(width: int, height: int) -> tuple[int, int]:
    """Size of the shared downscaled copy (display orientation), as PySceneDetect computes it."""
    if width <= SMALL_WIDTH:
        return width, height
    factor = width / SMALL_WIDTH
    return max(1, round(width / factor)), max(1, round(height / factor))


@dataclass(frozen=True)
class VideoProbe:
    """Container facts, read before decoding (timing facts are filled in after the pass)."""

    file: str
    size_bytes: int
    container: str
    duration_s: float
    bit_rate: int | None
    video_codec: str
    video_profile: str | None
    pixel_format: str | None
    stored_width: int
    stored_height: int
    width: int  # display width (after rotation)
    height: int
    rotation: int  # degrees counter-clockwise the player turns the picture
    fps: float  # average frame rate
    nominal_fps: float | None  # the rate the stream declares (r_frame_rate)
    video_bit_rate: int | None
    frame_count: int | None
    has_audio: bool
    audio_codec: str | None = None
    audio_channels: int | None = None
    sample_rate: int | None = None
    audio_bit_rate: int | None = None
    variable_frame_rate: bool = False
    decoded_frames: int | None = None
    decoded_duration_s: float | None = None
    min_frame_interval_s: float | None = None
    max_frame_interval_s: float | None = None
    decode_errors: int = 0

    def stream_info(self) -> StreamInfo:
        return StreamInfo(
            width=self.width,
            height=self.height,
            fps=self.fps,
            duration_s=self.duration_s,
            rotation=self.rotation,
            variable_frame_rate=self.variable_frame_rate,
            has_audio=self.has_audio,
            sample_rate=self.sample_rate,
        )

    def with_timing(self, timing: FrameTiming, decode_errors: int = 0) -> VideoProbe:
        stats = timing.stats()
        fps = self.fps
        if stats.frames > 1 and stats.duration_s > 0 and (not fps or not math.isfinite(fps)):
            fps = stats.frames / stats.duration_s
        return replace(
            self,
            fps=fps,
            variable_frame_rate=stats.variable,
            decoded_frames=stats.frames,
            decoded_duration_s=stats.duration_s,
            min_frame_interval_s=stats.min_interval_s,
            max_frame_interval_s=stats.max_interval_s,
            decode_errors=decode_errors,
        )

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class TimingStats:
    frames: int
    duration_s: float  # first frame's start to last frame's end
    min_interval_s: float | None
    max_interval_s: float | None
    variable: bool


class FrameTiming:
    """Collects presentation times during the decode pass (8 bytes a frame) and judges
    whether the frame rate is variable: frame intervals that differ by more than
    ``tolerance`` (relative) from the typical interval on more than ``share`` of frames.
    """

    def __init__(self, tolerance: float = 0.2, share: float = 0.01) -> None:
        self._times = array("d")
        self._tolerance = tolerance
        self._share = share

    def add(self, time_s: float) -> None:
        self._times.append(time_s)

    def stats(self) -> TimingStats:
        import numpy as np

        times = np.frombuffer(self._times, dtype=np.float64) if self._times else np.zeros(0)
        if times.size < 2:
            return TimingStats(int(times.size), 0.0, None, None, False)
        deltas = np.diff(np.sort(times))
        deltas = deltas[deltas > 0]
        if deltas.size == 0:
            return TimingStats(int(times.size), 0.0, None, None, False)
        # the median, by hand: np.median imports numpy.ma (12 ms) to check for masked arrays
        ordered = np.sort(deltas)
        mid = ordered.size // 2
        typical = float(ordered[mid]) if ordered.size % 2 else float((ordered[mid - 1] + ordered[mid]) / 2)
        off = np.abs(deltas - typical) > self._tolerance * typical
        variable = bool(off.sum() > max(1, self._share * deltas.size))
        duration = float(times.max() - times.min() + typical)
        return TimingStats(int(times.size), duration, float(deltas.min()), float(deltas.max()), variable)
