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
    logo and faces on the frames they choose. ``scaled(max_side, grey)`` is a copy whose
    longest side is at most ``max_side`` px (BGR, or grey), made by the decoder's scaler
    straight from the decoded picture when it offers one (cheaper than converting the full
    frame first); on-screen text is found and read in these.
    """

    SMALL_SIDE = 320

    def __init__(
        self,
        index: int,
        time_s: float,
        to_bgr: Callable[[], ImageU8],
        to_small: Callable[[], ImageU8] | None = None,
        to_scaled: Callable[[int, int, bool], ImageU8] | None = None,
        size: tuple[int, int] | None = None,
    ) -> None:
        self.index = index
        self.time_s = time_s
        self._to_bgr = to_bgr
        self._to_small = to_small
        self._to_scaled = to_scaled  # (width, height, grey) in display orientation
        self._bgr: ImageU8 | None = None
        self._small: ImageU8 | None = None
        self._scaled: dict[tuple[int, bool], ImageU8] = {}
        self._size: tuple[int, int] | None = size

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

    def scaled(self, max_side: int, grey: bool = False) -> ImageU8:
        """The picture with its longest side at most ``max_side`` px (never enlarged)."""
        key = (max_side, grey)
        cached = self._scaled.get(key)
        if cached is not None:
            return cached
        import cv2

        image: ImageU8
        size = self.display_size()
        w, h = size
        scale = min(1.0, max_side / max(w, h))
        target = (max(1, round(w * scale)), max(1, round(h * scale)))
        if self._to_scaled is not None:
            image = self._to_scaled(target[0], target[1], grey)
        else:
            full = self.bgr()
            if scale < 1.0:
                full = cv2.resize(full, target, interpolation=cv2.INTER_AREA).astype(np.uint8, copy=False)
            image = cv2.cvtColor(full, cv2.COLOR_BGR2GRAY).astype(np.uint8, copy=False) if grey else full
        self._scaled[key] = image
        return image

    def display_size(self) -> tuple[int, int]:
        """Width and height of the picture as shown (after rotation)."""
        if self._size is None:
            h, w = self.bgr().shape[:2]
            self._size = (w, h)
        return self._size


class FrameAnalyser(Protocol):
    """Fed every decoded frame in order; asks for the ones it needs with ``wants``.

    An analyser may also set ``history = True`` and define ``remember(index, time_s,
    small)``: it is then given, in order, the small copy of every frame it did not ask for
    (the on-screen text analyser times a line's appearance by them). For an analyser on its
    own thread these arrive together with the next frame it asked for.

    ``wants`` is asked on the decode thread, for every frame. An analyser on a thread of
    its own is asked once more just before ``process``, because what it wants may depend
    on what it found in the frames still queued before it (the text analyser's next
    sample). An analyser whose ``wants`` takes the frame it says yes to (one frame per time
    slot, whatever it finds) sets ``claims = True``: its first answer stands, as a second
    question would be answered no.
    """

    id: str

    def start(self, info: StreamInfo) -> None: ...

    def wants(self, index: int, time_s: float) -> bool: ...

    def process(self, frame: Frame) -> None: ...

    def finish(self) -> Any: ...


class AudioAnalyser(Protocol):
    """Fed the whole decoded audio once: mono float32 in [-1, 1] (and the raw channels).

    An analyser may also have ``feed(mono, sample_rate, channels)``: then it is given each
    piece of the sound, in order, while the file is being decoded, and can do its work then
    instead of at the end (the pipeline calls it on a thread of its own).
    """

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
