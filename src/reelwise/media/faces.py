"""People and faces: is a face on screen, is it a close-up, is it there in the first 5 s.

Frames are sampled (``per_second`` a second, twice as densely in the first 5 s), scaled
by the decoder to about ``WORK_PIXELS`` pixels (480 × 270 for 16:9) and passed to a face
detector:

* YuNet (``cv2.FaceDetectorYN``) when a YuNet ONNX model file is given;
* otherwise OpenCV's bundled Haar cascade (``cv2.data.haarcascades``), which OpenCV 4
  wheels ship (OpenCV 5 moved cascades out of the main package);
* otherwise faces are not measured (``measured: false``), never guessed.

A face counts when two samples in a row see one (a one-frame false detection never
counts). A close-up is a face whose box covers at least ``CLOSE_UP_SHARE`` (15 %) of the
picture. A sample whose picture has hardly changed since the last one looked at (a mean
difference under ``SAME_PICTURE`` grey levels in the small copy: a still shot, a talking
head) keeps what was found there instead of being searched again; the Haar cascade takes
40 to 110 ms a sample.
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
SAME_PICTURE = 2.0


class FaceDetector(Protocol):
    name: str
    grey: bool  # searches a grey picture (else BGR)

    def detect(self, image: ImageU8) -> list[tuple[float, float, float, float]]:
        """Face boxes (x, y, w, h) in pixels of ``image``."""


class HaarFaceDetector:
    name = "haar"
    grey = True

    def __init__(self, cascade: Any) -> None:
        self._cascade = cascade

    def detect(self, image: ImageU8) -> list[tuple[float, float, float, float]]:
        import cv2

        # No histogram equalisation: the cascade already normalises every window it looks at
        # by its contrast, and equalising a flat, slightly noisy picture turns the noise into
        # texture the cascade must look into (110 instead of 10 ms a sample); it also found
        # the face in 6 of 11 samples of real footage where the plain picture gives 11.
        gray = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
        min_side = max(24, int(min(gray.shape[:2]) * 0.08))
        found = self._cascade.detectMultiScale(gray, scaleFactor=1.1, minNeighbors=6, minSize=(min_side, min_side))
        return [tuple(float(v) for v in box) for box in found]  # type: ignore[misc]


class YuNetFaceDetector:
    name = "yunet"
    grey = False

    def __init__(self, model: Path, score_threshold: float = 0.8) -> None:
        import cv2

        self._detector = cv2.FaceDetectorYN.create(str(model), "", (320, 320), score_threshold)
        self._size: tuple[int, int] | None = None

    def detect(self, image: ImageU8) -> list[tuple[float, float, float, float]]:
        h, w = image.shape[:2]
        if self._size != (w, h):
            self._detector.setInputSize((w, h))
            self._size = (w, h)
        _, faces = self._detector.detect(image)
        if faces is None:
            return []
        return [(float(f[0]), float(f[1]), float(f[2]), float(f[3])) for f in faces]


def available_detector(yunet_model: Path | None = None) -> FaceDetector | None:
    """The best face detector this installation has, or None."""
    import cv2

    if yunet_model is not None and yunet_model.is_file() and hasattr(cv2, "FaceDetectorYN"):
        return YuNetFaceDetector(yunet_model)
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
        self._looked_at: tuple[ImageU8, list[tuple[float, float, float, float]]] | None = None
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
        looked = self._looked_at
        if looked is not None and looked[0].shape == small.shape and _mean_difference(looked[0], small) < SAME_PICTURE:
            boxes, (iw, ih) = looked[1], self._work_size
        else:
            w, h = frame.display_size()
            side = max(w, h) * min(1.0, math.sqrt(WORK_PIXELS / (w * h)))
            image: Any = frame.scaled(max(1, round(side)), grey=getattr(self._detector, "grey", False))
            ih, iw = image.shape[:2]
            self._work_size = (iw, ih)
            boxes = self._detector.detect(image)
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

    def finish(self) -> FaceResult:
        r = self._result
        if r.measured:
            r.in_first_5s = r.first_face_s is not None and r.first_face_s < FIRST_SECONDS
            r.close_up_in_first_5s = r.first_close_up_s is not None and r.first_close_up_s < FIRST_SECONDS
        return r


def _mean_difference(a: ImageU8, b: ImageU8) -> float:
    import cv2

    return float(np.mean(cv2.mean(cv2.absdiff(a, b))[:3]))
