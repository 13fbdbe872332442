"""The shapes every media analyser shares.

One decode pass (``reelwise.adapters.video``) turns a file into :class:`Frame` objects and
one audio array; every analyser is fed from that pass and never opens the file itself.
Frame analysers declare which frames they want (``wants``) so that costly work (full-size
conversion, OCR) happens only on the frames that need it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

ImageU8 = npt.NDArray[np.uint8]
AudioF32 = npt.NDArray[np.float32]


@dataclass(frozen=True)
class StreamInfo:
    """What the probe knows before the first frame: enough to prepare an analyser."""

    width: int  # display width (after rotation)
    height: int  # display height (after rotation)
    fps: float
    duration_s: float
    rotation: int = 0  # degrees the player rotates the picture
    variable_frame_rate: bool = False
    has_audio: bool = False
    sample_rate: int | None = None


class Frame:
    """One decoded picture. Conversions are done on first use and cached.

    ``small()`` is a downscaled BGR copy that cheap analysers (scenes, black/frozen,
    colour) share: the decode pass makes it in libswscale at the size PySceneDetect's
    automatic downscale gives (see ``reelwise.adapters.video``); without a decoder-made
    copy it falls back to the longest side ``SMALL_SIDE`` px. ``bgr()`` is full size, for
    OCR, logo and faces on the frames they choose.
    """

    SMALL_SIDE = 320

    def __init__(
        self, index: int, time_s: float, to_bgr: Callable[[], ImageU8], to_small: Callable[[], ImageU8] | None = None
    ) -> None:
        self.index = index
        self.time_s = time_s
        self._to_bgr = to_bgr
        self._to_small = to_small
        self._bgr: ImageU8 | None = None
        self._small: ImageU8 | None = None

    def bgr(self) -> ImageU8:
        if self._bgr is None:
            self._bgr = self._to_bgr()
        return self._bgr

    def small(self) -> ImageU8:
        if self._small is None:
            if self._to_small is not None:
                self._small = self._to_small()
            else:
                import cv2

                full = self.bgr()
                h, w = full.shape[:2]
                scale = self.SMALL_SIDE / max(h, w)
                if scale >= 1:
                    self._small = full
                else:
                    size = (max(1, round(w * scale)), max(1, round(h * scale)))
                    resized: ImageU8 = cv2.resize(full, size, interpolation=cv2.INTER_AREA).astype(np.uint8, copy=False)
                    self._small = resized
        assert self._small is not None
        return self._small


class FrameAnalyser(Protocol):
    """Fed every decoded frame in order; asks for the ones it needs with ``wants``."""

    id: str

    def start(self, info: StreamInfo) -> None: ...

    def wants(self, index: int, time_s: float) -> bool: ...

    def process(self, frame: Frame) -> None: ...

    def finish(self) -> Any: ...


class AudioAnalyser(Protocol):
    """Fed the whole decoded audio once: mono float32 in [-1, 1] (and the raw channels)."""

    id: str

    def analyse(self, mono: AudioF32, sample_rate: int, channels: AudioF32 | None = None) -> Any: ...


@dataclass(frozen=True)
class TimedText:
    """A piece of text with when it was seen or heard (seconds from the start)."""

    start_s: float
    end_s: float
    text: str
    box: tuple[float, float, float, float] | None = None  # x, y, w, h as fractions of the frame
    confidence: float | None = None
    words: list[tuple[float, float, str]] = field(default_factory=list)  # word-level times for speech
