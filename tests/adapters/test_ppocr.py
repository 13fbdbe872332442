"""reelwise's own PP-OCR runner against RapidOCR with the same models and settings: the same
text and boxes (within 2 px) on synthetic stills, frames of the test ads, small crops of
them and real footage with supers; RapidOCR's package never imported; bad pictures rejected
with a clear error."""

from __future__ import annotations

import functools
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from tests.conftest import ROOT, SHARED_DATA

from reelwise.adapters.ocr import OcrLine, RapidOcrEngine
from reelwise.adapters.ppocr import PpOcrEngine
from reelwise.errors import MediaError, ModelUnavailableError

FONTS = (
    cv2.FONT_HERSHEY_SIMPLEX,
    cv2.FONT_HERSHEY_DUPLEX,
    cv2.FONT_HERSHEY_COMPLEX,
    cv2.FONT_HERSHEY_TRIPLEX,
    cv2.FONT_HERSHEY_PLAIN,
)
LINES = ("Order now", "Free shipping today", "www.bakkerijjansen.nl", "SALE -50% 2 DAYS")


@functools.cache
def engines() -> tuple[PpOcrEngine, RapidOcrEngine]:
    return PpOcrEngine(), RapidOcrEngine()


def same_reading(image: np.ndarray, score_tolerance: float = 2e-3) -> list[OcrLine]:
    """Read ``image`` with both engines, assert the same lines, return ours."""
    ours_engine, theirs_engine = engines()
    ours, theirs = ours_engine.read(image), theirs_engine.read(image)
    assert [line.text for line in ours] == [line.text for line in theirs]
    for a, b in zip(ours, theirs, strict=True):
        assert a.score == pytest.approx(b.score, abs=score_tolerance), a.text
        assert np.abs(np.subtract(a.box, b.box)).max() <= 2.0, (a, b)
    return ours


def still(lines: list[tuple[str, int, float]], size: tuple[int, int], bg: tuple[int, int, int], fg: Any) -> np.ndarray:
    w, h = size
    img = np.full((h, w, 3), bg, np.uint8)
    y = 20
    for text, font, scale in lines:
        (_, th), _ = cv2.getTextSize(text, font, scale, 2)
        y += th + 25
        cv2.putText(img, text, (24, y), font, scale, fg, 2, cv2.LINE_AA)
    return img


@pytest.mark.parametrize("font", FONTS)
@pytest.mark.parametrize(
    ("bg", "fg"),
    [((245, 245, 240), (20, 20, 20)), ((30, 20, 10), (255, 255, 255)), ((40, 90, 230), (0, 230, 255))],
    ids=["dark-on-light", "light-on-dark", "yellow-on-red"],
)
def test_synthetic_stills_read_as_rapidocr_reads_them(font: int, bg: Any, fg: Any) -> None:
    image = still([(LINES[0], font, 1.6), (LINES[1], font, 1.0), (LINES[2], font, 0.8)], (960, 540), bg, fg)
    lines = same_reading(image)
    assert len(lines) >= 2
    assert lines[0].box[1] < lines[1].box[1]  # reading order: top to bottom


@pytest.mark.parametrize(
    ("size", "scale"), [((1280, 720), 2.2), ((640, 360), 0.7), ((360, 640), 1.0), ((2400, 400), 3)]
)
def test_sizes_and_shapes_read_as_rapidocr_reads_them(size: tuple[int, int], scale: float) -> None:
    image = still(
        [(LINES[3], cv2.FONT_HERSHEY_DUPLEX, scale), (LINES[0], cv2.FONT_HERSHEY_SIMPLEX, scale)], size, 250, 0
    )
    assert same_reading(image)


def test_two_supers_on_one_row_are_read_left_to_right() -> None:
    image = np.full((360, 960, 3), 235, np.uint8)
    cv2.putText(image, "Left side", (520, 200), cv2.FONT_HERSHEY_DUPLEX, 1.2, (0, 0, 0), 2, cv2.LINE_AA)
    cv2.putText(image, "Right side", (40, 204), cv2.FONT_HERSHEY_DUPLEX, 1.2, (0, 0, 0), 2, cv2.LINE_AA)
    assert [line.text for line in same_reading(image)] == ["Right side", "Left side"]


def test_a_grey_picture_is_read_as_its_colour_version() -> None:
    image = still([(LINES[0], cv2.FONT_HERSHEY_DUPLEX, 1.4)], (640, 200), 255, 0)
    grey = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    assert [line.text for line in engines()[0].read(grey)] == ["Order now"]
    assert same_reading(grey) == engines()[0].read(image)


def frames_at(path: Path, times: list[float]) -> list[np.ndarray]:
    """The decoded frames (BGR) nearest to ``times`` (PyAV, one pass)."""
    import av

    wanted = sorted(times)
    found: list[np.ndarray] = []
    with av.open(str(path)) as container:
        for frame in container.decode(video=0):
            if frame.time is not None and wanted and frame.time >= wanted[0]:
                found.append(frame.to_ndarray(format="bgr24"))
                wanted.pop(0)
            if not wanted:
                break
    return found


@functools.cache
def ad_frames() -> list[np.ndarray]:
    from tests.media.speechclips import captions_ad, late_brand_ad, screen_cta_ad

    return [
        *frames_at(screen_cta_ad().path, [1.5, 4.0, 7.5]),
        *frames_at(captions_ad().path, [1.5, 3.5, 6.0]),
        *frames_at(late_brand_ad().path, [2.0, 8.5]),
    ]


def test_frames_of_the_test_ads_read_as_rapidocr_reads_them() -> None:
    frames = ad_frames()
    assert len(frames) == 8
    texts = [" | ".join(line.text for line in same_reading(frame)) for frame in frames]
    assert "Fresh bread daily" in texts[0]
    assert "bakkerijjansen.nl" in texts[2]
    assert "Hallo allemaal" in texts[3]
    assert "BAKKERIJ JANSEN" in texts[7]


def test_crops_of_ad_frames_down_to_30_px_high_read_as_rapidocr_reads_them() -> None:
    compared = 0
    for frame in ad_frames():
        for line in engines()[1].read(frame):
            x, y, w, h = (round(v) for v in line.box)
            for margin in (12, 4, 0):
                crop = frame[max(0, y - margin) : y + h + margin, max(0, x - margin) : x + w + margin]
                same_reading(np.ascontiguousarray(crop))
                compared += 1
            centre = y + h // 2
            for high in (40, 30):  # a strip through the line, very wide for its height
                same_reading(np.ascontiguousarray(frame[max(0, centre - high // 2) : centre + high // 2]))
                compared += 1
    assert compared >= 30


@pytest.mark.parametrize("name", ["bottle-detection.mp4", "car-detection.mp4"])
def test_real_footage_with_supers_reads_as_rapidocr_reads_it(name: str) -> None:
    path = SHARED_DATA / "media" / name
    if not path.is_file():
        pytest.fail(f"shared test footage not found at {path}")
    read = 0
    for i, frame in enumerate(frames_at(path, [2.0, 11.0, 23.0])):
        h, w = frame.shape[:2]
        cv2.putText(frame, "Try it free", (30, h // 4), cv2.FONT_HERSHEY_DUPLEX, 1.3, (0, 0, 0), 6, cv2.LINE_AA)
        cv2.putText(frame, "Try it free", (30, h // 4), cv2.FONT_HERSHEY_DUPLEX, 1.3, (255, 255, 255), 2, cv2.LINE_AA)
        cv2.rectangle(frame, (0, h - 70), (w, h - 20), (250, 250, 250), -1)
        cv2.putText(frame, f"Shop now at acme.nl {i}", (40, h - 33), FONTS[i], 1.0, (30, 30, 30), 2, cv2.LINE_AA)
        texts = [line.text for line in same_reading(frame)]
        read += sum("acme" in t for t in texts)
    assert read >= 2


def test_reading_never_imports_rapidocr() -> None:
    code = """
import json, sys
import numpy as np, cv2
from reelwise.adapters.ppocr import PpOcrEngine
img = np.full((200, 600, 3), 255, np.uint8)
cv2.putText(img, "Order now", (20, 120), cv2.FONT_HERSHEY_DUPLEX, 2.0, (0, 0, 0), 3)
lines = PpOcrEngine().read(img)
print(json.dumps({"texts": [l.text for l in lines], "modules": sorted(sys.modules)}))
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    result = json.loads(out.stdout)
    assert result["texts"] == ["Order now"]
    loaded = {m.split(".")[0] for m in result["modules"]}
    assert not loaded & {"rapidocr", "omegaconf", "requests", "shapely"}


def test_a_broken_model_file_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from reelwise.adapters import ocr, ppocr

    broken = tmp_path / "PP-OCRv6_det_small.onnx"
    broken.write_bytes(b"not a model" * 100)
    models = {**ocr.bundled_models(), "Det.model_path": str(broken)}
    monkeypatch.setattr(ppocr, "bundled_models", lambda: models)
    with pytest.raises(ModelUnavailableError) as caught:
        PpOcrEngine()
    assert str(broken) in str(caught.value) and "cannot be loaded" in str(caught.value)


def test_a_recogniser_without_characters_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    from reelwise.adapters import ocr, ppocr

    real = ocr.bundled_models()
    models = {**real, "Rec.model_path": real["Det.model_path"]}  # a model with no character list
    monkeypatch.setattr(ppocr, "bundled_models", lambda: models)
    with pytest.raises(ModelUnavailableError, match="no character list"):
        PpOcrEngine()


def test_missing_model_files_are_reported(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from reelwise.adapters import ppocr

    models = {k: str(tmp_path / "gone.onnx") for k in ("Det.model_path", "Rec.model_path", "Cls.model_path")}
    monkeypatch.setattr(ppocr, "bundled_models", lambda: models)
    with pytest.raises(ModelUnavailableError):
        PpOcrEngine()


@pytest.mark.parametrize(
    "image",
    [
        None,
        [[1, 2], [3, 4]],
        np.zeros((20, 20, 3), np.float32),
        np.zeros((20, 20, 2), np.uint8),
        np.zeros((2, 2, 2, 3), np.uint8),
    ],
    ids=["none", "list", "float", "two-channels", "4-d"],
)
def test_what_is_not_a_picture_is_rejected_clearly(image: Any) -> None:
    with pytest.raises(MediaError, match="Text can only be read"):
        engines()[0].read(image)


@pytest.mark.parametrize("shape", [(0, 0, 3), (0, 40, 3), (1, 1, 3), (1, 5000, 3), (5000, 1, 3), (3, 2100, 3), (2, 2)])
def test_empty_tiny_and_extreme_pictures_have_no_text(shape: tuple[int, ...]) -> None:
    assert engines()[0].read(np.full(shape, 200, np.uint8)) == []


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    hnp.arrays(
        dtype=st.sampled_from([np.uint8, np.uint8, np.uint8, np.float32, np.int16, np.bool_]),
        shape=st.one_of(
            hnp.array_shapes(min_dims=2, max_dims=2, min_side=0, max_side=90),
            st.tuples(st.integers(0, 90), st.integers(0, 90), st.sampled_from([1, 2, 3, 3, 4, 5])),
        ),
    )
)
def test_any_small_array_is_read_or_rejected_clearly(image: np.ndarray) -> None:
    try:
        lines = engines()[0].read(image)
    except MediaError:
        assert image.dtype != np.uint8 or (image.ndim == 3 and image.shape[2] not in (1, 3, 4))
        return
    assert all(isinstance(line, OcrLine) and line.text and line.score >= 0.6 for line in lines)


def test_without_pyclipper_the_boxes_are_grown_alike(monkeypatch: pytest.MonkeyPatch) -> None:
    image = still(
        [(LINES[1], cv2.FONT_HERSHEY_DUPLEX, 1.2), (LINES[2], cv2.FONT_HERSHEY_SIMPLEX, 0.9)], (960, 540), 250, 0
    )
    engines()[1].read(image)  # RapidOCR imports its detector's modules (pyclipper too) on its first reading
    monkeypatch.setitem(sys.modules, "pyclipper", None)  # import fails: the own rectangle growing is used
    for picture in (image, ad_frames()[2], ad_frames()[3]):  # boxes may differ by a pixel: scores a little
        assert same_reading(picture, score_tolerance=0.02)
