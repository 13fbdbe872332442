"""Faces: sampling, close-ups and first moments; a real detector where the installation has one."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from reelwise.adapters.video import decode
from reelwise.media.base import Frame, StreamInfo
from reelwise.media.faces import CLOSE_UP_SHARE, FaceAnalyser, FaceResult, available_detector


class BoxDetector:
    """Finds a 'face' wherever the picture has a pure white square (drawn by the test)."""

    name = "white-square"

    def detect(self, image: np.ndarray, min_face: int = 24) -> list[tuple[float, float, float, float]]:
        ys, xs = np.nonzero((image == 255).all(axis=2))
        if xs.size == 0:
            return []
        return [(float(xs.min()), float(ys.min()), float(np.ptp(xs) + 1), float(np.ptp(ys) + 1))]


def frames(duration_s: float, fps: float, square_from: float, side: int) -> list[Frame]:
    out = []
    for i in range(int(duration_s * fps)):
        t = i / fps
        image = np.zeros((200, 200, 3), np.uint8)
        if t >= square_from:
            image[10 : 10 + side, 10 : 10 + side] = 255
        out.append(Frame(i, t, lambda image=image: image))
    return out


def run(analyser: FaceAnalyser, items: list[Frame]) -> FaceResult:
    analyser.start(StreamInfo(200, 200, 30.0, 10.0))
    for f in items:
        if analyser.wants(f.index, f.time_s):
            analyser.process(f)
    return analyser.finish()


def test_sampling_is_denser_in_the_first_5_seconds() -> None:
    result = run(FaceAnalyser(BoxDetector(), per_second=2), frames(10.0, 30.0, 99.0, 0))
    assert result.sampled_frames == 4 * 5 + 2 * 5
    assert result.measured and result.first_face_s is None
    assert result.in_first_5s is False and result.close_up_in_first_5s is False


def test_close_up_and_first_moments() -> None:
    side = int(np.ceil(np.sqrt(CLOSE_UP_SHARE) * 200)) + 1  # just over 15 % of the picture
    result = run(FaceAnalyser(BoxDetector()), frames(8.0, 30.0, 6.0, side))
    assert result.first_face_s == pytest.approx(6.0, abs=0.5)
    assert result.first_close_up_s == result.first_face_s
    assert result.in_first_5s is False
    small = run(FaceAnalyser(BoxDetector()), frames(8.0, 30.0, 1.0, 40))
    assert small.first_face_s == pytest.approx(1.0, abs=0.25) and small.in_first_5s
    assert small.first_close_up_s is None and small.largest_share == pytest.approx(0.04)


def test_a_face_in_one_sample_only_does_not_count() -> None:
    items = frames(4.0, 30.0, 99.0, 0)
    flash = np.zeros((200, 200, 3), np.uint8)
    flash[10:60, 10:60] = 255
    items[30] = Frame(30, 1.0, lambda: flash)
    result = run(FaceAnalyser(BoxDetector()), items)
    assert result.first_face_s is None and result.frames_with_face == 0


def test_without_a_detector_faces_are_not_measured() -> None:
    result = run(FaceAnalyser(None), frames(2.0, 30.0, 0.0, 50))
    assert not result.measured
    assert result.to_dict()["present"] is None and result.in_first_5s is None


def test_real_face_in_asl_footage(shared_media: Path) -> None:
    detector = available_detector()
    if detector is None:
        pytest.skip("no face detector in this OpenCV build (OpenCV 5 has no Haar cascades; see docs/video-check.md)")
    result = on_file(FaceAnalyser(detector), shared_media / "asl-thanks.mkv")
    assert result.measured and result.first_face_s is not None and result.first_face_s < 1.0
    assert result.in_first_5s
    assert on_file(FaceAnalyser(detector), shared_media / "bottle-detection.mp4").frames_with_face == 0


def test_the_bundled_network_is_the_default_and_agrees_with_the_cascade(shared_media: Path) -> None:
    import cv2

    from reelwise.adapters.retinaface import RetinaFaceDetector
    from reelwise.media.faces import HaarFaceDetector

    detector = available_detector()
    assert isinstance(detector, RetinaFaceDetector)
    haar = HaarFaceDetector(
        cv2.CascadeClassifier(str(Path(cv2.data.haarcascades) / "haarcascade_frontalface_default.xml"))
    )
    pictures: list[np.ndarray] = []

    def keep(frame: Frame) -> None:
        if frame.index % 15 == 0:
            pictures.append(frame.scaled(480))

    decode(shared_media / "asl-thanks.mkv", lambda p, info: None, keep, audio=False)
    assert pictures
    for picture in pictures:  # one face, the same one, where the cascade puts it
        (found,) = detector.detect(picture, 24)
        (theirs,) = haar.detect(cv2.cvtColor(picture, cv2.COLOR_BGR2GRAY), 24)
        assert _overlap(found, theirs) > 0.5


def _overlap(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    """Intersection over union of two (x, y, w, h) boxes."""
    w = max(0.0, min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0]))
    h = max(0.0, min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1]))
    return w * h / (a[2] * a[3] + b[2] * b[3] - w * h)


def test_a_small_face_in_a_wide_shot_is_found_and_cars_are_not_faces(shared_media: Path, tmp_path: Path) -> None:
    from tests.media.clips import run_ffmpeg

    wide = tmp_path / "wide.mp4"  # a person at 45 % size in a corner of other footage
    run_ffmpeg(
        [
            "-i", str(shared_media / "bottle-detection.mp4"),
            "-i", str(shared_media / "asl-thanks.mkv"),
            "-filter_complex", "[1:v]scale=iw*0.45:-2[s];[0:v][s]overlay=x=W*0.6:y=H*0.15:shortest=1",
            "-t", "4", "-an", str(wide),
        ]
    )  # fmt: skip
    result = on_file(FaceAnalyser(available_detector()), wide)
    assert result.first_face_s is not None and result.first_face_s < 1.0
    assert result.largest_share < 0.01  # a small face: under 1 % of the picture (8 % of its height)
    assert on_file(FaceAnalyser(available_detector()), shared_media / "car-detection.mp4").frames_with_face == 0


def test_a_model_that_is_not_the_tested_one_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    from reelwise.adapters import retinaface

    monkeypatch.setattr(retinaface, "MODEL_SHA256", "0" * 64)
    with pytest.raises(retinaface.RetinaFaceUnavailable, match="not the one reelwise was tested with"):
        retinaface.RetinaFaceDetector()
    fallback = available_detector()
    assert fallback is not None and fallback.name == "haar"


def on_file(analyser: FaceAnalyser, path: Path) -> FaceResult:
    def feed(frame: Frame) -> None:
        if analyser.wants(frame.index, frame.time_s):
            analyser.process(frame)

    decode(path, lambda p, info: analyser.start(info), feed, audio=False)
    return analyser.finish()


class CountingDetector(BoxDetector):
    def __init__(self) -> None:
        self.calls = 0
        self.shapes: list[tuple[int, int]] = []

    def detect(self, image: np.ndarray, min_face: int = 24) -> list[tuple[float, float, float, float]]:
        self.calls += 1
        self.shapes.append(image.shape[:2])
        return super().detect(image, min_face)


def test_an_unchanged_picture_is_not_searched_again() -> None:
    detector = CountingDetector()
    still = frames(10.0, 30.0, 0.0, 60)  # the same picture with a 'face' for 10 s
    result = run(FaceAnalyser(detector), still)
    assert result.sampled_frames == 2 * 5 + 5 and detector.calls == 1
    assert result.frames_with_face == result.sampled_frames and result.first_face_s == 0.0
    # a picture that changes is searched at every sample
    moving = [Frame(f.index, f.time_s, lambda f=f: np.roll(f.bgr(), f.index, axis=1)) for f in still]
    detector.calls = 0
    run(FaceAnalyser(detector), moving)
    assert detector.calls == 2 * 5 + 5


def picture(t: float, mouth: bool = False, ball_x: int | None = None) -> np.ndarray:
    image = np.full((200, 200, 3), 90, np.uint8)
    image[20:80, 20:80] = 255  # the 'face'
    if mouth and int(t * 2) % 2:  # the inside of the face changes: a mouth opening
        image[55:65, 40:60] = 0
    if ball_x is not None:  # something small moving elsewhere
        image[150:170, ball_x : ball_x + 20] = 0
    return image


def test_only_the_part_that_changed_is_searched_and_faces_elsewhere_stay() -> None:
    detector = CountingDetector()
    moving = [Frame(i, i / 30, lambda i=i: picture(i / 30, ball_x=20 + (i * 3) % 150)) for i in range(300)]
    result = run(FaceAnalyser(detector), moving)
    assert result.frames_with_face == result.sampled_frames == 15 and result.first_face_s == 0.0
    assert detector.shapes[0] == (200, 200)  # the first sample: the whole picture
    assert all(h < 100 for h, _ in detector.shapes[1:])  # then the strip the ball moves in


def test_a_face_that_changes_inside_is_searched_whole() -> None:
    detector = CountingDetector()
    talking = [Frame(i, i / 30, lambda i=i: picture(i / 30, mouth=True)) for i in range(300)]
    result = run(FaceAnalyser(detector), talking)
    assert result.frames_with_face == result.sampled_frames == 15
    assert result.largest_share == pytest.approx(60 * 60 / 200**2)
    assert detector.calls >= 10  # searched again whenever the mouth opened or closed
    assert all(h >= 60 and w >= 60 for h, w in detector.shapes)  # never a crop of the face
