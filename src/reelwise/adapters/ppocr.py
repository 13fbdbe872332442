"""Reading text in pictures with the PP-OCR models on ONNX Runtime, without RapidOCR's package.

Entry point: ``PpOcrEngine(max_side=960, min_score=0.6, threads=0).read(image_bgr)`` returns
:class:`~reelwise.adapters.ocr.OcrLine` items (text, score, box in pixels as ``x, y, w, h``)
in reading order, the same lines as :class:`~reelwise.adapters.ocr.RapidOcrEngine` with the
same settings.

The models are the ones inside the ``rapidocr`` wheel (found by
:func:`~reelwise.adapters.ocr.bundled_models` without importing the package): importing
``rapidocr`` costs about 0.5–0.9 s of CPU (a YAML model registry parsed with OmegaConf,
``requests`` and more), several times what loading the two models costs. The steps are
RapidOCR 3.x's with ``use_cls`` off:

1. the picture is brought within 30–2000 px a side and padded above and below when it is
   very low or very wide (so that a line of text is not squashed by the detector);
2. detection (DB): the picture scaled to at most ``max_side`` in multiples of 32, the
   probability map binarised at 0.3 and dilated, each region's rotated rectangle kept
   when its mean probability is at least 0.5, then grown by 1.6 × area / perimeter;
3. the boxes in reading order (rows 10 px apart, then left to right), each cut out
   straightened;
4. recognition (CTC): the cut-outs, sorted by aspect ratio, in batches of 6 scaled to
   48 px high; greedy decoding with the character list stored in the model.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import cv2
import numpy as np
import numpy.typing as npt

from reelwise.adapters.ocr import OcrLine, bundled_models, default_threads
from reelwise.errors import MediaError, ModelUnavailableError
from reelwise.i18n import Msg

FloatArray = npt.NDArray[np.float32]

MIN_SIDE, MAX_SIDE = 30, 2000  # the picture's sides are brought within these bounds
MIN_HEIGHT, WIDTH_HEIGHT_RATIO = 30, 8  # lower or wider pictures are padded above and below
DET_THRESH, BOX_THRESH, UNCLIP_RATIO, MAX_CANDIDATES, MIN_BOX = 0.3, 0.5, 1.6, 1000, 3
ROW_GAP = 10  # boxes whose tops are closer than this belong to one row
REC_HEIGHT, REC_WIDTH, REC_BATCH = 48, 320, 6


def _normalise_table() -> FloatArray:
    """``(v / 255 - 0.5) / 0.5`` for every byte, computed as RapidOCR's detector does."""
    v = np.arange(256, dtype=np.uint8).astype(np.float32) * (1 / 255.0)
    table: FloatArray = ((v - np.array([0.5])) / np.array([0.5])).astype(np.float32)
    return table


def _rec_table() -> FloatArray:
    """The same for the recogniser, which computes it in 32-bit floats."""
    v: FloatArray = np.arange(256, dtype=np.uint8).astype(np.float32) / np.float32(255)
    v -= 0.5
    v /= 0.5
    return v


_DET_TABLE = _normalise_table()
_REC_TABLE = _rec_table()


class PpOcrEngine:
    """PP-OCR detection + recognition on ONNX Runtime (CPU), without the ``rapidocr`` package."""

    name = "ppocr"

    def __init__(self, *, max_side: int = 960, min_score: float = 0.6, threads: int = 0) -> None:
        models = bundled_models()
        threads = threads if threads > 0 else default_threads()
        self.max_side = max_side
        self.min_score = min_score
        self._det = _session(models["Det.model_path"], threads)
        self._rec = _session(models["Rec.model_path"], threads)
        self._det_io = (self._det.get_inputs()[0].name, self._det.get_outputs()[0].name)
        self._rec_io = (self._rec.get_inputs()[0].name, self._rec.get_outputs()[0].name)
        self._chars = _characters(self._rec, models["Rec.model_path"])

    def read(self, image_bgr: Any) -> list[OcrLine]:
        """The lines of text in a BGR picture (``uint8``, ``H×W×3``; grey ``H×W`` or BGRA too).

        Raises :class:`~reelwise.errors.MediaError` for anything that is not such a picture;
        a picture with no pixels has no text.
        """
        original = _as_bgr(image_bgr)
        if original.size == 0:
            return []
        ori_h, ori_w = original.shape[:2]
        bounded = _within_bounds(original)
        if bounded is None:
            return []
        image, ratio_h, ratio_w = bounded
        image, top = _pad_vertically(image)
        quads = self._detect(image)
        if not quads:
            return []
        crops = [_straightened_crop(image, quad) for quad in quads]
        texts = self._recognise(crops)
        lines: list[OcrLine] = []
        for quad, (text, score) in zip(quads, texts, strict=True):
            text = text.strip()
            if not text or score < self.min_score:
                continue
            pts = quad.astype(np.float64)
            pts[:, 1] -= top
            pts[:, 0] *= ratio_w
            pts[:, 1] *= ratio_h
            pts = np.maximum(pts, 0)
            pts[:, 0] = np.minimum(pts[:, 0], ori_w)
            pts[:, 1] = np.minimum(pts[:, 1], ori_h)
            x0, y0 = pts.min(axis=0)
            x1, y1 = pts.max(axis=0)
            lines.append(OcrLine(text, score, (float(x0), float(y0), float(x1 - x0), float(y1 - y0))))
        return lines

    # detection

    def _detect(self, image: npt.NDArray[np.uint8]) -> list[FloatArray]:
        """Text boxes (4 corners, clockwise from top left, in ``image`` pixels) in reading order."""
        h, w = image.shape[:2]
        ratio = self.max_side / max(h, w) if max(h, w) > self.max_side else 1.0
        size_h, size_w = round(int(h * ratio) / 32) * 32, round(int(w * ratio) / 32) * 32
        if size_h <= 0 or size_w <= 0:
            return []
        resized = cv2.resize(image, (size_w, size_h))
        tensor = _DET_TABLE[resized.transpose(2, 0, 1)][np.newaxis]
        (pred,) = self._det.run([self._det_io[1]], {self._det_io[0]: tensor})
        prob = np.asarray(pred)[0, 0]
        return _reading_order(_boxes_from_map(prob, w, h))

    # recognition

    def _recognise(self, crops: Sequence[npt.NDArray[np.uint8]]) -> list[tuple[str, float]]:
        """Text and score of each cut-out, in their order (they are run by aspect ratio)."""
        order = np.argsort(np.array([c.shape[1] / float(c.shape[0]) for c in crops]))
        found: list[tuple[str, float]] = [("", 0.0)] * len(crops)
        for start in range(0, len(crops), REC_BATCH):
            batch = [int(i) for i in order[start : start + REC_BATCH]]
            ratio = max([REC_WIDTH / REC_HEIGHT] + [crops[i].shape[1] / crops[i].shape[0] for i in batch])
            width = int(REC_HEIGHT * ratio)
            tensor = np.zeros((len(batch), 3, REC_HEIGHT, width), np.float32)
            for row, i in enumerate(batch):
                crop = crops[i]
                scaled_w = min(width, math.ceil(REC_HEIGHT * crop.shape[1] / float(crop.shape[0])))
                scaled = cv2.resize(crop, (scaled_w, REC_HEIGHT))
                tensor[row, :, :, :scaled_w] = _REC_TABLE[scaled.transpose(2, 0, 1)]
            (pred,) = self._rec.run([self._rec_io[1]], {self._rec_io[0]: tensor})
            for row, i in enumerate(batch):
                found[i] = _ctc_decode(np.asarray(pred)[row], self._chars)
        return found


def _session(path: str, threads: int) -> Any:
    """An ONNX Runtime session on the CPU whose idle threads sleep instead of spinning."""
    from reelwise.adapters.onnx import cpu_session

    try:
        return cpu_session(path, threads)
    except Exception as exc:
        raise ModelUnavailableError(
            Msg("The OCR model {path} cannot be loaded: {reason}", path=path, reason=str(exc)[:200])
        ) from exc


def _characters(session: Any, path: str) -> list[str]:
    """The recogniser's characters: index 0 is the CTC blank, the last one a space."""
    chars = session.get_modelmeta().custom_metadata_map.get("character")
    if not chars:
        raise ModelUnavailableError(Msg("The OCR model {path} has no character list.", path=path))
    return ["blank", *str(chars).splitlines(), " "]


def _as_bgr(image: Any) -> npt.NDArray[np.uint8]:
    """The picture as a contiguous ``H×W×3`` BGR array, or a :class:`MediaError`."""
    if not isinstance(image, np.ndarray) or image.dtype != np.uint8:
        kind = getattr(image, "dtype", type(image).__name__)
        raise MediaError(Msg("Text can only be read in an 8-bit picture, not in {kind}.", kind=str(kind)))
    if image.ndim == 3 and image.shape[2] == 1:
        image = image[:, :, 0]
    if image.size == 0 and image.ndim in (2, 3):
        return np.zeros((0, 0, 3), np.uint8)
    if image.ndim == 2:
        return np.asarray(cv2.cvtColor(np.ascontiguousarray(image), cv2.COLOR_GRAY2BGR))
    if image.ndim == 3 and image.shape[2] == 4:
        return np.ascontiguousarray(image[:, :, :3])
    if image.ndim == 3 and image.shape[2] == 3:
        return np.ascontiguousarray(image)
    raise MediaError(
        Msg(
            "Text can only be read in a colour or grey picture, not in an array of shape {shape}.",
            shape=str(image.shape),
        )
    )


def _within_bounds(image: npt.NDArray[np.uint8]) -> tuple[npt.NDArray[np.uint8], float, float] | None:
    """The picture scaled (to multiples of 32) so that its sides are within 30–2000 px, and
    the factors from its pixels back to the original's; None when a side would become 0.

    As RapidOCR does, when both bounds apply the factors are those of the second scaling.
    """
    h, w = image.shape[:2]
    ratio_h = ratio_w = 1.0
    if max(h, w) > MAX_SIDE:
        scaled = _rescale(image, MAX_SIDE / (h if h > w else w))
        if scaled is None:
            return None
        image, ratio_h, ratio_w = scaled
    h, w = image.shape[:2]
    if min(h, w) < MIN_SIDE:
        scaled = _rescale(image, MIN_SIDE / (h if h < w else w))
        if scaled is None:
            return None
        image, ratio_h, ratio_w = scaled
    return image, ratio_h, ratio_w


def _rescale(image: npt.NDArray[np.uint8], ratio: float) -> tuple[npt.NDArray[np.uint8], float, float] | None:
    h, w = image.shape[:2]
    size_h, size_w = round(int(h * ratio) / 32) * 32, round(int(w * ratio) / 32) * 32
    if size_h <= 0 or size_w <= 0:
        return None
    return np.asarray(cv2.resize(image, (size_w, size_h))), h / size_h, w / size_w


def _pad_vertically(image: npt.NDArray[np.uint8]) -> tuple[npt.NDArray[np.uint8], int]:
    """A low or very wide picture with black bands above and below; returns the band height."""
    h, w = image.shape[:2]
    if h > MIN_HEIGHT and w / h <= WIDTH_HEIGHT_RATIO:
        return image, 0
    band = int(abs(max(int(w / WIDTH_HEIGHT_RATIO), MIN_HEIGHT) * 2 - h) / 2)
    padded = cv2.copyMakeBorder(image, band, band, 0, 0, cv2.BORDER_CONSTANT, value=(0, 0, 0))
    return np.asarray(padded), band


def _boxes_from_map(prob: FloatArray, dest_w: int, dest_h: int) -> list[FloatArray]:
    """DB post-processing: the text boxes in the probability map, in ``dest`` pixels."""
    height, width = prob.shape
    bitmap = cv2.dilate((prob > DET_THRESH).astype(np.uint8), np.ones((2, 2), np.uint8))
    contours, _ = cv2.findContours(bitmap * 255, cv2.RETR_LIST, cv2.CHAIN_APPROX_SIMPLE)
    boxes: list[FloatArray] = []
    for contour in contours[:MAX_CANDIDATES]:
        points, short_side = _mini_box(contour)
        if short_side < MIN_BOX or _mean_inside(prob, points) < BOX_THRESH:
            continue
        grown, short_side = _mini_box(_unclip(points))
        if short_side < MIN_BOX + 2:
            continue
        grown[:, 0] = np.clip(np.round(grown[:, 0] / width * dest_w), 0, dest_w)
        grown[:, 1] = np.clip(np.round(grown[:, 1] / height * dest_h), 0, dest_h)
        box = _clockwise(grown.astype(np.int32))
        box[:, 0] = np.minimum(np.maximum(box[:, 0], 0), dest_w - 1).astype(np.int32)
        box[:, 1] = np.minimum(np.maximum(box[:, 1], 0), dest_h - 1).astype(np.int32)
        if int(np.linalg.norm(box[0] - box[1])) <= 3 or int(np.linalg.norm(box[0] - box[3])) <= 3:
            continue
        boxes.append(box)
    return boxes


def _mini_box(contour: Any) -> tuple[FloatArray, float]:
    """The contour's smallest rotated rectangle (corners from the left: top, ..., bottom)
    and its shorter side."""
    rect = cv2.minAreaRect(contour)
    points = sorted(cv2.boxPoints(rect), key=lambda p: float(p[0]))
    left = (points[0], points[1]) if points[1][1] > points[0][1] else (points[1], points[0])
    right = (points[2], points[3]) if points[3][1] > points[2][1] else (points[3], points[2])
    return np.array([left[0], right[0], right[1], left[1]], np.float32), float(min(rect[1]))


def _mean_inside(prob: FloatArray, box: FloatArray) -> float:
    """Mean probability inside the box (DB's "fast" score: the box, not the contour)."""
    h, w = prob.shape
    x0 = int(np.clip(np.floor(box[:, 0].min()), 0, w - 1))
    x1 = int(np.clip(np.ceil(box[:, 0].max()), 0, w - 1))
    y0 = int(np.clip(np.floor(box[:, 1].min()), 0, h - 1))
    y1 = int(np.clip(np.ceil(box[:, 1].max()), 0, h - 1))
    mask = np.zeros((y1 - y0 + 1, x1 - x0 + 1), np.uint8)
    shifted = box - np.array([x0, y0], np.float32)
    cv2.fillPoly(mask, [shifted.astype(np.int32)], 1)
    return float(cv2.mean(prob[y0 : y1 + 1, x0 : x1 + 1], mask)[0])


def _unclip(box: FloatArray) -> Any:
    """The box grown on every side by ``1.6 × area / perimeter`` (rounded corners)."""
    x, y = box[:, 0].astype(np.float64), box[:, 1].astype(np.float64)
    area = abs(float(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1)))) / 2
    perimeter = float(np.hypot(np.roll(x, -1) - x, np.roll(y, -1) - y).sum())
    distance = area * UNCLIP_RATIO / perimeter if perimeter > 0 else 0.0
    try:
        import pyclipper  # type: ignore[import-untyped]
    except ImportError:  # the rectangle grown by the distance has the same smallest rectangle
        (cx, cy), (rw, rh), angle = cv2.minAreaRect(np.trunc(box))  # pyclipper truncates to whole pixels
        return cv2.boxPoints(((cx, cy), (rw + 2 * distance, rh + 2 * distance), angle))
    offset = pyclipper.PyclipperOffset()
    offset.AddPath(box, pyclipper.JT_ROUND, pyclipper.ET_CLOSEDPOLYGON)
    return np.array(offset.Execute(distance)).reshape((-1, 1, 2))


def _clockwise(pts: npt.NDArray[np.int32]) -> FloatArray:
    """Corners as top left, top right, bottom right, bottom left."""
    by_x = pts[np.argsort(pts[:, 0]), :]
    left, right = by_x[:2, :], by_x[2:, :]
    top_left, bottom_left = left[np.argsort(left[:, 1]), :]
    top_right, bottom_right = right[np.argsort(right[:, 1]), :]
    return np.array([top_left, top_right, bottom_right, bottom_left], np.float32)


def _reading_order(boxes: list[FloatArray]) -> list[FloatArray]:
    """Top to bottom; boxes whose tops are within 10 px of the previous one make a row,
    read left to right."""
    if not boxes:
        return []
    stack = np.array(boxes)
    by_y = np.argsort(stack[:, 0, 1], kind="stable")
    stack = stack[by_y]
    rows = np.concatenate([[0], np.cumsum(np.diff(stack[:, 0, 1]) >= ROW_GAP)])
    return list(stack[np.lexsort((stack[:, 0, 0], rows))])


def _straightened_crop(image: npt.NDArray[np.uint8], quad: FloatArray) -> npt.NDArray[np.uint8]:
    """The box cut out of the picture as an upright rectangle (turned when it stands up)."""
    width = int(max(np.linalg.norm(quad[0] - quad[1]), np.linalg.norm(quad[2] - quad[3])))
    height = int(max(np.linalg.norm(quad[0] - quad[3]), np.linalg.norm(quad[1] - quad[2])))
    target = np.array([[0, 0], [width, 0], [width, height], [0, height]], np.float32)
    matrix = cv2.getPerspectiveTransform(quad, target)
    crop = cv2.warpPerspective(image, matrix, (width, height), borderMode=cv2.BORDER_REPLICATE, flags=cv2.INTER_CUBIC)
    if crop.shape[0] / crop.shape[1] >= 1.5:
        crop = np.rot90(crop)
    return np.asarray(crop)


def _ctc_decode(pred: FloatArray, chars: Sequence[str]) -> tuple[str, float]:
    """Greedy CTC decoding: the best character at each step, repeats and blanks dropped;
    the score is the mean probability of the characters kept (0 for none)."""
    best = pred.argmax(axis=1)
    prob = pred.max(axis=1)
    keep = np.ones(len(best), dtype=bool)
    keep[1:] = best[1:] != best[:-1]
    keep &= best != 0
    confidences = [round(c, 5) for c in prob[keep].tolist()] or [0.0]
    text = "".join(chars[i] for i in best[keep].tolist() if i < len(chars))
    return text, float(np.mean(confidences).round(5))
