"""Subject-aware reframing: where to cut a new shape (9:16, 1:1, 4:5 …) out of a picture.

A :class:`SubjectTracker` looks at two frames a second during the one decode pass and
notes where the subject is: the faces when there are any (the largest, and every face at
least half its size), otherwise the most salient part of the picture (the frequency-tuned
saliency of Achanta et al. 2009: how far each pixel's colour is from the picture's mean
colour, after a light blur). :func:`plan_crop` then gives every shot one fixed window:
the position that keeps the most of that shot's subject samples inside, nearest their
median. A window that pans inside a shot was left out on purpose: a fixed frame per shot
reads as a camera operator's choice, a drifting one as a machine's (decision in
``docs/decisions/render.md``).

Pure code on the frames it is given; the encoding is done in ``reelwise.adapters.render``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from reelwise.media.base import Frame, StreamInfo
from reelwise.media.faces import MIN_FACE_SHARE, WORK_PIXELS, FaceDetector

SAMPLES_PER_SECOND = 2.0
FACE_KEEP_SHARE = 0.5  # faces at least half the largest one's area count as the subject too
_SALIENCY_SIDE = 96  # the saliency map's long side in pixels


@dataclass(frozen=True)
class SubjectSample:
    time_s: float
    x: float  # the subject's centre, as fractions of the picture (0..1)
    y: float
    face: bool  # found as a face (not as the most salient part)


@dataclass(frozen=True)
class CropWindow:
    """One shot's window: from ``start_s`` on, the crop's top-left corner in source pixels."""

    start_s: float
    x: int
    y: int
    face: bool = False  # placed on faces


@dataclass(frozen=True)
class CropPlan:
    source: tuple[int, int]  # width, height of the picture as displayed
    size: tuple[int, int]  # the crop's width and height in source pixels
    windows: tuple[CropWindow, ...]

    @property
    def crops(self) -> bool:
        return self.size != self.source


@dataclass
class SubjectResult:
    samples: list[SubjectSample] = field(default_factory=list)
    detector: str | None = None


def crop_size(source_w: int, source_h: int, aspect: float) -> tuple[int, int]:
    """The largest window of width/height ``aspect`` inside the source, in even pixels."""
    if source_w <= 0 or source_h <= 0 or not aspect > 0:
        raise ValueError("the picture and the aspect ratio must be positive")
    if source_w / source_h > aspect:  # the source is wider: keep the height
        h = source_h
        w = min(source_w, round(h * aspect))
    else:
        w = source_w
        h = min(source_h, round(w / aspect))
    return max(2, w - w % 2), max(2, h - h % 2)


def output_size(aspect: float, short_side: int = 1080) -> tuple[int, int]:
    """The delivered picture for ``aspect``: its short side ``short_side`` pixels, both even."""
    if aspect < 1:
        w, h = short_side, round(short_side / aspect)
    else:
        w, h = round(short_side * aspect), short_side
    return w - w % 2, h - h % 2


def _best_start(centres: Sequence[float], window: float, total: float) -> float:
    """The window's start (0 .. total - window) that holds the most centres, nearest their median."""
    room = total - window
    if room <= 0:
        return 0.0
    if not centres:
        return room / 2
    median = float(np.median(centres))
    candidates = {min(room, max(0.0, c - window / 2)) for c in centres}
    candidates |= {min(room, max(0.0, c - window * 0.9)) for c in centres}  # the subject near the right edge
    candidates |= {min(room, max(0.0, c - window * 0.1)) for c in centres}  # near the left edge
    candidates.add(min(room, max(0.0, median - window / 2)))

    def score(start: float) -> tuple[int, float]:
        inside = sum(1 for c in centres if start <= c <= start + window)
        return inside, -abs(start + window / 2 - median)

    return max(sorted(candidates), key=score)


def plan_crop(
    samples: Sequence[SubjectSample],
    cuts: Sequence[float],
    source: tuple[int, int],
    aspect: float,
    duration_s: float,
) -> CropPlan:
    """One window per shot (shots run from cut to cut). A shot uses its face samples when
    it has any, else its salient-part samples, else the centre of the picture."""
    sw, sh = source
    cw, ch = crop_size(sw, sh, aspect)
    starts = [0.0, *sorted({round(c, 6) for c in cuts if 0 < round(c, 6) < duration_s})]
    windows: list[CropWindow] = []
    for i, start in enumerate(starts):
        end = starts[i + 1] if i + 1 < len(starts) else math.inf
        in_shot = [s for s in samples if start <= s.time_s < end]
        faces = [s for s in in_shot if s.face]
        chosen = faces or in_shot
        x = _best_start([s.x * sw for s in chosen], cw, sw)
        y = _best_start([s.y * sh for s in chosen], ch, sh)
        window = CropWindow(start_s=start, x=round(x) & ~1, y=round(y) & ~1, face=bool(faces))
        if windows and (windows[-1].x, windows[-1].y) == (window.x, window.y):
            continue  # the same place as the shot before: one window
        windows.append(window)
    return CropPlan(source=(sw, sh), size=(cw, ch), windows=tuple(windows))


def step_expression(windows: Sequence[CropWindow], attr: str) -> str:
    """An FFmpeg expression of time ``t`` that steps through the windows' ``x`` or ``y``:
    a flat sum of steps (no nesting, so hundreds of shots stay one short expression)."""
    first = getattr(windows[0], attr)
    parts = [str(first)]
    value = first
    for window in windows[1:]:
        new = getattr(window, attr)
        if new != value:
            parts.append(f"{new - value}*gte(t,{window.start_s:.6f})")
            value = new
    return "+".join(parts)


def saliency_centre(image_bgr: Any) -> tuple[float, float] | None:
    """The weighted centre (fractions of the picture) of the frequency-tuned saliency map,
    or None for a flat picture (nothing stands out)."""
    import cv2

    h, w = image_bgr.shape[:2]
    scale = _SALIENCY_SIDE / max(h, w)
    small = cv2.resize(image_bgr, (max(1, round(w * scale)), max(1, round(h * scale))), interpolation=cv2.INTER_AREA)
    lab = cv2.cvtColor(cv2.GaussianBlur(small, (5, 5), 0), cv2.COLOR_BGR2LAB).astype(np.float32)
    distance = np.sqrt(((lab - lab.reshape(-1, 3).mean(axis=0)) ** 2).sum(axis=2))
    peak = float(distance.max())
    if peak < 8.0:  # under about 8 Lab units everywhere: a flat picture
        return None
    weight = np.clip(distance - 0.5 * peak, 0, None) ** 2  # only the parts that stand out clearly
    total = float(weight.sum())
    if total <= 0:
        return None
    ys, xs = np.indices(weight.shape)
    sy, sx = weight.shape
    return float((weight * (xs + 0.5)).sum() / total / sx), float((weight * (ys + 0.5)).sum() / total / sy)


class SubjectTracker:
    """Frame analyser: the subject's centre on two frames a second (faces first)."""

    id = "subject"
    claims = True  # one frame per time slot

    def __init__(self, detector: FaceDetector | None, per_second: float = SAMPLES_PER_SECOND) -> None:
        self._detector = detector
        self._interval = 1.0 / per_second
        self._slot = -1
        self._result = SubjectResult(detector=detector.name if detector else None)

    def start(self, info: StreamInfo) -> None:
        self._slot = -1

    def wants(self, index: int, time_s: float) -> bool:
        slot = math.floor(time_s / self._interval + 1e-6)
        if slot != self._slot:
            self._slot = slot
            return True
        return False

    def process(self, frame: Frame) -> None:
        w, h = frame.display_size()
        if self._detector is not None:
            side = max(w, h) * min(1.0, math.sqrt(WORK_PIXELS / (w * h)))
            image: Any = frame.scaled(max(1, round(side)), grey=getattr(self._detector, "grey", False))
            ih, iw = image.shape[:2]
            min_face = max(getattr(self._detector, "min_side", 24), int(min(iw, ih) * MIN_FACE_SHARE))
            boxes = self._detector.detect(image, min_face)
            if boxes:
                largest = max(bw * bh for _, _, bw, bh in boxes)
                kept = [b for b in boxes if b[2] * b[3] >= FACE_KEEP_SHARE * largest]
                left = min(b[0] for b in kept)
                right = max(b[0] + b[2] for b in kept)
                top = min(b[1] for b in kept)
                bottom = max(b[1] + b[3] for b in kept)
                self._result.samples.append(
                    SubjectSample(frame.time_s, (left + right) / 2 / iw, (top + bottom) / 2 / ih, face=True)
                )
                return
        centre = saliency_centre(frame.scaled(_SALIENCY_SIDE * 2))
        if centre is not None:
            self._result.samples.append(SubjectSample(frame.time_s, centre[0], centre[1], face=False))

    def finish(self) -> SubjectResult:
        return self._result
